"""Meetings as iCalendar: the sample schedule, times in the event's zone, stable UIDs, status mapping."""

from __future__ import annotations

import itertools
import stat
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from eventdesk.domain.hlc import HybridClock
from eventdesk.domain.settings import load_toml
from eventdesk.handoff.calendar import export_meetings
from eventdesk.handoff.imports import import_csv
from eventdesk.store.db import Store, open_store
from eventdesk.store.event import save_settings
from eventdesk.store.meetings import list_meetings, set_meeting_status

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
async def event(tmp_path: Path, samples: Path):  # type: ignore[no-untyped-def]
    store = await open_store(tmp_path / "event.db")
    wall = itertools.count(1_773_100_000_000, 5_000)      # five seconds between edits
    store.clock = HybridClock(store.device, wall_ms=lambda: next(wall))
    await save_settings(store, load_toml((samples / "event.toml").read_text()))
    for kind in ("reps", "accounts", "attendees", "meetings"):
        await import_csv(store, kind, samples / f"{kind}.csv")
    yield store
    await store.close()


def events_of(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


async def test_sample_meetings_as_ics(event: Store, tmp_path: Path) -> None:
    out = tmp_path / "meetings.ics"
    assert await export_meetings(event, out) == 3
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    meetings = {m.title: m for m in await list_meetings(event)}
    found = events_of(out)
    assert set(found) == {f"{m.id}@eventdesk" for m in meetings.values()}
    review = found[f"{meetings['Tidewell platform review'].id}@eventdesk"]
    start = review.decoded("dtstart")
    assert start == datetime(2026, 3, 10, 10, 0, tzinfo=BERLIN) and str(start.tzinfo) == "Europe/Berlin"
    assert review.decoded("dtend") == datetime(2026, 3, 10, 10, 30, tzinfo=BERLIN)
    assert "TZID=Europe/Berlin" in out.read_text() and "BEGIN:VTIMEZONE" in out.read_text()
    assert str(review["location"]) == "Booth table 1" and str(review["status"]) == "CONFIRMED"
    assert str(review["organizer"]) == "mailto:dana.reyes@example-vendor.com"
    assert review["organizer"].params["CN"] == "Dana Reyes"
    assert "Account: Tidewell Health" in str(review["description"])


@pytest.mark.parametrize(("status", "outcome", "ical", "text"), [
    ("cancelled", "", "CANCELLED", None),
    ("done", "wants a pilot", "CONFIRMED", "Outcome: done - wants a pilot"),
    ("no-show", "", "CONFIRMED", "Outcome: no-show"),
])
async def test_status_and_outcome(event: Store, tmp_path: Path, status: str, outcome: str, ical: str,
                                  text: str | None) -> None:
    first, second = tmp_path / "1.ics", tmp_path / "2.ics"
    await export_meetings(event, first)
    meeting = (await list_meetings(event))[0]
    await set_meeting_status(event, meeting.id, status, outcome)
    await export_meetings(event, second)
    before, after = events_of(first), events_of(second)
    assert set(before) == set(after)                         # same UIDs: a re-import updates in place
    uid = f"{meeting.id}@eventdesk"
    assert str(after[uid]["status"]) == ical
    assert int(after[uid]["sequence"]) > int(before[uid]["sequence"])
    if text:
        assert text in str(after[uid]["description"])
    untouched = next(u for u in before if u != uid)
    assert after[untouched].to_ical() == before[untouched].to_ical()


async def test_one_reps_meetings(event: Store, tmp_path: Path) -> None:
    out = tmp_path / "marco.ics"
    assert await export_meetings(event, out, rep="Marco.Bianchi@example-vendor.com") == 1
    assert [str(e["summary"]) for e in events_of(out).values()] == ["Brightwave pricing"]
    with pytest.raises(ValueError, match="no rep"):
        await export_meetings(event, out, rep="nobody@example.com")
