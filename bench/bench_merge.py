"""Merging five laptops' files of 20,000 leads each into a fresh file; budget (DESIGN §8): under 5 s.

Each laptop file is a demo event (own seed, own device). So that merging also has people to join,
laptops 2 to 5 each scanned 2,000 of laptop 1's visitors again (same badge and email, new lead id,
an hour later); the demo's own duplicate emails within a file are joined too.

The baseline, timed in the same run, is the sqlite3 command-line tool copying the same five files
into a fresh event file with plain INSERT OR IGNORE ... SELECT: the raw cost of moving the rows
(full-text triggers included), without last-writer-wins, people joining or re-pointing.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import machine, report  # noqa: E402

FILES, LEADS, REVISITS, RUNS = 5, 20_000, 2_000, 3
SQLITE3 = shutil.which("sqlite3") or "/usr/bin/sqlite3"
TABLES = ("event", "reps", "accounts", "attendees", "leads", "meetings", "followups", "touches", "answers", "scans")


def add_revisits(first: Path, other: Path, laptop: int, offset: int) -> None:
    """Copy REVISITS of the first laptop's people into `other` as its own new leads (and a touch each).

    The demo draws badge ids from a small range, so two seeds give different people the same badge id;
    the other laptop's own badge ids get a suffix first, so only the revisits are the same people.
    """
    with sqlite3.connect(other) as conn:
        conn.execute("UPDATE leads SET badge_id = badge_id || ? WHERE badge_id IS NOT NULL", (f"-L{laptop}",))
        device = conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0]
        conn.execute("ATTACH DATABASE ? AS first", (str(first),))
        rows = conn.execute("SELECT * FROM first.leads WHERE deleted = 0 ORDER BY rowid LIMIT ? OFFSET ?",
                            (REVISITS, offset)).fetchall()
        columns = [r[1] for r in conn.execute("PRAGMA table_info(leads)")]
        at = columns.index("captured_at")
        leads, touches = [], []
        for n, row in enumerate(rows):
            values = dict(zip(columns, row, strict=True))
            lead_id = str(uuid.uuid4())
            captured = values["captured_at"][:11] + f"{int(values['captured_at'][11:13]) + 1:02d}" + \
                values["captured_at"][13:] if int(values["captured_at"][11:13]) < 23 else row[at]
            stamp = f"{1_800_000_000_000 + n:013d}-00000-{device}"
            values.update(id=lead_id, captured_at=captured, device=device, updated=stamp, notes="seen again")
            leads.append(tuple(values[c] for c in columns))
            touches.append((str(uuid.uuid4()), lead_id, captured, device, stamp))
        conn.executemany(f"INSERT INTO leads ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", leads)
        conn.executemany("INSERT INTO touches (id, lead_id, kind, at, device, updated) VALUES (?, ?, 'scan', ?, ?, ?)",
                         touches)
        conn.commit()
        conn.execute("DETACH DATABASE first")


def laptop_files() -> list[Path]:
    """The five files, built once per machine (in the temp folder) and reused."""
    from eventdesk.demo import build_demo

    folder = Path(tempfile.gettempdir()) / f"eventdesk-bench-merge-{FILES}x{LEADS}"
    paths = [folder / f"laptop{n + 1}.db" for n in range(FILES)]
    if not all(p.exists() for p in paths):
        shutil.rmtree(folder, ignore_errors=True)
        building = Path(tempfile.mkdtemp(prefix="eventdesk-bench-merge-build-"))
        for n in range(FILES):
            asyncio.run(build_demo(building / f"laptop{n + 1}.db", leads=LEADS, seed=100 + n))
        for n in range(1, FILES):
            add_revisits(building / "laptop1.db", building / f"laptop{n + 1}.db", n + 1, offset=n * REVISITS)
        building.rename(folder)
    return paths


async def empty_event(path: Path) -> None:
    from eventdesk.store.db import open_store

    async with await open_store(path):
        pass


async def ours(target: Path, files: list[Path]) -> tuple[float, str]:
    from eventdesk.handoff.merge import merge_files
    from eventdesk.store.db import open_store

    async with await open_store(target) as store:
        started = time.perf_counter()
        result = await merge_files(store, files)
        return time.perf_counter() - started, result.summary()


def baseline(target: Path, files: list[Path]) -> float:
    script = [f"ATTACH DATABASE 'file:{path}?mode=ro' AS f{n};" for n, path in enumerate(files)]
    script.append("BEGIN;")
    script += [f"INSERT OR IGNORE INTO main.{t} SELECT * FROM f{n}.{t};" for n in range(len(files)) for t in TABLES]
    script.append("COMMIT;")
    started = time.perf_counter()
    subprocess.run([SQLITE3, str(target)], input="\n".join(script), text=True,
                   check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    files = laptop_files()
    work = Path(tempfile.mkdtemp(prefix="eventdesk-bench-merge-"))
    empty = work / "empty.db"
    asyncio.run(empty_event(empty))
    print(f"merge of {FILES} files of {LEADS:,} leads ({REVISITS:,} revisits in each of files 2-{FILES}); {machine()}")
    mine, theirs, summary = [], [], ""
    for n in range(RUNS):
        shutil.copyfile(empty, work / f"ours{n}.db")
        seconds, summary = asyncio.run(ours(work / f"ours{n}.db", files))
        mine.append(seconds)
        shutil.copyfile(empty, work / f"base{n}.db")
        theirs.append(baseline(work / f"base{n}.db", files))
    with sqlite3.connect(work / "ours0.db") as conn:
        live = conn.execute("SELECT count(*) FROM leads WHERE deleted = 0").fetchone()[0]
    print(f"  {summary}; {live:,} live leads")
    figure, base = statistics.median(mine), statistics.median(theirs)
    report("merge 5 x 20k leads", f"{figure:.2f} s (best {min(mine):.2f} s)", figure / base,
           f"sqlite3 INSERT OR IGNORE copy {base:.2f} s", figure < 5.0, "< 5 s")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if figure < 5.0 else 1


if __name__ == "__main__":
    sys.exit(main())
