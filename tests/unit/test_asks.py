"""Asks between sales and marketing, through the follow-ups store: both directions, answers, and where they show."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventdesk.capture.service import CaptureService
from eventdesk.store.asks import all_asks, answer_ask, asked_by, asked_of, open_asks_about, raise_ask
from eventdesk.store.db import Store, open_store
from eventdesk.store.event import load_settings
from eventdesk.store.followups import list_followups
from eventdesk.store.meetings import list_meetings
from eventdesk.store.reps import rep_by_email
from tests.ui.conftest import build_sample_event


@pytest.fixture
async def store(tmp_path: Path, samples: Path):  # type: ignore[no-untyped-def]
    path = await build_sample_event(tmp_path / "asks.db", samples)
    async with await open_store(path) as opened:
        yield opened


async def rep(store: Store, first: str) -> str:
    found = await rep_by_email(store, f"{first}@example-vendor.com")
    assert found is not None
    return found.id


async def test_asks_go_both_ways_and_are_follow_ups(store: Store) -> None:
    dana, sofia = await rep(store, "dana.reyes"), await rep(store, "sofia.andersson")   # sales, marketing
    lead = (await CaptureService(store, await load_settings(store)).capture("maja.berg@tidewell.health")).lead
    assert lead is not None
    to_marketing = await raise_ask(store, asked_of=sofia, asked_by=dana, text="Send the  case study to Maja",
                                   lead_id=lead.id, due="2026-03-10T16:00:00.000+00:00")
    to_sales = await raise_ask(store, asked_of=dana, asked_by=sofia,
                               text="Get a technical colleague to the booth at 14:00")
    of_sofia = await asked_of(store, sofia)
    assert [(a.item.id, a.item.note, a.asked_by_name, a.item.lead_name) for a in of_sofia] == [
        (to_marketing, "Send the case study to Maja", "Dana Reyes", None)]  # only an email: no name yet
    assert [a.item.id for a in await asked_by(store, sofia)] == [to_sales]
    assert [a.item.id for a in await asked_of(store, dana)] == [to_sales]
    assert [a.item.id for a in await asked_by(store, dana)] == [to_marketing]
    # An ask is a follow-up of the person asked: it is in their queue, with the asker as its creator.
    queue = await list_followups(store, rep_id=sofia)
    assert [(f.id, f.kind, f.created_by, f.due) for f in queue] == [
        (to_marketing, "ask", dana, "2026-03-10T16:00:00.000+00:00")]


async def test_answer_decline_and_reopen(store: Store) -> None:
    dana, sofia, li = [await rep(store, n) for n in ("dana.reyes", "sofia.andersson", "li.wei")]
    first = await raise_ask(store, asked_of=sofia, asked_by=dana, text="Invite Brightwave's CTO to the dinner")
    second = await raise_ask(store, asked_of=sofia, asked_by=li, text="Print more one-pagers")
    assert await answer_ask(store, first, "done", "Invited; she confirmed for 19:30")
    assert await answer_ask(store, second, "declined", "The print shop is closed; PDF sent instead")
    answered = {a.item.id: (a.item.status, a.item.reply) for a in await asked_of(store, sofia)}
    assert answered == {first: ("done", "Invited; she confirmed for 19:30"),
                        second: ("declined", "The print shop is closed; PDF sent instead")}
    assert await answer_ask(store, second, "open")  # reopened: open ones come first again
    assert [a.item.id for a in await asked_of(store, sofia)] == [second, first]
    assert not await list_followups(store, rep_id=sofia, status="done", kind="followup")
    assert len(await all_asks(store)) == 2


async def test_bad_asks_are_refused(store: Store) -> None:
    dana, sofia = await rep(store, "dana.reyes"), await rep(store, "sofia.andersson")
    with pytest.raises(ValueError, match="needs a text"):
        await raise_ask(store, asked_of=sofia, asked_by=dana, text="   ")
    with pytest.raises(ValueError, match="someone else"):
        await raise_ask(store, asked_of=dana, asked_by=dana, text="Remind myself")
    ask = await raise_ask(store, asked_of=sofia, asked_by=dana, text="Send the deck")
    with pytest.raises(ValueError, match="answered"):
        await answer_ask(store, ask, "dropped")
    assert len(await all_asks(store)) == 1


async def test_open_asks_on_an_account_its_people_and_its_meeting(store: Store) -> None:
    dana, sofia = await rep(store, "dana.reyes"), await rep(store, "sofia.andersson")
    grace = (await CaptureService(store, await load_settings(store)).capture("grace.osei@tidewell.health")).lead
    assert grace is not None and grace.account_id
    review = next(m for m in await list_meetings(store) if m.title == "Tidewell platform review")
    on_person = await raise_ask(store, asked_of=dana, asked_by=sofia, text="Ask Grace about the RFP", lead_id=grace.id)
    on_account = await raise_ask(store, asked_of=dana, asked_by=sofia, text="Bring the SOC 2 report",
                                 account_id=grace.account_id)
    on_meeting = await raise_ask(store, asked_of=sofia, asked_by=dana, text="Book the small room",
                                 meeting_id=review.id)
    closed = await raise_ask(store, asked_of=dana, asked_by=sofia, text="Old news", account_id=grace.account_id)
    await answer_ask(store, closed, "done")
    assert {a.item.id for a in await open_asks_about(store, account_id=grace.account_id)} == {on_person, on_account}
    assert {a.item.id for a in await open_asks_about(store, meeting_id=review.id,
                                                       account_id=review.account_id)} == {on_person, on_account,
                                                                                           on_meeting}
    assert [a.account_tier for a in await open_asks_about(store, lead_id=grace.id)] == [1]
    assert await open_asks_about(store) == []
