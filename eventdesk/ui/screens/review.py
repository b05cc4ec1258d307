"""Review unmatched scans: nothing a scanner typed is dropped; staff turn each into a lead or dismiss it."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from eventdesk.domain.times import from_stored


class ReviewScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    ReviewScreen { align: center middle; }
    ReviewScreen > Vertical { width: 90%; height: 80%; border: thick $accent; background: $surface; }
    """
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", id="close"),
        Binding("enter", "make_lead", "Make a lead", id="make-lead"),
        Binding("delete,x", "dismiss_scan", "Not a person", id="dismiss-scan"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Unmatched scans: Enter turns one into a lead, x marks it reviewed", classes="panel-title")
            yield DataTable(id="unmatched", cursor_type="row")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("time", "scanned text", "why")
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        from eventdesk.store.scans import unmatched_scans

        self.scans = {s.id: s for s in await unmatched_scans(self.app.store)}  # type: ignore[attr-defined]
        table = self.query_one(DataTable)
        table.clear()
        for scan in self.scans.values():
            when = from_stored(scan.at).astimezone(self.app.tz).strftime("%a %H:%M")  # type: ignore[attr-defined]
            table.add_row(when, scan.raw.replace("\n", " ⏎ ")[:70], scan.message[:50], key=scan.id)
        table.focus()

    def _selected(self):  # type: ignore[no-untyped-def]
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.scans.get(key)

    def action_make_lead(self) -> None:
        from eventdesk.ui.screens.manual_entry import ManualEntryScreen

        scan = self._selected()
        if scan is None:
            return
        prefill = {"email": scan.raw.strip()} if "@" in scan.raw and " " not in scan.raw.strip() else {}
        self.app.push_screen(ManualEntryScreen(prefill, scan_id=scan.id, raw=scan.raw), lambda _: self.load())

    @work
    async def action_dismiss_scan(self) -> None:
        from eventdesk.store.scans import mark_reviewed

        scan = self._selected()
        if scan is not None:
            await mark_reviewed(self.app.store, scan.id)  # type: ignore[attr-defined]
            self.load()
