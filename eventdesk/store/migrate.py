"""Running the schema migrations: all pending steps in one transaction, or none."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import aiosqlite

from eventdesk.store.schema import MIGRATIONS, V1_FTS

# Marks the file as eventdesk's ("EvDk"), so a SQLite file of another application is told apart.
APPLICATION_ID = 0x4576446B


def statements(script: str) -> Iterator[str]:
    """Split a script into complete statements (triggers hold ';' inside BEGIN ... END)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buffer[:60]!r}")


async def fts5_available(conn: aiosqlite.Connection) -> bool:
    async with conn.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')") as cur:
        row = await cur.fetchone()
    return bool(row and row[0])


async def migrate(conn: aiosqlite.Connection, version: int) -> None:
    pending = [(number, sql) for number, sql in MIGRATIONS if number > version]
    if not pending:
        return
    # executescript() would COMMIT first; statements run one by one keep the upgrade atomic.
    await conn.execute("BEGIN IMMEDIATE")
    try:
        for number, sql in pending:
            for statement in statements(sql):
                await conn.execute(statement)
            if number == 1 and await fts5_available(conn):
                for statement in statements(V1_FTS):
                    await conn.execute(statement)
        await conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        await conn.execute(f"PRAGMA user_version = {pending[-1][0]}")
        await conn.execute("COMMIT")
    except BaseException:
        await conn.execute("ROLLBACK")
        raise
