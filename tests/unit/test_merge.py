"""Merging laptops' files: same person joined, LWW and tombstones, refusals, and the property test.

The property test plays random booth work (scans of overlapping people, ratings, notes, answers,
follow-ups, undone scans) over 2-4 laptop files and, at the same time, on one reference file that saw
everything. Merging the laptop files in any order, into a fresh file, into one of them, or through a
chain of files, and merging again, must always give the same content, and the reference's people,
touches, answers and follow-ups.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import shutil
import sqlite3
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventdesk.domain.contact import email_key
from eventdesk.domain.hlc import HybridClock
from eventdesk.domain.ratings import hottest
from eventdesk.domain.settings import EventSettings, Question
from eventdesk.domain.times import to_stored
from eventdesk.handoff.merge import MergeError, merge_files
from eventdesk.store.db import Store, open_store
from eventdesk.store.event import save_settings
from eventdesk.store.followups import NewFollowUp, add_followup, set_followup_status
from eventdesk.store.leads import (
    NewLead,
    add_touch_in,
    find_person_in,
    insert_lead_in,
    set_answer,
    tombstone_lead,
    update_lead,
)
from eventdesk.store.reps import rep_id, save_reps
from eventdesk.store.rows import update_fields
from eventdesk.store.schema import SCHEMA_VERSION, SYNCED_TABLES

T0 = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
SETTINGS = EventSettings(name="Merge Expo", timezone="Europe/Berlin", questions=(
    Question("timeline", "Buying timeline?", ("this quarter", "this year", "later")),
    Question("fleet_size", "Fleet size", ("<50", "50-500", ">500")),
))
REPS = [(f"Rep {n}", f"rep{n}@example-vendor.com", "sales") for n in range(4)]
PEOPLE = [
    {"badge_id": "EXPO-001", "first_name": "Grace", "last_name": "Osei", "email": "grace.osei@tidewell.health",
     "company": "Tidewell Health", "title": "Director of IT", "phone": "+442079460958"},
    {"badge_id": "EXPO-002", "first_name": "Jonas", "last_name": "Meyer", "email": "jonas.meyer@kraftwerk-it.de",
     "company": "Kraftwerk IT GmbH", "title": "IT-Leiter", "phone": "+4930901820"},
    {"badge_id": "EXPO-003", "first_name": "Zoë", "last_name": "Ünal", "email": "zoe@sakura-mfg.jp",
     "company": "Sakura Manufacturing", "title": "Plant Manager", "phone": None},
    {"badge_id": "EXPO-004", "first_name": "Siobhan", "last_name": "O'Brien", "email": "siobhan@celticwave.ie",
     "company": "Celtic Wave, Ltd.", "title": "CEO", "phone": "+35315550100"},
    {"badge_id": "EXPO-005", "first_name": "Chidi", "last_name": "Okafor", "email": "chidi.okafor@brightwave.io",
     "company": "Brightwave Energy", "title": "VP Ops", "phone": None},
]
# What a scan of the person carries: the whole badge, a MECARD-like subset, or a bare email (as typed).
VARIANTS = {
    "full": lambda p: dict(p),
    "contact": lambda p: {**p, "title": None, "phone": None},
    "email": lambda p: {"email": p["email"].upper()},
}
FIELDS = ("badge_id", "first_name", "last_name", "email", "company", "title", "phone")


def shared_clock(store: Store, wall: itertools.count) -> None:
    """Every store's HLC reads one counter: stamps follow the order the test performs the edits."""
    store.clock = HybridClock(store.device, wall_ms=lambda: next(wall), last=store.clock.last)


async def new_event(path: Path, wall: itertools.count | None = None) -> Store:
    store = await open_store(path)
    await store.conn.execute("PRAGMA synchronous = OFF")  # test speed; durability is tested elsewhere
    if wall is not None:
        shared_clock(store, wall)
    await save_settings(store, SETTINGS)
    await save_reps(store, REPS)
    return store


async def scan(store: Store, person: dict[str, Any], at: str, staff: str | None,
               fill: bool = True) -> tuple[str, str, str]:
    """What the capture service does with a parsed badge: a new lead, or a touch (filling empty fields).

    A scan about to be undone fills nothing: an undone scan must leave no trace in either world (the
    laptop's undone lead is a tombstone whose fields are gone).
    """
    key = email_key(person.get("email"))
    async with store.write("leads", "touches") as conn:
        lead_id = await find_person_in(conn, person.get("badge_id"), key)
        if lead_id is None:
            lead_id = await insert_lead_in(conn, store, NewLead(
                captured_at=at, captured_by=staff, rep_id=staff, email_key=key,
                **{f: person.get(f) for f in FIELDS}))
            outcome = "new"
        else:
            rows = await conn.execute_fetchall(f"SELECT {', '.join(FIELDS)} FROM leads WHERE id = ?", (lead_id,))
            gaps = {f: person[f] for f, v in zip(FIELDS, rows[0], strict=True) if not v and person.get(f)}
            if "email" in gaps:
                gaps["email_key"] = key
            if gaps and fill:
                await update_fields(conn, "leads", lead_id, store.stamp(), **gaps)
            outcome = "touch"
        touch = await add_touch_in(conn, store, lead_id, at, staff)
    return outcome, lead_id, touch


async def undo(store: Store, outcome: str, lead_id: str, touch_id: str) -> None:
    if outcome == "new":
        await tombstone_lead(store, lead_id)
    else:
        async with store.write("touches") as conn:
            await update_fields(conn, "touches", touch_id, store.stamp(), deleted=1)


async def live_lead(store: Store, person: dict[str, Any]) -> str | None:
    return await find_person_in(store.conn, person["badge_id"], email_key(person["email"]))


@dataclass(frozen=True)
class Op:
    laptop: int
    kind: str
    person: int
    arg: int


async def perform(op: Op, index: int, laptop: Store, ref: Store) -> None:
    person = PEOPLE[op.person]
    at = to_stored(T0 + timedelta(seconds=index))
    staff = rep_id(REPS[op.laptop][1])
    if op.kind in ("scan", "undo"):
        seen = VARIANTS[list(VARIANTS)[op.arg % 3]](person)
        fill = op.kind == "scan"
        done = [await scan(laptop, seen, at, staff, fill), await scan(ref, seen, at, staff, fill)]
        if op.kind == "undo":
            await undo(laptop, *done[0])
            await undo(ref, *done[1])
        return
    lead = await live_lead(laptop, person)
    if lead is None:
        return   # this laptop has not met the person: nothing to edit
    ref_lead = await live_lead(ref, person)
    assert ref_lead is not None
    for store, target in ((laptop, lead), (ref, ref_lead)):
        if op.kind == "rate":   # ratings only go up here: a merge keeps the hottest (DESIGN §6)
            current = await store.scalar("SELECT rating FROM leads WHERE id = ?", (target,))
            await update_lead(store, target, rating=hottest(current, ("hot", "warm", "cold")[op.arg % 3]))
        elif op.kind == "note":
            notes = await store.scalar("SELECT notes FROM leads WHERE id = ?", (target,))
            await update_lead(store, target, notes="\n".join(p for p in (notes, f"note {index}") if p))
        elif op.kind == "answer":
            question = SETTINGS.questions[op.arg % 2]
            await set_answer(store, target, question.key, None if op.arg >= 8 else question.choices[op.arg % 3])
        elif op.kind == "followup":
            await add_followup(store, NewFollowUp(rep_id=staff, lead_id=target, action=("call", "email")[op.arg % 2],
                                                  due=to_stored(T0 + timedelta(days=1, minutes=index)),
                                                  note=f"fu {index}", created_by=staff))
        elif op.kind == "status":
            mine = await laptop.scalar("SELECT note FROM followups WHERE rep_id = ? AND lead_id = ? "
                                       "ORDER BY rowid DESC LIMIT 1", (staff, lead))
            if mine:
                followup = await store.scalar("SELECT id FROM followups WHERE note = ?", (mine,))
                await set_followup_status(store, followup, ("done", "dropped", "open")[op.arg % 3])


def dump(path: Path) -> dict[str, Any]:
    """Everything but device-local meta: live rows in full, and which ids are tombstones."""
    with sqlite3.connect(path) as conn:
        out: dict[str, Any] = {}
        for table in SYNCED_TABLES:
            out[table] = sorted(conn.execute(f"SELECT * FROM {table} WHERE deleted = 0").fetchall())
            out[f"{table} deleted"] = sorted(r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE deleted = 1"))
        out["attendees"] = sorted(conn.execute("SELECT * FROM attendees").fetchall())
        out["account_domains"] = sorted(conn.execute("SELECT * FROM account_domains").fetchall())
    return out


def people_view(path: Path) -> dict[str, Any]:
    """What 'the same leads, touches and follow-ups' means, independent of ids."""
    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        who: dict[str, int] = {}
        leads = {}
        for row in conn.execute("SELECT * FROM leads WHERE deleted = 0"):
            person = next(i for i, p in enumerate(PEOPLE)
                          if p["badge_id"] == row["badge_id"] or email_key(p["email"]) == row["email_key"])
            assert person not in leads, f"person {person} appears as two leads"
            who[row["id"]] = person
            leads[person] = ({f: row[f] for f in FIELDS}, row["rating"], frozenset(row["notes"].split("\n")) - {""},
                             row["captured_at"], row["email_key"])
        touches = Counter((who.get(r["lead_id"]), r["at"], r["staff_rep_id"])
                          for r in conn.execute("SELECT * FROM touches WHERE deleted = 0"))
        followups = Counter((who.get(r["lead_id"]), r["action"], r["due"], r["status"], r["note"])
                            for r in conn.execute("SELECT * FROM followups WHERE deleted = 0"))
        answers = {(who.get(r["lead_id"]), r["question_key"]): r["answer"]
                   for r in conn.execute("SELECT * FROM answers WHERE deleted = 0")}
    return {"leads": leads, "touches": touches, "followups": followups, "answers": answers}


async def merged(target: Path, sources: list[Path], *, one_by_one: bool = False) -> None:
    async with await open_store(target) as store:
        await store.conn.execute("PRAGMA synchronous = OFF")
        if one_by_one:
            for source in sources:
                await merge_files(store, [source])
        else:
            await merge_files(store, sources)


async def play(folder: Path, files: int, ops: list[Op], orders: list[list[int]]) -> None:
    wall = itertools.count(1_800_000_000_000)
    laptops = [await new_event(folder / f"laptop{n}.db", wall) for n in range(files)]
    ref = await new_event(folder / "reference.db", wall)
    for index, op in enumerate(ops):
        await perform(Op(op.laptop % files, op.kind, op.person, op.arg), index, laptops[op.laptop % files], ref)
    for store in (*laptops, ref):
        await store.close()
    paths = [folder / f"laptop{n}.db" for n in range(files)]
    first, second, third = orders

    fresh = folder / "fresh.db"
    await merged(fresh, [paths[i] for i in first])
    expected = dump(fresh)
    assert people_view(fresh) == people_view(folder / "reference.db")

    into_one = folder / "into-one.db"                       # into a copy of one laptop's file, one at a time
    shutil.copyfile(paths[second[0]], into_one)
    await merged(into_one, [paths[i] for i in second[1:]], one_by_one=True)
    assert dump(into_one) == expected

    chain = folder / "chain-0.db"                           # laptop to laptop: each merged file merged onward
    shutil.copyfile(paths[third[0]], chain)
    for step, index in enumerate(third[1:], 1):
        target = folder / f"chain-{step}.db"
        shutil.copyfile(paths[index], target)
        await merged(target, [chain])
        chain = target
    assert dump(chain) == expected

    await merged(fresh, [paths[i] for i in third])          # twice equals once
    await merged(fresh, [into_one, chain])
    assert dump(fresh) == expected


OPS = st.builds(Op, st.integers(0, 3), st.sampled_from(["scan", "scan", "scan", "undo", "rate", "note", "answer",
                                                        "answer", "followup", "status"]),
                st.integers(0, len(PEOPLE) - 1), st.integers(0, 9))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), files=st.integers(2, 4), ops=st.lists(OPS, min_size=4, max_size=40))
def test_any_order_gives_what_one_file_saw(data: st.DataObject, files: int, ops: list[Op]) -> None:
    orders = [data.draw(st.permutations(range(files)), label=f"order {n}") for n in range(3)]
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(play(Path(folder), files, ops, orders))


# --- the rules one by one ---------------------------------------------------------------------------------------

@pytest.fixture
def wall() -> itertools.count:
    return itertools.count(1_800_000_000_000)


@pytest.fixture
async def event(tmp_path: Path, wall: itertools.count):  # type: ignore[no-untyped-def]
    """Open (and always close) event files in tmp_path, on the shared clock unless told otherwise."""
    opened: list[Store] = []

    async def make(name: str, clock: itertools.count | None = None) -> Store:
        store = await new_event(tmp_path / name, clock or wall)
        opened.append(store)
        return store

    yield make
    for store in opened:
        await store.close()


async def test_same_person_becomes_one_lead(tmp_path: Path, event) -> None:  # type: ignore[no-untyped-def]
    a, b = await event("a.db"), await event("b.db")
    grace = PEOPLE[0]
    _, first, _ = await scan(a, VARIANTS["contact"](grace), to_stored(T0), rep_id(REPS[0][1]))
    await update_lead(a, first, rating="warm", notes="asked for pricing")
    _, second, _ = await scan(b, VARIANTS["email"](grace), to_stored(T0 + timedelta(hours=1)), rep_id(REPS[1][1]))
    await update_lead(b, second, rating="hot", notes="wants a demo", phone="+442079460958")
    await set_answer(b, second, "timeline", "this quarter")
    await add_followup(b, NewFollowUp(rep_id=rep_id(REPS[1][1]), lead_id=second, note="send deck"))
    await b.close()
    result = await merge_files(a, [tmp_path / "b.db"])
    live = await a.all("SELECT * FROM leads WHERE deleted = 0")
    assert [r["id"] for r in live] == [first]                  # the earliest capture is the person
    lead = live[0]
    assert lead["rating"] == "hot" and lead["phone"] == "+442079460958" and lead["badge_id"] == "EXPO-001"
    assert set(lead["notes"].split("\n")) == {"asked for pricing", "wants a demo"}
    assert await a.scalar("SELECT count(*) FROM touches WHERE lead_id = ? AND deleted = 0", (first,)) == 2
    assert await a.scalar("SELECT answer FROM answers WHERE lead_id = ?", (first,)) == "this quarter"
    assert await a.scalar("SELECT lead_id FROM followups WHERE note = 'send deck'") == first
    assert result.people_joined == 1 and result.tables["leads"].new == 1
    assert "1 people joined" in result.summary()


async def test_later_tombstone_wins_and_merge_twice_is_once(tmp_path: Path, event) -> None:  # type: ignore[no-untyped-def]
    a, b = await event("a.db"), await event("b.db")
    _, lead, _ = await scan(b, PEOPLE[1], to_stored(T0), None)
    await b.close()
    await merge_files(a, [tmp_path / "b.db"])                  # a now holds b's lead, same id
    await tombstone_lead(a, lead)                              # deleted on a, later than b's version
    again = await merge_files(a, [tmp_path / "b.db"])
    assert await a.scalar("SELECT deleted FROM leads WHERE id = ?", (lead,)) == 1
    assert (again.new, again.updated, again.people_joined) == (0, 0, 0)


async def test_newer_incoming_edit_wins(tmp_path: Path, wall: itertools.count, event) -> None:  # type: ignore[no-untyped-def]
    a, b = await event("a.db"), await event("b.db")
    _, lead, _ = await scan(b, PEOPLE[2], to_stored(T0), None)
    await b.close()
    await merge_files(a, [tmp_path / "b.db"])
    async with await open_store(tmp_path / "b.db") as b:
        shared_clock(b, wall)
        await update_lead(b, lead, stage="SQL")
    result = await merge_files(a, [tmp_path / "b.db"])
    assert await a.scalar("SELECT stage FROM leads WHERE id = ?", (lead,)) == "SQL"
    assert result.tables["leads"].updated == 1


async def test_progress_and_clock_move_past_every_stamp(tmp_path: Path, event) -> None:  # type: ignore[no-untyped-def]
    a = await event("a.db")
    b = await event("b.db", itertools.count(4_000_000_000_000))   # a laptop whose clock runs ahead
    for n in range(3):
        await scan(b, PEOPLE[n], to_stored(T0), None)
    await b.close()
    seen: list[tuple[int, int]] = []
    await merge_files(a, [tmp_path / "b.db"], progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
    assert all(d <= t for d, t in seen) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert a.stamp() > await a.scalar("SELECT max(updated) FROM leads")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_other_files_are_never_written(tmp_path: Path, wall: itertools.count) -> None:
    b = await new_event(tmp_path / "b.db", wall)
    await scan(b, PEOPLE[0], to_stored(T0), None)
    await b.close()
    before = digest(tmp_path / "b.db")
    async with await new_event(tmp_path / "a.db", wall) as a:
        await merge_files(a, [tmp_path / "b.db"])
    assert digest(tmp_path / "b.db") == before


@pytest.mark.parametrize("kind", ["text", "sqlite", "newer", "itself", "missing"])
async def test_refused_before_anything_is_written(tmp_path: Path, kind: str) -> None:
    good = tmp_path / "good.db"
    async with await new_event(good) as store:
        await scan(store, PEOPLE[0], to_stored(T0), None)
    bad = tmp_path / "bad.db"
    if kind == "text":
        bad.write_text("name,email\nGrace,grace@example.com\n")
    elif kind == "sqlite":
        with sqlite3.connect(bad) as conn:
            conn.execute("CREATE TABLE leads (id TEXT)")
    elif kind == "newer":
        async with await new_event(bad):
            pass
        with sqlite3.connect(bad) as conn:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    target = tmp_path / "target.db"
    async with await new_event(target) as store:
        before = dump(target)
        others = {"itself": [good, target], "missing": [good, tmp_path / "nope.db"]}.get(kind, [good, bad])
        with pytest.raises(MergeError) as caught:
            await merge_files(store, others)
        assert dump(target) == before                          # the good file was not merged either
    message = str(caught.value)
    expected = {"text": "not an eventdesk file", "sqlite": "not an eventdesk file", "newer": "newer eventdesk",
                "itself": "the event file itself", "missing": "does not exist"}[kind]
    assert expected in message


async def test_two_answers_to_one_question_keep_the_later(tmp_path: Path, event) -> None:  # type: ignore[no-untyped-def]
    a, b = await event("a.db"), await event("b.db")
    _, first, _ = await scan(a, PEOPLE[3], to_stored(T0), None)
    _, second, _ = await scan(b, PEOPLE[3], to_stored(T0 + timedelta(minutes=5)), None)
    await set_answer(b, second, "timeline", "this year")
    await set_answer(a, first, "timeline", "this quarter")        # the later answer
    await set_answer(b, second, "fleet_size", ">500")
    await b.close()
    result = await merge_files(a, [tmp_path / "b.db"])
    answers = await a.all("SELECT lead_id, question_key, answer FROM answers WHERE deleted = 0 ORDER BY 2")
    assert [tuple(r) for r in answers] == [(first, "fleet_size", ">500"), (first, "timeline", "this quarter")]
    assert result.answer_conflicts == 1
    again = await merge_files(a, [tmp_path / "b.db"])          # the losing answer stays lost, quietly
    assert (again.new, again.conflicts) == (0, 0)


async def test_records_pointing_nowhere_are_refused_whole(tmp_path: Path, event) -> None:  # type: ignore[no-untyped-def]
    a = await event("a.db")
    async with await new_event(tmp_path / "broken.db") as broken:
        await scan(broken, PEOPLE[0], to_stored(T0), None)
    with sqlite3.connect(tmp_path / "broken.db") as conn:   # written by something that ignored foreign keys
        conn.execute("INSERT INTO touches (id, lead_id, at, device, updated) "
                     "VALUES ('t', 'ghost', 'x', 'd', '1800000000000-00000-d')")
    before = dump(tmp_path / "a.db")
    with pytest.raises(MergeError, match="do not fit together"):
        await merge_files(a, [tmp_path / "broken.db"])
    assert dump(tmp_path / "a.db") == before


def upkeep_view(path: Path) -> dict[str, Any]:
    """What the triggers and paging indexes keep: counters, the search index, and that they are all there."""
    with sqlite3.connect(path) as conn:
        return {
            "stats": sorted(conn.execute("SELECT * FROM lead_stats WHERE n != 0").fetchall()),
            "hours": sorted(conn.execute("SELECT * FROM lead_hours WHERE n != 0").fetchall()),
            "found": [conn.execute("SELECT count(*) FROM leads_fts WHERE leads_fts MATCH ?", (word,)).fetchone()[0]
                      for word in ("logistics", "anna", "gmbh")],
            "upkeep": sorted(conn.execute("SELECT type, name FROM sqlite_master WHERE tbl_name = 'leads' "
                                          "AND name NOT LIKE 'sqlite_%'").fetchall()),
        }


async def test_big_merge_rebuilds_what_the_row_triggers_keep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two 2,500-lead laptops (a bulk merge: triggers and paging indexes suspended, then rebuilt) give the
    same rows, counters and search results as the same merge with the per-row triggers left on."""
    import eventdesk.handoff.merge as merge_module
    from eventdesk.demo import build_demo

    laptops = [tmp_path / "one.db", tmp_path / "two.db"]
    for seed, path in enumerate(laptops):
        await build_demo(path, leads=2500, seed=seed, now=T0)
    await merged(tmp_path / "bulk.db", laptops)
    monkeypatch.setattr(merge_module, "BULK_LEADS", 10**9)  # the same merge, row by row
    await merged(tmp_path / "row-by-row.db", laptops)
    assert dump(tmp_path / "bulk.db") == dump(tmp_path / "row-by-row.db")
    bulk = upkeep_view(tmp_path / "bulk.db")
    assert bulk == upkeep_view(tmp_path / "row-by-row.db")
    await merged(tmp_path / "empty.db", [])
    assert all(bulk["found"]) and bulk["upkeep"] == upkeep_view(tmp_path / "empty.db")["upkeep"]  # all made again
    with sqlite3.connect(tmp_path / "bulk.db") as conn:
        live = conn.execute("SELECT count(*) FROM leads WHERE deleted = 0").fetchone()[0]
        assert sum(row[-1] for row in bulk["stats"]) == live > 3500
        conn.execute("INSERT INTO leads_fts(leads_fts) VALUES ('integrity-check')")
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


async def test_a_laptop_still_on_an_older_schema_is_merged_as_it_is(tmp_path: Path) -> None:
    """Laptop 2 was not upgraded yet: its schema-1 file (the shipped fixture) is read, not upgraded or written."""
    from tests.conftest import ROOT

    old = tmp_path / "laptop2.db"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "schema-v1.db", old)
    before = hashlib.sha256(old.read_bytes()).hexdigest()
    with sqlite3.connect(old) as conn:
        theirs = sorted(r[0] for r in conn.execute("SELECT email FROM leads WHERE deleted = 0 AND email IS NOT NULL"))
    target = tmp_path / "booth.db"
    async with await new_event(target) as store:
        result = await merge_files(store, [old])
        ours = sorted(r[0] for r in await store.all(
            "SELECT email FROM leads WHERE deleted = 0 AND email IS NOT NULL"))
        assert await store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    assert ours == theirs and len(theirs) >= 3 and result.tables["leads"].new >= 3
    assert hashlib.sha256(old.read_bytes()).hexdigest() == before
    with sqlite3.connect(old) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
