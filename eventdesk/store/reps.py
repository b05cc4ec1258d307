"""Booth staff: sales reps and marketers, identified by email on every laptop."""

from __future__ import annotations

from collections.abc import Iterable

import aiosqlite

from eventdesk.domain.ids import stable_id
from eventdesk.domain.models import ROLES, Rep
from eventdesk.store.db import Store
from eventdesk.store.rows import upsert


def rep_id(email: str) -> str:
    return stable_id("rep", email)


async def save_reps(store: Store, reps: Iterable[tuple[str, str, str]]) -> int:
    """Create or update reps from (name, email, role); returns how many rows were written."""
    count = 0
    async with store.write("reps") as conn:
        for name, email, role in reps:
            await save_rep_in(conn, store, name, email, role)
            count += 1
    return count


async def save_rep_in(conn: aiosqlite.Connection, store: Store, name: str, email: str, role: str) -> str:
    email = email.strip().lower()
    if role not in ROLES:
        raise ValueError(f"role must be {' or '.join(ROLES)}, not {role!r}")
    row_id = rep_id(email)
    await upsert(conn, "reps", {
        "id": row_id, "name": name.strip(), "email": email, "role": role,
        "device": store.device, "updated": store.stamp(), "deleted": 0,
    })
    return row_id


def _rep(row: aiosqlite.Row) -> Rep:
    return Rep(row["id"], row["name"], row["email"], row["role"])


async def list_reps(store: Store) -> list[Rep]:
    rows = await store.all("SELECT * FROM reps WHERE deleted = 0 ORDER BY name")
    return [_rep(r) for r in rows]


async def rep_by_email(store: Store, email: str) -> Rep | None:
    row = await store.one("SELECT * FROM reps WHERE email = ? AND deleted = 0", (email.strip().lower(),))
    return _rep(row) if row else None
