"""The show's meeting schedule: per rep and room, with outcomes."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from eventdesk.domain.ids import new_id, stable_id
from eventdesk.domain.models import MEETING_STATUSES, Meeting
from eventdesk.store.db import Store
from eventdesk.store.rows import update_fields, upsert

MEETING_SELECT = (
    "SELECT m.*, r.email AS rep_email, r.name AS rep_name, a.name AS account_name, "
    "trim(coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '')) AS lead_name FROM meetings m "
    "LEFT JOIN reps r ON r.id = m.rep_id LEFT JOIN accounts a ON a.id = m.account_id "
    "LEFT JOIN leads l ON l.id = m.lead_id"
)


@dataclass(frozen=True)
class NewMeeting:
    title: str
    start: str
    end: str
    rep_id: str | None = None
    lead_id: str | None = None
    account_id: str | None = None
    location: str = ""
    status: str = "scheduled"
    outcome: str = ""


def imported_meeting_id(title: str, rep_email: str, start: str) -> str:
    """The same meeting imported on two laptops from the same schedule gets the same id."""
    return stable_id("meeting", f"{rep_email}|{start}|{title}")


def row_to_meeting(row: aiosqlite.Row) -> Meeting:
    return Meeting(row["id"], row["title"], row["lead_id"], row["account_id"], row["rep_id"], row["start"], row["end"],
                   row["location"], row["status"], row["outcome"], row["updated"], row["rep_email"], row["rep_name"],
                   row["lead_name"] or None, row["account_name"])


async def save_meeting_in(conn: aiosqlite.Connection, store: Store, meeting: NewMeeting,
                          meeting_id: str | None = None) -> str:
    if meeting.status not in MEETING_STATUSES:
        raise ValueError(f"meeting status must be one of {', '.join(MEETING_STATUSES)}")
    if meeting.end <= meeting.start:
        raise ValueError(f"meeting '{meeting.title}' ends before it starts")
    row_id = meeting_id or new_id()
    fields = {name: getattr(meeting, name) for name in NewMeeting.__dataclass_fields__}
    await upsert(conn, "meetings", {"id": row_id, **fields, "device": store.device, "updated": store.stamp(),
                                    "deleted": 0})
    return row_id


async def list_meetings(store: Store, rep_id: str | None = None) -> list[Meeting]:
    where, params = "m.deleted = 0", []
    if rep_id:
        where += " AND m.rep_id = ?"
        params.append(rep_id)
    rows = await store.all(f"{MEETING_SELECT} WHERE {where} ORDER BY m.start, m.id", params)
    return [row_to_meeting(r) for r in rows]


async def meetings_with(store: Store, lead_id: str | None, account_id: str | None) -> list[Meeting]:
    """Meetings booked with this person or their account (shown when they are scanned)."""
    rows = await store.all(
        f"{MEETING_SELECT} WHERE m.deleted = 0 AND m.status != 'cancelled' AND "
        "((m.lead_id IS NOT NULL AND m.lead_id = ?) OR (m.account_id IS NOT NULL AND m.account_id = ?)) "
        "ORDER BY m.start", (lead_id, account_id))
    return [row_to_meeting(r) for r in rows]


async def set_meeting_status(store: Store, meeting_id: str, status: str, outcome: str | None = None) -> bool:
    if status not in MEETING_STATUSES:
        raise ValueError(f"meeting status must be one of {', '.join(MEETING_STATUSES)}")
    fields = {"status": status} | ({"outcome": outcome} if outcome is not None else {})
    async with store.write("meetings") as conn:
        return await update_fields(conn, "meetings", meeting_id, store.stamp(), **fields) == 1
