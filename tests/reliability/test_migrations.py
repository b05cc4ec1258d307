"""Migrations: every schema version shipped opens and upgrades with nothing lost, in one transaction.

`tests/fixtures/schema-vN.db` is an event file made by the eventdesk that shipped schema N (see
tests/fixtures/make_fixtures.py); it is never remade. Each test works on a copy. The atomicity tests
give the runner a bogus later migration that fails half-way (the runner is what is tested, so swapping
its list of steps is fair) and check that the file's version, tables and rows are exactly as before.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

import eventdesk.store.db as db_module
import eventdesk.store.migrate as migrate_module
from eventdesk.store.db import open_store
from eventdesk.store.errors import StoreError
from eventdesk.store.migrate import APPLICATION_ID
from eventdesk.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.conftest import ROOT, run_cli

FIXTURES = ROOT / "tests" / "fixtures"
SHIPPED = [number for number, _ in MIGRATIONS]


def fixture_copy(version: int, tmp_path: Path) -> Path:
    source = FIXTURES / f"schema-v{version}.db"
    assert source.exists(), (f"no fixture for schema {version}: run tests/fixtures/make_fixtures.py with the "
                             "eventdesk that ships it, and commit the file")
    target = tmp_path / f"v{version}.db"
    shutil.copyfile(source, target)
    target.chmod(0o600)
    return target


def snapshot(path: Path) -> dict[str, object]:
    """What a failed upgrade must leave exactly as it was: version, schema and every row."""
    with sqlite3.connect(path) as conn:
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        tables = [r[1] for r in schema if r[0] == "table" and not r[1].startswith(("sqlite_", "leads_fts"))]
        rows = {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}
        state = {"user_version": conn.execute("PRAGMA user_version").fetchone()[0],
                 "application_id": conn.execute("PRAGMA application_id").fetchone()[0],
                 "schema": schema, "rows": rows,
                 "integrity": conn.execute("PRAGMA integrity_check").fetchone()[0]}
    conn.close()
    return state


def test_every_shipped_version_has_a_fixture() -> None:
    assert SHIPPED == list(range(1, SCHEMA_VERSION + 1))
    for version in SHIPPED:
        assert (FIXTURES / f"schema-v{version}.db").exists(), f"schema {version} has no fixture"


@pytest.mark.parametrize("version", SHIPPED)
async def test_fixture_opens_and_upgrades(version: int, tmp_path: Path) -> None:
    from eventdesk.capture.service import CaptureService
    from eventdesk.store.event import load_settings
    from eventdesk.store.leads import search_leads

    db = fixture_copy(version, tmp_path)
    before = snapshot(db)
    assert before["user_version"] == version and before["application_id"] == APPLICATION_ID
    async with await open_store(db) as store:
        assert not store.readonly
        assert await store.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert await store.scalar("PRAGMA journal_mode") == "wal"
        settings = await load_settings(store)
        assert settings.name == "Fixture Expo" and settings.questions[0].key == "timeline"
        # Every row of the old file is still there (an upgrade may add columns, never drop rows).
        for table, rows in before["rows"].items():  # type: ignore[union-attr]
            assert await store.scalar(f"SELECT count(*) FROM {table}") == len(rows), table
        # The old people are found, matched and deduplicated like new ones.
        assert [lead.last_name for lead in await search_leads(store, "northwind")] == ["Northwind"]
        service = CaptureService(store, settings)
        again = await service.capture("kim@northwind.example")
        assert again.outcome == "touch" and again.account is not None and again.account.tier == 1
        assert (await service.capture("FIX-0001")).outcome == "touch"  # the attendee list still works
        assert (await service.capture("new.person@visitor.example")).outcome == "new"
    report = json.loads(run_cli("check", "--json", db=db).stdout)
    assert report["integrity"] == "ok" and report["schema_version"] == SCHEMA_VERSION
    assert report["leads"] == 5 and report["meetings"] == 1 and report["followups"] == 1
    leads = json.loads(run_cli("leads", "--json", db=db).stdout)
    kim = next(lead for lead in leads if lead["email"] == "kim@northwind.example")
    assert kim["rating"] == "hot" and kim["account"] == "Northwind Fixtures" and kim["touches"] == 3
    assert kim["notes"] == "Wants a demo of the fixture module"


@pytest.mark.parametrize("version", SHIPPED)
def test_fixture_upgrades_through_the_cli(version: int, tmp_path: Path) -> None:
    """The first command that writes upgrades the file; read-only commands before it do not touch it."""
    db = fixture_copy(version, tmp_path)
    scan = run_cli("scan", "cli.upgrade@visitor.example", "--json", db=db)
    assert scan.returncode == 0 and json.loads(scan.stdout)["outcome"] == "new", scan.stderr
    assert snapshot(db)["user_version"] == SCHEMA_VERSION


BOGUS_V2 = """
ALTER TABLE leads ADD COLUMN linkedin TEXT;
CREATE TABLE badge_printers (id TEXT PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO badge_printers VALUES ('p1', 'Zebra');
UPDATE leads SET notes = 'rewritten by v2';
INSERT INTO no_such_table VALUES (1);
"""
GOOD_V2 = """
ALTER TABLE leads ADD COLUMN linkedin TEXT;
CREATE TABLE badge_printers (id TEXT PRIMARY KEY, name TEXT NOT NULL);
"""


def use_migrations(monkeypatch: pytest.MonkeyPatch, *later: tuple[int, str]) -> None:
    steps = (*MIGRATIONS, *later)
    monkeypatch.setattr(migrate_module, "MIGRATIONS", steps)
    monkeypatch.setattr(db_module, "SCHEMA_VERSION", steps[-1][0])


async def test_failing_upgrade_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = fixture_copy(SCHEMA_VERSION, tmp_path)
    before = snapshot(db)
    use_migrations(monkeypatch, (SCHEMA_VERSION + 1, BOGUS_V2))
    with pytest.raises(StoreError, match="no_such_table") as raised:
        await open_store(db)
    assert "\n" not in str(raised.value)
    assert snapshot(db) == before  # same version, same tables and columns, same rows (notes not rewritten)
    monkeypatch.undo()
    async with await open_store(db) as store:  # and it still opens with the real steps
        assert await store.scalar("SELECT count(*) FROM leads") == len(before["rows"]["leads"])  # type: ignore[index]


async def test_several_pending_steps_are_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new (empty) file runs every step at once: the last one failing undoes the first ones too."""
    db = tmp_path / "new.db"
    db.touch()
    use_migrations(monkeypatch, (SCHEMA_VERSION + 1, GOOD_V2), (SCHEMA_VERSION + 2, BOGUS_V2))
    with pytest.raises(StoreError):
        await open_store(db)
    state = snapshot(db)
    assert state["user_version"] == 0 and state["schema"] == [] and state["integrity"] == "ok"


async def test_a_good_later_step_applies_and_keeps_the_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = fixture_copy(SCHEMA_VERSION, tmp_path)
    before = snapshot(db)
    use_migrations(monkeypatch, (SCHEMA_VERSION + 1, GOOD_V2))
    async with await open_store(db) as store:
        assert await store.scalar("PRAGMA user_version") == SCHEMA_VERSION + 1
        assert await store.scalar("SELECT count(*) FROM leads WHERE linkedin IS NULL") == len(
            before["rows"]["leads"])  # type: ignore[index]
    monkeypatch.undo()
    async with await open_store(db) as store:  # today's eventdesk now sees a newer file: read-only
        assert store.readonly and "newer eventdesk" in (store.readonly_reason or "")


async def test_upgrade_waits_for_a_busy_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process holding the write lock briefly: the upgrade waits (busy timeout) instead of failing."""
    import asyncio
    import subprocess
    import sys

    db = fixture_copy(SCHEMA_VERSION, tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        f"c = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(1.0); c.execute('COMMIT')\n")],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"  # type: ignore[union-attr]
    use_migrations(monkeypatch, (SCHEMA_VERSION + 1, GOOD_V2))
    async with await open_store(db) as store:
        assert await store.scalar("PRAGMA user_version") == SCHEMA_VERSION + 1
    await asyncio.to_thread(holder.wait, 30)
    assert holder.returncode == 0
