"""Open and scroll the Leads screen at 100,000 leads: each page (first, next 20 pages, last, previous),
timed in the store and through the real screen (run_test), against reading the same page with a plain
sqlite3 LIMIT query. Budget: 100 ms per page."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import cached_demo, machine, median, report  # noqa: E402

PAGE_TURNS = 9


async def store_pages(path: Path) -> list[float]:
    from eventdesk.store.db import open_store
    from eventdesk.store.lead_pages import count_and_position, page

    times = []
    async with await open_store(path, readonly=True) as store:
        for sort in ("captured", "name", "company", "rating"):
            started = time.perf_counter()
            current = await page(store, sort=sort, size=100)
            await count_and_position(store, None, sort=sort)
            times.append((time.perf_counter() - started) * 1000)
            for _ in range(5):
                started = time.perf_counter()
                current = await page(store, sort=sort, after=current.keys[-1], size=100)
                await count_and_position(store, current.keys[0], sort=sort)
                times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            current = await page(store, sort=sort, last=True, size=100)
            await count_and_position(store, current.keys[0], sort=sort)
            times.append((time.perf_counter() - started) * 1000)
    return times


async def page_turns(pilot, table) -> float:  # type: ignore[no-untyped-def]
    """Median ms from pressing `n` until the table's first row changes; one turn is noisy, so several."""
    turns = []
    for _ in range(PAGE_TURNS):
        first_row = table.get_row_at(0)
        started = time.perf_counter()
        await pilot.press("n")
        while table.get_row_at(0) == first_row:
            await pilot.pause(0.002)
        turns.append((time.perf_counter() - started) * 1000)
    return median(turns)


async def screen_open(path: Path) -> tuple[float, float]:
    from textual.widgets import DataTable

    from eventdesk.ui.app import EventDeskApp
    from eventdesk.ui.screens.leads import PAGE_SIZE

    app = EventDeskApp(path, staff_email="dana.reyes@example-vendor.com")
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause(0.2)
        started = time.perf_counter()
        await pilot.press("f3")
        while not (app.current_mode == "leads" and app.screen.query_one("#leads", DataTable).row_count == PAGE_SIZE):
            await pilot.pause(0.002)
        opened = time.perf_counter() - started
        return opened * 1000, await page_turns(pilot, app.screen.query_one("#leads", DataTable))


def plain(path: Path) -> float:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    started = time.perf_counter()
    conn.execute("SELECT * FROM leads WHERE deleted = 0 ORDER BY captured_at DESC, id DESC LIMIT 101").fetchall()
    took = (time.perf_counter() - started) * 1000
    conn.close()
    return took


async def bare_turns() -> float:
    """The same page turn in a bare Textual app: a DataTable of the same 7 columns, stylesheet and size, whose
    `n` swaps in the next 100 rows from memory. What Textual itself takes to show a new page."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import DataTable, Footer, Static

    rows = [(f"Tue {n % 24:02d}:00", "warm", f"Person {n}", f"Company {n % 700}", f"T1 Account {n % 40}",
             "Dana Reyes", str(n % 4)) for n in range(100 * (PAGE_TURNS + 2))]

    class BarePages(App[None]):
        CSS_PATH = str(Path(__file__).resolve().parents[1] / "eventdesk" / "ui" / "app.tcss")
        BINDINGS = [Binding("n", "next_page", "Next page")]

        def compose(self) -> ComposeResult:
            yield Static("rows", id="lead-count")
            yield DataTable(id="leads", cursor_type="row", zebra_stripes=True)
            yield Footer()

        def on_mount(self) -> None:
            self.at = 0
            self.query_one(DataTable).add_columns("captured", "rating", "name", "company", "account", "rep", "scans")
            self.action_next_page()

        def action_next_page(self) -> None:
            table = self.query_one(DataTable)
            table.clear()
            for n, row in enumerate(rows[self.at:self.at + 100]):
                table.add_row(*row, key=str(self.at + n))
            self.at += 100
            self.query_one("#lead-count", Static).update(f"rows {self.at - 99}-{self.at}")

    app = BarePages()
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause(0.2)
        return await page_turns(pilot, app.query_one(DataTable))


def main() -> None:
    path = cached_demo()
    pages = asyncio.run(store_pages(path))
    opened, next_page = asyncio.run(screen_open(path))
    bare = asyncio.run(bare_turns())
    base = plain(path)
    print(f"machine: {machine()}; 100,000 leads, pages of 100, 4 sort orders")
    print(f"store page + count: median {median(pages):.1f} ms, max {max(pages):.1f} ms")
    print(f"through the UI (run_test): first open of the Leads screen {opened:.0f} ms (builds the screen), "
          f"next page {next_page:.0f} ms (median of {PAGE_TURNS} turns); the same turn in a bare Textual app "
          f"{bare:.0f} ms ({next_page / bare:.2f}x)")
    report("leads page", f"max {max(pages):.1f} ms, UI next page {next_page:.0f} ms", median(pages) / max(base, 0.01),
           f"plain LIMIT query {base:.1f} ms", max(max(pages), next_page) <= 100, "100 ms per page")


if __name__ == "__main__":
    main()
