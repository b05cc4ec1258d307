"""Accounts screen driven by keys: filter by tier, owner and reached; open an account (people, meetings,
follow-ups); edit and add; book a meeting from an account; and an SVG snapshot on the demo event."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import DataTable, Input, Select, Static, TabbedContent

from eventdesk.capture.qualify import rate_lead
from eventdesk.capture.service import CaptureService
from eventdesk.store.accounts import account_id, get_account
from eventdesk.store.db import open_store
from eventdesk.store.event import load_settings
from eventdesk.store.meetings import list_meetings
from eventdesk.ui.app import EventDeskApp
from tests.ui.conftest import CLOCK, STAFF, wait_until

NOW = datetime(2026, 3, 10, 9, 5, tzinfo=UTC)
DEMO_NOW = datetime(2026, 3, 10, 9, 42, tzinfo=UTC)  # Tue 10:42 in Berlin, the demo show's second day


async def seed(path: Path) -> str:
    """Grace Osei (Tidewell Health, tier 1) scanned and rated hot: a lead, a touch and a follow-up."""
    async with await open_store(path) as store:
        settings = await load_settings(store)
        grace = (await CaptureService(store, settings, now=lambda: NOW).capture("EXPO26-000417")).lead
        assert grace is not None
        await rate_lead(store, settings, grace.id, "hot", None, now=NOW)
        return grace.id


async def open_accounts(pilot, app) -> DataTable:  # type: ignore[no-untyped-def]
    await pilot.press("f5")
    await wait_until(pilot, lambda: app.current_mode == "accounts" and getattr(app.screen, "loaded", False))
    return app.screen.query_one("#accounts", DataTable)


def names(table: DataTable) -> list[str]:
    return [table.get_row_at(n)[1].plain for n in range(table.row_count)]


async def press_and_wait(pilot, app, *keys: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*keys)
    await wait_until(pilot, lambda: app.screen.loaded)


async def test_filter_by_tier_owner_and_reached(sample_event: Path) -> None:
    await seed(sample_event)
    app = EventDeskApp(sample_event, staff_email=STAFF, now=NOW)
    async with app.run_test(size=(130, 40)) as pilot:
        table = await open_accounts(pilot, app)
        assert names(table) == ["Brightwave Energy", "Tidewell Health", "Corvexa", "Hanse Robotics GmbH",
                                "Stackline Analytics"]
        assert table.get_row_at(1)[5].plain == "Tue 10:05"  # Tidewell's last touch
        assert table.get_row_at(0)[5].plain == "not yet reached"
        summary = app.screen.query_one("#coverage", Static)
        assert "3 tier-1/2 not yet reached" in str(summary.render())
        await press_and_wait(pilot, app, "t")
        assert names(table) == ["Brightwave Energy", "Tidewell Health"]
        await press_and_wait(pilot, app, "t", "t", "t")  # tier 2, tier 3, every tier
        assert len(names(table)) == 5
        await press_and_wait(pilot, app, "w")  # the first rep by name owns Tidewell and Corvexa
        assert names(table) == ["Tidewell Health", "Corvexa"]
        await press_and_wait(pilot, app, "f")
        assert names(table) == ["Corvexa"]
        await press_and_wait(pilot, app, "f")
        assert names(table) == ["Tidewell Health"]
        assert "Dana Reyes · reached" in str(summary.render())


async def test_open_an_account(sample_event: Path) -> None:
    await seed(sample_event)
    app = EventDeskApp(sample_event, staff_email=STAFF, now=NOW)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_accounts(pilot, app)
        await pilot.press("down", "enter")  # Tidewell Health
        await wait_until(pilot, lambda: getattr(app.screen, "loaded", False)
                         and type(app.screen).__name__ == "AccountDetailScreen")
        screen = app.screen
        summary = str(screen.query_one("#account-summary", Static).render())
        assert "Tier 1: Tidewell Health" in summary and "1 people" in summary and "1 open follow-ups" in summary
        people = screen.query_one("#account-people", DataTable)
        assert [people.get_row_at(0)[n] for n in (1, 5)] == ["Grace Osei", ""]
        assert people.get_row_at(0)[0].plain == "hot"
        await pilot.press("2")
        assert screen.query_one(TabbedContent).active == "meetings"
        meetings = screen.query_one("#account-meetings", DataTable)
        assert meetings.get_row_at(0)[1] == "Tidewell platform review"
        await pilot.press("3")
        followups = screen.query_one("#account-followups", DataTable)
        assert followups.row_count == 1 and followups.get_row_at(0)[3] == "Grace Osei"
        await pilot.press("2", "enter")  # a meeting row opens its brief
        await wait_until(pilot, lambda: type(app.screen).__name__ == "MeetingBriefScreen")
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AccountsScreen")


async def test_book_a_meeting_from_an_account_person(sample_event: Path) -> None:
    grace = await seed(sample_event)
    app = EventDeskApp(sample_event, staff_email="li.wei@example-vendor.com", now=NOW)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_accounts(pilot, app)
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: getattr(app.screen, "loaded", False))
        await pilot.press("b")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "BookMeetingScreen")
        modal = app.screen
        await wait_until(pilot, lambda: not modal.query_one("#rep", Select).is_blank())
        assert modal.query_one("#title", Input).value == "Meeting with Grace Osei (Tidewell Health)"
        modal.query_one("#start", Input).focus()
        await pilot.press(*["backspace"] * 5, *"14:00", "enter")  # the owner, Dana, is free at 14:00
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AccountDetailScreen")
    async with await open_store(sample_event) as store:
        booked = next(m for m in await list_meetings(store) if m.title.startswith("Meeting with Grace"))
        assert (booked.lead_id, booked.account_id, booked.rep_email) == (
            grace, account_id("Tidewell Health"), "dana.reyes@example-vendor.com")


async def test_edit_and_add_accounts(sample_event: Path) -> None:
    app = EventDeskApp(sample_event, staff_email=STAFF, now=NOW)
    async with app.run_test(size=(130, 40)) as pilot:
        table = await open_accounts(pilot, app)
        await pilot.press("down", "down", "e")  # Corvexa
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AccountEditScreen")
        modal = app.screen
        await wait_until(pilot, lambda: not modal.query_one("#owner", Select).is_blank())
        modal.query_one("#domains", Input).focus()
        await pilot.press("end", *" corvexa.de")
        modal.query_one("#tier", Select).focus()
        await pilot.press("enter", "up", "enter", "ctrl+s")  # tier 2 -> 1
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AccountsScreen")
        await wait_until(pilot, lambda: names(table)[:3] == ["Brightwave Energy", "Corvexa", "Tidewell Health"])
        await pilot.press("a")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AccountEditScreen")
        await pilot.press(*"Tidewell Health", "enter")
        assert "already a target account" in str(app.screen.query_one("#account-error").render())
        app.screen.query_one("#name", Input).value = "Kestrel Parcel"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Kestrel Parcel" in names(table))
    async with await open_store(sample_event) as store:
        corvexa = await get_account(store, account_id("Corvexa"))
        assert corvexa is not None and (corvexa.tier, corvexa.domains) == (1, ("corvexa.com", "corvexa.de"))
        kestrel = await get_account(store, account_id("Kestrel Parcel"))
        assert kestrel is not None and (kestrel.tier, kestrel.owner_rep_id) == (2, None)


def demo_event(tmp_path: Path) -> Path:
    """The demo event (300 leads) on a fixed day: its Tuesday 10:42 in Berlin is the app's frozen clock."""
    from eventdesk.demo import build_demo

    path = tmp_path / "demo.db"
    asyncio.run(build_demo(path, leads=300, seed=1, now=DEMO_NOW))
    return path


def test_accounts_snapshot_on_the_demo(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = EventDeskApp(demo_event(tmp_path), staff_email=STAFF, clock=CLOCK, now=DEMO_NOW)

    async def show(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_accounts(pilot, app)
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(130, 36), run_before=show)
