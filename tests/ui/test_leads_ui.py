"""The Leads screen pages through the store and searches as you type; the table never holds more than a page."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import DataTable, Static

from eventdesk.demo import build_demo
from eventdesk.ui.app import EventDeskApp
from eventdesk.ui.screens.leads import PAGE_SIZE
from tests.ui.conftest import STAFF, wait_until

NOW = datetime(2026, 3, 11, 13, 30, tzinfo=UTC)


async def test_pages_and_search(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    await build_demo(path, leads=250, seed=3, now=NOW)
    app = EventDeskApp(path, staff_email=STAFF, now=NOW)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("f3")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LeadsScreen")
        table = app.screen.query_one("#leads", DataTable)
        status = app.screen.query_one("#lead-count", Static)
        await wait_until(pilot, lambda: table.row_count == PAGE_SIZE)
        assert str(status.render()).startswith("rows 1-50 of 250")
        first_page = [table.get_row_at(i)[2] for i in range(3)]
        await pilot.press("n")
        await wait_until(pilot, lambda: str(status.render()).startswith("rows 51-100"))
        await pilot.press("G")
        await wait_until(pilot, lambda: str(status.render()).startswith("rows 201-250"))
        assert table.row_count == PAGE_SIZE  # the last page is a full page ending at the last lead
        await pilot.press("g")
        await wait_until(pilot, lambda: str(status.render()).startswith("rows 1-50"))
        assert [table.get_row_at(i)[2] for i in range(3)] == first_page
        surname = str(table.get_row_at(0)[2]).split()[-1]
        await pilot.press("slash", *surname[:4])
        await wait_until(pilot, lambda: "matching" in str(status.render()))
        assert 0 < table.row_count <= PAGE_SIZE
        shown = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
        assert any(surname in name for name in shown)
