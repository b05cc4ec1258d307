"""Writing handoff files: atomically, owner-only, and (for spreadsheets) safe to open.

Every export holds personal data, so it is created with mode 0600 and never seen half-written: rows
go to a temporary file beside the target, which replaces the target only once complete and synced.
`--excel` output starts with a UTF-8 byte order mark (so Excel reads UTF-8) and neutralises cells a
spreadsheet would run as a formula (CSV injection); without it every value is written exactly as stored.
"""

from __future__ import annotations

import asyncio
import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import IO, Any, TypeVar

T = TypeVar("T")
Progress = Callable[[int, int], None]

# A cell starting with one of these is a formula (or a DDE payload) to Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
BOM = "\ufeff"


def neutralise(value: str) -> str:
    """Prefix a would-be formula with an apostrophe: spreadsheets show the text instead of running it."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@contextmanager
def atomic_file(path: str | os.PathLike[str], *, binary: bool = False, bom: bool = False) -> Iterator[IO[Any]]:
    """A file that appears at `path` (mode 0600) only if the block completes; otherwise nothing changes."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise OSError(f"{target} is a folder, not a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OSError(f"folder {folder} does not exist")
    # mkstemp creates the file 0600 with O_EXCL in the target's folder, so os.replace is atomic.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, 0o600)
        handle: IO[Any] = (os.fdopen(fd, "wb") if binary
                           else os.fdopen(fd, "w", encoding="utf-8", newline=""))
        with handle:
            if bom and not binary:
                handle.write(BOM)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_csv(path: str | os.PathLike[str], header: Sequence[str], rows: Iterable[Sequence[Any]], *,
              excel: bool = False, total: int = 0, progress: Progress | None = None, every: int = 5000) -> int:
    """Write a header and rows as CSV (RFC 4180 quoting, CRLF line ends); returns the number of rows.

    None is written as an empty cell, numbers as digits; `excel` neutralises text cells. Rows are taken
    in chunks so the C writer does the work and progress is reported between chunks.
    """
    count = 0
    source = iter(rows)
    with atomic_file(path, bom=excel) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([neutralise(h) for h in header] if excel else header)
        while chunk := list(islice(source, every)):
            if excel:
                chunk = [[neutralise(v) if v.__class__ is str else v for v in row] for row in chunk]
            writer.writerows(chunk)
            count += len(chunk)
            if progress:
                progress(count, max(total, count))
        if progress and not count:
            progress(0, total)
    return count


async def off_loop(work: Callable[[Progress | None], T], progress: Progress | None) -> T:
    """Run blocking file work in a thread; `progress` is still called on the caller's event loop thread.

    The TUI can pass a callback that touches widgets: it never runs on the worker thread.
    """
    loop = asyncio.get_running_loop()
    relay: Progress | None = None
    if progress is not None:
        def relay(done: int, total: int) -> None:
            loop.call_soon_threadsafe(progress, done, total)
    return await asyncio.to_thread(work, relay)
