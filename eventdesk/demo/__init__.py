"""`eventdesk demo`: a realistic demo event, built in one go and the same for the same seed.

The show is always running: it started yesterday and ends tomorrow (in its own time zone), leads were
captured during the opening hours up to now, meetings before now are done, later ones scheduled.
Everyone in it is invented (see people.py). The file is marked with meta('demo', '1'): only such a
file is ever replaced by a new demo; any other file at the path is refused.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from eventdesk.demo.crowd import (
    ANSWER_COLUMNS,
    LEAD_COLUMNS,
    SCAN_COLUMNS,
    TOUCH_COLUMNS,
    CrowdBuilder,
    OpenTime,
    Target,
    insert_sql,
)
from eventdesk.demo.event import REPS, accounts, demo_settings
from eventdesk.demo.people import People
from eventdesk.demo.plans import asks, invitees, lead_followups, meeting_followups
from eventdesk.demo.schedule import plan_meetings, settle
from eventdesk.domain.pace import open_windows
from eventdesk.domain.times import to_stored, utc_now, zone
from eventdesk.store.accounts import save_account_in
from eventdesk.store.attendees import save_attendees
from eventdesk.store.db import Store, open_store
from eventdesk.store.errors import ReadOnlyStore, StoreError
from eventdesk.store.event import save_settings
from eventdesk.store.reps import rep_id, save_reps

__all__ = ["build_demo", "demo_path"]

MEETING_COLUMNS = ("id", "title", "lead_id", "account_id", "rep_id", "start", "end", "location", "status", "outcome",
                   "device", "updated", "deleted")
FOLLOWUP_COLUMNS = ("id", "kind", "lead_id", "account_id", "meeting_id", "rep_id", "action", "due", "status",
                    "origin", "created_by", "note", "reply", "device", "updated", "deleted")


class PastStamps:
    """HLC stamps at the made-up moments things happened at the show (never after `now`), so the activity
    feed, which orders events by their stamps, tells the show's story rather than the second it was built."""

    def __init__(self, device: str, now: float):
        self.device, self.now, self.counter, self.last = device, now, 0, ""

    def __call__(self, epoch: float) -> str:
        self.counter += 1
        text = f"{int(min(epoch, self.now) * 1000):013d}-{self.counter % 100000:05d}-{self.device}"
        self.last = max(self.last, text)
        return text


def _logged_at(meeting: Any, show_opens: float) -> float:
    """An outcome is logged a few minutes after the meeting ends; a booked one was booked before the show."""
    if meeting.status in ("done", "no-show", "cancelled"):
        return datetime.fromisoformat(meeting.end).timestamp() + 300
    return show_opens - 86400


def _followup_changed_at(row: tuple[Any, ...], rng: random.Random, show_opens: float, now: float) -> float:
    """Raised a day or two before it is due (during the show, before now); closed a few hours after that."""
    due = row[FOLLOWUP_COLUMNS.index("due") - 1]
    latest = now - rng.uniform(0, 2) * 3600
    raised = datetime.fromisoformat(due).timestamp() - rng.uniform(20, 72) * 3600 if due else latest
    raised = min(max(raised, show_opens), latest)
    if row[FOLLOWUP_COLUMNS.index("status") - 1] == "open":
        return raised
    return min(raised + rng.uniform(0.5, 4) * 3600, now - rng.uniform(0, 0.5) * 3600)


_V4_BITS = (4 << 76) | (2 << 62)                         # version 4, RFC 4122 variant
_V4_MASK = ((1 << 128) - 1) ^ ((0xF << 76) | (0x3 << 62))


def id_maker(rng: random.Random) -> Callable[[], str]:
    """Random (version 4) UUIDs drawn from `rng`: the same seed gives the same ids, fast enough for 10^5 rows.

    Equal to str(uuid.UUID(int=rng.getrandbits(128), version=4)), without building UUID objects.
    """
    bits = rng.getrandbits

    def new_id() -> str:
        h = f"{bits(128) & _V4_MASK | _V4_BITS:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    return new_id


def demo_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("eventdesk", appauthor=False)) / "demo.db"


async def _kind(path: Path) -> str:
    """'demo' (an eventdesk demo file), 'event' (any other eventdesk file) or 'other'."""
    try:
        try:
            store = await open_store(path, create=False, readonly=True)
        except ReadOnlyStore:
            store = await open_store(path, create=False)  # a file of an older schema: opened to upgrade it
        async with store:
            return "demo" if await store.scalar("SELECT value FROM meta WHERE key = 'demo'") == "1" else "event"
    except StoreError:
        return "other"  # not an eventdesk file (or a damaged one): not ours to replace either


async def _make_room(path: Path) -> None:
    """Remove an earlier demo at `path`; refuse to touch anything else."""
    companions = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    if not path.exists():
        return
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not an event file")
    if path.stat().st_size == 0 and not any(c.exists() and c.stat().st_size for c in companions):
        return  # an empty file holds nothing; the demo is built into it
    kind = await _kind(path)
    if kind != "demo":
        what = "holds a real event" if kind == "event" else "is not an eventdesk demo file"
        raise StoreError(f"{path} {what}; demo will not overwrite it (choose another --db)")
    for candidate in (path, *companions):
        candidate.unlink(missing_ok=True)


async def _insert_leads(conn: aiosqlite.Connection, rows: list[tuple[Any, ...]]) -> None:
    """Insert the leads in one statement, staged through a temp table.

    The FTS5 trigger on `leads` makes each INSERT statement open a statement savepoint, and FTS5 writes
    its pending index data to disk at every savepoint: row-by-row inserts cost ~10 s per 100,000 leads.
    One INSERT ... SELECT fires the same trigger for every row inside a single savepoint (~3 s).
    """
    columns = ", ".join(LEAD_COLUMNS)
    await conn.execute("CREATE TEMP TABLE demo_leads AS SELECT * FROM main.leads WHERE 0")
    try:
        await conn.executemany(insert_sql("temp.demo_leads", LEAD_COLUMNS), rows)
        await conn.execute(f"INSERT INTO main.leads ({columns}) SELECT {columns} FROM temp.demo_leads ORDER BY rowid")
    finally:
        await conn.execute("DROP TABLE temp.demo_leads")


async def build_demo(path: Path, *, leads: int = 600, seed: int = 2026, now: datetime | None = None) -> str:
    """Build the demo event at `path` (replacing an earlier demo there); returns a one-line summary.

    `now` (default: the current time) is day 2 of the three-day show; nothing is captured after it.
    """
    if leads < 0:
        raise ValueError("a demo needs 0 or more leads")
    path = Path(path).expanduser().absolute()
    if path == demo_path().absolute():
        path.parent.mkdir(parents=True, exist_ok=True)  # the default data dir may not exist yet
    await _make_room(path)
    now = now or utc_now()
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    async with await open_store(path) as store:
        return await _fill(store, random.Random(seed), leads, now)


async def _fill(store: Store, rng: random.Random, count: int, now: datetime) -> str:
    new_id = id_maker(rng)

    # This connection only builds the file and is closed after: a bigger page cache (32 MB) and an in-memory temp
    # table for the staged leads keep 100,000 leads within seconds.
    await store.conn.execute("PRAGMA cache_size = -32768")
    await store.conn.execute("PRAGMA temp_store = MEMORY")
    async with store.write("meta") as conn:  # marked first: a build that fails half-way is still a demo
        await conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('demo', '1')")
    settings = demo_settings(now)
    tz = zone(settings.timezone)
    await save_settings(store, settings)
    await save_reps(store, REPS)
    reps = [(rep_id(email), name, role) for name, email, role in REPS]
    targets = []
    async with store.write("accounts") as conn:
        for name, domains, tier, owner in accounts(rng):
            row_id = await save_account_in(conn, store, name, domains, tier, owner)
            targets.append(Target(row_id, name, tuple(d.lower() for d in domains), tier, rep_id(owner)))

    assert settings.start and settings.end  # demo_settings always sets the show's dates
    windows = open_windows(settings.start, settings.end, settings.open_hours, tz)
    days = [opens.date() for opens, _ in windows]
    clock = OpenTime(windows, now, settings.open_hours[0])
    people = People(rng)
    stamp = PastStamps(store.device, now.timestamp())
    crowd = CrowdBuilder(rng, people, settings, clock, new_id, stamp, store.device, reps, targets).build(count)
    await save_attendees(store, crowd.attendees)
    async with store.write("leads", "touches", "answers") as conn:
        await _insert_leads(conn, crowd.lead_rows)
        await conn.executemany(insert_sql("touches", TOUCH_COLUMNS), crowd.touch_rows)
        await conn.executemany(insert_sql("answers", ANSWER_COLUMNS), crowd.answer_rows)

    sample, others = invitees(rng, targets, crowd.leads, reps)
    planned = plan_meetings(rng, days, settings.open_hours, tz, sample, others, new_id)
    meetings = settle(rng, planned, to_stored(now), people.outcome)
    followups = [
        *lead_followups(rng, crowd.leads, settings, reps, now.timestamp()),
        *meeting_followups(rng, meetings, now.timestamp()),
        *asks(rng, crowd.leads, targets, meetings, reps, now.timestamp()),
    ]
    device, show_opens = store.device, windows[0][0].timestamp()
    timing = random.Random(len(followups))  # its own draws: the demo's people, ids and plans stay as they were
    async with store.write("meetings", "followups", "scans") as conn:
        await conn.executemany(insert_sql("meetings", MEETING_COLUMNS), [
            (m.id, m.title, m.lead_id, m.account_id, m.rep_id, m.start, m.end, m.location, m.status, m.outcome,
             device, stamp(_logged_at(m, show_opens)), 0) for m in meetings])
        await conn.executemany(insert_sql("followups", FOLLOWUP_COLUMNS), [
            (new_id(), *row, device, stamp(_followup_changed_at(row, timing, show_opens, now.timestamp())), 0)
            for row in followups])
        await conn.executemany(insert_sql("scans", SCAN_COLUMNS), crowd.scan_rows)
    if stamp.last:
        store.clock.observe(stamp.last)  # the demo's own later edits sort after everything it made up
    return (f"{count} leads, {len(reps)} reps, {len(targets)} accounts, {len(meetings)} meetings, "
            f"{len(followups)} follow-ups")

