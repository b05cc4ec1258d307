"""The demo's meeting schedule: 30 meetings over the show's three days with exactly two real conflicts.

The three meetings of shared/samples/meetings.csv open day 1 (Dana is booked twice at 10:20: the
first conflict). The others are placed so no rep and no room is ever double-booked, then one meeting
is added in a room that is already taken (the second conflict). `find_conflicts` checks the result.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from eventdesk.demo.people import MEETING_TOPICS
from eventdesk.domain.conflicts import find_conflicts
from eventdesk.domain.times import to_stored

MEETINGS = 30
ROOMS = ("Booth table 1", "Booth table 2", "Meeting room A", "Meeting room B")


@dataclass(frozen=True)
class Slot:
    """A planned meeting (shaped like domain.conflicts.Slot, so find_conflicts can check the plan)."""

    id: str
    title: str
    rep_id: str | None
    location: str
    start: str
    end: str
    status: str = "scheduled"
    account_id: str | None = None
    lead_id: str | None = None
    outcome: str = ""


@dataclass(frozen=True)
class Invitee:
    """Who a meeting could be with: an account (and maybe a lead there), or a lead alone."""

    title: str
    rep_id: str
    account_id: str | None = None
    lead_id: str | None = None


def _at(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour, minute), tz)


def plan_meetings(rng: random.Random, days: list[date], hours: tuple[int, int], tz: ZoneInfo,
                  samples: list[tuple[Invitee, int, int, int, str]], invitees: list[Invitee],
                  new_id: Callable[[], str]) -> list[Slot]:
    """`samples`: (invitee, day-1 hour, minute, minutes long, room) placed as they are; the rest at random."""
    placed: list[Slot] = []

    def slot(who: Invitee, start: datetime, minutes: int, room: str) -> Slot:
        return Slot(new_id(), who.title, who.rep_id, room, to_stored(start),
                    to_stored(start + timedelta(minutes=minutes)), account_id=who.account_id, lead_id=who.lead_id)

    def clashes(candidate: Slot, ignore_room: bool = False) -> bool:
        trial = [*placed, candidate]
        found = [c for c in find_conflicts(trial) if candidate.id in (c.first, c.second)]
        return any(not (ignore_room and c.reason == "same room") for c in found)

    for who, hour, minute, minutes, room in samples:
        placed.append(slot(who, _at(days[0], hour, minute, tz), minutes, room))
    quarters = (hours[1] - hours[0]) * 4
    for who in invitees[: MEETINGS - 1 - len(placed)]:
        for _ in range(500):
            minutes = rng.choice((30, 30, 45, 60))
            day = rng.choice(days)
            start = _at(day, hours[0], 0, tz) + timedelta(minutes=15 * rng.randrange(2, quarters - minutes // 15))
            candidate = slot(who, start, minutes, rng.choice(ROOMS))
            if not clashes(candidate):
                placed.append(candidate)
                break
    # The second conflict: a room double-booked by another rep (who is free at that time).
    others = placed[len(samples):]
    rng.shuffle(others)
    reps = sorted({m.rep_id for m in placed if m.rep_id})
    for taken in others:
        start = datetime.fromisoformat(taken.start)  # same start, 30 minutes: inside the opening hours
        for rep in rng.sample(reps, len(reps)):
            if rep == taken.rep_id:
                continue
            who = Invitee(f"Partner sync: {rng.choice(MEETING_TOPICS)}", rep)
            candidate = slot(who, start, 30, taken.location)
            if not clashes(candidate, ignore_room=True) and sum(
                    c.reason == "same room" for c in find_conflicts([*placed, candidate])
                    if candidate.id in (c.first, c.second)) == 1:
                placed.append(candidate)
                return sorted(placed, key=lambda m: (m.start, m.id))
    return sorted(placed, key=lambda m: (m.start, m.id))


def settle(rng: random.Random, meetings: list[Slot], now: str, outcome: Callable[[], str]) -> list[Slot]:
    """Meetings that ended before `now` are done (with an outcome) or, a few, no-shows; later ones stay scheduled."""
    out = []
    past = [m for m in meetings if m.end <= now]
    no_shows = {m.id for m in rng.sample(past, min(len(past), max(1, len(past) // 7)))} if past else set()
    conflicted = {i for c in find_conflicts(meetings) for i in (c.first, c.second)}
    later = [m for m in meetings if m.start > now and m.id not in conflicted and (m.account_id or m.lead_id)]
    cancelled = {later[-1].id} if len(later) > 3 else set()
    for m in meetings:
        if m.id in no_shows:
            out.append(replace(m, status="no-show", outcome="Did not turn up; rebook by email."))
        elif m.end <= now:
            out.append(replace(m, status="done", outcome=outcome()))
        elif m.id in cancelled:
            out.append(replace(m, status="cancelled", outcome="Cancelled by them; asked to meet after the show."))
        else:
            out.append(m)
    return out
