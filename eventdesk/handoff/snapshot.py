"""`eventdesk snapshot -o FILE.db`: a consistent, self-contained copy of the live event file.

A plain file copy is wrong twice over: recent commits live in the -wal beside the file (so the copy
misses them), and a copy taken mid-write can be torn. SQLite's online backup API copies pages from
one read snapshot instead. The source connection holds a read transaction across every step, so the
booth's writes (which go on meanwhile, WAL readers never block writers) cannot restart or tear the copy.
The copy is switched to a rollback journal: one file, nothing beside it to forget when it goes on a
USB stick, and another laptop can merge it from read-only media.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from eventdesk.handoff.csvwrite import Progress, off_loop
from eventdesk.handoff.export import read_only
from eventdesk.store.errors import StoreError

PAGES_PER_STEP = 2048


@dataclass(frozen=True)
class SnapshotResult:
    path: Path
    pages: int
    bytes: int
    integrity: str


def snapshot_file(db_path: str | os.PathLike[str], out_path: str | os.PathLike[str],
                  progress: Progress | None = None) -> SnapshotResult:
    """Copy the event file at `db_path` to `out_path` (mode 0600, replaced atomically). Blocking."""
    source_path = Path(db_path).expanduser().absolute()
    target = Path(out_path).expanduser().absolute()
    if not source_path.exists():
        raise StoreError(f"{source_path} does not exist")
    if target == source_path or (target.exists() and target.samefile(source_path)):
        raise StoreError("the snapshot must go to another file than the event file itself")
    if target.is_dir():
        raise StoreError(f"{target} is a folder; give a file name such as {target / 'event-copy.db'}")
    if not target.parent.is_dir():
        raise StoreError(f"folder {target.parent} does not exist")
    for suffix in ("-wal", "-shm", "-journal"):
        if Path(f"{target}{suffix}").exists():
            raise StoreError(f"{target}{suffix} exists: is {target.name} open in another eventdesk? "
                             "Close it or choose another name")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    source = read_only(source_path)
    try:
        dest = sqlite3.connect(tmp, isolation_level=None)
        try:
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # pins the read snapshot
            total = source.execute("PRAGMA page_count").fetchone()[0]

            def step(_status: int, remaining: int, pages: int) -> None:
                if progress:
                    progress(pages - remaining, pages)

            source.backup(dest, pages=PAGES_PER_STEP, progress=step)
            source.execute("COMMIT")
            dest.execute("PRAGMA journal_mode = DELETE")
            integrity = dest.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dest.close()
        if integrity != "ok":
            raise StoreError(f"the snapshot failed its check ({integrity}); the event file may be damaged: "
                             "run 'eventdesk check'")
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot copy {source_path}: {exc}") from exc
    finally:
        source.close()
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}-journal").unlink(missing_ok=True)
    if progress:
        progress(total, total)
    return SnapshotResult(target, total, target.stat().st_size, integrity)


async def snapshot(db_path: str | os.PathLike[str], out_path: str | os.PathLike[str],
                   progress: Progress | None = None) -> SnapshotResult:
    """The same, off the event loop (the TUI calls this); `progress(pages_done, pages)` on the loop."""
    return await off_loop(lambda report: snapshot_file(db_path, out_path, report), progress)
