"""Follow-ups per rep, and asks between sales and marketing (an ask is a follow-up addressed to anyone)."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from eventdesk.domain.ids import new_id
from eventdesk.domain.models import FOLLOWUP_STATUSES, FollowUp
from eventdesk.store.db import Store
from eventdesk.store.rows import update_fields, upsert

FOLLOWUP_SELECT = (
    "SELECT f.*, r.email AS rep_email, a.name AS account_name, "
    "trim(coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '')) AS lead_name FROM followups f "
    "LEFT JOIN reps r ON r.id = f.rep_id LEFT JOIN accounts a ON a.id = f.account_id "
    "LEFT JOIN leads l ON l.id = f.lead_id"
)


@dataclass(frozen=True)
class NewFollowUp:
    rep_id: str | None
    action: str = "call"
    due: str | None = None
    lead_id: str | None = None
    account_id: str | None = None
    meeting_id: str | None = None
    created_by: str | None = None
    note: str = ""
    kind: str = "followup"
    status: str = "open"
    origin: str = "manual"


def row_to_followup(row: aiosqlite.Row) -> FollowUp:
    return FollowUp(row["id"], row["lead_id"], row["account_id"], row["rep_id"], row["action"], row["due"],
                    row["status"], row["created_by"], row["note"], row["kind"], row["reply"], row["updated"],
                    row["rep_email"], row["lead_name"] or None, row["account_name"])


async def add_followup_in(conn: aiosqlite.Connection, store: Store, item: NewFollowUp) -> str:
    row_id = new_id()
    fields = {name: getattr(item, name) for name in NewFollowUp.__dataclass_fields__}
    await upsert(conn, "followups", {"id": row_id, **fields, "reply": "", "device": store.device,
                                     "updated": store.stamp(), "deleted": 0})
    return row_id


async def add_followup(store: Store, item: NewFollowUp) -> str:
    async with store.write("followups") as conn:
        return await add_followup_in(conn, store, item)


async def list_followups(store: Store, rep_id: str | None = None, status: str | None = "open",
                         kind: str | None = None, limit: int | None = None) -> list[FollowUp]:
    where, params = ["f.deleted = 0"], []
    if kind:
        where.append("f.kind = ?")
        params.append(kind)
    if rep_id:
        where.append("f.rep_id = ?")
        params.append(rep_id)
    if status:
        where.append("f.status = ?")
        params.append(status)
    rows = await store.all(
        f"{FOLLOWUP_SELECT} WHERE {' AND '.join(where)} ORDER BY f.due IS NULL, f.due, f.id"
        + (f" LIMIT {int(limit)}" if limit else ""), params)
    return [row_to_followup(r) for r in rows]


async def set_followup_status(store: Store, followup_id: str, status: str, reply: str | None = None) -> bool:
    if status not in FOLLOWUP_STATUSES:
        raise ValueError(f"status must be one of {', '.join(FOLLOWUP_STATUSES)}")
    fields = {"status": status} | ({"reply": reply} if reply is not None else {})
    async with store.write("followups") as conn:
        return await update_fields(conn, "followups", followup_id, store.stamp(), **fields) == 1


async def reassign_followup(store: Store, followup_id: str, rep_id: str) -> bool:
    async with store.write("followups") as conn:
        return await update_fields(conn, "followups", followup_id, store.stamp(), rep_id=rep_id) == 1


async def followup_gaps(store: Store, limit: int = 200) -> dict[str, list[aiosqlite.Row]]:
    """What nobody is following up: rated leads with no open or done follow-up, and hot leads with no rep."""
    no_followup = await store.all(
        "SELECT l.id, l.first_name, l.last_name, l.company, l.rating FROM leads l "
        "WHERE l.deleted = 0 AND l.rating IN ('hot', 'warm') AND NOT EXISTS (SELECT 1 FROM followups f "
        "WHERE f.lead_id = l.id AND f.deleted = 0 AND f.status IN ('open', 'done')) "
        "ORDER BY l.rating = 'hot' DESC, l.captured_at LIMIT ?", (limit,))
    no_owner = await store.all(
        "SELECT l.id, l.first_name, l.last_name, l.company, l.rating FROM leads l "
        "WHERE l.deleted = 0 AND l.rating = 'hot' AND l.rep_id IS NULL ORDER BY l.captured_at LIMIT ?", (limit,))
    return {"no_followup": no_followup, "no_owner": no_owner}


async def bulk_assign(store: Store, rep_id: str, *, rating: str | None = None, tier: int | None = None,
                      unassigned_only: bool = True, action: str = "call", due: str | None = None,
                      created_by: str | None = None) -> int:
    """Give a filtered set of leads to one rep (e.g. every unassigned warm lead of tier-2 accounts),
    with an open follow-up each; returns how many leads it took."""
    where: list[str] = ["l.deleted = 0"]
    params: list[object] = []
    if rating:
        where.append("l.rating = ?")
        params.append(rating)
    if tier:
        where.append("a.tier = ?")
        params.append(tier)
    if unassigned_only:
        where.append("l.rep_id IS NULL")
    async with store.write("leads", "followups") as conn:
        rows = list(await conn.execute_fetchall(
            f"SELECT l.id FROM leads l LEFT JOIN accounts a ON a.id = l.account_id WHERE {' AND '.join(where)}",
            params))
        for (lead_id,) in rows:
            await update_fields(conn, "leads", lead_id, store.stamp(), rep_id=rep_id)
            await add_followup_in(conn, store, NewFollowUp(rep_id=rep_id, action=action, due=due, lead_id=lead_id,
                                                           created_by=created_by, note="bulk assigned"))
        return len(rows)
