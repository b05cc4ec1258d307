"""The show's meeting schedule: per rep and room, with outcomes, conflict checks and the rep's brief."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import aiosqlite

from eventdesk.domain.conflicts import conflicts_for
from eventdesk.domain.ids import new_id, stable_id
from eventdesk.domain.models import MEETING_STATUSES, Account, FollowUp, Lead, Meeting
from eventdesk.domain.times import to_stored
from eventdesk.store.db import Store
from eventdesk.store.followups import NewFollowUp, add_followup_in
from eventdesk.store.rows import update_fields, upsert

MEETING_SELECT = (
    "SELECT m.*, r.email AS rep_email, r.name AS rep_name, a.name AS account_name, "
    "trim(coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '')) AS lead_name FROM meetings m "
    "LEFT JOIN reps r ON r.id = m.rep_id LEFT JOIN accounts a ON a.id = m.account_id "
    "LEFT JOIN leads l ON l.id = m.lead_id"
)
# Fields a booth user may change on a meeting; `update_meeting` refuses anything else.
EDITABLE = frozenset(("title", "start", "end", "location", "rep_id", "lead_id", "account_id", "status", "outcome"))
OUTCOMES = ("done", "no-show", "cancelled")
PROPOSED_ID = "(proposed)"  # the id a new meeting has while it is being checked


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


@dataclass(frozen=True)
class Clash:
    """A stored meeting a proposed one would overlap: the same rep, or the same room."""

    reason: str  # "same rep" | "same room"
    other: Meeting


def imported_meeting_id(title: str, rep_email: str, start: str) -> str:
    """The same meeting imported on two laptops from the same schedule gets the same id."""
    return stable_id("meeting", f"{rep_email}|{start}|{title}")


def row_to_meeting(row: aiosqlite.Row) -> Meeting:
    return Meeting(row["id"], row["title"], row["lead_id"], row["account_id"], row["rep_id"], row["start"], row["end"],
                   row["location"], row["status"], row["outcome"], row["updated"], row["rep_email"], row["rep_name"],
                   row["lead_name"] or None, row["account_name"])


def _check(meeting: NewMeeting) -> None:
    if meeting.status not in MEETING_STATUSES:
        raise ValueError(f"meeting status must be one of {', '.join(MEETING_STATUSES)}")
    if not meeting.title.strip():
        raise ValueError("a meeting needs a title")
    if meeting.end <= meeting.start:
        raise ValueError(f"meeting '{meeting.title}' ends before it starts")


async def save_meeting_in(conn: aiosqlite.Connection, store: Store, meeting: NewMeeting,
                          meeting_id: str | None = None) -> str:
    _check(meeting)
    row_id = meeting_id or new_id()
    fields = {name: getattr(meeting, name) for name in NewMeeting.__dataclass_fields__}
    await upsert(conn, "meetings", {"id": row_id, **fields, "device": store.device, "updated": store.stamp(),
                                    "deleted": 0})
    return row_id


async def book_meeting(store: Store, meeting: NewMeeting) -> str:
    """Save a new meeting (check it first with `check_meeting`: a conflict is the user's call, not an error)."""
    async with store.write("meetings") as conn:
        return await save_meeting_in(conn, store, meeting)


async def get_meeting(store: Store, meeting_id: str) -> Meeting | None:
    row = await store.one(f"{MEETING_SELECT} WHERE m.id = ? AND m.deleted = 0", (meeting_id,))
    return row_to_meeting(row) if row else None


async def update_meeting(store: Store, meeting_id: str, **fields: Any) -> bool:
    """Edit a meeting's fields (title, times, room, rep, who with, status, outcome); False if it is gone."""
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValueError(f"cannot edit {', '.join(sorted(unknown))} on a meeting")
    current = await get_meeting(store, meeting_id)
    if current is None:
        return False
    merged = NewMeeting(**{name: fields.get(name, getattr(current, name)) for name in NewMeeting.__dataclass_fields__})
    _check(merged)
    async with store.write("meetings") as conn:
        return await update_fields(conn, "meetings", meeting_id, store.stamp(), **fields) == 1


def as_meeting(proposal: NewMeeting, meeting_id: str | None = None) -> Meeting:
    fields = {name: getattr(proposal, name) for name in NewMeeting.__dataclass_fields__}
    return Meeting(id=meeting_id or PROPOSED_ID, updated="", **fields)


async def check_meeting(store: Store, proposal: NewMeeting, meeting_id: str | None = None) -> list[Clash]:
    """What booking `proposal` (or saving it as an edit of `meeting_id`) would clash with.

    Only meetings overlapping its time are read (stored times are sortable UTC text), then the pure rules of
    domain/conflicts decide: the same rep, or the same room, in overlapping half-open intervals.
    """
    rows = await store.all(
        f"{MEETING_SELECT} WHERE m.deleted = 0 AND m.status != 'cancelled' AND m.start < ? AND m.end > ? "
        "ORDER BY m.start, m.id", (proposal.end, proposal.start))
    stored = {m.id: m for m in (row_to_meeting(r) for r in rows)}
    proposed = as_meeting(proposal, meeting_id)
    clashes = []
    for conflict in conflicts_for(proposed, list(stored.values())):
        other = conflict.second if conflict.first == proposed.id else conflict.first
        clashes.append(Clash(conflict.reason, stored[other]))
    return clashes


async def log_outcome(store: Store, meeting_id: str, status: str, note: str = "",
                      followup: NewFollowUp | None = None) -> str | None:
    """Record how a meeting went (done, no-show, cancelled) with a note; with `followup`, add it in the same
    transaction, linked to the meeting (one step for the rep). Returns the follow-up's id, if any."""
    if status not in OUTCOMES:
        raise ValueError(f"a meeting's outcome is one of {', '.join(OUTCOMES)}")
    tables = ("meetings", "followups") if followup else ("meetings",)
    async with store.write(*tables) as conn:
        if await update_fields(conn, "meetings", meeting_id, store.stamp(), status=status, outcome=note.strip()) != 1:
            raise ValueError("that meeting no longer exists")
        if followup is None:
            return None
        return await add_followup_in(conn, store, replace(followup, meeting_id=meeting_id))


async def set_meeting_status(store: Store, meeting_id: str, status: str, outcome: str | None = None) -> bool:
    if status not in MEETING_STATUSES:
        raise ValueError(f"meeting status must be one of {', '.join(MEETING_STATUSES)}")
    fields = {"status": status} | ({"outcome": outcome} if outcome is not None else {})
    async with store.write("meetings") as conn:
        return await update_fields(conn, "meetings", meeting_id, store.stamp(), **fields) == 1


async def list_meetings(store: Store, rep_id: str | None = None) -> list[Meeting]:
    """The whole schedule (or one rep's) in start order: a show has hundreds of meetings, not thousands."""
    where, params = "m.deleted = 0", []
    if rep_id:
        where += " AND m.rep_id = ?"
        params.append(rep_id)
    rows = await store.all(f"{MEETING_SELECT} WHERE {where} ORDER BY m.start, m.id", params)
    return [row_to_meeting(r) for r in rows]


def next_per_rep(meetings: list[Meeting], now: datetime) -> list[Meeting]:
    """From a schedule in start order: each rep's meeting under way or next (scheduled, not ended at `now`)."""
    first: dict[str, Meeting] = {}
    stamp = to_stored(now)
    for meeting in meetings:
        if meeting.rep_id and meeting.status == "scheduled" and meeting.end > stamp:
            first.setdefault(meeting.rep_id, meeting)
    return list(first.values())


async def next_meetings(store: Store, now: datetime) -> list[Meeting]:
    """Each rep's meeting under way or next (scheduled, not yet ended at `now`), soonest first."""
    rows = await store.all(
        f"{MEETING_SELECT} WHERE m.deleted = 0 AND m.status = 'scheduled' AND m.rep_id IS NOT NULL AND m.end > ? "
        "ORDER BY m.start, m.id", (to_stored(now),))
    return next_per_rep([row_to_meeting(r) for r in rows], now)


async def meetings_with(store: Store, lead_id: str | None, account_id: str | None,
                        include_cancelled: bool = False) -> list[Meeting]:
    """Meetings booked with this person or their account (shown when they are scanned)."""
    live = "" if include_cancelled else "m.status != 'cancelled' AND "
    rows = await store.all(
        f"{MEETING_SELECT} WHERE m.deleted = 0 AND {live}"
        "((m.lead_id IS NOT NULL AND m.lead_id = ?) OR (m.account_id IS NOT NULL AND m.account_id = ?)) "
        "ORDER BY m.start", (lead_id, account_id))
    return [row_to_meeting(r) for r in rows]


@dataclass(frozen=True)
class Brief:
    """What a rep reads walking to a meeting."""

    meeting: Meeting
    lead: Lead | None
    account: Account | None
    touches: list[aiosqlite.Row]
    answers: dict[str, str]
    followups: list[FollowUp]
    history: list[Meeting]  # the other meetings with this person or account
    people: list[Lead]      # without a named person: who we know at the account


async def meeting_brief(store: Store, meeting_id: str) -> Brief | None:
    from eventdesk.store.accounts import followups_about, get_account, people_of
    from eventdesk.store.leads import answers_for, get_lead, touches_for

    meeting = await get_meeting(store, meeting_id)
    if meeting is None:
        return None
    lead = await get_lead(store, meeting.lead_id) if meeting.lead_id else None
    account_id = meeting.account_id or (lead.account_id if lead else None)
    account = await get_account(store, account_id) if account_id else None
    history = [m for m in await meetings_with(store, meeting.lead_id, account_id, include_cancelled=True)
               if m.id != meeting.id]
    return Brief(
        meeting=meeting, lead=lead, account=account,
        touches=await touches_for(store, lead.id) if lead else [],
        answers=await answers_for(store, lead.id) if lead else {},
        followups=await followups_about(store, lead_id=lead.id if lead else None, account_id=account_id,
                                  people=lead is None),
        history=history,
        people=[] if lead or not account else await people_of(store, account.id, limit=5),
    )
