"""Follow-ups: each rep's queue, due first, overdue ones standing out."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from eventdesk.domain.times import from_stored
from eventdesk.ui.screens.base import BoothScreen


class FollowUpsScreen(BoothScreen):
    WATCHES = frozenset({"followups"})

    def compose_body(self) -> ComposeResult:
        yield Static("", id="followup-summary", classes="panel-title")
        yield DataTable(id="followups", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("due", "rep", "action", "lead / account", "kind", "note")
        self.query_one(DataTable).focus()

    @work(exclusive=True, group="followups")
    async def reload(self) -> None:
        from eventdesk.store.followups import list_followups

        items = await list_followups(self.store)
        now, tz = self.app.now(), self.app.tz  # type: ignore[attr-defined]
        table = self.query_one(DataTable)
        table.clear()
        overdue = 0
        for f in items[:500]:
            late = bool(f.due) and from_stored(f.due) < now  # type: ignore[arg-type]
            overdue += late
            due = from_stored(f.due).astimezone(tz).strftime("%a %H:%M") if f.due else "-"
            table.add_row(Text(due + (" overdue" if late else ""), style="bold red" if late else ""),
                          f.rep_email or "unassigned", f.action, f.lead_name or f.account_name or "", f.kind,
                          f.note[:50], key=f.id)
        self.query_one("#followup-summary", Static).update(f"{len(items)} open follow-ups, {overdue} overdue")
