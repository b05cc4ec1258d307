"""Bulk assign: give a filtered set of leads (e.g. unassigned warm leads of tier-2 accounts) to one rep."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select


class BulkAssignScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    BulkAssignScreen { align: center middle; }
    BulkAssignScreen > Vertical { width: 80; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
    BulkAssignScreen Grid { grid-size: 2; grid-columns: 16 1fr; grid-rows: 3; height: auto; }
    BulkAssignScreen Label.field { padding: 1 0 0 0; }
    #bulk-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="cancel"),
                Binding("ctrl+s", "save", "Assign", id="save")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Assign every unassigned lead that matches to one rep", classes="panel-title")
            with Grid():
                yield Label("Rating", classes="field")
                yield Select([(r, r) for r in ("hot", "warm", "cold", "unrated")], value="warm", id="rating")
                yield Label("Account tier", classes="field")
                yield Select([(f"tier {t}", t) for t in (1, 2, 3)], prompt="any tier", id="tier")
                yield Label("Rep (email)", classes="field")
                yield Input(id="rep")
            yield Label("Ctrl+S to assign (each lead gets an open follow-up), Esc to cancel", classes="muted")
            yield Label("", id="bulk-error")

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.assign()

    @work(exclusive=True)
    async def assign(self) -> None:
        from eventdesk.store.followups import bulk_assign
        from eventdesk.store.reps import rep_by_email

        app = self.app
        rep = await rep_by_email(app.store, self.query_one("#rep", Input).value)  # type: ignore[attr-defined]
        if rep is None:
            self.query_one("#bulk-error", Label).update("No rep with that email")
            return
        rating_select, tier_select = self.query_one("#rating", Select), self.query_one("#tier", Select)
        rating, tier = rating_select.value, tier_select.value
        count = await bulk_assign(app.store, rep.id,  # type: ignore[attr-defined]
                                  rating=None if rating_select.is_blank() else str(rating),
                                  tier=None if tier_select.is_blank() else int(tier),  # type: ignore[arg-type]
                                  created_by=app.staff.id if app.staff else None)  # type: ignore[attr-defined]
        app.notify(f"{count} leads assigned to {rep.name}")
        self.dismiss(None)
