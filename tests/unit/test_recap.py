"""The daily recap's numbers on a known file with a frozen clock, and its Markdown.

The sample show runs 10 to 12 March 2026 in Berlin (UTC+1), open 9:00 to 18:00. Two scans sit
half an hour after local midnight, so they test that "the day" is the event's local day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from eventdesk.capture.qualify import rate_lead
from eventdesk.capture.service import CaptureService
from eventdesk.handoff.recap import build_recap
from eventdesk.handoff.recap_md import render_markdown
from eventdesk.store.asks import raise_ask
from eventdesk.store.db import Store, open_store
from eventdesk.store.event import load_settings
from eventdesk.store.leads import update_lead
from eventdesk.store.meetings import list_meetings, log_outcome
from eventdesk.store.reps import rep_id
from tests.ui.conftest import build_sample_event

DANA, MARCO, LI, SOFIA = (rep_id(f"{n}@example-vendor.com") for n in ("dana.reyes", "marco.bianchi", "li.wei",
                                                                       "sofia.andersson"))
NOW = datetime(2026, 3, 11, 10, 0, tzinfo=UTC)   # 11:00 in Berlin on day two


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


async def known_show(path: Path, samples: Path) -> Path:
    await build_sample_event(path, samples)
    async with await open_store(path) as store:
        settings = await load_settings(store)
        moment = [NOW]
        service = CaptureService(store, settings, now=lambda: moment[0])

        async def scan(payload: str, at: str, by: str, rating: str | None = None, stage: str | None = None) -> None:
            moment[0] = utc(at)
            lead = (await service.capture(payload, by)).lead
            assert lead is not None
            if rating:
                await rate_lead(store, settings, lead.id, rating, by, now=utc(at))
            if stage:
                await update_lead(store, lead.id, stage=stage)

        await scan("early.bird@example.org", "2026-03-09T23:30:00", DANA)          # 00:30 on day one
        await scan("grace.osei@tidewell.health", "2026-03-10T09:05:00", DANA, "hot", "MQL")
        await scan("chidi.okafor@brightwave.io", "2026-03-10T09:40:00", MARCO, "warm")
        await scan("noor@stackline.ai", "2026-03-10T13:00:00", LI, "cold")           # a tier-3 account
        await scan("late.owl@example.org", "2026-03-10T23:30:00", LI)              # 00:30 on day two
        meetings = {m.title: m for m in await list_meetings(store)}
        await log_outcome(store, meetings["Tidewell platform review"].id, "done", "Pilot | in Q3")
        await log_outcome(store, meetings["Brightwave pricing"].id, "no-show")
        await raise_ask(store, asked_of=DANA, asked_by=SOFIA, text="Bring the SOC 2 report for Brightwave",
                        due="2026-03-11T08:00:00.000+00:00")
    return path


@pytest.fixture
async def store(tmp_path: Path, samples: Path):  # type: ignore[no-untyped-def]
    async with await open_store(await known_show(tmp_path / "recap.db", samples)) as opened:
        yield opened


async def test_day_one(store: Store) -> None:
    recap = await build_recap(store, await load_settings(store), date(2026, 3, 10), NOW)
    assert (recap.day_number, recap.show_days, f"{recap.as_of:%d %H:%M}") == (1, 3, "11 00:00")
    assert round(recap.open_share, 4) == round(9 / 27, 4)           # all of day one's open hours
    assert [(g.label, g.actual, g.today, g.goal, g.expected, g.pace) for g in recap.goals] == [
        ("Leads", 4, 4, 400, 133, "behind by 129"), ("Hot leads", 1, 1, 60, 20, "behind by 19"),
        ("Meetings held", 1, 1, 45, 15, "behind by 14"), ("Tier-1 accounts reached", 2, 2, 12, 4, "behind by 2")]
    assert recap.ratings == [("hot", 1, 1), ("warm", 1, 1), ("cold", 1, 1), ("unrated", 1, 1)]
    assert [(s, n, total) for s, _, n, total in recap.stages] == [
        ("new", 3, 3), ("MQL", 1, 1), ("SQL", 0, 0), ("SAL", 0, 0), ("disqualified", 0, 0)]
    assert recap.stages[1][1].startswith("marketing qualified")      # the shared definition goes with it
    assert [(a.name, a.tier, a.owner, a.leads, a.leads_today, a.meetings_held, a.reached) for a in recap.accounts] == [
        ("Brightwave Energy", 1, "Marco Bianchi", 1, 1, 0, True), ("Tidewell Health", 1, "Dana Reyes", 1, 1, 1, True),
        ("Corvexa", 2, "Dana Reyes", 0, 0, 0, False), ("Hanse Robotics GmbH", 2, "Marco Bianchi", 0, 0, 0, False)]
    assert [a.name for a in recap.not_reached] == ["Corvexa", "Hanse Robotics GmbH"]
    assert [(f"{m.start:%H:%M}", m.title, m.status, m.outcome) for m in recap.meetings] == [
        ("10:00", "Tidewell platform review", "done", "Pilot | in Q3"),
        ("10:15", "Brightwave pricing", "no-show", ""), ("10:20", "Corvexa intro", "scheduled", "")]
    assert (recap.held, recap.no_shows) == (1, 1)
    reps = {r.name: (r.leads_today, r.hot_owned, r.meetings_held, r.no_shows, r.open_followups,
                     r.overdue_followups, r.open_asks) for r in recap.reps}
    assert reps == {"Dana Reyes": (2, 1, 1, 0, 1, 1, 1), "Marco Bianchi": (1, 0, 0, 1, 1, 0, 0),
                    "Li Wei": (1, 0, 0, 0, 1, 0, 0), "Sofia Andersson": (0, 0, 0, 0, 0, 0, 0)}
    # At NOW the hot lead's 24-hour deadline (09:05 + 24 h) and the ask's due time have both passed.
    assert (recap.open_followups, recap.overdue_followups, recap.open_asks, recap.overdue_asks) == (3, 1, 1, 1)
    assert [(t.kind, t.owner, t.asked_by, t.about, t.overdue) for t in recap.tasks] == [
        ("ask", "Dana Reyes", "Sofia Andersson", "", True),
        ("follow-up", "Dana Reyes", "", "Tidewell Health", True)]


async def test_day_two_counts_the_local_day_and_runs_to_now(store: Store) -> None:
    recap = await build_recap(store, await load_settings(store), date(2026, 3, 11), NOW)
    assert (recap.day_number, f"{recap.as_of:%d %H:%M}") == (2, "11 11:00")
    assert [(g.actual, g.today, g.expected) for g in recap.goals] == [(5, 1, 163), (1, 0, 24), (1, 0, 18), (2, 0, 5)]
    assert recap.ratings[-1] == ("unrated", 1, 2)                   # the late owl belongs to day two
    assert recap.meetings == [] and {r.name: r.leads_today for r in recap.reps}["Li Wei"] == 1


async def test_markdown_has_every_table(store: Store) -> None:
    text = render_markdown(await build_recap(store, await load_settings(store), date(2026, 3, 10), NOW))
    assert text.startswith("# Logistics Tech Expo 2026: daily recap, Tuesday 10 March 2026 (day 1 of 3)")
    for heading in ("## Goals", "## Leads by rating", "## Leads by stage (the shared definitions)",
                    "## Target accounts (tier 1 and 2): 2 reached, 2 not yet",
                    "## Meetings that day: 1 held, 1 no-shows", "## Per rep",
                    "## Follow-ups and asks: 3 follow-ups open (1 overdue), 1 asks open (1 overdue)"):
        assert heading in text
    assert "| Leads | 4 | 4 | 400 | 133 | behind by 129 |" in text
    row = "| 10:00 | Tidewell platform review | Dana Reyes | Tidewell Health | Booth table 1 | done | Pilot \\| in Q3 |"
    assert row in text                                                # a '|' in a note stays in its cell
    assert "| Corvexa | 2 | Dana Reyes | 0 | 0 | 0 | NO |" in text
