"""The baseline for startup, idle CPU and memory: a bare Textual app with the Capture screen's widgets,
and no database. `python bench/bare_app.py` runs it in a terminal (the idle benchmark starts it in tmux)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Static


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Logistics Tech Expo 2026  Leads 0/400  Hot 0/60  Meetings 0/45  Tier-1 0/12")
        yield Static("Scan a badge", id="scan")
        with Horizontal():
            yield Static("No lead yet.", id="card")
            with Vertical():
                yield Static("Last scans")
                yield DataTable(id="recent")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("time", "outcome", "scan")
        for n in range(15):
            table.add_row("10:42:00", "new", f"New lead: Person {n}")
        self.set_interval(1.0, lambda: None)  # the same one-second clock eventdesk keeps


if __name__ == "__main__":
    BareApp().run()
