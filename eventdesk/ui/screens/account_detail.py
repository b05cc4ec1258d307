"""One target account opened: its people (with their answers), meetings, follow-ups and notes."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from eventdesk.domain.models import Lead
from eventdesk.domain.times import from_stored
from eventdesk.store.accounts import Coverage
from eventdesk.ui.screens.base import BoothScreen

PEOPLE_SHOWN = 200  # the hottest and latest first; a bigger account is worked from the Leads screen
TABS = ("people", "meetings", "followups", "notes")
RATING_STYLE = {"hot": "bold red", "warm": "yellow", "cold": "blue", "unrated": "dim"}


class AccountDetailScreen(BoothScreen):
    WATCHES = frozenset({"accounts", "leads", "meetings", "followups", "touches", "answers"})
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("e", "edit", "Edit account", id="edit"),
        Binding("b", "book", "Book meeting", id="book"),
        Binding("o", "outcome", "Outcome", id="outcome"),
        Binding("k", "raise_ask", "Ask someone", id="raise-ask"),
        *[Binding(str(n), f"tab('{tab}')", tab.title(), show=False) for n, tab in enumerate(TABS, 1)],
    ]

    DEFAULT_CSS = """
    AccountDetailScreen #account-summary { height: auto; }
    AccountDetailScreen #account-asks { height: auto; max-height: 6; }
    AccountDetailScreen #account-tabs { height: 1fr; }
    AccountDetailScreen #account-tabs ContentSwitcher { height: 1fr; }
    AccountDetailScreen TabPane { height: 1fr; padding: 0; }
    """

    def __init__(self, account_id: str) -> None:
        super().__init__()
        self.account_id = account_id
        self.coverage: Coverage | None = None
        self.people: list[Lead] = []
        self.meetings: list = []  # type: ignore[type-arg]
        self.loaded = False

    def compose_body(self) -> ComposeResult:
        yield Static("Loading…", id="account-summary", classes="panel-title")
        yield Static("", id="account-asks")
        with TabbedContent(id="account-tabs"):
            with TabPane("People [1]", id="people"):
                yield DataTable(id="account-people", cursor_type="row", zebra_stripes=True)
            with TabPane("Meetings [2]", id="meetings"):
                yield DataTable(id="account-meetings", cursor_type="row", zebra_stripes=True)
            with TabPane("Follow-ups [3]", id="followups"):
                yield DataTable(id="account-followups", cursor_type="row", zebra_stripes=True)
            with TabPane("Notes [4]", id="notes"), VerticalScroll():
                yield Static("", id="account-notes")

    def on_mount(self) -> None:
        self.query_one("#account-people", DataTable).add_columns(
            "rating", "name", "title", "rep", "scans", "answers", "captured")
        self.query_one("#account-meetings", DataTable).add_columns("when", "meeting", "rep", "room", "status",
                                                                   "outcome")
        self.query_one("#account-followups", DataTable).add_columns("due", "rep", "action", "who", "status", "note")
        self.query_one("#account-people", DataTable).focus()

    def _when(self, stored: str | None) -> str:
        return from_stored(stored).astimezone(self.app.tz).strftime("%a %H:%M") if stored else "-"  # type: ignore[attr-defined]

    @work(exclusive=True, group="account-detail")
    async def reload(self) -> None:
        from eventdesk.store.accounts import account_coverage, answers_of, followups_about, people_of
        from eventdesk.store.meetings import meetings_with

        found = await account_coverage(self.store, account_id=self.account_id)
        if not found:
            self.query_one("#account-summary", Static).update("This account no longer exists.")
            return
        self.coverage = c = found[0]
        self.people = await people_of(self.store, self.account_id, limit=PEOPLE_SHOWN)
        answers = await answers_of(self.store, [p.id for p in self.people])
        self.meetings = await meetings_with(self.store, None, self.account_id, include_cancelled=True)
        followups = await followups_about(self.store, account_id=self.account_id, status=None)
        a = c.account
        shown = f" (first {PEOPLE_SHOWN})" if c.leads > len(self.people) else ""
        reached = "reached" if c.reached else "NOT YET REACHED"
        open_count = sum(f.status == "open" for f in followups)
        self.query_one("#account-summary", Static).update(Text.assemble(
            (f"Tier {a.tier}: {a.name}", "bold red" if a.tier == 1 else "bold"),
            f" · owner {a.owner_name or 'none'} · {' '.join(a.domains) or 'no domains'} · ",
            (reached, "" if c.reached else "bold red"),
            f" · {c.leads} people{shown} · {c.held} meetings held, {c.booked} booked · {open_count} open follow-ups"))
        self._fill_people(answers)
        self._fill_meetings()
        table = self.query_one("#account-followups", DataTable)
        table.clear()
        for f in followups:
            table.add_row(self._when(f.due), f.rep_email or "unassigned", f.action, f.lead_name or a.name,
                          f.status, f.note[:60], key=f.id)
        self._fill_notes()
        from eventdesk.store.asks import open_asks_about
        from eventdesk.ui.screens.raise_ask import asks_text

        self.query_one("#account-asks", Static).update(
            asks_text(await open_asks_about(self.store, account_id=self.account_id), self._when))
        self.loaded = True

    def _fill_people(self, answers: dict[str, dict[str, str]]) -> None:
        questions = {q.key: q.text for q in (self.app.settings.questions if self.app.settings else ())}  # type: ignore[attr-defined]
        table = self.query_one("#account-people", DataTable)
        table.clear()
        for p in self.people:
            said = "; ".join(f"{questions.get(k, k).rstrip('?')}: {v}"
                             for k, v in sorted(answers.get(p.id, {}).items()))
            table.add_row(Text(p.rating, style=RATING_STYLE.get(p.rating, "")), p.name, p.title or "",
                          p.rep_name or "", str(p.touches), said, self._when(p.captured_at), key=p.id)

    def _fill_meetings(self) -> None:
        table = self.query_one("#account-meetings", DataTable)
        table.clear()
        for m in self.meetings:
            end = from_stored(m.end).astimezone(self.app.tz)  # type: ignore[attr-defined]
            table.add_row(f"{self._when(m.start)}-{end:%H:%M}", m.title, m.rep_name or "", m.location, m.status,
                          m.outcome[:60], key=m.id)

    def _fill_notes(self) -> None:
        lines = [Text.assemble((f"{p.name}: ", "bold"), p.notes) for p in self.people if p.notes]
        lines += [Text.assemble((f"{self._when(m.start)} {m.title} [{m.status}]: ", "bold"), m.outcome)
                  for m in self.meetings if m.outcome]
        notes = Text("\n").join(lines) if lines else Text("No notes on these people and no meeting outcomes yet.",
                                                          style="dim")
        self.query_one("#account-notes", Static).update(notes)

    # --- keys ----------------------------------------------------------------------------------------------------
    def action_raise_ask(self) -> None:
        from eventdesk.ui.screens.raise_ask import RaiseAskScreen

        if self.coverage:
            person = self._row("account-people") if self.query_one(TabbedContent).active == "people" else None
            lead = next((p for p in self.people if p.id == person), None)
            self.app.push_screen(RaiseAskScreen(lead=lead, account=self.coverage.account))

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        table = {"people": "#account-people", "meetings": "#account-meetings",
                 "followups": "#account-followups"}.get(tab)
        if table:
            self.query_one(table, DataTable).focus()

    def _row(self, table_id: str) -> str | None:
        table = self.query_one(table_id, DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _selected_meeting(self):  # type: ignore[no-untyped-def]
        key = self._row("#account-meetings") if self.query_one(TabbedContent).active == "meetings" else None
        return next((m for m in self.meetings if m.id == key), None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from eventdesk.ui.screens.meeting_brief import MeetingBriefScreen

        if event.data_table.id == "account-meetings" and event.row_key.value:
            self.app.push_screen(MeetingBriefScreen(event.row_key.value))

    def action_edit(self) -> None:
        from eventdesk.ui.screens.account_edit import AccountEditScreen

        if self.coverage:
            self.app.push_screen(AccountEditScreen(self.coverage.account))

    def action_book(self) -> None:
        from eventdesk.ui.screens.book_meeting import BookMeetingScreen

        if not self.coverage:
            return
        on_people = self.query_one(TabbedContent).active == "people"
        key = self._row("#account-people") if on_people else None
        lead = next((p for p in self.people if p.id == key), None)
        self.app.push_screen(BookMeetingScreen(lead=lead, account=self.coverage.account))

    def action_outcome(self) -> None:
        from eventdesk.ui.screens.meeting_outcome import MeetingOutcomeScreen

        if meeting := self._selected_meeting():
            self.app.push_screen(MeetingOutcomeScreen(meeting))
        else:
            self.notify("Choose a meeting on the Meetings tab (2) first")
