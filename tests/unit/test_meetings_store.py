"""Meetings in the store: booking with the conflict check, edits, outcomes with a follow-up, next per rep, brief."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from eventdesk.capture.service import CaptureService
from eventdesk.domain.conflicts import conflicts_for
from eventdesk.store.db import Store, open_store
from eventdesk.store.event import load_settings
from eventdesk.store.followups import NewFollowUp, list_followups
from eventdesk.store.leads import set_answer
from eventdesk.store.meetings import (
    NewMeeting,
    book_meeting,
    check_meeting,
    get_meeting,
    list_meetings,
    log_outcome,
    meeting_brief,
    next_meetings,
    update_meeting,
)
from eventdesk.store.reps import rep_id
from tests.ui.conftest import build_sample_event

DANA, MARCO, LI = (rep_id(f"{n}@example-vendor.com") for n in ("dana.reyes", "marco.bianchi", "li.wei"))
NOW = datetime(2026, 3, 10, 9, 5, tzinfo=UTC)  # 10:05 in Berlin: Tidewell (Dana, 10:00-10:30) is under way


def at(clock: str) -> str:
    """A Berlin wall-clock time on the show's first day, stored (UTC) form."""
    hour, minute = map(int, clock.split(":"))
    return datetime(2026, 3, 10, hour - 1, minute, tzinfo=UTC).isoformat(timespec="milliseconds")


@pytest.fixture
async def store(tmp_path: Path, samples: Path):  # type: ignore[no-untyped-def]
    path = await build_sample_event(tmp_path / "booth.db", samples)
    async with await open_store(path) as opened:
        yield opened


async def by_title(store: Store) -> dict[str, str]:
    return {m.title: m.id for m in await list_meetings(store)}


@dataclass(frozen=True)
class M:
    id: str
    start: str
    end: str
    rep_id: str | None = "dana"
    location: str = ""
    title: str = "m"
    status: str = "scheduled"


def test_a_proposal_never_clashes_with_its_stored_self() -> None:
    stored = [M("a", at("10:00"), at("10:30")), M("b", at("11:00"), at("11:30"), "li", "Room A")]
    moved = M("a", at("10:15"), at("10:45"))
    assert conflicts_for(moved, stored) == []
    clash = conflicts_for(M("a", at("11:15"), at("11:45"), "dana", "room  a"), stored)
    assert [(c.first, c.second, c.reason) for c in clash] == [("b", "a", "same room")]


async def test_booking_over_the_rep_and_the_room(store: Store) -> None:
    # Dana is at Booth table 1 10:00-10:30 and Booth table 2 10:20-10:50; Marco in Meeting room B 10:15-11:00.
    proposal = NewMeeting("Walk-in demo", at("10:25"), at("10:55"), rep_id=DANA, location="meeting room b")
    clashes = await check_meeting(store, proposal)
    assert sorted((c.reason, c.other.title) for c in clashes) == [
        ("same rep", "Corvexa intro"), ("same rep", "Tidewell platform review"), ("same room", "Brightwave pricing")]
    assert {c.other.rep_name for c in clashes} == {"Dana Reyes", "Marco Bianchi"}
    assert await check_meeting(store, NewMeeting("Touching", at("10:50"), at("11:20"), rep_id=DANA,
                                                 location="Booth table 2")) == []
    new_id = await book_meeting(store, proposal)  # a conflict is the user's call: booking still works
    assert (await get_meeting(store, new_id)).location == "meeting room b"  # type: ignore[union-attr]


async def test_cancelled_meetings_free_their_slot(store: Store) -> None:
    ids = await by_title(store)
    await update_meeting(store, ids["Brightwave pricing"], status="cancelled")
    proposal = NewMeeting("Room B", at("10:30"), at("11:00"), rep_id=LI, location="Meeting room B")
    assert await check_meeting(store, proposal) == []


async def test_editing_checks_against_the_others_only(store: Store) -> None:
    ids = await by_title(store)
    corvexa = await get_meeting(store, ids["Corvexa intro"])
    assert corvexa is not None
    same = NewMeeting(corvexa.title, corvexa.start, corvexa.end, rep_id=DANA, location=corvexa.location)
    assert [c.other.title for c in await check_meeting(store, same, corvexa.id)] == ["Tidewell platform review"]
    later = NewMeeting(corvexa.title, at("10:30"), at("11:00"), rep_id=DANA, location=corvexa.location)
    assert await check_meeting(store, later, corvexa.id) == []
    assert await update_meeting(store, corvexa.id, start=later.start, end=later.end, title="Corvexa intro (moved)")
    moved = await get_meeting(store, corvexa.id)
    assert moved is not None and (moved.start, moved.title) == (later.start, "Corvexa intro (moved)")
    assert moved.updated > corvexa.updated  # restamped: a merge keeps the edit


async def test_edits_are_validated(store: Store) -> None:
    ids = await by_title(store)
    with pytest.raises(ValueError, match="ends before it starts"):
        await update_meeting(store, ids["Corvexa intro"], end=at("09:00"))
    with pytest.raises(ValueError, match="cannot edit"):
        await update_meeting(store, ids["Corvexa intro"], deleted=1)
    with pytest.raises(ValueError, match="status"):
        await update_meeting(store, ids["Corvexa intro"], status="maybe")
    assert not await update_meeting(store, "no-such-meeting", title="x")


async def test_done_with_a_followup_in_one_step(store: Store) -> None:
    ids = await by_title(store)
    followup_id = await log_outcome(store, ids["Tidewell platform review"], "done", "  Wants a pilot in Q3 ",
                                    NewFollowUp(rep_id=DANA, action="demo", due=at("18:00"), note="book the pilot"))
    meeting = await get_meeting(store, ids["Tidewell platform review"])
    assert meeting is not None and (meeting.status, meeting.outcome) == ("done", "Wants a pilot in Q3")
    [item] = await list_followups(store)
    assert (item.id, item.action, item.rep_email, item.note) == (
        followup_id, "demo", "dana.reyes@example-vendor.com", "book the pilot")
    assert await store.scalar("SELECT meeting_id FROM followups WHERE id = ?", (followup_id,)) == meeting.id


@pytest.mark.parametrize("status", ["no-show", "cancelled"])
async def test_other_outcomes_with_a_note(store: Store, status: str) -> None:
    ids = await by_title(store)
    assert await log_outcome(store, ids["Corvexa intro"], status, "They wrote to say sorry") is None
    meeting = await get_meeting(store, ids["Corvexa intro"])
    assert meeting is not None and (meeting.status, meeting.outcome) == (status, "They wrote to say sorry")
    assert await list_followups(store) == []


async def test_an_outcome_is_all_or_nothing(store: Store) -> None:
    with pytest.raises(ValueError, match="outcome is one of"):
        await log_outcome(store, "x", "scheduled")
    with pytest.raises(ValueError, match="no longer exists"):
        await log_outcome(store, "no-such-meeting", "done", "", NewFollowUp(rep_id=DANA))
    assert await list_followups(store) == []  # the follow-up was rolled back with the failed outcome


async def test_each_reps_next_meeting(store: Store) -> None:
    ids = await by_title(store)
    nexts = await next_meetings(store, NOW)
    assert [(m.rep_name, m.title) for m in nexts] == [
        ("Dana Reyes", "Tidewell platform review"), ("Marco Bianchi", "Brightwave pricing")]  # under way counts
    await log_outcome(store, ids["Tidewell platform review"], "done")
    assert [m.title for m in await next_meetings(store, NOW)] == ["Brightwave pricing", "Corvexa intro"]
    ended = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)  # 11:00 Berlin: everything has ended
    assert await next_meetings(store, ended) == []


async def test_brief_holds_what_a_rep_reads(store: Store) -> None:
    settings = await load_settings(store)
    service = CaptureService(store, settings, now=lambda: NOW)
    grace = (await service.capture("EXPO26-000417", DANA)).lead  # a bare badge id, from the attendee list
    colleague = (await service.capture('{"firstName": "Ada", "lastName": "Kim", "email": "ada.kim@tidewell.health"}',
                                       DANA)).lead
    assert grace is not None and colleague is not None
    await set_answer(store, grace.id, "timeline", "this quarter")
    ids = await by_title(store)
    await update_meeting(store, ids["Tidewell platform review"], lead_id=grace.id)
    past = await book_meeting(store, NewMeeting("Tidewell intro call", at("09:00"), at("09:30"), rep_id=DANA,
                                                account_id=grace.account_id, status="done", outcome="Keen"))
    brief = await meeting_brief(store, ids["Tidewell platform review"])
    assert brief is not None and brief.lead is not None and brief.account is not None
    assert (brief.lead.name, brief.account.name, brief.account.tier) == ("Grace Osei", "Tidewell Health", 1)
    assert [t["kind"] for t in brief.touches] == ["scan"]
    assert brief.answers == {"timeline": "this quarter"}
    assert [m.id for m in brief.history] == [past]
    assert brief.people == []  # a named person: the brief is about them
    account_only = await meeting_brief(store, past)
    assert account_only is not None and account_only.lead is None
    assert {p.name for p in account_only.people} == {"Grace Osei", "Ada Kim"}
    assert await meeting_brief(store, "no-such-meeting") is None
