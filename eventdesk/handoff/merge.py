"""`eventdesk merge OTHER.db ...`: bring other laptops' event files into this one (DESIGN §6).

Each other file is checked first (an eventdesk file, not from a newer schema) and then only read: it
is ATTACHed with `mode=ro`. Row by row, per synced table, the version with the greater key wins:
an erased lead over anything, then the later HLC `updated` stamp, then a tombstone over a live row,
then the content itself, so two versions with equal stamps still resolve the same way everywhere.
That union is associative, commutative and idempotent; `merge_people` then joins the copies of one
person, again as a pure function of the merged rows. Hence: any files, any order, any number of
times, the same content.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import aiosqlite

from eventdesk.handoff.csvwrite import Progress
from eventdesk.handoff.merge_people import normalise_people
from eventdesk.store.db import Store, open_store
from eventdesk.store.errors import StoreError
from eventdesk.store.schema import SYNCED_TABLES

CHUNK = 5000          # rows per statement: progress stays live on big files, memory stays flat
MERGE_CACHE_KIB = -262144
MAX_ATTACHED = 8      # SQLite attaches at most 10 files; the rest are merged in further transactions
TABLES = (*SYNCED_TABLES, "attendees")
# Merging this many incoming leads or more (and at least a quarter of what the file holds) suspends the
# per-row upkeep (the full-text and counter triggers on `leads`, the screens' indexes) and rebuilds it once
# at the end, inside the same transaction: a 100k-lead merge spends half its time on that upkeep otherwise.
BULK_LEADS = 2000
# Indexes only the screens, the feed and the recap read (the merge never does): made again once, at the end.
SCREEN_INDEXES = ("leads_page_captured", "leads_page_last", "leads_page_company", "leads_page_rating", "leads_hot",
                  "touches_at", "followups_feed", "followups_asked_by", "meetings_updated")
ERASED_LEADS = "SELECT 1 FROM {schema}.leads WHERE email_key >= 'erased:' AND email_key < 'erased;' LIMIT 1"


class MergeError(StoreError):
    """A file that cannot be merged; nothing was written."""


@dataclass
class TableCounts:
    new: int = 0
    updated: int = 0          # the incoming version was newer and replaced ours
    conflicts: int = 0        # both files changed the record (last change by different laptops): the later won


@dataclass
class MergeResult:
    files: tuple[Path, ...]
    tables: dict[str, TableCounts] = field(default_factory=dict)
    people_joined: int = 0
    erased: int = 0
    answer_conflicts: int = 0

    @property
    def new(self) -> int:
        return sum(c.new for c in self.tables.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.tables.values())

    @property
    def conflicts(self) -> int:
        """Records both files changed, settled by the later stamp, plus two answers to one question."""
        return sum(c.conflicts for c in self.tables.values()) + self.answer_conflicts

    def summary(self) -> str:
        leads = self.tables.get("leads", TableCounts()).new
        text = (f"merged {len(self.files)} file{'s' if len(self.files) != 1 else ''}: {self.new:,} new "
                f"({leads:,} leads), {self.updated:,} updated, {self.people_joined:,} people joined, "
                f"{self.conflicts:,} conflicts resolved")
        return text + (f", {self.erased:,} erased copies removed" if self.erased else "")


async def check_files(store: Store, paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Refuse, before anything is written, any file that is not a mergeable eventdesk file."""
    checked: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser().absolute()
        if not path.is_file():
            raise MergeError(f"{path} does not exist" if not path.exists() else f"{path} is not a file")
        if path.samefile(store.path):
            raise MergeError(f"{path} is the event file itself; give the other laptops' files")
        try:
            other = await open_store(path, create=False, readonly=True, older_ok=True)
        except StoreError as exc:
            raise MergeError(f"cannot merge {path.name}: {exc}") from exc
        try:
            version = await other.scalar("PRAGMA user_version")
        finally:
            await other.close()
        if other.readonly_reason and "newer" in other.readonly_reason:
            raise MergeError(f"cannot merge {path.name}: {other.readonly_reason}")
        current = await store.scalar("PRAGMA user_version")
        if version > current:   # an older file is read as it is; its tables are checked one by one
            raise MergeError(f"cannot merge {path.name}: it has schema {version}, this file {current}; "
                             "open both with the same eventdesk first")
        if path not in checked:
            checked.append(path)
    return checked


def _read_only_uri(path: Path) -> str:
    uri = f"file:{quote(str(path))}?mode=ro"
    if not os.access(path.parent, os.W_OK) and not Path(f"{path}-wal").exists():
        # Read-only media (as open_store does): no -shm can be made, and without a -wal the file is whole.
        uri += "&immutable=1"
    return uri


async def _columns(conn: aiosqlite.Connection, schema: str, table: str) -> list[str]:
    return [r[1] for r in await conn.execute_fetchall(f"PRAGMA {schema}.table_info({table})")]


def _content(alias: str, columns: Sequence[str]) -> str:
    return " || '|' || ".join(f"quote({alias}.{c})" for c in columns if c not in ("updated", "deleted", "device"))


def _version_key(alias: str, table: str, columns: Sequence[str]) -> str:
    content = _content(alias, columns)
    if table == "attendees":
        return f"({alias}.updated, {content})"
    erased = f"substr(coalesce({alias}.email_key, ''), 1, 7) = 'erased:', " if table == "leads" else ""
    return f"({erased}{alias}.updated, {alias}.deleted, {content})"


async def _merge_table(conn: aiosqlite.Connection, schema: str, table: str, counts: TableCounts,
                       tick: Callable[[int], None]) -> None:
    columns = await _columns(conn, "main", table)
    if await _columns(conn, schema, table) != columns:
        raise MergeError(f"table {table} differs between the files; open both with the same eventdesk first")
    key = "badge_id" if table == "attendees" else "id"
    names = ", ".join(columns)
    chunk = "src.rowid > ? AND src.rowid <= ?"
    source = f"{schema}.{table} AS src WHERE {chunk}"
    if table == "reps":   # emails are unique: a rep re-created under another id keeps ours
        source += " AND NOT EXISTS (SELECT 1 FROM main.reps r WHERE r.email = src.email AND r.id != src.id)"
    elif table == "answers":
        await conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS incoming ({', '.join(columns)}, PRIMARY KEY (id))")
        source = "temp.incoming AS src WHERE 1"
    # A conflict: two different versions of one record whose last changes came from different laptops
    # (stamps end in the device; '+' marks a merge's rewrite). Same content saved twice is no conflict.
    clash = f"src.updated != cur.updated AND ({_content('src', columns)}) != ({_content('cur', columns)})"
    if table != "attendees":
        clash += " AND rtrim(substr(src.updated, 21), '+') != rtrim(substr(cur.updated, 21), '+')"
    upsert = (
        f"INSERT INTO main.{table} AS cur ({names}) SELECT {names} FROM {source} "
        f"ON CONFLICT({key}) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in columns if c != key)} "
        f"WHERE {_version_key('excluded', table, columns)} > {_version_key('cur', table, columns)}")
    low, high = (await conn.execute_fetchall(f"SELECT min(rowid), max(rowid) FROM {schema}.{table}"))[0]
    if low is None:
        return
    for start in range(low - 1, high, CHUNK):
        bounds = (start, start + CHUNK)
        (clashes,), = await conn.execute_fetchall(
            f"SELECT count(*) FROM {schema}.{table} src JOIN main.{table} cur ON cur.{key} = src.{key} "
            f"WHERE {chunk} AND {clash}", bounds)
        if table == "answers":
            clashes += await _stage_answers(conn, schema, columns, bounds)
        (last,), = await conn.execute_fetchall(f"SELECT coalesce(max(rowid), 0) FROM main.{table}")
        changed = (await conn.execute(upsert, () if table == "answers" else bounds)).rowcount
        (new,), = await conn.execute_fetchall(f"SELECT count(*) FROM main.{table} WHERE rowid > ?", (last,))
        counts.new += new
        counts.updated += max(changed - new, 0)
        counts.conflicts += clashes
        tick(min(CHUNK, high - start))


async def _stage_answers(conn: aiosqlite.Connection, schema: str, columns: list[str], bounds: tuple[int, int]) -> int:
    """Answers are one per lead and question: two records for one place keep the newer, the older goes.

    Incoming rows that lose to our version of the same record are dropped first, so only real
    contenders compete for a place. Returns how many records lost their place.
    """
    await conn.execute("DELETE FROM temp.incoming")
    await conn.execute(f"INSERT INTO temp.incoming SELECT * FROM {schema}.answers AS src "
                       "WHERE src.rowid > ? AND src.rowid <= ?", bounds)
    newer = f"{_version_key('src', 'answers', columns)} > {_version_key('cur', 'answers', columns)}"
    # A record of ours that an incoming version of itself replaces no longer holds its old place.
    same_place = ("cur.lead_id = src.lead_id AND cur.question_key = src.question_key AND cur.id != src.id "
                  "AND cur.id NOT IN (SELECT id FROM temp.incoming)")
    await conn.execute("DELETE FROM temp.incoming AS src WHERE EXISTS (SELECT 1 FROM main.answers cur "
                       f"WHERE cur.id = src.id AND NOT ({newer}))")
    # Driven from the (small) incoming chunk, each probe through the unique (lead_id, question_key) index.
    lost = (await conn.execute("DELETE FROM main.answers WHERE id IN (SELECT cur.id FROM temp.incoming src "
                               f"JOIN main.answers cur ON {same_place} WHERE {newer})")).rowcount
    lost += (await conn.execute("DELETE FROM temp.incoming AS src WHERE EXISTS (SELECT 1 FROM main.answers cur "
                                f"WHERE {same_place})")).rowcount
    return lost


async def _rebuild_account_domains(conn: aiosqlite.Connection) -> None:
    from eventdesk.store.accounts import sync_domains

    for account_id, domains in await conn.execute_fetchall("SELECT id, domains FROM accounts WHERE deleted = 0"):
        await sync_domains(conn, account_id, domains.split())


async def _suspend_upkeep(conn: aiosqlite.Connection, schemas: list[str]) -> list[str]:
    """For a big merge, drop the row triggers on `leads` and the screens' indexes; returns the SQL to make them."""
    incoming = 0
    for schema in schemas:
        (rows,), = await conn.execute_fetchall(f"SELECT count(*) FROM {schema}.leads")
        incoming += rows
    (ours,), = await conn.execute_fetchall("SELECT count(*) FROM main.leads")
    if incoming < max(BULK_LEADS, ours // 4):
        return []
    upkeep = await conn.execute_fetchall(
        "SELECT type, name, sql FROM main.sqlite_master WHERE (type = 'trigger' AND tbl_name = 'leads') "
        f"OR (type = 'index' AND name IN ({', '.join('?' * len(SCREEN_INDEXES))}))", SCREEN_INDEXES)
    for kind, name, _ in upkeep:
        await conn.execute(f"DROP {kind.upper()} main.{name}")
    return [sql for _, _, sql in upkeep]


async def _restore_upkeep(conn: aiosqlite.Connection, upkeep: list[str]) -> None:
    """Make the dropped triggers and indexes again and bring what they keep up to date in one pass each."""
    if not upkeep:
        return
    for sql in upkeep:
        await conn.execute(sql)
    await conn.execute("INSERT INTO leads_fts(leads_fts) VALUES ('rebuild')")
    await conn.execute("DELETE FROM lead_stats")
    await conn.execute("INSERT INTO lead_stats SELECT rating, stage, coalesce(account_id, ''), "
                       "coalesce(captured_by, ''), coalesce(rep_id, ''), count(*) FROM leads WHERE deleted = 0 "
                       "GROUP BY 1, 2, 3, 4, 5")
    await conn.execute("DELETE FROM lead_hours")
    await conn.execute("INSERT INTO lead_hours SELECT substr(captured_at, 1, 13), count(*) FROM leads "
                       "WHERE deleted = 0 GROUP BY 1")


async def merge_files(store: Store, paths: Sequence[str | os.PathLike[str]], *,
                      progress: Progress | None = None) -> MergeResult:
    """Merge the other event files into `store`; `progress(done, total)` counts rows read.

    Raises MergeError (nothing written) for a file that is not a mergeable eventdesk file.
    """
    files = await check_files(store, paths)
    result = MergeResult(tuple(files), {table: TableCounts() for table in TABLES})
    conn = store.conn
    total, done = 1, [0]    # rows to read in all files (plus one for joining people), rows read so far
    erasures = bool(await store.scalar(ERASED_LEADS.format(schema="main")))
    for batch_start in range(0, len(files), MAX_ATTACHED):
        batch = files[batch_start:batch_start + MAX_ATTACHED]
        schemas = [f"other{i}" for i in range(len(batch))]
        for schema, path in zip(schemas, batch, strict=True):
            await conn.execute(f"ATTACH DATABASE ? AS {schema}", (_read_only_uri(path),))
        try:
            for schema in schemas:
                for table in TABLES:
                    (rows, newest), = await conn.execute_fetchall(
                        f"SELECT count(*), max(updated) FROM {schema}.{table}")
                    total += rows
                    if newest and table != "attendees":   # our next edit must sort after all we will hold
                        try:
                            store.clock.observe(newest)
                        except ValueError:
                            raise MergeError(f"a {table} record in one of the files has a damaged change stamp "
                                             f"({newest!r}); nothing was merged") from None
                erasures = erasures or bool(await store.scalar(ERASED_LEADS.format(schema=schema)))
            await _merge_batch(store, schemas, result, erasures, (done, total), progress)
        finally:
            for schema in schemas:
                await conn.execute(f"DETACH DATABASE {schema}")
    if erasures:
        await store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # erased bytes must not linger in the -wal
    if progress:
        progress(total, total)
    return result


async def _merge_batch(store: Store, schemas: list[str], result: MergeResult, erasures: bool,
                       counter: tuple[list[int], int], progress: Progress | None) -> None:
    done, total = counter

    def tick(rows: int) -> None:
        done[0] += rows
        if progress:
            progress(min(done[0], total - 1), total)

    previous = await store.scalar("PRAGMA secure_delete")
    cache = await store.scalar("PRAGMA cache_size")
    if erasures:
        await store.conn.execute("PRAGMA secure_delete = ON")
    # Rows arrive in random id order: a 256 MB page cache (for the merge only) keeps the indexes in memory.
    await store.conn.execute(f"PRAGMA cache_size = {MERGE_CACHE_KIB}")
    try:
        async with store.write(*TABLES) as conn:
            await conn.execute("PRAGMA defer_foreign_keys = ON")  # rows arrive table by table
            upkeep = await _suspend_upkeep(conn, schemas)
            for schema in schemas:
                for table in TABLES:
                    await _merge_table(conn, schema, table, result.tables[table], tick)
            accounts = result.tables["accounts"]
            if accounts.new or accounts.updated:
                await _rebuild_account_domains(conn)
            people = await normalise_people(conn)
            await _restore_upkeep(conn, upkeep)
            result.people_joined += people.joined
            result.erased += people.erased
            result.answer_conflicts += people.answer_conflicts
    except StoreError as exc:
        # Foreign keys are checked at COMMIT (deferred), which then fails and rolls everything back.
        if "FOREIGN KEY" in str(exc):
            raise MergeError("the files do not fit together (a record refers to one that is in none of them); "
                             "nothing was merged") from exc
        raise
    finally:
        await store.conn.execute(f"PRAGMA secure_delete = {int(previous or 0)}")
        await store.conn.execute(f"PRAGMA cache_size = {int(cache)}")
