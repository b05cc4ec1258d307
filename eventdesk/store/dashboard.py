"""The numbers both teams read on the Goals screen and in the daily recap, from the trigger-kept counters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from eventdesk.domain.times import from_stored, to_stored
from eventdesk.store.db import Store


@dataclass(frozen=True)
class RepNumbers:
    name: str
    email: str
    role: str
    leads: int
    hot: int
    meetings_held: int
    no_shows: int
    open_followups: int
    overdue_followups: int


async def per_rep(store: Store, now: datetime) -> list[RepNumbers]:
    rows = await store.all(
        "SELECT r.name, r.email, r.role, "
        "(SELECT coalesce(sum(n), 0) FROM lead_stats s WHERE s.captured_by = r.id), "
        "(SELECT coalesce(sum(n), 0) FROM lead_stats s WHERE s.rep_id = r.id AND s.rating = 'hot'), "
        "(SELECT count(*) FROM meetings m WHERE m.rep_id = r.id AND m.status = 'done' AND m.deleted = 0), "
        "(SELECT count(*) FROM meetings m WHERE m.rep_id = r.id AND m.status = 'no-show' AND m.deleted = 0), "
        "(SELECT count(*) FROM followups f WHERE f.rep_id = r.id AND f.status = 'open' AND f.deleted = 0), "
        "(SELECT count(*) FROM followups f WHERE f.rep_id = r.id AND f.status = 'open' AND f.deleted = 0 "
        " AND f.due < ?) "
        "FROM reps r WHERE r.deleted = 0 ORDER BY r.name", (to_stored(now),))
    return [RepNumbers(*row) for row in rows]


async def funnel(store: Store, stages: tuple[str, ...]) -> list[tuple[str, int]]:
    rows = await store.all("SELECT stage, sum(n) FROM lead_stats GROUP BY stage HAVING sum(n) > 0")
    counts = {str(row[0]): int(row[1]) for row in rows}
    known = [(stage, int(counts.pop(stage, 0))) for stage in stages]
    return known + sorted((stage, int(n)) for stage, n in counts.items())  # stages no longer in the settings


async def by_rating(store: Store) -> dict[str, int]:
    rows = await store.all("SELECT rating, sum(n) FROM lead_stats GROUP BY rating HAVING sum(n) > 0")
    return {rating: int(n) for rating, n in rows}


async def leads_per_hour(store: Store, tz: ZoneInfo) -> dict[str, list[tuple[int, int]]]:
    """Per show day (local date), the leads captured in each local hour: {"2026-03-10": [(9, 41), ...]}."""
    rows = await store.all("SELECT hour, n FROM lead_hours WHERE n > 0")
    days: dict[str, dict[int, int]] = {}
    for hour, count in rows:
        local = from_stored(f"{hour}:00:00+00:00").astimezone(tz)
        day = days.setdefault(local.date().isoformat(), {})
        day[local.hour] = day.get(local.hour, 0) + int(count)
    return {day: sorted(hours.items()) for day, hours in sorted(days.items())}
