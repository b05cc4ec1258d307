"""Opening event files: durability pragmas, permissions, migrations, refusals, HLC, crash safety."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from eventdesk.domain.hlc import HybridClock, Stamp
from eventdesk.store.db import open_store
from eventdesk.store.errors import NotEventdeskFile, StoreError
from eventdesk.store.migrate import APPLICATION_ID
from eventdesk.store.schema import SCHEMA_VERSION, SYNCED_TABLES


async def test_pragmas_in_force(db_path: Path) -> None:
    async with await open_store(db_path) as store:
        assert await store.scalar("PRAGMA journal_mode") == "wal"
        assert await store.scalar("PRAGMA synchronous") == 2  # FULL
        assert await store.scalar("PRAGMA foreign_keys") == 1
        assert await store.scalar("PRAGMA busy_timeout") >= 1000
        assert await store.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert await store.scalar("PRAGMA application_id") == APPLICATION_ID


async def test_file_and_wal_are_owner_only(db_path: Path) -> None:
    old = os.umask(0o022)  # a permissive umask must not leak into the event file
    try:
        async with await open_store(db_path) as store:
            async with store.write("meta") as conn:
                await conn.execute("INSERT INTO meta VALUES ('x', 'y')")
            for suffix in ("", "-wal", "-shm"):
                path = Path(f"{db_path}{suffix}")
                assert path.exists(), suffix
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, suffix
    finally:
        os.umask(old)


async def test_every_table_and_capture_index(db_path: Path) -> None:
    async with await open_store(db_path) as store:
        names = {r[0] for r in await store.all("SELECT name FROM sqlite_master")}
    assert set(SYNCED_TABLES) | {"attendees", "account_domains", "meta"} <= names
    assert {"leads_badge", "leads_email_key", "accounts_name_key"} <= names


async def test_newer_schema_opens_read_only(db_path: Path) -> None:
    async with await open_store(db_path):
        pass
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    async with await open_store(db_path) as store:
        assert store.readonly and "newer eventdesk" in (store.readonly_reason or "")
        with pytest.raises(StoreError, match="read-only"):
            async with store.write("meta"):
                pass


async def test_refuses_foreign_and_garbage_files(tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
    with pytest.raises(NotEventdeskFile, match="another application"):
        await open_store(foreign)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(4096))
    with pytest.raises(NotEventdeskFile, match="not an eventdesk file"):
        await open_store(garbage)
    assert garbage.stat().st_size == 4096
    with pytest.raises(StoreError, match="does not exist"):
        await open_store(tmp_path / "missing" / "event.db")


async def test_migration_from_empty_file_is_atomic(db_path: Path) -> None:
    db_path.touch()
    async with await open_store(db_path) as store:
        assert await store.scalar("PRAGMA user_version") == SCHEMA_VERSION
        device = store.device
    async with await open_store(db_path) as store:
        assert store.device == device  # the device id is minted once per file


def test_hlc_orders_across_devices() -> None:
    wall = [1_000]
    a = HybridClock("aaaa", lambda: wall[0])
    b = HybridClock("bbbb", lambda: wall[0] - 500)  # b's wall clock runs behind
    first = a.now()
    b.observe(first)
    second = b.now()
    assert Stamp.parse(second) > Stamp.parse(first)
    assert second > first  # the text form sorts the same way
    wall[0] = 900  # a's wall clock jumps back: stamps still increase
    assert a.now() > first


def test_committed_row_survives_sigkill(db_path: Path) -> None:
    """A row whose commit returned is on disk even if the process dies the next instant."""
    script = textwrap.dedent(f"""
        import asyncio, os, signal, sys
        from eventdesk.store.db import open_store
        async def main():
            store = await open_store({str(db_path)!r})
            async with store.write("meta") as conn:
                await conn.execute("INSERT INTO meta VALUES ('survivor', 'yes')")
            print("committed", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        asyncio.run(main())
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert "committed" in proc.stdout
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'survivor'").fetchone() == ("yes",)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
