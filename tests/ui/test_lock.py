"""The idle lock hides personal data on every screen, and only the event's PIN opens it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from eventdesk.domain.pin import check_pin, hash_pin
from eventdesk.store.db import open_store
from eventdesk.store.event import load_settings, save_settings
from eventdesk.ui.app import EventDeskApp
from tests.ui.conftest import CLOCK, STAFF


def test_pin_hash_round_trip() -> None:
    stored = hash_pin("2468")
    assert check_pin("2468", stored) and not check_pin("1357", stored) and "2468" not in stored
    with pytest.raises(ValueError):
        hash_pin("12")


@pytest.mark.parametrize("screen_key", ["f2", "f4", "f5"])
async def test_idle_lock_on_every_screen(sample_event: Path, screen_key: str) -> None:
    async with await open_store(sample_event) as store:
        settings = await load_settings(store)
        await save_settings(store, replace(settings, lock_pin_hash=hash_pin("2468"), idle_lock_minutes=5))
    app = EventDeskApp(sample_event, staff_email=STAFF, clock=CLOCK)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(screen_key)
        await pilot.pause(0.3)
        visible = "Tidewell"
        if screen_key != "f2":
            assert visible in app.export_screenshot()
        app.last_input -= 5 * 60 + 1  # five idle minutes
        app._tick()
        await pilot.pause()
        assert type(app.screen).__name__ == "LockScreen"
        assert visible not in app.export_screenshot()  # nothing of the people shows through
        await pilot.press(*"1111", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "LockScreen"  # wrong PIN
        await pilot.press(*"2468", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ != "LockScreen"
