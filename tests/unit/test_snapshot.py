"""Snapshot: a consistent single-file copy through the backup API, even while another process writes."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from eventdesk.handoff.snapshot import snapshot, snapshot_file
from eventdesk.store.db import open_store
from eventdesk.store.errors import StoreError
from eventdesk.store.leads import NewLead, insert_lead_in

WRITER = textwrap.dedent("""
    import asyncio, sys
    from pathlib import Path
    from eventdesk.store.db import open_store
    from eventdesk.store.leads import NewLead, add_touch_in, insert_lead_in

    async def main(path, stop):
        async with await open_store(path) as store:
            n = 0
            while not stop.exists():
                async with store.write("leads", "touches") as conn:
                    lead = await insert_lead_in(conn, store, NewLead(
                        captured_at="2026-03-10T09:00:00.000+00:00", first_name=f"Visitor {n}", notes="x" * 400))
                    await add_touch_in(conn, store, lead, "2026-03-10T09:00:00.000+00:00", None)
                n += 1
                if n == 50:
                    Path(str(stop) + ".ready").touch()

    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2])))
""")


async def make_event(path: Path, leads: int) -> None:
    async with await open_store(path) as store:
        async with store.write("leads") as conn:
            for n in range(leads):
                await insert_lead_in(conn, store, NewLead(captured_at="2026-03-10T08:00:00.000+00:00",
                                                          first_name=f"Early {n}", notes="y" * 300))


def check(path: Path) -> tuple[str, str, int]:
    with sqlite3.connect(path) as conn:
        return (conn.execute("PRAGMA integrity_check").fetchone()[0], conn.execute("PRAGMA journal_mode").fetchone()[0],
                conn.execute("SELECT count(*) FROM leads").fetchone()[0])


async def test_snapshot_while_another_process_writes(tmp_path: Path) -> None:
    db, stop = tmp_path / "live.db", tmp_path / "stop"
    await make_event(db, 3000)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(stop)], cwd=Path(__file__).parents[2])
    try:
        deadline = time.monotonic() + 30
        while not Path(f"{stop}.ready").exists():
            assert writer.poll() is None and time.monotonic() < deadline, "the writer did not start"
            time.sleep(0.02)
        counts = []
        for n in range(5):
            seen: list[tuple[int, int]] = []
            result = await snapshot(db, tmp_path / f"copy{n}.db", progress=lambda d, t, seen=seen: seen.append((d, t)))
            integrity, journal, leads = check(result.path)
            assert (integrity, journal, result.integrity) == ("ok", "delete", "ok")
            assert seen[-1][0] == seen[-1][1] == result.pages
            counts.append(leads)
        assert writer.poll() is None, "the writer must have been writing throughout"
    finally:
        stop.touch()
        writer.wait(timeout=30)
    assert counts == sorted(counts) and counts[0] >= 3050 and counts[-1] > counts[0]
    assert not Path(f"{tmp_path / 'copy0.db'}-wal").exists()           # one self-contained file
    assert stat.S_IMODE((tmp_path / "copy0.db").stat().st_mode) == 0o600
    async with await open_store(tmp_path / "copy0.db") as store:       # and it is an eventdesk file
        assert await store.scalar("SELECT count(*) FROM leads") == counts[0]


async def test_snapshot_holds_commits_still_in_the_wal(tmp_path: Path) -> None:
    db = tmp_path / "event.db"
    async with await open_store(db) as store:
        await store.conn.execute("PRAGMA wal_autocheckpoint = 0")
        async with store.write("leads") as conn:
            await insert_lead_in(conn, store, NewLead(captured_at="2026-03-10T08:00:00.000+00:00", first_name="Wal"))
        assert Path(f"{db}-wal").stat().st_size > 0
        snapshot_file(db, tmp_path / "copy.db")                     # while the store is open, lead only in -wal
    assert check(tmp_path / "copy.db")[2] == 1


def test_snapshot_refusals(tmp_path: Path) -> None:
    db = tmp_path / "event.db"
    sqlite3.connect(db).close()
    with pytest.raises(StoreError, match="another file"):
        snapshot_file(db, db)
    with pytest.raises(StoreError, match="does not exist"):
        snapshot_file(tmp_path / "nope.db", tmp_path / "copy.db")
    with pytest.raises(StoreError, match="folder"):
        snapshot_file(db, tmp_path / "no" / "copy.db")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["event.db"]
