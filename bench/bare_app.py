"""The baseline for startup, idle CPU and memory: a bare Textual app with the Capture screen's widgets
(the same widget classes and stylesheet) and no database: the ratio measures what eventdesk's own work
(opening the file, reading counters and scans) adds. `python bench/bare_app.py` runs it in a terminal."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Static

from eventdesk.ui.widgets.header import BoothHeader
from eventdesk.ui.widgets.lead_card import LeadCard
from eventdesk.ui.widgets.scan_field import ScanField


def _booth_bindings() -> list:  # type: ignore[type-arg]
    """The keys the booth's footer shows on the Capture screen: the same footer is part of "the same widgets"."""
    from eventdesk.ui.app import EventDeskApp
    from eventdesk.ui.screens.capture import CaptureScreen

    return [*EventDeskApp.BINDINGS, *CaptureScreen.BINDINGS]


class BareApp(App[None]):
    CSS_PATH = str(Path(__file__).resolve().parents[1] / "eventdesk" / "ui" / "app.tcss")
    BINDINGS = _booth_bindings()

    def compose(self) -> ComposeResult:
        yield BoothHeader(ZoneInfo("Europe/Berlin"))
        yield ScanField(id="scan")
        yield Static(id="pending")
        yield Static(id="alert")
        with Horizontal():
            yield LeadCard(ZoneInfo("Europe/Berlin"), (), id="card")
            with Vertical(id="recent-box"):
                yield Static("Last scans", classes="panel-title")
                yield DataTable(id="recent")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("time", "outcome", "scan")
        for n in range(15):
            table.add_row("10:42:00", "✚ new", f"New lead: Person {n}")
        self.query_one(ScanField).focus()
        self.set_interval(1.0, lambda: None)  # the same one-second clock eventdesk keeps


if __name__ == "__main__":
    BareApp().run()
