"""Small helpers shared by the store modules: stamped upserts and tombstones."""

from __future__ import annotations

from typing import Any

import aiosqlite


async def upsert(conn: aiosqlite.Connection, table: str, row: dict[str, Any]) -> None:
    """Insert `row`, or update the existing row with the same id (the caller stamps `updated`)."""
    columns = list(row)
    placeholders = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in ("id", "device"))
    await conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) "
        f"ON CONFLICT(id) DO UPDATE SET {updates}",
        [row[c] for c in columns],
    )


async def update_fields(conn: aiosqlite.Connection, table: str, row_id: str, stamp: str, **fields: Any) -> int:
    """Set some fields of one live row and restamp it; returns how many rows changed (0 or 1)."""
    assignments = ", ".join(f"{name} = ?" for name in fields)
    cursor = await conn.execute(
        f"UPDATE {table} SET {assignments}, updated = ? WHERE id = ? AND deleted = 0",
        [*fields.values(), stamp, row_id],
    )
    return cursor.rowcount
