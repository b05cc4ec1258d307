"""Opening the Meetings and Accounts screens on a 100,000-lead file (time to first paint), against a bare
Textual app that opens a screen with the same widgets, stylesheet, keys (so the same footer) and table rows.

Method: both apps run headless under `App.run_test()` in this process, alternating, RUNS runs each, a new
app per run (start-up is not timed). Both start in a mode on a Capture-like screen and switch mode on the
key (F4 / F5), as eventdesk does. The time is from the key to the first frame that paints the screen's
table with all its rows (a hook on DataTable.render_lines, the same for both apps). eventdesk reads the
file for it (meetings and each rep's next one; accounts with their coverage); the bare app has the rows in
memory. "All loaded" adds eventdesk's second pass (the Accounts last-touch column, which reads the touches
of every matched lead). Budget (DESIGN §8): 1.3x.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual.app import App, ComposeResult  # noqa: E402
from textual.binding import Binding  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import DataTable, Footer, Static  # noqa: E402

from bench.common import cached_demo, fresh_copy, machine, median, report  # noqa: E402
from eventdesk.ui.widgets.header import BoothHeader  # noqa: E402

RUNS = 15
STAFF = "dana.reyes@example-vendor.com"
CSS = str(Path(__file__).resolve().parents[1] / "eventdesk" / "ui" / "app.tcss")


class BareScreen(Screen[None]):
    """Header, optional bordered panel and title lines, a DataTable filled in on_mount, a footer."""

    def __init__(self, shape: dict[str, Any]) -> None:
        super().__init__()
        self.shape = shape

    def compose(self) -> ComposeResult:
        yield BoothHeader(ZoneInfo("Europe/Berlin"))
        if self.shape["panel"]:
            panel = Static("\n".join(self.shape["panel"]))
            panel.styles.border = ("round", "blue")
            panel.styles.height = "auto"
            yield panel
        for line in self.shape["lines"]:
            yield Static(line, classes="panel-title")
        yield DataTable(id=self.shape["table"], cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in self.shape["columns"]:
            table.add_column(label, width=width)
        for row in self.shape["rows"]:
            table.add_row(*row)
        table.focus()


def inert(bindings: list[Binding], keep: dict[str, str] | None = None) -> list[Binding]:
    """The same keys, descriptions and footer visibility, doing nothing (except the keys in `keep`)."""
    keep = keep or {}
    return [Binding(b.key, keep.get(b.key, f"app.noop('{b.key}')"), b.description, show=b.show, id=b.id)
            for b in bindings]  # one action per key: the footer shows keys with the same action once


def bare_app(key: str, shape: dict[str, Any], screen_bindings: list[Binding]) -> App[None]:
    """Starts, like eventdesk, on a Capture-like screen (bench/bare_app.py's widgets) in a mode, with the same
    app keys; `key` switches to a mode whose screen has the eventdesk screen's widgets, rows and keys."""
    from bench.bare_app import BareApp as CaptureLike
    from eventdesk.ui.app import EventDeskApp

    class Start(Screen[None]):
        compose = CaptureLike.compose
        on_mount = CaptureLike.on_mount

    class Target(BareScreen):
        BINDINGS = inert(screen_bindings)

    class BareApp(App[None]):
        CSS_PATH = CSS
        MODES = {"start": Start, "target": lambda: Target(shape)}
        BINDINGS = inert(list(EventDeskApp.BINDINGS), {key: "switch_mode('target')"})  # type: ignore[arg-type]

        async def on_mount(self) -> None:
            await self.switch_mode("start")

        def action_noop(self, key: str) -> None:
            pass

    return BareApp()


# The first frame that draws the target table with its rows: DataTable.render_lines is called by the compositor
# when it paints the table. The same hook times both apps.
PAINT: dict[str, Any] = {}
_render_lines = DataTable.render_lines


def _timed_render_lines(self: DataTable, crop):  # type: ignore[no-untyped-def]
    if "at" not in PAINT and self.id == PAINT.get("table") and self.row_count == PAINT.get("rows"):
        PAINT["at"] = time.perf_counter()
    return _render_lines(self, crop)


DataTable.render_lines = _timed_render_lines  # type: ignore[method-assign]


async def open_and_time(pilot, key: str, table: str, rows: int, complete=None) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Press `key` (without waiting on the press) and time the first paint of `table` with `rows` rows, then
    (optionally) until `complete()`."""
    PAINT.clear()
    PAINT.update(table=table, rows=rows)
    started = time.perf_counter()
    press = asyncio.create_task(pilot.press(key))
    deadline = started + 60
    while "at" not in PAINT or (complete is not None and not complete()):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{table} never painted {rows} rows")
        await asyncio.sleep(0.001)
    done = time.perf_counter() - started
    await press
    return PAINT["at"] - started, done


async def bare(key: str, shape: dict[str, Any], screen_bindings: list[Binding]) -> float:
    app = bare_app(key, shape, screen_bindings)
    async with app.run_test(size=(130, 40)) as pilot:
        while app.current_mode != "start":
            await pilot.pause(0.005)
        await pilot.pause()
        first, _ = await open_and_time(pilot, key, shape["table"], len(shape["rows"]))
        return first


def shape_of(screen: Screen[None], table_id: str, panel_id: str | None, line_ids: tuple[str, ...]) -> dict[str, Any]:
    """What the eventdesk screen shows, as plain data the bare app can show the same way."""
    table = screen.query_one(f"#{table_id}", DataTable)
    panel = []
    if panel_id:
        from io import StringIO

        from rich.console import Console

        console = Console(width=126, file=StringIO(), record=True)
        console.print(screen.query_one(f"#{panel_id}").render())
        panel = console.export_text().rstrip("\n").splitlines()
    return {
        "table": table_id,
        "columns": [(str(c.label), c.width if not c.auto_width else None) for c in table.columns.values()],
        "rows": [table.get_row_at(n) for n in range(table.row_count)],
        "panel": panel,
        "lines": [str(screen.query_one(f"#{i}", Static).render()) for i in line_ids],
    }


async def ours(path: Path, key: str, table: str, rows: int | None, ids=None) -> tuple[float, float, Any]:  # type: ignore[no-untyped-def]
    """Time to the first paint of the screen's table with its rows (`rows`; None: whatever it shows once the
    screen has loaded, learnt on the warm-up run), and to the screen having loaded everything."""
    from eventdesk.ui.app import EventDeskApp

    app = EventDeskApp(path, staff_email=STAFF)
    async with app.run_test(size=(130, 40)) as pilot:
        while not (app.current_mode == "capture" and app.headline):
            await pilot.pause(0.005)
        await pilot.pause()
        loaded = lambda: getattr(app.screen, "loaded", False)  # noqa: E731
        if rows is None:
            await pilot.press(key)
            while not loaded():
                await pilot.pause(0.002)
            await pilot.pause()
            return 0.0, 0.0, shape_of(app.screen, *ids)
        first, done = await open_and_time(pilot, key, table, rows, loaded)
        return first, done, None


def screen_bindings(name: str) -> list[Binding]:
    from eventdesk.ui.screens.accounts import AccountsScreen
    from eventdesk.ui.screens.meetings import MeetingsScreen

    return list({"Meetings": MeetingsScreen, "Accounts": AccountsScreen}[name].BINDINGS)  # type: ignore[arg-type]


SCREENS = {
    # name: (key, table id, panel id, line ids)
    "Meetings": ("f4", "meetings", "next-meetings", ("meetings-filter", "meeting-detail")),
    "Accounts": ("f5", "accounts", None, ("coverage",)),
}


async def main() -> None:
    path = fresh_copy(cached_demo(), "screens.db")  # the apps only read it; removed afterwards
    try:
        import eventdesk.ui.app  # noqa: F401 - both apps start with their modules imported (Textual warm)
        import eventdesk.ui.screens.accounts  # noqa: F401
        import eventdesk.ui.screens.meetings  # noqa: F401

        print(f"machine: {machine()}; method: run_test, key to first paint, median of {RUNS} alternating runs, "
              "100,000-lead file")
        for name, (key, table_id, panel_id, line_ids) in SCREENS.items():
            # A warm-up run, which also records what the screen shows, for the bare app to show the same.
            _, _, shape = await ours(path, key, table_id, None, (table_id, panel_id, line_ids))
            keys = screen_bindings(name)
            await bare(key, shape, keys)
            bare_times, first_times, done_times = [], [], []
            for _ in range(RUNS):
                bare_times.append(await bare(key, shape, keys))
                first, done, _ = await ours(path, key, table_id, len(shape["rows"]))
                first_times.append(first)
                done_times.append(done)
            b, o, d = median(bare_times), median(first_times), median(done_times)
            report(f"{name} screen ({len(shape['rows'])} rows)",
                   f"{o * 1000:.0f} ms to first paint (all loaded {d * 1000:.0f} ms)", o / b,
                   f"bare Textual app {b * 1000:.0f} ms", o / b <= 1.3, "1.3x")
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
