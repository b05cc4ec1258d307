"""Deadlines and pace: when a rated lead must be followed up, and where the booth should be by now."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def followup_due(rated_at: datetime, rating: str, deadline_hours: dict[str, int]) -> datetime | None:
    """A lead rated `rating` at `rated_at` must be followed up by this time (None: no deadline)."""
    hours = deadline_hours.get(rating)
    if hours is None:
        return None
    # Elapsed hours, not wall-clock hours: aware-datetime arithmetic in one zone ignores a DST change.
    return (rated_at.astimezone(UTC) + timedelta(hours=hours)).astimezone(rated_at.tzinfo)


def open_windows(start: date, end: date, hours: tuple[int, int], tz: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """The show's opening hours, one (open, close) pair per day, as aware datetimes."""
    windows = []
    day = start
    while day <= end:
        opens = datetime.combine(day, time(hours[0]), tz)
        closes = datetime.combine(day, time(0), tz) + timedelta(hours=hours[1])
        windows.append((opens, closes))
        day += timedelta(days=1)
    return windows


def open_fraction(now: datetime, windows: list[tuple[datetime, datetime]]) -> float:
    """How much of the show's open time has passed at `now` (0.0 before it opens, 1.0 after it closes)."""
    total = sum((close - opens).total_seconds() for opens, close in windows)
    if total <= 0:
        return 0.0
    passed = sum(max(0.0, (min(now, close) - opens).total_seconds()) for opens, close in windows)
    return min(1.0, passed / total)


def expected_by_now(goal: int, fraction: float) -> int:
    """Where the booth should be by now if the goal were reached evenly over the open hours."""
    return round(goal * fraction)


def pace_label(actual: int, expected: int) -> str:
    if actual >= expected:
        return f"ahead by {actual - expected}" if actual > expected else "on pace"
    return f"behind by {expected - actual}"
