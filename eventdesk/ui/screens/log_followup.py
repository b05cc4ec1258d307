"""Log a follow-up for a rep: on a lead (found by name or email) or an account, with a due time."""

from __future__ import annotations

from datetime import timedelta

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from eventdesk.domain.models import FOLLOWUP_ACTIONS


class LogFollowUpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    LogFollowUpScreen { align: center middle; }
    LogFollowUpScreen > Vertical { width: 84; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
    LogFollowUpScreen Grid { grid-size: 2; grid-columns: 16 1fr; grid-rows: 3; height: auto; }
    LogFollowUpScreen Label.field { padding: 1 0 0 0; }
    #log-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="cancel"),
                Binding("ctrl+s", "save", "Save", id="save")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Log a follow-up", classes="panel-title")
            with Grid():
                yield Label("Lead (name/email)", classes="field")
                yield Input(id="who", placeholder="e.g. maja.lindqvist@… or Lindqvist")
                yield Label("Rep (email)", classes="field")
                yield Input(id="rep", placeholder="who must act")
                yield Label("Action", classes="field")
                yield Select([(a, a) for a in FOLLOWUP_ACTIONS], value="call", allow_blank=False, id="action")
                yield Label("Due in hours", classes="field")
                yield Input("24", id="hours", restrict=r"[0-9]*")
                yield Label("Note", classes="field")
                yield Input(id="note")
            yield Label("Ctrl+S or Enter to save, Esc to cancel", classes="muted")
            yield Label("", id="log-error")

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.save()

    @work(exclusive=True)
    async def save(self) -> None:
        from eventdesk.domain.times import to_stored
        from eventdesk.store.followups import NewFollowUp, add_followup
        from eventdesk.store.leads import search_leads
        from eventdesk.store.reps import rep_by_email

        app = self.app
        value = {name: self.query_one(f"#{name}", Input).value.strip() for name in ("who", "rep", "hours", "note")}
        error = self.query_one("#log-error", Label)
        leads = await search_leads(app.store, value["who"], 2) if value["who"] else []  # type: ignore[attr-defined]
        if not leads:
            error.update(f"No lead matches '{value['who']}'")
            return
        rep = await rep_by_email(app.store, value["rep"]) if value["rep"] else None  # type: ignore[attr-defined]
        if rep is None:
            error.update(f"No rep with email '{value['rep']}'")
            return
        due = app.now() + timedelta(hours=int(value["hours"] or 24))  # type: ignore[attr-defined]
        creator = app.staff.id if app.staff else None  # type: ignore[attr-defined]
        await add_followup(app.store, NewFollowUp(  # type: ignore[attr-defined]
            rep_id=rep.id, action=str(self.query_one("#action", Select).value), due=to_stored(due),
            lead_id=leads[0].id, account_id=leads[0].account_id, created_by=creator, note=value["note"]))
        app.notify(f"Follow-up for {rep.name}: {leads[0].name}")
        self.dismiss(None)
