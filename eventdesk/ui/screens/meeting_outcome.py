"""Log how a meeting went: done, no-show or cancelled, with a note; a done meeting can leave its rep a
follow-up in the same step (and the same transaction)."""

from __future__ import annotations

from datetime import timedelta

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select

from eventdesk.domain.models import FOLLOWUP_ACTIONS, Meeting
from eventdesk.store.meetings import OUTCOMES

LABELS = {"done": "done: it took place", "no-show": "no-show: they did not come", "cancelled": "cancelled"}


class MeetingOutcomeScreen(ModalScreen[str | None]):
    """Dismisses with the new status (None when cancelled by Esc)."""

    DEFAULT_CSS = """
    MeetingOutcomeScreen { align: center middle; }
    MeetingOutcomeScreen > Vertical {
        width: 84; height: auto; border: thick $accent; background: $surface; padding: 0 1;
    }
    MeetingOutcomeScreen Grid { grid-size: 2; grid-columns: 16 1fr; grid-rows: 3; height: auto; }
    MeetingOutcomeScreen Label.field { padding: 1 0 0 0; }
    MeetingOutcomeScreen .followup { display: none; }
    MeetingOutcomeScreen.done .followup { display: block; }
    #outcome-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="cancel"),
                Binding("ctrl+s", "save", "Save", id="save")]

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting

    def compose(self) -> ComposeResult:
        m = self.meeting
        current = m.status if m.status in OUTCOMES else "done"
        with Vertical():
            yield Label(f"How did '{m.title}' go?", classes="panel-title")
            people = " / ".join(p for p in (m.lead_name, m.account_name) if p)
            yield Label(f"{m.rep_name or 'no rep'}{' with ' + people if people else ''}", classes="muted")
            with Grid():
                yield Label("Outcome", classes="field")
                yield Select([(LABELS[s], s) for s in OUTCOMES], value=current, allow_blank=False, id="status")
                yield Label("Note", classes="field")
                yield Input(m.outcome, id="note", placeholder="what was agreed, what they need, who else to involve")
                yield Label("Follow-up", classes="field followup")
                yield Checkbox("leave the rep a follow-up", value=True, id="make-followup", classes="followup")
                yield Label("Action", classes="field followup")
                yield Select([(a, a) for a in FOLLOWUP_ACTIONS], value="send material", allow_blank=False,
                             id="action", classes="followup")
                yield Label("Due in hours", classes="field followup")
                yield Input("24", id="hours", restrict=r"[0-9]*", classes="followup")
            yield Label("", id="outcome-error")
            yield Label("Ctrl+S or Enter to save, Esc to cancel", classes="muted")

    def on_mount(self) -> None:
        self.set_class(self.status == "done", "done")
        self.query_one("#note", Input).focus()

    @property
    def status(self) -> str:
        return str(self.query_one("#status", Select).value)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "status":
            self.set_class(self.status == "done", "done")

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.save()

    @work(exclusive=True, group="outcome-save")
    async def save(self) -> None:
        from eventdesk.domain.times import to_stored
        from eventdesk.store.followups import NewFollowUp
        from eventdesk.store.meetings import log_outcome

        app, m, status = self.app, self.meeting, self.status
        note = self.query_one("#note", Input).value.strip()
        followup = None
        if status == "done" and self.query_one("#make-followup", Checkbox).value:
            hours = int(self.query_one("#hours", Input).value or 24)
            action = str(self.query_one("#action", Select).value)
            followup = NewFollowUp(
                rep_id=m.rep_id, action=action, due=to_stored(app.now() + timedelta(hours=hours)),  # type: ignore[attr-defined]
                lead_id=m.lead_id, account_id=m.account_id, meeting_id=m.id,
                created_by=app.staff.id if app.staff else None,  # type: ignore[attr-defined]
                note=f"After '{m.title}': {note}" if note else f"After '{m.title}'", origin="meeting")
        try:
            await log_outcome(app.store, m.id, status, note, followup)  # type: ignore[attr-defined]
        except ValueError as exc:
            self.query_one("#outcome-error", Label).update(str(exc))
            return
        extra = f"; {followup.action} follow-up for {m.rep_name or 'the rep'}" if followup else ""
        app.notify(f"'{m.title}': {status}{extra}")
        self.dismiss(status)
