"""The app starts on Capture with the scan field focused, and every screen opens by key and palette."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import DataTable

from eventdesk.ui.app import SCREENS, EventDeskApp
from eventdesk.ui.widgets.scan_field import ScanField
from tests.ui.conftest import CLOCK, STAFF

SHOW_DAY = datetime(2026, 3, 10, 9, 42, tzinfo=UTC)  # during the sample show: every screen has its day to show


async def test_opens_on_capture_with_scan_field_focused(sample_event: Path) -> None:
    app = EventDeskApp(sample_event, staff_email=STAFF, clock=CLOCK, now=SHOW_DAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.current_mode == "capture"
        assert isinstance(app.focused, ScanField)
        assert app.staff is not None and app.staff.email == STAFF


async def test_every_screen_opens_by_its_key(sample_event: Path) -> None:
    app = EventDeskApp(sample_event, staff_email=STAFF, clock=CLOCK, now=SHOW_DAY)
    async with app.run_test(size=(120, 40)) as pilot:
        for key, mode, title, _, cls in SCREENS:
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode, title
            assert type(app.screen).__name__ == cls
        await pilot.press("f4")
        await pilot.pause(0.3)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3  # the sample meetings


async def test_help_lists_keys(sample_event: Path) -> None:
    app = EventDeskApp(sample_event, staff_email=STAFF, clock=CLOCK, now=SHOW_DAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        assert app.current_mode == "capture"


async def test_palette_reaches_screens(sample_event: Path) -> None:
    app = EventDeskApp(sample_event, staff_email=STAFF, clock=CLOCK, now=SHOW_DAY)
    async with app.run_test(size=(120, 40)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {f"Go: {t}" for _, _, t, _, _ in SCREENS} <= set(titles)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Go: Accounts")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.current_mode == "accounts"


async def test_staff_picker_on_first_start(sample_event: Path) -> None:
    app = EventDeskApp(sample_event, clock=CLOCK)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        assert type(app.screen).__name__ == "PickRepScreen"
        await pilot.press("down", "enter")
        await pilot.pause(0.3)
        assert app.staff is not None
    again = EventDeskApp(sample_event, clock=CLOCK)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        assert again.staff is not None and again.staff.email == app.staff.email  # remembered on this laptop


async def test_foreign_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("not a database")
    app = EventDeskApp(bad)
    await app.run_async(headless=True, size=(120, 40))  # returns at once: the file is refused before any screen
    assert app.startup_error and "not an eventdesk file" in app.startup_error
    assert not app.screen_stack
