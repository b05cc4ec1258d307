"""The scan journal: every raw scan, written before it is parsed, so nothing a scanner typed is lost."""

from __future__ import annotations

import aiosqlite

from eventdesk.domain.ids import new_id
from eventdesk.domain.models import Scan
from eventdesk.store.db import Store
from eventdesk.store.rows import upsert


async def journal_in(conn: aiosqlite.Connection, store: Store, raw: str, at: str, staff_rep_id: str | None) -> str:
    row_id = new_id()
    await upsert(conn, "scans", {
        "id": row_id, "raw": raw, "at": at, "staff_rep_id": staff_rep_id, "outcome": None, "format": None,
        "message": "", "lead_id": None, "reviewed": 0, "device": store.device, "updated": store.stamp(), "deleted": 0,
    })
    return row_id


async def settle_in(conn: aiosqlite.Connection, store: Store, scan_id: str, outcome: str, fmt: str | None,
                    message: str, lead_id: str | None) -> None:
    await conn.execute(
        "UPDATE scans SET outcome = ?, format = ?, message = ?, lead_id = ?, updated = ? WHERE id = ?",
        (outcome, fmt, message, lead_id, store.stamp(), scan_id),
    )


def _scan(row: aiosqlite.Row) -> Scan:
    return Scan(row["id"], row["raw"], row["at"], row["staff_rep_id"], row["outcome"], row["format"],
                row["message"], row["lead_id"])


async def recent_scans(store: Store, limit: int = 20) -> list[Scan]:
    rows = await store.all("SELECT * FROM scans WHERE deleted = 0 ORDER BY at DESC, id DESC LIMIT ?", (limit,))
    return [_scan(r) for r in rows]


async def unmatched_scans(store: Store, limit: int = 200) -> list[Scan]:
    rows = await store.all(
        "SELECT * FROM scans WHERE outcome = 'unmatched' AND reviewed = 0 AND deleted = 0 ORDER BY at DESC LIMIT ?",
        (limit,),
    )
    return [_scan(r) for r in rows]


async def mark_reviewed(store: Store, scan_id: str, lead_id: str | None = None) -> None:
    async with store.write("scans") as conn:
        await conn.execute("UPDATE scans SET reviewed = 1, lead_id = coalesce(?, lead_id), updated = ? WHERE id = ?",
                           (lead_id, store.stamp(), scan_id))
