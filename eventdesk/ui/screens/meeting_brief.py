"""A meeting brief: what a rep reads walking to the meeting. Who they are, their account and tier, past
touches, qualifier answers, notes, open follow-ups and earlier meetings, on one screen."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from eventdesk.domain.times import from_stored
from eventdesk.store.meetings import Brief
from eventdesk.ui.screens.base import BoothScreen

SHOWN_FOLLOWUPS = 8  # a brief is read walking: the rest are on the Follow-ups screen


class MeetingBriefScreen(BoothScreen):
    WATCHES = frozenset({"meetings", "leads", "touches", "answers", "followups", "accounts"})
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("o", "outcome", "Outcome", id="outcome"),
        Binding("e", "edit", "Edit", id="edit"),
        Binding("k", "raise_ask", "Ask someone", id="raise-ask"),
    ]

    def __init__(self, meeting_id: str) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.brief: Brief | None = None
        self.asks: list = []  # type: ignore[type-arg]  # open asks on the meeting, its person or account

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="brief-box"):
            yield Static("Loading the brief…", id="brief")

    def on_mount(self) -> None:
        self.query_one("#brief-box").focus()

    @work(exclusive=True, group="brief")
    async def reload(self) -> None:
        from eventdesk.store.asks import open_asks_about
        from eventdesk.store.meetings import meeting_brief

        self.brief = await meeting_brief(self.store, self.meeting_id)
        if self.brief:
            m = self.brief.meeting
            self.asks = await open_asks_about(self.store, meeting_id=m.id, lead_id=m.lead_id,
                                              account_id=self.brief.account.id if self.brief.account else None)
        self.query_one("#brief", Static).update(self.render_brief() if self.brief else
                                                Text("This meeting no longer exists.", style="bold red"))

    def _when(self, stored: str | None, fmt: str = "%a %H:%M") -> str:
        return from_stored(stored).astimezone(self.app.tz).strftime(fmt) if stored else "-"  # type: ignore[attr-defined]

    def render_brief(self) -> RenderableType:
        b = self.brief
        assert b is not None
        m, lead, account = b.meeting, b.lead, b.account
        now = self.app.now()  # type: ignore[attr-defined]
        head = Text.assemble((m.title, "bold"), "   ", f"{self._when(m.start)}-{self._when(m.end, '%H:%M')}",
                             f" · {m.location or 'no room'} · {m.rep_name or 'no rep'} · ", (m.status, "bold"))
        rows = Table.grid(padding=(0, 2))
        rows.add_column(style="bold dim", justify="right", no_wrap=True)
        rows.add_column()
        if lead:
            rows.add_row("who", Text(", ".join(p for p in (lead.name, lead.title, lead.company) if p), style="bold"))
            rows.add_row("contact", "  ".join(p for p in (lead.email, lead.phone) if p) or "-")
            rows.add_row("lead", f"{lead.rating} · stage {lead.stage} · rep {lead.rep_name or 'unassigned'} · "
                         f"consent {'yes' if lead.consent else 'not recorded'}")
        if account:
            owner = f", owner {account.owner_name}" if account.owner_name else ", no owner"
            rows.add_row("account", Text(f"Tier {account.tier}: {account.name}{owner} · {' '.join(account.domains)}",
                                         style="bold red" if account.tier == 1 else "bold"))
        if not lead and not account:
            rows.add_row("who", Text("No lead or account linked to this meeting.", style="dim"))
        if lead:
            touches = [f"{self._when(t['at'])} {t['kind']}" + (f" by {t['staff_name']}" if t["staff_name"] else "")
                       + (f": {t['note']}" if t["note"] else "") for t in b.touches]
            rows.add_row("touches", "\n".join(touches) or Text("never scanned at the booth", style="dim"))
            questions = self.app.settings.questions if self.app.settings else ()  # type: ignore[attr-defined]
            answers = [f"{q.text} {b.answers[q.key]}" for q in questions if q.key in b.answers]
            rows.add_row("answers", "\n".join(answers) or Text("no qualifier answers yet", style="dim"))
            rows.add_row("notes", lead.notes or Text("none", style="dim"))
        if b.people:
            rows.add_row("people", "\n".join(f"{p.name} ({p.title or 'no title'}, {p.rating})" for p in b.people))
        followups = []
        for f in b.followups[:SHOWN_FOLLOWUPS]:
            late = f.due is not None and from_stored(f.due) < now
            followups.append(Text.assemble(
                (f"{self._when(f.due)}{' OVERDUE' if late else ''}", "bold red" if late else ""),
                f" {f.action} ({f.rep_email or 'unassigned'})", f" {f.lead_name or f.account_name or ''}",
                f": {f.note}" if f.note else ""))
        if len(b.followups) > SHOWN_FOLLOWUPS:
            followups.append(Text(f"… and {len(b.followups) - SHOWN_FOLLOWUPS} more (Follow-ups screen, F6)",
                                  style="dim"))
        rows.add_row("open follow-ups", Text("\n").join(followups) if followups else Text("none", style="dim"))
        if self.asks:
            from eventdesk.ui.screens.raise_ask import asks_text

            rows.add_row("open asks", asks_text(self.asks, self._when))
        history = [f"{self._when(h.start)} {h.title} [{h.status}]" + (f": {h.outcome}" if h.outcome else "")
                   for h in b.history]
        rows.add_row("other meetings", "\n".join(history) or Text("none", style="dim"))
        if m.outcome:
            rows.add_row("outcome", m.outcome)
        return Group(head, Text(""), rows, Text(""),
                     Text("o outcome  e edit  k ask someone  Esc back", style="dim italic"))

    def action_outcome(self) -> None:
        from eventdesk.ui.screens.meeting_outcome import MeetingOutcomeScreen

        if self.brief:
            self.app.push_screen(MeetingOutcomeScreen(self.brief.meeting))

    def action_raise_ask(self) -> None:
        from eventdesk.ui.screens.raise_ask import RaiseAskScreen

        if self.brief:
            b = self.brief
            self.app.push_screen(RaiseAskScreen(lead=b.lead, account=b.account, meeting=b.meeting))

    def action_edit(self) -> None:
        from eventdesk.ui.screens.book_meeting import BookMeetingScreen

        if self.brief:
            self.app.push_screen(BookMeetingScreen(meeting=self.brief.meeting))
