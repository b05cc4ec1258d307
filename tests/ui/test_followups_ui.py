"""Follow-ups screen driven by keys: log, complete, reassign; and the Goals numbers on a known file."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from textual.widgets import DataTable, Static

from eventdesk.capture.service import CaptureService
from eventdesk.store.db import open_store
from eventdesk.store.event import load_settings
from eventdesk.store.followups import bulk_assign, followup_gaps, list_followups
from eventdesk.store.reps import rep_by_email
from eventdesk.ui.app import EventDeskApp
from tests.ui.conftest import STAFF, wait_until

NOW = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)  # 14:00 Berlin on the first show day


async def seed(path: Path) -> None:
    async with await open_store(path) as store:
        service = CaptureService(store, await load_settings(store), now=lambda: NOW)
        for payload in ("maja.lindqvist@nordlicht-logistics.se", "chidi.okafor@brightwave.io", "x.y@example.org"):
            await service.capture(payload)


async def test_log_complete_and_reassign(sample_event: Path) -> None:
    await seed(sample_event)
    app = EventDeskApp(sample_event, staff_email=STAFF, now=NOW)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("f6")
        await pilot.pause(0.3)
        await pilot.press("l")
        await pilot.pause(0.2)
        await pilot.press(*"lindqvist", "tab", *"li.wei@example-vendor.com")
        await pilot.press("tab", "tab", "backspace", "backspace", *"2", "tab", *"send case study")
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "FollowUpsScreen")
        table = app.screen.query_one(DataTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        async with await open_store(sample_event) as store:
            [item] = await list_followups(store)
            assert (item.rep_email, item.note, item.due) == ("li.wei@example-vendor.com", "send case study",
                                                             "2026-03-10T15:00:00.000+00:00")
        await pilot.press("a")
        await pilot.pause(0.3)
        await pilot.press("enter")  # the first rep in the list (Dana Reyes)
        await pilot.pause(0.3)
        await pilot.press("d")
        await wait_until(pilot, lambda: table.row_count == 0)
    async with await open_store(sample_event) as store:
        [done] = await list_followups(store, status="done")
        assert done.rep_email != "li.wei@example-vendor.com"


async def test_overdue_stands_out(sample_event: Path) -> None:
    await seed(sample_event)
    async with await open_store(sample_event) as store:
        li = await rep_by_email(store, "li.wei@example-vendor.com")
        assert li is not None
        assert await bulk_assign(store, li.id, rating="unrated", due="2026-03-10T10:00:00.000+00:00") == 2
        gaps = await followup_gaps(store)
        assert gaps == {"no_followup": [], "no_owner": []}
    app = EventDeskApp(sample_event, staff_email=STAFF, now=NOW)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("f6")
        await pilot.pause(0.4)
        summary = str(app.screen.query_one("#followup-summary", Static).render())
        assert "open follow-ups: 2" in summary and "2 overdue" in summary
        assert "OVERDUE" in app.export_screenshot()


async def test_goals_numbers_on_a_known_file(sample_event: Path) -> None:
    await seed(sample_event)
    app = EventDeskApp(sample_event, staff_email=STAFF, now=NOW)
    async with app.run_test(size=(130, 50)) as pilot:
        await pilot.press("f7")
        await pilot.pause(0.5)
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#goals", Static).content)
        text = console.export_text()
        # 3 leads of a 400 goal; 5 of 27 open hours gone at 14:00 on day one -> 74 expected, behind by 71.
        assert "behind by 71" in text
        assert "Tier-1 accounts reached" in text
