"""The organiser's attendee list, for badges that carry only an id."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from eventdesk.domain.times import to_stored, utc_now
from eventdesk.store.db import Store

ATTENDEE_FIELDS = ("badge_id", "first_name", "last_name", "email", "company", "title", "phone")


async def save_attendees(store: Store, rows: Iterable[Mapping[str, str | None]]) -> int:
    now = to_stored(utc_now())
    values = [tuple((row.get(f) or None) for f in ATTENDEE_FIELDS) + (now,) for row in rows]
    async with store.write("attendees") as conn:
        await conn.executemany(
            f"INSERT INTO attendees ({', '.join(ATTENDEE_FIELDS)}, updated) VALUES ({', '.join('?' * 8)}) "
            "ON CONFLICT(badge_id) DO UPDATE SET "
            + ", ".join(f"{f} = excluded.{f}" for f in ATTENDEE_FIELDS[1:]) + ", updated = excluded.updated",
            values,
        )
    return len(values)


async def find_attendee(store: Store, badge_id: str) -> dict[str, str | None] | None:
    row = await store.one("SELECT * FROM attendees WHERE badge_id = ?", (badge_id.strip(),))
    if row is None:
        row = await store.one("SELECT * FROM attendees WHERE badge_id = ? COLLATE NOCASE", (badge_id.strip(),))
    return {f: row[f] for f in ATTENDEE_FIELDS} if row else None
