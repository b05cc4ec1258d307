"""Follow-ups: each rep's queue, due first, overdue ones standing out; the gaps nobody is following up."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from eventdesk.domain.times import from_stored
from eventdesk.ui.screens.base import BoothScreen

SHOWN = 500  # a queue longer than this is worked from the export, not the screen


class FollowUpsScreen(BoothScreen):
    WATCHES = frozenset({"followups", "leads"})
    BINDINGS = [
        Binding("m", "toggle_mine", "Mine / everyone", id="mine"),
        Binding("d", "set_status('done')", "Done", id="done"),
        Binding("x", "set_status('dropped')", "Drop", id="drop"),
        Binding("a", "reassign", "Reassign", id="reassign"),
        Binding("l", "log", "Log follow-up", id="log"),
        Binding("b", "bulk", "Bulk assign", id="bulk"),
        Binding("g", "toggle_gaps", "Gaps", id="gaps"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("", id="followup-summary", classes="panel-title")
        yield DataTable(id="followups", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.mine = False
        self.gaps = False
        self.query_one(DataTable).focus()

    def action_toggle_mine(self) -> None:
        if self.app.staff is None:  # type: ignore[attr-defined]
            self.notify("Choose who is at the desk first (F12)", severity="warning")
            return
        self.mine = not self.mine
        self.reload()

    def action_toggle_gaps(self) -> None:
        self.gaps = not self.gaps
        self.reload()

    def _selected(self) -> str | None:
        table = self.query_one(DataTable)
        if self.gaps or not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @work(group="followup-edit")
    async def action_set_status(self, status: str) -> None:
        from eventdesk.store.followups import set_followup_status

        if followup_id := self._selected():
            await set_followup_status(self.store, followup_id, status)
            self.notify(f"Follow-up {status}")

    def action_reassign(self) -> None:
        from eventdesk.ui.screens.pick_rep import PickRepScreen

        if followup_id := self._selected():
            self.app.push_screen(PickRepScreen("Reassign this follow-up to"),
                                 lambda rep: self._reassign(followup_id, rep))

    @work(group="followup-edit")
    async def _reassign(self, followup_id: str, rep) -> None:  # type: ignore[no-untyped-def]
        from eventdesk.store.followups import reassign_followup

        if rep is not None:
            await reassign_followup(self.store, followup_id, rep.id)
            self.notify(f"Reassigned to {rep.name}")

    def action_log(self) -> None:
        from eventdesk.ui.screens.log_followup import LogFollowUpScreen

        self.app.push_screen(LogFollowUpScreen())

    def action_bulk(self) -> None:
        from eventdesk.ui.screens.bulk_assign import BulkAssignScreen

        self.app.push_screen(BulkAssignScreen())

    @work(exclusive=True, group="followups")
    async def reload(self) -> None:
        if self.gaps:
            await self._show_gaps()
        else:
            await self._show_queue()

    async def _show_queue(self) -> None:
        from eventdesk.store.followups import list_followups

        staff = self.app.staff if self.mine else None  # type: ignore[attr-defined]
        items = await list_followups(self.store, rep_id=staff.id if staff else None, limit=SHOWN)
        now, tz = self.app.now(), self.app.tz  # type: ignore[attr-defined]
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns("due", "rep", "action", "lead / account", "kind", "note")
        overdue = 0
        for f in items:
            late = f.due is not None and from_stored(f.due) < now
            overdue += late
            due = from_stored(f.due).astimezone(tz).strftime("%a %H:%M") if f.due else "-"
            table.add_row(Text(due + ("  OVERDUE" if late else ""), style="bold red" if late else ""),
                          f.rep_email or "unassigned", f.action, f.lead_name or f.account_name or "", f.kind,
                          f.note[:60], key=f.id)
        whose = f"{staff.name}'s" if staff else "Everyone's"
        more = f" (first {SHOWN})" if len(items) == SHOWN else ""
        self.query_one("#followup-summary", Static).update(
            f"{whose} open follow-ups: {len(items)}{more}, {overdue} overdue   m mine/everyone  g gaps")

    async def _show_gaps(self) -> None:
        from eventdesk.store.followups import followup_gaps

        gaps = await followup_gaps(self.store)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns("gap", "lead", "company", "rating")
        for label, rows in (("no follow-up", gaps["no_followup"]), ("hot, no rep", gaps["no_owner"])):
            for row in rows:
                name = " ".join(p for p in (row["first_name"], row["last_name"]) if p)
                table.add_row(Text(label, style="bold yellow"), name, row["company"] or "", row["rating"],
                              key=f"{label}:{row['id']}")
        self.query_one("#followup-summary", Static).update(
            f"Gaps: {len(gaps['no_followup'])} hot/warm leads without a follow-up, "
            f"{len(gaps['no_owner'])} hot leads without a rep   g back to the queue  b bulk assign")
