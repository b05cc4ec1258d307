"""Store errors: each carries one line a booth user can act on."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

# The advice a damaged file's message ends with (`eventdesk check` itself leaves it out).
CHECK_HINT = "run 'eventdesk check'"


class StoreError(Exception):
    """A problem with the event file, worded for the user (no traceback, no SQL)."""


class NotEventdeskFile(StoreError):
    pass


class ReadOnlyStore(StoreError):
    pass


def explain(exc: sqlite3.Error, path: object) -> StoreError:
    """Turn a sqlite3 error into a StoreError saying what happened to the file and what to do."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError(f"{path} is busy: another eventdesk is writing to it; try again in a moment")
    if "disk is full" in text or "disk full" in text or ("disk i/o error" in text and _disk_full(path)):
        # A full disk shows as SQLITE_FULL, or as an I/O error when even the -shm file cannot be made.
        return StoreError(f"the disk holding {path} is full; free some space, nothing was lost")
    if "readonly" in text or "read-only" in text:
        return ReadOnlyStore(f"{path} is read-only here; nothing can be saved to it")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return NotEventdeskFile(f"{path} is damaged or not a database ({exc}); {CHECK_HINT}")
    if "unable to open" in text:
        return StoreError(f"cannot open {path}: check the folder exists and is writable")
    if "disk i/o error" in text:
        return StoreError(f"cannot read or write {path} (disk I/O error): check the disk or USB stick holding it")
    return StoreError(f"{path}: {exc}")


def _disk_full(path: object) -> bool:
    try:
        return shutil.disk_usage(Path(str(path)).parent).free < 1 << 20
    except (OSError, ValueError):
        return False
