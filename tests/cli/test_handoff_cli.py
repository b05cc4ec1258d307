"""The real handoff commands in a subprocess: export, merge, snapshot, qr, erase, and their errors."""

from __future__ import annotations

import asyncio
import csv
import sqlite3
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from eventdesk.domain.contact import email_key
from eventdesk.domain.settings import load_toml
from eventdesk.handoff.imports import import_csv
from eventdesk.store.db import open_store
from eventdesk.store.event import save_settings
from eventdesk.store.leads import NewLead, add_touch_in, insert_lead_in, update_lead
from eventdesk.store.schema import SCHEMA_VERSION
from tests.conftest import run_cli

PEOPLE = [("EXPO26-000417", "Grace", "Osei", "grace.osei@tidewell.health", "hot"),
          ("EXPO26-000418", "Jonas", "Meyer", "jonas.meyer@kraftwerk-it.de", "cold"),
          ("EXPO26-000419", "Yuki", "Tanaka", "y.tanaka@sakura-mfg.jp", "warm")]


async def build(path: Path, samples: Path, people: list[tuple[str, str, str, str, str]]) -> list[str]:
    async with await open_store(path) as store:
        await save_settings(store, load_toml((samples / "event.toml").read_text()))
        for kind in ("reps", "accounts", "meetings"):
            await import_csv(store, kind, samples / f"{kind}.csv")
        ids = []
        for n, (badge, first, last, email, rating) in enumerate(people):
            at = f"2026-03-10T09:{n:02d}:00.000+00:00"
            async with store.write("leads", "touches") as conn:
                lead = await insert_lead_in(conn, store, NewLead(
                    captured_at=at, badge_id=badge, first_name=first, last_name=last, email=email,
                    email_key=email_key(email)))
                await add_touch_in(conn, store, lead, at, None)
            await update_lead(store, lead, rating=rating)
            ids.append(lead)
    return ids


async def bare_event(path: Path) -> None:
    async with await open_store(path) as store:
        await save_settings(store, load_toml('name = "No landing page"'))


@pytest.fixture
def booth(tmp_path: Path, samples: Path) -> tuple[Path, list[str]]:
    db = tmp_path / "booth.db"
    return db, asyncio.run(build(db, samples, PEOPLE))


def ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.returncode == 0, result.stderr
    return str(result.stdout)


def failed(result, words: str, status: int = 1) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode == status, (result.stdout, result.stderr)
    assert result.stderr.startswith("error: ") and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("preset", ["hubspot", "salesforce", "generic"])
def test_export_crm(booth: tuple[Path, list[str]], tmp_path: Path, preset: str) -> None:
    db, _ = booth
    out = tmp_path / f"{preset}.csv"
    assert "exported 3 leads" in ok(run_cli("export", "crm", "--preset", preset, "-o", str(out), db=db))
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3
    excel = tmp_path / "excel.csv"
    ok(run_cli("export", "crm", "--preset", preset, "-o", str(excel), "--excel", "--rating", "hot", db=db))
    assert excel.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "exported 1 lead " in ok(run_cli("export", "crm", "--preset", preset, "-o", str(out),
                                            "--since", "2026-03-10T10:01:30", db=db))   # Berlin time


def test_export_errors(booth: tuple[Path, list[str]], tmp_path: Path) -> None:
    db, _ = booth
    out = str(tmp_path / "x.csv")
    failed(run_cli("export", "crm", "--preset", "pipedrive", "-o", out, db=db), "pipedrive", status=2)
    failed(run_cli("export", "crm", "--preset", "generic", "-o", out, "--since", "soon", db=db), "--since")
    failed(run_cli("export", "crm", "--preset", "generic", "-o", out, "--rep", "x@y.z", db=db), "no rep")
    failed(run_cli("export", "crm", "--preset", "generic", "-o", str(tmp_path / "no" / "x.csv"), db=db), "folder")
    failed(run_cli("export", "crm", "--preset", "generic", "-o", out, db=tmp_path / "missing.db"), "does not exist")


def test_export_followups_and_meetings(booth: tuple[Path, list[str]], tmp_path: Path) -> None:
    db, _ = booth
    assert "exported 0 follow-ups" in ok(run_cli("export", "followups", "-o", str(tmp_path / "f.csv"), db=db))
    assert "exported 3 meetings" in ok(run_cli("export", "meetings", "-o", str(tmp_path / "m.ics"), db=db))
    assert (tmp_path / "m.ics").read_text().startswith("BEGIN:VCALENDAR")
    assert "exported 2 meetings" in ok(run_cli("export", "meetings", "-o", str(tmp_path / "m.ics"),
                                               "--rep", "dana.reyes@example-vendor.com", db=db))


def test_merge_prints_a_summary(booth: tuple[Path, list[str]], tmp_path: Path, samples: Path) -> None:
    db, _ = booth
    other = tmp_path / "laptop2.db"
    asyncio.run(build(other, samples, [PEOPLE[0], ("EXPO26-000420", "Siobhan", "O'Brien", "siobhan@celticwave.ie",
                                                  "warm")]))
    before = other.read_bytes()
    out = ok(run_cli("merge", str(other), db=db))
    assert out.startswith("merged 1 file: ") and "(2 leads)" in out and "1 people joined" in out
    assert other.read_bytes() == before
    again = ok(run_cli("merge", str(other), db=db))
    assert "0 new (0 leads), 0 updated, 0 people joined, 0 conflicts resolved" in again
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM leads WHERE deleted = 0").fetchone()[0] == 4


def test_merge_refusals(booth: tuple[Path, list[str]], tmp_path: Path) -> None:
    db, _ = booth
    text = tmp_path / "notes.db"
    text.write_text("not a database at all\n" * 20)
    failed(run_cli("merge", str(text), db=db), "not an eventdesk file")
    newer = tmp_path / "newer.db"
    asyncio.run(bare_event(newer))                       # an eventdesk file, then aged one schema forward
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    failed(run_cli("merge", str(newer), db=db), "newer eventdesk")
    failed(run_cli("merge", db=db), "Missing argument", status=2)


def test_snapshot(booth: tuple[Path, list[str]], tmp_path: Path) -> None:
    db, _ = booth
    copy = tmp_path / "copy.db"
    assert "snapshot written to" in ok(run_cli("snapshot", "-o", str(copy), db=db))
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM leads").fetchone()[0] == 3
    failed(run_cli("snapshot", "-o", str(db), db=db), "another file")


def test_qr_lead_and_booth(booth: tuple[Path, list[str]], tmp_path: Path) -> None:
    db, ids = booth
    text = ok(run_cli("qr", "lead", ids[0], db=db))
    assert "\u2580" in text and "\u2584" in text and "\x1b[" not in text      # piped: plain blocks, no colour
    png = tmp_path / "grace.png"
    run = run_cli("qr", "lead", ids[0], "--png", str(png), db=db)
    assert run.returncode == 0 and str(png) in run.stderr
    payload = zxingcpp.read_barcodes(Image.open(png))[0].text
    assert "FN:Grace Osei" in payload and "grace.osei@tidewell.health" in payload
    failed(run_cli("qr", "lead", "no-such-lead", db=db), "no lead")
    booth_run = run_cli("qr", "booth", "--svg", str(tmp_path / "booth.svg"), db=db)
    assert booth_run.returncode == 0, booth_run.stderr
    assert "https://example-vendor.com/expo26?utm_source=" in booth_run.stderr
    assert (tmp_path / "booth.svg").read_text().startswith("<?xml")
    bare = tmp_path / "bare.db"
    asyncio.run(bare_event(bare))
    failed(run_cli("qr", "booth", db=bare), "landing_url")
    failed(run_cli("qr", "booth", "--png", str(tmp_path / "x.gif"), db=db), "must end in .png")


def test_erase_asks_first(booth: tuple[Path, list[str]], tmp_path: Path) -> None:
    db, ids = booth
    refused = run_cli("erase", ids[0], db=db, input="n\n")
    assert refused.returncode == 1 and "Erase Grace Osei" in refused.stderr
    assert refused.stderr.rstrip().endswith("error: aborted")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT deleted FROM leads WHERE id = ?", (ids[0],)).fetchone()[0] == 0
    out = ok(run_cli("erase", ids[0], db=db, input="y\n"))
    assert "erased Grace Osei <grace.osei@tidewell.health>: 1 lead record, 1 touches" in out
    ok(run_cli("erase", ids[1], "--yes", db=db))
    data = db.read_bytes() + (Path(f"{db}-wal").read_bytes() if Path(f"{db}-wal").exists() else b"")
    assert b"grace.osei@tidewell.health" not in data and b"jonas.meyer" not in data
    failed(run_cli("erase", "nobody", "--yes", db=db), "no lead")
