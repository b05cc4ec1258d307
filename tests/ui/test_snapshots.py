"""SVG snapshots of the booth screens (pytest-textual-snapshot). Update with `pytest --snapshot-update`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import samples_dir
from tests.ui.conftest import STAFF, burst, key_events, wait_until

NOW = datetime(2026, 3, 10, 9, 42, tzinfo=UTC)  # 10:42 in Berlin, on the sample show's first day


def test_capture_after_tier1_scan(snap_compare, sample_event: Path) -> None:  # type: ignore[no-untyped-def]
    from eventdesk.ui.app import EventDeskApp

    mecard = json.loads((samples_dir() / "badges.json").read_text())[2]["payload"]  # Chidi, Brightwave (tier 1)
    app = EventDeskApp(sample_event, staff_email=STAFF, now=NOW)

    async def scan(pilot) -> None:  # type: ignore[no-untyped-def]
        burst(app, key_events(mecard))
        await wait_until(pilot, lambda: getattr(app.screen, "saved", 0) >= 1)
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(130, 36), run_before=scan)


DEMO_NOW = datetime(2026, 3, 11, 13, 30, tzinfo=UTC)  # 14:30 Berlin on day two of the demo show


def _demo_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    import asyncio

    from eventdesk.demo import build_demo
    from eventdesk.ui.app import EventDeskApp

    path = tmp_path / "demo.db"
    asyncio.run(build_demo(path, leads=300, seed=1, now=DEMO_NOW))
    return EventDeskApp(path, staff_email=STAFF, now=DEMO_NOW)


def test_followups_screen(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_demo_app(tmp_path), terminal_size=(130, 36), press=["f6"],
                        run_before=lambda pilot: pilot.pause(0.5))


def test_goals_screen(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_demo_app(tmp_path), terminal_size=(130, 50), press=["f7"],
                        run_before=lambda pilot: pilot.pause(0.5))
