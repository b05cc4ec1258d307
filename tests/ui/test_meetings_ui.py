"""Meetings screen driven by keys: book over a conflict, log outcomes (a done one leaves a follow-up), read
the brief, filter the schedule, the next-meeting panel on the clock; and an SVG snapshot on the demo event."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Label, Select, Static

from eventdesk.capture.service import CaptureService
from eventdesk.handoff.imports import import_csv
from eventdesk.store.db import open_store
from eventdesk.store.event import load_settings
from eventdesk.store.followups import list_followups
from eventdesk.store.leads import set_answer
from eventdesk.store.meetings import list_meetings
from eventdesk.ui.app import EventDeskApp
from eventdesk.ui.widgets.next_meetings import NextMeetings
from tests.ui.conftest import CLOCK, STAFF, wait_until

NOW = datetime(2026, 3, 10, 9, 5, tzinfo=UTC)  # 10:05 in Berlin on day one: Tidewell (Dana) is under way
DEMO_NOW = datetime(2026, 3, 10, 9, 42, tzinfo=UTC)  # Tue 10:42 in Berlin, the demo show's second day


async def open_meetings(pilot, app) -> DataTable:  # type: ignore[no-untyped-def]
    await pilot.press("f4")
    await wait_until(pilot, lambda: app.current_mode == "meetings" and getattr(app.screen, "loaded", False))
    return app.screen.query_one("#meetings", DataTable)


def text_of(widget: Static | Label) -> str:
    return str(widget.render())


async def test_booking_over_a_conflict_warns_then_saves(sample_event: Path) -> None:
    app = EventDeskApp(sample_event, staff_email=STAFF, now=NOW)
    async with app.run_test(size=(130, 40)) as pilot:
        table = await open_meetings(pilot, app)
        assert table.row_count == 3
        await pilot.press("b")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "BookMeetingScreen")
        modal = app.screen
        await wait_until(pilot, lambda: not modal.query_one("#rep", Select).is_blank())
        assert modal.query_one("#start", Input).value == "10:15"  # the next quarter hour after 10:05
        await pilot.press(*"Walk-in demo")
        modal.query_one("#start", Input).focus()
        await pilot.press(*["backspace"] * 5, *"10:25")
        await pilot.press("ctrl+s")
        warning = modal.query_one("#book-warning", Label)
        await wait_until(pilot, lambda: "anyway" in text_of(warning))
        assert "Dana Reyes is already in 'Tidewell platform review'" in text_of(warning)
        assert "'Corvexa intro'" in text_of(warning)
        assert app.screen is modal  # not saved yet
        await pilot.press("ctrl+s")  # the same details again: booked anyway
        await wait_until(pilot, lambda: type(app.screen).__name__ == "MeetingsScreen")
        await wait_until(pilot, lambda: table.row_count == 4)
        assert "⚠" in text_of(app.screen.query_one("#meetings-filter", Static))
    async with await open_store(sample_event) as store:
        booked = next(m for m in await list_meetings(store) if m.title == "Walk-in demo")
        assert (booked.rep_email, booked.start, booked.end) == (
            STAFF, "2026-03-10T09:25:00.000+00:00", "2026-03-10T09:55:00.000+00:00")


async def test_changing_the_details_after_a_warning_checks_again(sample_event: Path) -> None:
    app = EventDeskApp(sample_event, staff_email=STAFF, now=NOW)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_meetings(pilot, app)
        await pilot.press("b")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "BookMeetingScreen")
        modal = app.screen
        await wait_until(pilot, lambda: not modal.query_one("#rep", Select).is_blank())
        await pilot.press(*"Coffee")
        modal.query_one("#start", Input).focus()
        await pilot.press(*["backspace"] * 5, *"10:00")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "anyway" in text_of(modal.query_one("#book-warning", Label)))
        await pilot.press(*["backspace"] * 5, *"11:00")  # moved clear of both: saved at once
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "MeetingsScreen")
    async with await open_store(sample_event) as store:
        assert "Coffee" in {m.title for m in await list_meetings(store)}


@pytest.mark.parametrize(("downs", "status"), [(0, "done"), (1, "no-show"), (2, "cancelled")])
async def test_logging_an_outcome(sample_event: Path, downs: int, status: str) -> None:
    app = EventDeskApp(sample_event, staff_email=STAFF, now=NOW)
    async with app.run_test(size=(130, 40)) as pilot:
        table = await open_meetings(pilot, app)
        assert table.get_row_at(table.cursor_row)[2].plain == "Tidewell platform review"  # opened on "now"
        await pilot.press("o")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "MeetingOutcomeScreen")
        modal = app.screen
        modal.query_one("#status", Select).focus()
        await pilot.press("enter", *["down"] * downs, "enter")
        await wait_until(pilot, lambda: modal.has_class("done") == (status == "done"))
        modal.query_one("#note", Input).focus()
        await pilot.press(*"Wants a pilot in Q3", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "MeetingsScreen")
        await wait_until(pilot, lambda: table.get_row_at(table.cursor_row)[6].plain == status)
    async with await open_store(sample_event) as store:
        meeting = next(m for m in await list_meetings(store) if m.title == "Tidewell platform review")
        assert (meeting.status, meeting.outcome) == (status, "Wants a pilot in Q3")
        followups = await list_followups(store)
        if status == "done":  # the follow-up came in the same step, for the meeting's rep, due in 24 h
            [item] = followups
            assert (item.rep_email, item.action, item.due, item.account_name) == (
                STAFF, "send material", "2026-03-11T09:05:00.000+00:00", "Tidewell Health")
            assert item.note == "After 'Tidewell platform review': Wants a pilot in Q3"
        else:
            assert followups == []


async def test_opening_a_brief(sample_event: Path, samples: Path) -> None:
    async with await open_store(sample_event) as store:
        service = CaptureService(store, await load_settings(store), now=lambda: NOW - timedelta(days=1))
        grace = (await service.capture("EXPO26-000417")).lead
        assert grace is not None
        await set_answer(store, grace.id, "timeline", "this quarter")
        await import_csv(store, "meetings", samples / "meetings.csv")  # now matches Grace by her email
    app = EventDeskApp(sample_event, staff_email=STAFF, now=NOW)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_meetings(pilot, app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: getattr(getattr(app.screen, "brief", None), "meeting", None) is not None)
        assert type(app.screen).__name__ == "MeetingBriefScreen"
        await pilot.pause(0.1)
        shot = app.export_screenshot()
        for expected in ("Grace Osei", "Director of IT", "Tier 1: Tidewell Health", "owner Dana Reyes",
                         "Mon 10:05 scan", "Buying timeline? this quarter", "open follow-ups"):
            assert expected.replace(" ", "&#160;") in shot or expected in shot, expected
        await pilot.press("escape")
        assert type(app.screen).__name__ == "MeetingsScreen"


async def test_filters_by_day_rep_and_room(sample_event: Path) -> None:
    app = EventDeskApp(sample_event, staff_email=STAFF, now=NOW)
    async with app.run_test(size=(130, 40)) as pilot:
        table = await open_meetings(pilot, app)
        await pilot.press("d")  # day one -> day two: nothing booked
        assert table.row_count == 0
        await pilot.press("d", "d", "d")  # day three, all days, day one again
        assert table.row_count == 3
        await pilot.press("r")  # the first rep by name: Dana Reyes
        assert table.row_count == 2 and "Dana Reyes" in text_of(app.screen.query_one("#meetings-filter", Static))
        await pilot.press("r", "r", "l")  # Marco, then all reps; the first room: Booth table 1
        assert table.row_count == 1


async def test_next_meeting_panel_follows_the_clock(sample_event: Path) -> None:
    app = EventDeskApp(sample_event, staff_email=STAFF, clock=CLOCK, now=NOW)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_meetings(pilot, app)
        panel = app.screen.query_one(NextMeetings)
        assert [(m.rep_name, m.title) for m in panel.meetings] == [
            ("Dana Reyes", "Tidewell platform review"), ("Marco Bianchi", "Brightwave pricing")]
        assert panel._lines == (("now", "until 10:30"), ("in 10 min", "at 10:15"))
        app.frozen_now = NOW + timedelta(minutes=6)
        panel.tick()  # the app's one-second clock calls this
        assert panel._lines[1] == ("in 4 min", "at 10:15")
        app.frozen_now = datetime(2026, 3, 10, 9, 31, tzinfo=UTC)  # Tidewell has ended: the panel asks again
        panel.tick()
        await wait_until(pilot, lambda: [m.title for m in panel.meetings] == ["Brightwave pricing", "Corvexa intro"])


def demo_event(tmp_path: Path) -> Path:
    """The demo event (300 leads) on a fixed day: its Tuesday 10:42 in Berlin is the app's frozen clock."""
    from eventdesk.demo import build_demo

    path = tmp_path / "demo.db"
    asyncio.run(build_demo(path, leads=300, seed=1, now=DEMO_NOW))
    return path


def test_meetings_snapshot_on_the_demo(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = EventDeskApp(demo_event(tmp_path), staff_email=STAFF, clock=CLOCK, now=DEMO_NOW)

    async def show(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_meetings(pilot, app)
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(130, 36), run_before=show)
