"""Corrupt, foreign and unreachable event files: one clear line, exit 1, never a traceback, nothing written.

For each bad file the real commands `eventdesk check`, `eventdesk leads` and `eventdesk scan` run on
it. Where nothing may be written, the file's bytes (and the folder's listing) are compared before and
after. Disk full is tested twice: for real on a tiny tmpfs (when this machine lets us mount one) and
by `PRAGMA max_page_count` in-process, where the booth app's scan queue must keep the scan visible
until it can be saved.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.reliability.helpers import build_event

PAYLOAD = "bad.file@visitor.example"
SQLITE_HEADER = b"SQLite format 3\x00"


@pytest.fixture(scope="module")
def real_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real event file with settings, reps, accounts, attendees and 60 leads, closed cleanly."""
    path = tmp_path_factory.mktemp("bad") / "real.db"

    async def build() -> None:
        from eventdesk.capture.service import CaptureService
        from eventdesk.store.db import open_store
        from eventdesk.store.event import load_settings

        await build_event(path)
        async with await open_store(path) as store:
            service = CaptureService(store, await load_settings(store))
            for i in range(60):
                await service.capture(f"BEGIN:VCARD\nVERSION:3.0\nN:Last{i};First{i}\nFN:First{i} Last{i}\n"
                                      f"EMAIL:p{i}@visitor.example\nORG:Firm {i % 9}\nNOTE:{'x' * 200}\nEND:VCARD")

    asyncio.run(build())
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


def fresh_copy(real_file: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(real_file, target)
    target.chmod(0o600)
    return target


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def commands(db: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    return {name: run_cli(*args, db=db) for name, args in (
        ("check", ["check"]), ("leads", ["leads", "--json"]), ("scan", ["scan", PAYLOAD]))}


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert result.stderr.startswith("error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr            # one line
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word in result.stderr, (word, result.stderr)


def assert_refused_untouched(db: Path, *words: str) -> dict[str, subprocess.CompletedProcess[str]]:
    """check, leads and scan all refuse the file with one line, and leave it and its folder as they were."""
    before, files = digest(db), listing(db.parent)
    results = commands(db)
    for name, result in results.items():
        assert_one_line_error(result, *words)
        assert "run 'eventdesk check'" not in results["check"].stderr, name
    assert digest(db) == before, "a refused file was written to"
    assert listing(db.parent) == files, "opening a refused file left files beside it"
    return results


# --- damaged and foreign files ---------------------------------------------------------------------------


@pytest.mark.parametrize("fraction", [0.5, 0.1, 0.9])
def test_truncated_file(real_file: Path, tmp_path: Path, fraction: float) -> None:
    db = fresh_copy(real_file, tmp_path / "cut.db")
    with db.open("r+b") as handle:
        handle.truncate(int(db.stat().st_size * fraction))
    assert_refused_untouched(db, "damaged")


def test_random_bytes(tmp_path: Path) -> None:
    db = tmp_path / "noise.db"
    db.write_bytes(random.Random(9).randbytes(64 * 1024))
    assert_refused_untouched(db, "not an eventdesk file")


def test_sqlite_header_then_random_bytes(tmp_path: Path) -> None:
    db = tmp_path / "fake.db"
    db.write_bytes(SQLITE_HEADER + random.Random(10).randbytes(64 * 1024 - len(SQLITE_HEADER)))
    assert_refused_untouched(db, "not")


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_sqlite_file_of_another_app(tmp_path: Path, journal: str) -> None:
    db = tmp_path / "music.db"
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA journal_mode = {journal}")
        conn.execute("CREATE TABLE songs (title TEXT, artist TEXT)")
        conn.executemany("INSERT INTO songs VALUES (?, ?)", [(f"Song {i}", "Band") for i in range(100)])
    conn.close()
    assert_refused_untouched(db, "another application")


def test_sqlite_file_of_another_app_with_user_version(tmp_path: Path) -> None:
    """Another app that also numbers its schema with user_version (and has no tables of ours)."""
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    assert_refused_untouched(db, "another application")


def test_damaged_page_inside(real_file: Path, tmp_path: Path) -> None:
    """A page in the middle overwritten: `check` says so in one line; the others never show a traceback."""
    db = fresh_copy(real_file, tmp_path / "rot.db")
    with sqlite3.connect(db) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    with db.open("r+b") as handle:
        handle.seek(page_size * (pages // 2))
        handle.write(random.Random(11).randbytes(page_size))
    before = digest(db)
    check = run_cli("check", db=db)
    assert_one_line_error(check, "integrity check failed")
    leads = run_cli("leads", "--json", db=db)
    assert digest(db) == before
    scan = run_cli("scan", PAYLOAD, db=db)
    for result in (leads, scan):
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
        if result.returncode:
            assert_one_line_error(result)


def test_newer_schema_is_read_only(real_file: Path, tmp_path: Path) -> None:
    db = fresh_copy(real_file, tmp_path / "future.db")
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = digest(db)
    check = run_cli("check", "--json", db=db)
    assert check.returncode == 0 and json.loads(check.stdout)["schema_version"] == 99
    assert check.stderr.startswith("warning: ") and "newer eventdesk" in check.stderr
    leads = run_cli("leads", "--json", db=db)
    assert leads.returncode == 0 and len(json.loads(leads.stdout)) == 60
    assert_one_line_error(run_cli("scan", PAYLOAD, db=db), "newer eventdesk", "read-only")
    assert digest(db) == before


def test_empty_file(tmp_path: Path) -> None:
    """Nothing to check or list yet; a scan (or setup) makes it the event file, as on first use."""
    db = tmp_path / "new.db"
    db.touch()
    for name in ("check", "leads"):
        assert_one_line_error(run_cli(name, db=db), "is empty")
    assert db.stat().st_size == 0 and listing(tmp_path) == ["new.db"]
    scan = run_cli("scan", PAYLOAD, db=db)
    assert scan.returncode == 0, scan.stderr
    assert json.loads(run_cli("check", "--json", db=db).stdout)["leads"] == 1


def test_a_folder(tmp_path: Path) -> None:
    db = tmp_path / "event.db"
    db.mkdir()
    for result in commands(db).values():
        assert_one_line_error(result, "folder")
    assert listing(db) == []


# --- read-only places ------------------------------------------------------------------------------------


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file or folder read-only. Root ignores permission bits, so there it is made immutable."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root, which ignores permissions, and chattr is not installed to make it immutable")
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if made.returncode:
        pytest.skip(f"running as root, which ignores permissions, and chattr +i failed: {made.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_file_in_a_read_only_folder(real_file: Path, tmp_path: Path) -> None:
    """Reading still works (a locked USB stick); a scan is refused with a clear line and nothing is written."""
    db = fresh_copy(real_file, tmp_path / "stick" / "event.db")
    before = digest(db)
    with read_only(db.parent):
        check = run_cli("check", "--json", db=db)
        assert check.returncode == 0, check.stderr
        assert json.loads(check.stdout)["integrity"] == "ok"
        leads = run_cli("leads", "--json", db=db)
        assert leads.returncode == 0 and len(json.loads(leads.stdout)) == 60, leads.stderr
        assert_one_line_error(run_cli("scan", PAYLOAD, db=db), "read-only", "not writable")
        assert listing(db.parent) == ["event.db"]
    assert digest(db) == before


def test_read_only_file(real_file: Path, tmp_path: Path) -> None:
    db = fresh_copy(real_file, tmp_path / "locked.db")
    before = digest(db)
    with read_only(db):
        assert run_cli("check", db=db).returncode == 0
        assert run_cli("leads", db=db).returncode == 0
        assert_one_line_error(run_cli("scan", PAYLOAD, db=db), "read-only")
    assert digest(db) == before


# --- disk full -------------------------------------------------------------------------------------------


@contextlib.contextmanager
def tiny_disk(mount_point: Path, size: str = "1m") -> Iterator[Path]:
    """A real 1 MB filesystem (tmpfs), when this machine lets the test mount one."""
    mount_point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root; the in-process disk-full tests still run")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as handle:
        while True:
            handle.write(b"\0" * 4096)
            handle.flush()
    return filler


def test_disk_full_for_real(real_file: Path, tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk") as disk:
        db = fresh_copy(real_file, disk / "event.db")
        before = digest(db)
        filler = fill(disk)
        assert shutil.disk_usage(disk).free < 64 * 1024
        results = commands(db)
        assert_one_line_error(results["scan"], "disk", "full", "nothing was lost")
        for name in ("check", "leads"):  # even reading needs the -shm file, which cannot be made
            assert_one_line_error(results[name], "disk", "full")
        assert digest(db) == before
        filler.unlink()  # space again: the same command works, and the file holds everything as before
        scan = run_cli("scan", PAYLOAD, "--json", db=db)
        assert scan.returncode == 0 and json.loads(scan.stdout)["outcome"] == "new", scan.stderr
        report = json.loads(run_cli("check", "--json", db=db).stdout)
        assert report["integrity"] == "ok" and report["leads"] == 61


def photo_vcard(n: int, kilobytes: int = 40) -> str:
    """A vCard with an embedded photo: too big for the pages the file has, so saving it needs new pages."""
    photo = base64.b64encode(random.Random(n).randbytes(kilobytes * 768)).decode()
    folded = "\r\n ".join(photo[i:i + 74] for i in range(0, len(photo), 74))
    return (f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Photo{n};Pat\r\nFN:Pat Photo{n}\r\nEMAIL:pat{n}@photo.example\r\n"
            f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\nEND:VCARD")


async def test_disk_full_capture_refuses_cleanly(real_file: Path, tmp_path: Path) -> None:
    """SQLITE_FULL in the capture service: a one-line StoreError, no half-written scan; then it saves."""
    from eventdesk.capture.service import CaptureService
    from eventdesk.store.db import open_store
    from eventdesk.store.errors import StoreError
    from eventdesk.store.event import load_settings

    db = fresh_copy(real_file, tmp_path / "full.db")
    async with await open_store(db) as store:
        service = CaptureService(store, await load_settings(store))
        pages = await store.scalar("PRAGMA page_count")
        await store.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full from now on
        scans_before = await store.scalar("SELECT count(*) FROM scans")
        with pytest.raises(StoreError, match="is full; free some space") as raised:
            await service.capture(photo_vcard(1))
        assert "\n" not in str(raised.value)
        assert await store.scalar("SELECT count(*) FROM scans") == scans_before
        await store.conn.execute("PRAGMA max_page_count = 1073741823")  # space again
        result = await service.capture(photo_vcard(1))
        assert result.outcome == "new"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


async def test_disk_full_scan_waits_in_the_booth_queue(real_file: Path, tmp_path: Path) -> None:
    """The booth app on a full disk: the scan stays queued and visible, the field is ready; saved later."""
    from eventdesk.ui.app import EventDeskApp
    from eventdesk.ui.widgets.scan_field import ScanField
    from tests.ui.conftest import wait_until

    db = fresh_copy(real_file, tmp_path / "booth.db")
    payload = photo_vcard(2)
    app = EventDeskApp(db, staff_email="dana.reyes@example-vendor.com", clock="Tue 10:42:00")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        store = app.store
        pages = await store.scalar("PRAGMA page_count")  # type: ignore[union-attr]
        await store.conn.execute(f"PRAGMA max_page_count = {pages}")  # type: ignore[union-attr]
        field = app.screen.query_one(ScanField)
        field.post_message(ScanField.Scanned(payload))
        pending = app.screen.query_one("#pending")

        def shown() -> str:
            return str(pending.render())

        await wait_until(pilot, lambda: "full" in shown(), timeout=20)
        assert "1 scan waiting to be saved" in shown() and "free some space" in shown()
        assert pending.has_class("shown")
        assert field.text == "" and field.has_focus  # the next badge can be scanned at once
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM scans WHERE raw = ?", (payload,)).fetchone() == (0,)
        await store.conn.execute("PRAGMA max_page_count = 1073741823")  # type: ignore[union-attr]
        await wait_until(pilot, lambda: getattr(app.screen, "saved", 0) >= 1, timeout=20)
        assert "0 scans waiting" in shown() and not pending.has_class("shown")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM scans WHERE raw = ?", (payload,)).fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM leads WHERE email = 'pat2@photo.example'").fetchone() == (1,)


async def test_nearly_full_disk_leaves_no_orphan_scans(real_file: Path, tmp_path: Path) -> None:
    """A disk with a page or so free at a time, and a booth that retries each failed scan as the queue does."""
    from eventdesk.capture.service import CaptureService
    from eventdesk.store.db import open_store
    from eventdesk.store.errors import StoreError
    from eventdesk.store.event import load_settings

    db = fresh_copy(real_file, tmp_path / "nearly.db")
    async with await open_store(db) as store:
        service = CaptureService(store, await load_settings(store))
        limit = await store.scalar("PRAGMA page_count")
        await store.conn.execute(f"PRAGMA max_page_count = {limit}")
        before = await store.scalar("SELECT count(*) FROM scans")
        saved = 0
        while saved < 150:
            try:
                await service.capture(f"near{saved}@visitor.example")
                saved += 1
            except StoreError:
                limit += 1  # someone frees a little space; the queue retries the same scan
                await store.conn.execute(f"PRAGMA max_page_count = {limit}")
        orphans = await store.scalar("SELECT count(*) FROM scans WHERE outcome IS NULL")
        total = await store.scalar("SELECT count(*) FROM scans")
    assert orphans == 0 and total == before + 150, f"{orphans} orphan scans, {total - before - 150} extra"
