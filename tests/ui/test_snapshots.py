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
