"""The demo event: promised contents, a live-looking show, determinism, and never overwriting a real event."""

from __future__ import annotations

import random
import re
import uuid
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from eventdesk.demo import build_demo, demo_path, id_maker
from eventdesk.domain.conflicts import find_conflicts
from eventdesk.domain.contact import email_key, normalise_email, normalise_phone
from eventdesk.domain.models import FOLLOWUP_ACTIONS
from eventdesk.domain.times import from_stored, to_stored
from eventdesk.store.accounts import list_accounts
from eventdesk.store.db import Store, open_store
from eventdesk.store.errors import StoreError
from eventdesk.store.event import load_settings
from eventdesk.store.leads import search_leads
from eventdesk.store.meetings import list_meetings
from eventdesk.store.reps import list_reps

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 11, 14, 30, tzinfo=BERLIN)   # day 2 of the demo show, mid-afternoon
SAMPLE_REPS = {"dana.reyes@example-vendor.com", "marco.bianchi@example-vendor.com", "li.wei@example-vendor.com",
               "sofia.andersson@example-vendor.com"}
SAMPLE_ACCOUNTS = {"Tidewell Health", "Brightwave Energy", "Corvexa", "Hanse Robotics GmbH", "Stackline Analytics"}


@pytest.fixture
async def demo(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "demo.db"
    return path, await build_demo(path, leads=300, now=NOW)


async def count(store: Store, sql: str, *params: object) -> int:
    return int(await store.scalar(sql, params))


async def counts(store: Store, sql: str) -> Counter[str]:
    """A `SELECT key, count(*) ... GROUP BY key` as a Counter."""
    return Counter({str(key): int(n) for key, n in await store.all(sql)})


async def test_summary_and_people(demo: tuple[Path, str]) -> None:
    path, summary = demo
    async with await open_store(path, readonly=True) as store:
        followups = await count(store, "SELECT count(*) FROM followups")
        assert summary == f"300 leads, 6 reps, 40 accounts, 30 meetings, {followups} follow-ups"
        reps = await list_reps(store)
        assert Counter(r.role for r in reps) == {"sales": 4, "marketing": 2}
        assert SAMPLE_REPS <= {r.email for r in reps}
        accounts = await list_accounts(store)
        assert Counter(a.tier for a in accounts) == {1: 8, 2: 12, 3: 20}
        assert SAMPLE_ACCOUNTS <= {a.name for a in accounts}
        sales = {r.id for r in reps if r.role == "sales"}
        assert all(a.owner_rep_id in sales and 1 <= len(a.domains) <= 2 for a in accounts)
        attendees = {r[0] for r in await store.all("SELECT badge_id FROM attendees")}
        assert len(attendees) == 600 and {f"EXPO26-00041{n}" for n in (7, 8, 9)} <= attendees
        assert await store.scalar("SELECT value FROM meta WHERE key = 'demo'") == "1"
        assert await store.scalar("PRAGMA integrity_check") == "ok"


async def test_the_show_is_running(demo: tuple[Path, str]) -> None:
    path, _ = demo
    async with await open_store(path, readonly=True) as store:
        settings = await load_settings(store)
        assert settings.name == "Logistics Tech Expo 2026" and settings.timezone == "Europe/Berlin"
        assert settings.start == NOW.date() - timedelta(days=1) and settings.end == NOW.date() + timedelta(days=1)
        assert settings.open_hours == (9, 18)
        assert settings.utm == {"utm_source": "booth-qr", "utm_medium": "event", "utm_campaign": "expo26"}
        assert [q.key for q in settings.questions] == ["timeline", "fleet_size"]
        assert settings.goals["leads"] == 400 and settings.followup_deadline_hours["hot"] == 24
        assert settings.stages == ("new", "MQL", "SQL", "SAL", "disqualified")
        first, last = tuple(await store.one("SELECT min(captured_at), max(captured_at) FROM leads") or ())
        assert first >= to_stored(datetime(2026, 3, 10, 9, tzinfo=BERLIN)) and last <= to_stored(NOW)
        for (at,) in await store.all("SELECT captured_at FROM leads UNION ALL SELECT at FROM touches"):
            local = from_stored(at).astimezone(BERLIN)
            assert at <= to_stored(NOW) and 9 <= local.hour < 18, at


async def test_leads(demo: tuple[Path, str]) -> None:
    path, _ = demo
    async with await open_store(path, readonly=True) as store:
        settings = await load_settings(store)
        assert await count(store, "SELECT count(*) FROM leads WHERE deleted = 0") == 300
        ratings = await counts(store, "SELECT rating, count(*) FROM leads GROUP BY rating")
        assert set(ratings) == {"hot", "warm", "cold", "unrated"} and 15 <= ratings["hot"] <= 75
        assert set(await counts(store, "SELECT stage, count(*) FROM leads GROUP BY stage")) <= set(settings.stages)
        targeted = await count(store, "SELECT count(*) FROM leads WHERE account_id IS NOT NULL")
        assert 20 <= targeted <= 80
        assert await count(store, "SELECT count(*) FROM leads l JOIN accounts a ON a.id = l.account_id "
                                  "WHERE l.rep_id IS NOT a.owner_rep_id") == 0
        consent = await count(store, "SELECT count(*) FROM leads WHERE consent = 1 AND consent_text = ? "
                                     "AND consent_at = captured_at AND consent_by IS NOT NULL", settings.consent_text)
        assert 150 <= consent <= 260
        assert 1 <= await count(store, "SELECT count(*) FROM leads WHERE email IS NULL") <= 20
        for email, key, phone in await store.all("SELECT email, email_key, phone FROM leads"):
            # The demo stores generated addresses as their own key: the real rule must agree.
            assert key == email_key(email) and (email is None or email == normalise_email(email))
            assert phone is None or (re.fullmatch(r"\+[1-9]\d{7,14}", phone) and normalise_phone(phone) == phone)
        assert await count(store, "SELECT count(DISTINCT email_key) FROM leads") == await count(
            store, "SELECT count(*) FROM leads WHERE email_key IS NOT NULL")
        touches = await counts(store, "SELECT lead_id, count(*) FROM touches GROUP BY lead_id")
        assert len(touches) == 300 and set(touches.values()) <= {1, 2, 3}
        assert 80 <= await count(store, "SELECT count(DISTINCT lead_id) FROM answers") <= 220
        grace = await search_leads(store, "Grace Osei")    # the full-text index is filled too
        assert [lead.email for lead in grace] == ["grace.osei@tidewell.health"]
        assert grace[0].account_name == "Tidewell Health" and grace[0].rating == "hot"


async def test_meetings(demo: tuple[Path, str]) -> None:
    path, _ = demo
    async with await open_store(path, readonly=True) as store:
        meetings = await list_meetings(store)
        assert len(meetings) == 30
        conflicts = find_conflicts(meetings)
        assert 2 <= len(conflicts) <= 3 and {c.reason for c in conflicts} == {"same rep", "same room"}
        days = {NOW.date() + timedelta(days=d) for d in (-1, 0, 1)}
        now = to_stored(NOW)
        for m in meetings:
            start, end = from_stored(m.start).astimezone(BERLIN), from_stored(m.end).astimezone(BERLIN)
            assert start.date() in days and start.hour >= 9 and (end.hour, end.minute) <= (18, 0)
            if m.end <= now:
                assert m.status in ("done", "no-show") and m.outcome
            elif m.start > now:
                assert m.status in ("scheduled", "cancelled")
        statuses = Counter(m.status for m in meetings)
        assert statuses["done"] >= 5 and statuses["no-show"] >= 1 and statuses["scheduled"] >= 5
        assert sum(bool(m.lead_id or m.account_id) for m in meetings) >= 20
        assert "Tidewell platform review" in {m.title for m in meetings}


async def test_followups_and_scans(demo: tuple[Path, str]) -> None:
    path, _ = demo
    async with await open_store(path, readonly=True) as store:
        assert await count(store, "SELECT count(*) FROM leads WHERE rating = 'hot' AND id NOT IN "
                                  "(SELECT lead_id FROM followups WHERE lead_id IS NOT NULL)") == 0
        for captured, due in await store.all("SELECT l.captured_at, f.due FROM leads l JOIN followups f "
                                             "ON f.lead_id = l.id WHERE l.rating = 'hot' AND f.origin = 'rating'"):
            assert from_stored(due) - from_stored(captured) == timedelta(hours=24)
        assert await count(store, "SELECT count(*) FROM followups WHERE kind = 'followup' AND status = 'open' "
                                  "AND due < ?", to_stored(NOW)) >= 1
        assert await count(store, "SELECT count(*) FROM followups WHERE status = 'done'") >= 1
        actions = {r[0] for r in await store.all("SELECT DISTINCT action FROM followups")}
        assert actions <= set(FOLLOWUP_ACTIONS) and len(actions) >= 3
        marketing = {r.id for r in await list_reps(store) if r.role == "marketing"}
        creators = {r[0] for r in await store.all("SELECT created_by FROM followups WHERE origin = 'rating'")}
        assert creators <= marketing
        assert 3 <= await count(store, "SELECT count(*) FROM followups WHERE kind = 'ask'") <= 10
        outcomes = await counts(store, "SELECT outcome, count(*) FROM scans GROUP BY outcome")
        assert sum(outcomes.values()) == 20 and outcomes["unmatched"] == 2 and outcomes["refused"] == 1
        assert await count(store, "SELECT count(*) FROM touches WHERE scan_id IS NOT NULL") == 17


async def test_same_seed_same_event(tmp_path: Path) -> None:
    async def people(path: Path, seed: int) -> list[tuple[str, ...]]:
        await build_demo(path, leads=120, seed=seed, now=NOW)
        async with await open_store(path, readonly=True) as store:
            rows = await store.all("SELECT first_name, last_name, email, rating FROM leads ORDER BY captured_at, id")
            return [tuple(r) for r in rows]

    first = await people(tmp_path / "a.db", 7)
    assert first == await people(tmp_path / "b.db", 7)
    assert first != await people(tmp_path / "c.db", 8)


async def test_rebuilds_over_an_earlier_demo(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    await build_demo(path, leads=40, now=NOW)
    assert (await build_demo(path, leads=25, now=NOW)).startswith("25 leads, ")
    async with await open_store(path) as store:
        assert await count(store, "SELECT count(*) FROM leads") == 25
        assert await count(store, "SELECT count(*) FROM event") == 1
        await store.conn.execute("INSERT INTO leads_fts(leads_fts, rank) VALUES ('integrity-check', 1)")


async def test_refuses_to_overwrite_a_real_event(tmp_path: Path) -> None:
    path = tmp_path / "event.db"
    async with await open_store(path) as store, store.write("meta") as conn:
        await conn.execute("INSERT INTO meta(key, value) VALUES ('note', 'real')")
    with pytest.raises(StoreError, match="holds a real event; demo will not overwrite it"):
        await build_demo(path, leads=10, now=NOW)
    async with await open_store(path, readonly=True) as store:
        assert await store.scalar("SELECT value FROM meta WHERE key = 'note'") == "real"
    other = tmp_path / "notes.txt"
    other.write_text("not an event")
    with pytest.raises(StoreError, match="is not an eventdesk demo file; demo will not overwrite it"):
        await build_demo(other, leads=10, now=NOW)
    assert other.read_text() == "not an event"


async def test_tiny_demos(tmp_path: Path) -> None:
    for leads in (0, 3):
        summary = await build_demo(tmp_path / f"tiny{leads}.db", leads=leads, now=NOW)
        assert summary.startswith(f"{leads} leads, 6 reps, 40 accounts, 30 meetings, ")


async def test_before_the_doors_open_on_day_two(tmp_path: Path) -> None:
    early = datetime(2026, 3, 11, 7, 45, tzinfo=BERLIN)
    path = tmp_path / "early.db"
    await build_demo(path, leads=50, now=early)
    async with await open_store(path, readonly=True) as store:
        assert (await load_settings(store)).start == early.date() - timedelta(days=1)
        assert await store.scalar("SELECT max(at) FROM touches") < to_stored(datetime(2026, 3, 10, 18, tzinfo=BERLIN))


def test_ids_are_v4_uuids_from_the_seed() -> None:
    expected = [str(uuid.UUID(int=r.getrandbits(128), version=4)) for r in [random.Random(5)] for _ in range(50)]
    make = id_maker(random.Random(5))
    assert [make() for _ in range(50)] == expected


def test_demo_path() -> None:
    from platformdirs import user_data_dir

    assert demo_path() == Path(user_data_dir("eventdesk", appauthor=False)) / "demo.db"
