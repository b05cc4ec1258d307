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


async def list_followups(store: Store, rep_id: str | None = None, status: str | None = "open") -> list[FollowUp]:
    where, params = ["f.deleted = 0"], []
    if rep_id:
        where.append("f.rep_id = ?")
        params.append(rep_id)
    if status:
        where.append("f.status = ?")
        params.append(status)
    rows = await store.all(
        f"{FOLLOWUP_SELECT} WHERE {' AND '.join(where)} ORDER BY f.due IS NULL, f.due, f.id", params)
    return [row_to_followup(r) for r in rows]


async def set_followup_status(store: Store, followup_id: str, status: str, reply: str | None = None) -> bool:
    if status not in FOLLOWUP_STATUSES:
        raise ValueError(f"status must be one of {', '.join(FOLLOWUP_STATUSES)}")
    fields = {"status": status} | ({"reply": reply} if reply is not None else {})
    async with store.write("followups") as conn:
        return await update_fields(conn, "followups", followup_id, store.stamp(), **fields) == 1
