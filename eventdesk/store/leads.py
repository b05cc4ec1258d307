"""Leads (people met at the booth), their touches and qualifier answers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite

from eventdesk.domain.ids import new_id
from eventdesk.domain.models import Lead
from eventdesk.domain.times import local_iso
from eventdesk.store.db import Store
from eventdesk.store.rows import update_fields, upsert

LEAD_SELECT = (
    "SELECT l.*, a.name AS account_name, a.tier AS tier, r.email AS rep_email, r.name AS rep_name, "
    "(SELECT count(*) FROM touches t WHERE t.lead_id = l.id AND t.deleted = 0) AS touch_count "
    "FROM leads l LEFT JOIN accounts a ON a.id = l.account_id AND a.deleted = 0 "
    "LEFT JOIN reps r ON r.id = l.rep_id"
)
PERSON_FIELDS = ("badge_id", "first_name", "last_name", "email", "phone", "company", "title", "url")
# Fields a booth user may change on a lead; anything else goes through a dedicated function.
EDITABLE = frozenset((*PERSON_FIELDS, "rating", "stage", "consent", "consent_text", "consent_at", "consent_by",
                      "rep_id", "notes", "account_id"))


def row_to_lead(row: aiosqlite.Row) -> Lead:
    return Lead(
        id=row["id"], badge_id=row["badge_id"], first_name=row["first_name"], last_name=row["last_name"],
        email=row["email"], phone=row["phone"], company=row["company"], title=row["title"], url=row["url"],
        account_id=row["account_id"], source=row["source"], rating=row["rating"], stage=row["stage"],
        consent=bool(row["consent"]), consent_text=row["consent_text"], consent_at=row["consent_at"],
        consent_by=row["consent_by"], rep_id=row["rep_id"], notes=row["notes"], captured_at=row["captured_at"],
        captured_by=row["captured_by"], updated=row["updated"], account_name=row["account_name"],
        tier=row["tier"], rep_email=row["rep_email"], rep_name=row["rep_name"], touches=row["touch_count"],
    )


def lead_json(lead: Lead, tz: ZoneInfo) -> dict[str, Any]:
    """The lead as DESIGN §5's JSON object."""
    return {
        "id": lead.id, "badge_id": lead.badge_id, "first_name": lead.first_name, "last_name": lead.last_name,
        "email": lead.email, "phone": lead.phone, "company": lead.company, "title": lead.title,
        "account": lead.account_name, "tier": lead.tier, "source": lead.source, "rating": lead.rating,
        "stage": lead.stage, "consent": lead.consent, "rep": lead.rep_email, "notes": lead.notes,
        "captured_at": local_iso(lead.captured_at, tz), "touches": lead.touches,
    }


async def get_lead(store: Store, lead_id: str) -> Lead | None:
    row = await store.one(f"{LEAD_SELECT} WHERE l.id = ? AND l.deleted = 0", (lead_id,))
    return row_to_lead(row) if row else None


async def find_person_in(conn: aiosqlite.Connection, badge_id: str | None, email_key: str | None) -> str | None:
    """The live lead with this badge id or normalised email, oldest first (the same person)."""
    for column, value in (("badge_id", badge_id), ("email_key", email_key)):
        if value:
            async with conn.execute(
                f"SELECT id FROM leads WHERE {column} = ? AND deleted = 0 ORDER BY captured_at, id LIMIT 1", (value,)
            ) as cur:
                row = await cur.fetchone()
            if row:
                return str(row[0])
    return None


@dataclass(frozen=True)
class NewLead:
    captured_at: str
    source: str = "scan"
    badge_id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    email_key: str | None = None
    phone: str | None = None
    company: str | None = None
    title: str | None = None
    url: str | None = None
    account_id: str | None = None
    rep_id: str | None = None
    captured_by: str | None = None
    rating: str = "unrated"
    stage: str = "new"
    notes: str = ""


async def insert_lead_in(conn: aiosqlite.Connection, store: Store, lead: NewLead, lead_id: str | None = None) -> str:
    row_id = lead_id or new_id()
    row = {name: getattr(lead, name) for name in NewLead.__dataclass_fields__}
    await upsert(conn, "leads", {"id": row_id, **row, "device": store.device, "updated": store.stamp(), "deleted": 0})
    return row_id


async def add_touch_in(conn: aiosqlite.Connection, store: Store, lead_id: str, at: str, staff_rep_id: str | None,
                       scan_id: str | None = None, kind: str = "scan", note: str = "") -> str:
    row_id = new_id()
    await upsert(conn, "touches", {
        "id": row_id, "lead_id": lead_id, "scan_id": scan_id, "kind": kind, "at": at,
        "staff_rep_id": staff_rep_id, "note": note, "device": store.device, "updated": store.stamp(), "deleted": 0,
    })
    return row_id


async def update_lead(store: Store, lead_id: str, **fields: Any) -> bool:
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValueError(f"cannot edit {', '.join(sorted(unknown))} on a lead")
    if "email" in fields:
        from eventdesk.domain.contact import email_key

        fields["email_key"] = email_key(fields["email"])
    async with store.write("leads") as conn:
        return await update_fields(conn, "leads", lead_id, store.stamp(), **fields) == 1


async def set_answer(store: Store, lead_id: str, question_key: str, answer: str | None) -> None:
    """Record (or, with None, clear) the lead's answer to one qualifier question."""
    async with store.write("answers") as conn:
        async with conn.execute(
            "SELECT id FROM answers WHERE lead_id = ? AND question_key = ?", (lead_id, question_key)
        ) as cur:
            row = await cur.fetchone()
        await upsert(conn, "answers", {
            "id": row[0] if row else new_id(), "lead_id": lead_id, "question_key": question_key,
            "answer": answer or "", "device": store.device, "updated": store.stamp(), "deleted": 0 if answer else 1,
        })


async def answers_for(store: Store, lead_id: str) -> dict[str, str]:
    rows = await store.all("SELECT question_key, answer FROM answers WHERE lead_id = ? AND deleted = 0", (lead_id,))
    return {r[0]: r[1] for r in rows}


async def touches_for(store: Store, lead_id: str) -> list[aiosqlite.Row]:
    return await store.all(
        "SELECT t.*, r.name AS staff_name FROM touches t LEFT JOIN reps r ON r.id = t.staff_rep_id "
        "WHERE t.lead_id = ? AND t.deleted = 0 ORDER BY t.at", (lead_id,))


async def tombstone_lead(store: Store, lead_id: str) -> bool:
    """Delete a lead as a tombstone: id and stamp stay (so merges keep it deleted), personal data goes."""
    async with store.write("leads", "touches", "answers", "followups") as conn:
        stamp = store.stamp()
        cleared = {f: None for f in (*PERSON_FIELDS, "email_key", "consent_text", "consent_at", "consent_by")}
        changed = await update_fields(conn, "leads", lead_id, stamp, **cleared, notes="", deleted=1)
        for table in ("touches", "answers", "followups"):  # nobody should follow up a removed lead
            await conn.execute(f"UPDATE {table} SET deleted = 1, updated = ? WHERE lead_id = ? AND deleted = 0",
                               (store.stamp(), lead_id))
        return changed == 1


def fts_query(text: str) -> str | None:
    """Prefix query for FTS5 from what the user typed: every word must match the start of a word."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    return " ".join(f'"{w}"*' for w in words) if words else None


async def has_fts(store: Store) -> bool:
    return bool(await store.scalar("SELECT 1 FROM sqlite_master WHERE name = 'leads_fts'"))


async def search_leads(store: Store, text: str | None = None, limit: int | None = None) -> list[Lead]:
    """Leads, newest capture first, optionally filtered by a search (FTS5, or LIKE where FTS5 is missing)."""
    where, params = ["l.deleted = 0"], []  # type: ignore[var-annotated]
    query = fts_query(text) if text else None
    if text and not query:
        return []
    if query and await has_fts(store):
        where.append("l.rowid IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)")
        params.append(query)
    elif text:
        like = f"%{text.strip()}%"
        where.append("(l.first_name LIKE ? OR l.last_name LIKE ? OR l.email LIKE ? OR l.company LIKE ? "
                     "OR l.title LIKE ? OR l.notes LIKE ?)")
        params.extend([like] * 6)
    sql = f"{LEAD_SELECT} WHERE {' AND '.join(where)} ORDER BY l.captured_at DESC, l.id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [row_to_lead(r) for r in await store.all(sql, params)]
