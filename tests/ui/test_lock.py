"""The idle lock hides personal data on every screen, and only the event's PIN opens it."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from eventdesk.domain.pin import check_pin, hash_pin
from eventdesk.store.db import open_store
from eventdesk.store.event import load_settings, save_settings
from eventdesk.ui.app import EventDeskApp
from tests.ui.conftest import CLOCK, STAFF, burst, key_events, wait_until


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


async def locked_app(sample_event: Path, pin: str | None = "2468"):  # type: ignore[no-untyped-def]
    async with await open_store(sample_event) as store:
        settings = await load_settings(store)
        await save_settings(store, replace(settings, lock_pin_hash=hash_pin(pin) if pin else "",
                                           idle_lock_minutes=5))
    return EventDeskApp(sample_event, staff_email=STAFF, clock=CLOCK)


async def lock_now(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause(0.2)
    app.last_input -= 5 * 60 + 1
    app._tick()
    await wait_until(pilot, lambda: type(app.screen).__name__ == "LockScreen")


async def test_badges_scanned_while_locked_are_saved_and_not_shown(sample_event: Path, samples: Path) -> None:
    vcard = json.loads((samples / "badges.json").read_text())[0]["payload"]
    app = await locked_app(sample_event)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")                                    # locked on another screen than Capture
        await lock_now(app, pilot)
        burst(app, key_events("grace.osei@tidewell.health") + key_events(vcard) + key_events("10004711"))
        await wait_until(pilot, lambda: app.capture_screen.saved >= 3)
        shown = app.export_screenshot()
        counted = str(app.screen.query_one("#lock-scans").render())
        assert type(app.screen).__name__ == "LockScreen" and counted == "3 badges scanned while locked: saved"
        for private in ("Grace", "Osei", "Tidewell", "tidewell"):
            assert private not in shown                            # no name, no account, no toast
        await pilot.press(*"2468", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ != "LockScreen")
    with sqlite3.connect(sample_event) as conn:
        raws = [r[0] for r in conn.execute("SELECT raw FROM scans ORDER BY at, rowid")]
        emails = {r[0] for r in conn.execute("SELECT email FROM leads WHERE deleted = 0")}
    assert len(raws) == 3 and raws[0] == "grace.osei@tidewell.health" and raws[2] == "10004711"
    assert raws[1].startswith("BEGIN:VCARD") and raws[1].rstrip().endswith("END:VCARD")  # one scan, whole
    assert "grace.osei@tidewell.health" in emails and len(emails) == 2     # the numeric id: kept for review


async def test_a_pin_typed_by_hand_is_never_saved_as_a_scan(sample_event: Path) -> None:
    app = await locked_app(sample_event)
    async with app.run_test(size=(120, 40)) as pilot:
        await lock_now(app, pilot)
        await pilot.press(*"1357", "enter")                        # wrong PIN: refused, not journaled
        await wait_until(pilot, lambda: str(app.screen.query_one("#lock-error").render()) == "Wrong PIN")
        await pilot.press(*"2468", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ != "LockScreen")
    with sqlite3.connect(sample_event) as conn:
        assert conn.execute("SELECT count(*) FROM scans").fetchone() == (0,)


async def test_without_a_pin_enter_opens_but_a_scan_does_not(sample_event: Path) -> None:
    app = await locked_app(sample_event, pin=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await lock_now(app, pilot)
        burst(app, key_events("walk.up@visitor.example"))
        await wait_until(pilot, lambda: app.capture_screen.saved >= 1)
        assert type(app.screen).__name__ == "LockScreen"          # a passer-by's badge does not unlock
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ != "LockScreen")
