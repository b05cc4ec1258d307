"""Opening the event file with the durability settings of DESIGN §3, and write transactions.

Every write runs in `BEGIN IMMEDIATE` (so two processes queue on the busy timeout instead of failing
half-way), with `synchronous=FULL` in WAL mode: a lead acknowledged on screen has reached the disk.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiosqlite

from eventdesk.domain.hlc import HybridClock, Stamp
from eventdesk.domain.ids import new_device_id
from eventdesk.store.errors import NotEventdeskFile, ReadOnlyStore, StoreError, explain
from eventdesk.store.migrate import APPLICATION_ID, migrate
from eventdesk.store.schema import SCHEMA_VERSION

BUSY_TIMEOUT_MS = 5000
WRITE_ATTEMPTS = 3
SQLITE_HEADER = b"SQLite format 3\x00"

ChangeListener = Callable[[frozenset[str]], None]


def _secure(path: Path) -> None:
    """Owner-only permissions on the file and its WAL companions (they hold the same personal data)."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if candidate.exists() and stat.S_IMODE(candidate.stat().st_mode) != 0o600:
                candidate.chmod(0o600)
        except OSError:
            pass  # not ours to change (read-only medium): opening still works, the check reports it


def _inspect(path: Path, create: bool) -> None:
    """Refuse, before SQLite touches it, anything that is not a usable place for an event file."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not an event file")
    if not path.parent.is_dir():
        raise StoreError(f"folder {path.parent} does not exist")
    if path.exists():
        if path.stat().st_size:
            with path.open("rb") as handle:
                if handle.read(16) != SQLITE_HEADER:
                    raise NotEventdeskFile(f"{path} is not an eventdesk file (not a SQLite database)")
        return
    if not create:
        raise StoreError(f"{path} does not exist")
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        raise StoreError(f"cannot create {path}: {exc.strerror}") from exc


class Store:
    """One open event file. Use `async with await open_store(path) as store:` so it is always closed."""

    def __init__(self, conn: aiosqlite.Connection, path: Path, device: str, clock: HybridClock,
                 readonly_reason: str | None):
        self.conn = conn
        self.path = path
        self.device = device
        self.clock = clock
        self.readonly_reason = readonly_reason
        self._listeners: list[ChangeListener] = []
        self._write_lock = asyncio.Lock()

    @property
    def readonly(self) -> bool:
        return self.readonly_reason is not None

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self.conn.close()

    def stamp(self) -> str:
        return self.clock.now()

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        """Be told, after each commit, which tables it changed. Returns the unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    @asynccontextmanager
    async def write(self, *tables: str) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction (BEGIN IMMEDIATE ... COMMIT); listeners hear `tables` after the commit."""
        if self.readonly_reason:
            raise ReadOnlyStore(f"{self.path} is open read-only: {self.readonly_reason}")
        async with self._write_lock:
            await self._begin()
            try:
                yield self.conn
                await self.conn.execute(
                    "INSERT INTO meta(key, value) VALUES ('hlc', ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (str(self.clock.last),),
                )
                await self.conn.execute("COMMIT")
            except BaseException as exc:
                if self.conn.in_transaction:
                    await self.conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise explain(exc, self.path) from exc
                raise
        self.announce(*tables)

    def announce(self, *tables: str) -> None:
        """Tell the listeners these tables changed: after each commit here, or when another connection (a merge
        run beside the booth app) has committed to the same file."""
        changed = frozenset(tables)
        for listener in list(self._listeners):
            listener(changed)

    async def _begin(self) -> None:
        # busy_timeout already waits; a few more tries cover a writer that holds the lock for long.
        for attempt in range(WRITE_ATTEMPTS):
            try:
                await self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or attempt == WRITE_ATTEMPTS - 1:
                    raise explain(exc, self.path) from exc
                await asyncio.sleep(0.05 * (attempt + 1))

    async def one(self, sql: str, params: Iterable[Any] | Mapping[str, Any] = ()) -> sqlite3.Row | None:
        async with self.conn.execute(sql, _bound(params)) as cursor:
            return await cursor.fetchone()

    async def all(self, sql: str, params: Iterable[Any] | Mapping[str, Any] = ()) -> list[sqlite3.Row]:
        async with self.conn.execute(sql, _bound(params)) as cursor:
            return list(await cursor.fetchall())

    async def scalar(self, sql: str, params: Iterable[Any] | Mapping[str, Any] = ()) -> Any:
        row = await self.one(sql, params)
        return row[0] if row else None


def _bound(params: Iterable[Any] | Mapping[str, Any]) -> Sequence[Any] | Mapping[str, Any]:
    """Positional parameters as a tuple; named ones (`:name` in the SQL) as the mapping they came in."""
    return params if isinstance(params, Mapping) else tuple(params)


def _folder_writable(path: Path) -> bool:
    return os.access(path.parent, os.W_OK)


async def _connect(path: Path, mode: str) -> aiosqlite.Connection:
    uri = f"file:{quote(str(path))}?mode={mode}"
    if mode == "ro" and not _folder_writable(path) and not Path(f"{path}-wal").exists():
        # A read-only folder (a locked USB stick, a CD): SQLite cannot make the -shm beside the file, but with
        # no -wal the file is complete and nobody can be writing it in WAL mode, so it is read as immutable.
        uri += "&immutable=1"
    conn = await aiosqlite.connect(uri, uri=True, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


async def open_store(path: str | os.PathLike[str], *, create: bool = True, readonly: bool = False,
                     older_ok: bool = False) -> Store:
    """Open (creating and migrating if needed) an event file. Raises StoreError with a user message.

    A read-only open refuses a file from an older schema (queries may need what the upgrade adds), unless
    `older_ok`: a merge reads another laptop's file as it is, table by table, and checks the tables match.
    """
    path = Path(path).expanduser().absolute()
    _inspect(path, create and not readonly)
    readonly_reason = "opened read-only on request" if readonly else None
    if not readonly and not os.access(path, os.W_OK):
        readonly_reason = "the file is not writable here"
    elif not readonly and not _folder_writable(path):
        readonly_reason = f"its folder {path.parent} is not writable here (the -wal and -shm files live beside it)"
    if not readonly_reason:
        _secure(path)
    try:
        conn = await _connect(path, "ro" if readonly_reason else "rw")
    except sqlite3.Error as exc:
        raise explain(exc, path) from exc
    try:
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await conn.execute("PRAGMA foreign_keys = ON")
        version = await _version(conn, path)
        if version > SCHEMA_VERSION:
            readonly_reason = (
                f"it was written by a newer eventdesk (schema {version}, this one knows {SCHEMA_VERSION}); "
                "upgrade eventdesk to change it"
            )
            await conn.close()
            conn = await _connect(path, "ro")
        if not readonly_reason:
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA synchronous = FULL")
            await migrate(conn, version)
            _secure(path)
        elif version < SCHEMA_VERSION:
            if version == 0:  # an empty file, or a SQLite file with nothing in it
                raise StoreError(f"{path} is empty: no event has been set up in it yet")
            if readonly and older_ok:
                readonly_reason = f"opened read-only as it is (schema {version}, an older eventdesk's)"
            elif readonly:
                raise ReadOnlyStore(f"{path} was written by an older eventdesk (schema {version}); open it once "
                                    f"in the app, or run a command that writes to it, to upgrade it")
            else:
                raise ReadOnlyStore(f"{path} needs an upgrade to schema {SCHEMA_VERSION} but is not writable here: "
                                    f"{readonly_reason}")
        device, last = await _identity(conn, writable=not readonly_reason)
    except BaseException as exc:
        await conn.close()
        if isinstance(exc, sqlite3.Error):
            raise explain(exc, path) from exc
        raise
    return Store(conn, path, device, HybridClock(device, last=last), readonly_reason)


async def _pragma(conn: aiosqlite.Connection, sql: str) -> int:
    async with conn.execute(sql) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def _version(conn: aiosqlite.Connection, path: Path) -> int:
    version = await _pragma(conn, "PRAGMA user_version")
    app_id = await _pragma(conn, "PRAGMA application_id")
    objects = await _pragma(conn, "SELECT count(*) FROM sqlite_master")
    if app_id != APPLICATION_ID and (version or objects):
        raise NotEventdeskFile(f"{path} is a SQLite database of another application, not an eventdesk file")
    return int(version)


async def _identity(conn: aiosqlite.Connection, writable: bool) -> tuple[str, Stamp | None]:
    """This file's device id (minted on first open) and the last clock stamp it issued."""
    async with conn.execute("SELECT key, value FROM meta WHERE key IN ('device_id', 'hlc')") as cur:
        meta = {row[0]: row[1] for row in await cur.fetchall()}
    device = meta.get("device_id")
    if device is None:
        device = new_device_id()
        if writable:
            await conn.execute("BEGIN IMMEDIATE")
            await conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('device_id', ?)", (device,))
            await conn.execute("COMMIT")
    last = Stamp.parse(meta["hlc"]) if "hlc" in meta else None
    return device, last
