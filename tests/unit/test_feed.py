"""The activity feed on a known file: its order, each filter, paging, and the same story after a merge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from eventdesk.capture.qualify import rate_lead
from eventdesk.capture.service import CaptureService
from eventdesk.domain.hlc import HybridClock
from eventdesk.handoff.merge import merge_files
from eventdesk.store.accounts import list_accounts
from eventdesk.store.asks import answer_ask, raise_ask
from eventdesk.store.db import Store, open_store
from eventdesk.store.event import load_settings
from eventdesk.store.feed import FeedFilter, feed_page
from eventdesk.store.followups import NewFollowUp, add_followup, add_followup_in
from eventdesk.store.meetings import list_meetings, log_outcome
from eventdesk.store.reps import rep_id
from tests.ui.conftest import build_sample_event

DANA, MARCO, LI, SOFIA = (rep_id(f"{n}@example-vendor.com") for n in ("dana.reyes", "marco.bianchi", "li.wei",
                                                                       "sofia.andersson"))


class ShowClock:
    """One clock for the test's laptops: every step happens at a known minute of the show. The show is
    tomorrow: change stamps only move forward, and setting the files up stamped them with today's time."""

    def __init__(self) -> None:
        self.at = (datetime.now(UTC) + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)

    def step(self, hh_mm: str) -> None:
        hours, minutes = map(int, hh_mm.split(":"))
        self.at = self.at.replace(hour=hours - 1, minute=minutes)  # Berlin (UTC+1) wall time to UTC

    def now(self) -> datetime:
        return self.at


async def laptop(path: Path, samples: Path, clock: ShowClock) -> tuple[Store, CaptureService]:
    await build_sample_event(path, samples)
    store = await open_store(path)
    store.clock = HybridClock(store.device, wall_ms=lambda: int(clock.at.timestamp() * 1000), last=store.clock.last)
    return store, CaptureService(store, await load_settings(store), now=clock.now)


def shown(items) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(datetime.fromisoformat(i.at).astimezone(timezone(timedelta(hours=1))).strftime("%H:%M"), i.kind, i.text)
            for i in items]


async def booth_day(store: Store, service: CaptureService, clock: ShowClock) -> None:
    clock.step("10:00")
    grace = (await service.capture("grace.osei@tidewell.health", DANA)).lead
    clock.step("10:05")
    await service.capture("walk.in@example.org", DANA)           # nobody from a target account: no event
    clock.step("10:10")
    assert grace is not None
    await rate_lead(store, service.settings, grace.id, "hot", DANA, now=clock.at)
    clock.step("10:20")
    review = next(m for m in await list_meetings(store) if m.title == "Tidewell platform review")
    await log_outcome(store, review.id, "done", "Wants a pilot in Q3")
    clock.step("10:30")
    brightwave = next(a for a in await list_accounts(store) if a.name == "Brightwave Energy")
    ask = await raise_ask(store, asked_of=MARCO, asked_by=SOFIA, text="Invite their CTO to the dinner",
                          account_id=brightwave.id)
    clock.step("10:40")
    await answer_ask(store, ask, "done", "She is coming")
    clock.step("10:50")
    await add_followup(store, NewFollowUp(rep_id=LI, action="email", lead_id=grace.id, created_by=DANA,
                                          note="Send the pilot terms"))
    clock.step("10:55")
    await service.capture("jan.kowalski@corvexa.com", LI)       # tier 2
    clock.step("11:00")
    await service.capture("chidi.okafor@brightwave.io", MARCO)


STORY = [
    ("11:00", "target", "Scanned chidi.okafor@brightwave.io, tier 1 account Brightwave Energy"),
    ("10:55", "target", "Scanned jan.kowalski@corvexa.com, tier 2 account Corvexa"),
    ("10:50", "followup", "Follow-up (email) for Li Wei about grace.osei@tidewell.health: Send the pilot terms"),
    ("10:40", "ask", "Sofia Andersson asked Marco Bianchi on Brightwave Energy: Invite their CTO to the dinner "
                     "[done, reply: She is coming]"),
    ("10:20", "meeting", "Meeting 'Tidewell platform review' held: Wants a pilot in Q3"),
    ("10:10", "hot", "grace.osei@tidewell.health rated hot"),
    ("10:00", "target", "Scanned grace.osei@tidewell.health, tier 1 account Tidewell Health"),
]


async def test_order_filters_and_pages(tmp_path: Path, samples: Path) -> None:
    clock = ShowClock()
    store, service = await laptop(tmp_path / "booth.db", samples, clock)
    try:
        await booth_day(store, service, clock)
        assert shown(await feed_page(store)) == STORY
        tidewell = next(a for a in await list_accounts(store) if a.name == "Tidewell Health")
        assert [s[0] for s in shown(await feed_page(store, FeedFilter(account_id=tidewell.id)))] == [
            "10:50", "10:20", "10:10", "10:00"]
        assert [s[0] for s in shown(await feed_page(store, FeedFilter(rep_id=MARCO)))] == ["11:00", "10:40"]
        assert [s[0] for s in shown(await feed_page(store, FeedFilter(rep_id=SOFIA)))] == ["10:40"]  # she asked
        assert [s[0] for s in shown(await feed_page(store, FeedFilter(tier=2)))] == ["10:55"]
        assert len(await feed_page(store, FeedFilter(tier=1))) == 6
        assert [s[1] for s in shown(await feed_page(store, FeedFilter(kinds=("meeting", "ask"))))] == [
            "ask", "meeting"]
        assert shown(await feed_page(store, FeedFilter(kinds=("followup",)))) == [STORY[2]]
        pages, before = [], None
        while page := await feed_page(store, limit=3, before=before):
            pages.append(page)
            before = page[-1].cursor
        assert [len(p) for p in pages] == [3, 3, 1] and shown([i for p in pages for i in p]) == STORY
    finally:
        await store.close()


async def test_the_same_story_after_a_merge(tmp_path: Path, samples: Path) -> None:
    clock = ShowClock()
    booth, service = await laptop(tmp_path / "booth.db", samples, clock)
    other, other_service = await laptop(tmp_path / "laptop2.db", samples, clock)
    try:
        await booth_day(booth, service, clock)
        clock.step("10:45")
        await other_service.capture("noor.haddad@brightwave.io", LI)
        clock.step("11:05")
        pricing = next(m for m in await list_meetings(other) if m.title == "Brightwave pricing")
        await log_outcome(other, pricing.id, "no-show")
        await other.close()
        await merge_files(booth, [tmp_path / "laptop2.db"])
        merged = shown(await feed_page(booth))
        assert merged == [("11:05", "meeting", "Meeting 'Brightwave pricing' no-show"), *STORY[:3],
                          ("10:45", "target", "Scanned noor.haddad@brightwave.io, tier 1 account Brightwave Energy"),
                          *STORY[3:]]
        await merge_files(booth, [tmp_path / "laptop2.db"])       # again: nothing doubled
        assert shown(await feed_page(booth)) == merged
    finally:
        await booth.close()


async def test_paging_through_a_crowd_of_events_in_one_millisecond(tmp_path: Path, samples: Path) -> None:
    """A bulk write (a merge, a bulk assign, the demo) stamps hundreds of rows in the same millisecond, and two
    scanners can record touches at the same time: every page turn must go on exactly where the last one ended."""
    clock = ShowClock()
    store, service = await laptop(tmp_path / "booth.db", samples, clock)
    try:
        clock.step("12:00")
        for email in ("grace.osei@tidewell.health", "chidi.okafor@brightwave.io", "noor.haddad@brightwave.io"):
            await service.capture(email, DANA)                   # three target scans, all at 12:00:00.000
        async with store.write("followups") as conn:             # one transaction, one millisecond
            crowd = {await add_followup_in(conn, store, NewFollowUp(rep_id=LI, action="email", note=f"n{n}"))
                     for n in range(130)}
        everything = await feed_page(store, limit=1000)
        assert len(everything) == 133 and {i.id for i in everything} >= crowd
        for limit in (1, 7, 50):
            seen, before = [], None
            while page := await feed_page(store, limit=limit, before=before):
                seen += page
                before = page[-1].cursor
            assert seen == everything, limit                     # nothing skipped, nothing twice, same order
    finally:
        await store.close()
