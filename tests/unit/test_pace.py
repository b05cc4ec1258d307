"""Deadlines and pace with a frozen clock: time zones, show hours, a day boundary."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from eventdesk.domain.pace import expected_by_now, followup_due, open_fraction, open_windows, pace_label

BERLIN = ZoneInfo("Europe/Berlin")
DEADLINES = {"hot": 24, "warm": 72, "cold": 168}


def test_followup_due_by_rating() -> None:
    rated = datetime(2026, 3, 10, 17, 30, tzinfo=BERLIN)
    assert followup_due(rated, "hot", DEADLINES) == datetime(2026, 3, 11, 17, 30, tzinfo=BERLIN)
    assert followup_due(rated, "warm", DEADLINES) == datetime(2026, 3, 13, 17, 30, tzinfo=BERLIN)
    assert followup_due(rated, "unrated", DEADLINES) is None


def test_followup_due_across_daylight_saving_change() -> None:
    # Berlin moves to summer time on 2026-03-29: 24 hours after 12:00 CET is 13:00 CEST.
    rated = datetime(2026, 3, 28, 12, 0, tzinfo=BERLIN)
    due = followup_due(rated, "hot", DEADLINES)
    assert due is not None and due.astimezone(UTC) == datetime(2026, 3, 29, 11, 0, tzinfo=UTC)


def test_pace_over_three_show_days() -> None:
    windows = open_windows(date(2026, 3, 10), date(2026, 3, 12), (9, 18), BERLIN)
    assert len(windows) == 3
    before = datetime(2026, 3, 10, 8, 0, tzinfo=BERLIN)
    assert open_fraction(before, windows) == 0.0
    # End of day one: a third of the open time has passed, even at night (the day boundary).
    night = datetime(2026, 3, 10, 23, 0, tzinfo=BERLIN)
    assert abs(open_fraction(night, windows) - 1 / 3) < 1e-9
    # Day two, 13:30 Berlin, given in UTC: 9 h + 4.5 h of 27 h.
    noonish = datetime(2026, 3, 11, 12, 30, tzinfo=UTC)
    assert abs(open_fraction(noonish, windows) - 13.5 / 27) < 1e-9
    assert expected_by_now(400, open_fraction(noonish, windows)) == 200
    assert open_fraction(datetime(2026, 3, 13, tzinfo=BERLIN), windows) == 1.0


def test_pace_labels() -> None:
    assert pace_label(210, 200) == "ahead by 10"
    assert pace_label(200, 200) == "on pace"
    assert pace_label(150, 200) == "behind by 50"
