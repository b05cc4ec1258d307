"""Raise an ask: ask someone of either team to do something about a lead, an account or a meeting."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from eventdesk.domain.models import Account, Lead, Meeting
from eventdesk.store.asks import Ask


def asks_text(asks: Sequence[Ask], when: Callable[[str | None], str]) -> Text:
    """Open asks as a card shows them: who asked whom, what, by when (tier-1 ones stand out)."""
    if not asks:
        return Text("")
    lines = [Text.assemble(("Open asks: ", "bold yellow"), f"{len(asks)}")]
    for ask in asks:
        item = ask.item
        due = f" (due {when(item.due)})" if item.due else ""
        lines.append(Text.assemble(("★ " if ask.account_tier == 1 else "• ", "bold red" if ask.account_tier == 1
                                    else ""), (f"{ask.asked_by_name or '?'} → {ask.asked_of_name or '?'}: ", "bold"),
                                   item.note, due))
    return Text("\n").join(lines)


class RaiseAskScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    RaiseAskScreen { align: center middle; }
    RaiseAskScreen > Vertical { width: 90; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
    RaiseAskScreen Grid { grid-size: 2; grid-columns: 16 1fr; grid-rows: 3; height: auto; }
    RaiseAskScreen Label.field { padding: 1 0 0 0; }
    #ask-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="cancel"),
                Binding("ctrl+s", "save", "Save", id="save")]

    def __init__(self, *, lead: Lead | None = None, account: Account | None = None,
                 meeting: Meeting | None = None) -> None:
        super().__init__()
        self.lead, self.account, self.meeting = lead, account, meeting
        self.names: dict[str, str] = {}

    def _about(self) -> str:
        parts = []
        if self.lead:
            parts.append(self.lead.name)
        if self.account:
            parts.append(f"{self.account.name} (tier {self.account.tier})")
        if self.meeting:
            parts.append(f"the meeting '{self.meeting.title}'")
        return "About " + ", ".join(parts) if parts else "A general ask, on no lead or account"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Ask someone", classes="panel-title")
            yield Label(self._about(), classes="muted")
            with Grid():
                yield Label("Ask whom", classes="field")
                yield Select([], id="ask-whom", prompt="loading…")
                yield Label("What", classes="field")
                yield Input(id="ask-text", placeholder="e.g. send the case study to Maja; bring an SE at 14:00")
                yield Label("Due in hours", classes="field")
                yield Input(id="ask-hours", restrict=r"[0-9]*", placeholder="blank: no deadline")
            yield Label("Ctrl+S or Enter to send, Esc to cancel", classes="muted")
            yield Label("", id="ask-error")

    def on_mount(self) -> None:
        self.load_people()
        self.query_one("#ask-text", Input).focus()

    @work(exclusive=True, group="ask-people")
    async def load_people(self) -> None:
        from eventdesk.store.reps import list_reps

        app = self.app
        staff = app.staff  # type: ignore[attr-defined]
        reps = [r for r in await list_reps(app.store) if not staff or r.id != staff.id]  # type: ignore[attr-defined]
        select = self.query_one("#ask-whom", Select)
        self.names = {r.id: r.name for r in reps}
        select.set_options([(f"{r.name} ({r.role})", r.id) for r in reps])
        # Sales usually asks marketing and marketing asks the rep who owns the account or the person.
        owner = (self.account.owner_rep_id if self.account else None) or (self.lead.rep_id if self.lead else None)
        other_team = [r for r in reps if staff and r.role != staff.role]
        default = owner if staff and staff.role == "marketing" and owner else (
            other_team[0].id if other_team else (reps[0].id if reps else None))
        if default in {r.id for r in reps}:
            select.value = default

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.save()

    @work(exclusive=True, group="ask-save")
    async def save(self) -> None:
        from eventdesk.domain.times import to_stored
        from eventdesk.store.asks import raise_ask

        app = self.app
        whom = self.query_one("#ask-whom", Select)
        error = self.query_one("#ask-error", Label)
        if whom.is_blank():
            error.update("Choose whom to ask")
            return
        hours = self.query_one("#ask-hours", Input).value.strip()
        due = to_stored(app.now() + timedelta(hours=int(hours))) if hours else None  # type: ignore[attr-defined]
        staff = app.staff  # type: ignore[attr-defined]
        try:
            ask_id = await raise_ask(
                app.store, asked_of=str(whom.value), asked_by=staff.id if staff else None,  # type: ignore[attr-defined]
                text=self.query_one("#ask-text", Input).value, due=due,
                lead_id=self.lead.id if self.lead else None,
                account_id=self.account.id if self.account else (self.lead.account_id if self.lead else None),
                meeting_id=self.meeting.id if self.meeting else None)
        except ValueError as exc:
            error.update(str(exc))
            return
        app.notify(f"{self.names.get(str(whom.value), 'They')} will see it under 'Asked of me' (F10)",
                   title="Ask raised")
        self.dismiss(ask_id)
