"""`eventdesk erase LEAD_ID`: a person's right to erasure (GDPR art. 17), here and in every later merge.

The lead and every copy of the same person in this file (same badge id or email) become erased
tombstones: personal fields, notes, consent, answers, touch notes, follow-up notes and the raw scan
text are cleared. The tombstone keeps its id and, instead of the badge id and normalised email, a
one-way hash of them: enough for a merge to recognise a copy of this person from another laptop and
erase it too (a suppression entry), never enough to read the email back. Merging only keeps a copy
captured after the erasure (the person came back and gave their details again).

The bytes must go too: `secure_delete` zeroes what SQLite frees during the erase, the full-text index
is optimised so no old segment keeps the words, and a TRUNCATE checkpoint empties the -wal.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import aiosqlite

from eventdesk.store.db import Store

ERASED = "erased:"
NO_EMAIL = ERASED + "-"      # the marker when the erased person had no email
PERSON_COLUMNS = ("first_name", "last_name", "email", "phone", "company", "title", "url")


def hashed_key(kind: str, value: str) -> str:
    """The suppression form of an identity key ('b' badge id, 'e' normalised email)."""
    if value.startswith(ERASED):
        return value
    return ERASED + hashlib.sha256(f"eventdesk-erasure|{kind}|{value}".encode()).hexdigest()[:40]


def is_erased(email_key: str | None) -> bool:
    return bool(email_key) and email_key.startswith(ERASED)  # type: ignore[union-attr]


def erased_fields(badge_id: str | None, email_key: str | None) -> dict[str, Any]:
    """The columns of an erased lead: identity only as hashes, nothing personal left."""
    return {
        "badge_id": hashed_key("b", badge_id) if badge_id else None,
        "email_key": hashed_key("e", email_key) if email_key and email_key != NO_EMAIL else NO_EMAIL,
        **{column: None for column in PERSON_COLUMNS},
        "consent": 0, "consent_text": None, "consent_at": None, "consent_by": None, "notes": "", "deleted": 1,
    }


# Children of the leads listed in temp.erase_ids, cleared and tombstoned; `{stamp}` is the new stamp
# (a parameter for a local erase, an expression deriving from the old stamp in a merge). Each
# statement only touches rows not cleared yet, so running it again changes nothing.
SCRUB_CHILDREN = (
    ("touches", "UPDATE touches SET note = '', deleted = 1, updated = {stamp} "
                "WHERE lead_id IN (SELECT id FROM temp.erase_ids) AND (deleted = 0 OR note != '')"),
    ("answers", "UPDATE answers SET answer = '', deleted = 1, updated = {stamp} "
                "WHERE lead_id IN (SELECT id FROM temp.erase_ids) AND (deleted = 0 OR answer != '')"),
    ("followups", "UPDATE followups SET note = '', reply = '', deleted = 1, updated = {stamp} "
                  "WHERE lead_id IN (SELECT id FROM temp.erase_ids) AND (deleted = 0 OR note != '' OR reply != '')"),
    ("scans", "UPDATE scans SET raw = '', message = '', deleted = 1, updated = {stamp} "
              "WHERE lead_id IN (SELECT id FROM temp.erase_ids) AND (deleted = 0 OR raw != '' OR message != '')"),
)


async def scrub_children_in(conn: aiosqlite.Connection, lead_ids: list[str], stamp_sql: str,
                            params: tuple[Any, ...] = ()) -> dict[str, int]:
    """Clear the children of these (erased) leads; returns rows changed per table."""
    await conn.execute("CREATE TEMP TABLE IF NOT EXISTS erase_ids (id TEXT PRIMARY KEY)")
    await conn.execute("DELETE FROM temp.erase_ids")
    await conn.executemany("INSERT OR IGNORE INTO temp.erase_ids VALUES (?)", [(i,) for i in lead_ids])
    counts = {}
    for table, sql in SCRUB_CHILDREN:
        cursor = await conn.execute(sql.format(stamp=stamp_sql), params)
        counts[table] = cursor.rowcount
    await conn.execute("DELETE FROM temp.erase_ids")
    return counts


async def drop_attendees_in(conn: aiosqlite.Connection, keys: set[str]) -> int:
    """Delete attendee-list rows of erased people (`keys` in hashed form): the list would name them again."""
    if not keys:
        return 0
    from eventdesk.domain.contact import email_key

    rows = await conn.execute_fetchall("SELECT badge_id, email FROM attendees")
    doomed = [(badge,) for badge, email in rows
              if hashed_key("b", badge) in keys or (email and hashed_key("e", email_key(email) or email) in keys)]
    await conn.executemany("DELETE FROM attendees WHERE badge_id = ?", doomed)
    return len(doomed)


@dataclass(frozen=True)
class EraseResult:
    lead_ids: tuple[str, ...]       # the lead and every copy of the same person in this file
    children: dict[str, int]        # rows cleared per table (touches, answers, followups, scans)
    attendees: int
    scrubbed: bool                  # the -wal was emptied (False: another eventdesk holds the file open)


async def person_rows(conn: aiosqlite.Connection, lead_id: str) -> list[aiosqlite.Row]:
    """The lead and every other row of the same person (shared badge id or email, transitively)."""
    rows = {r["id"]: r for r in await conn.execute_fetchall(
        "SELECT id, badge_id, email, email_key FROM leads WHERE id = ?", (lead_id,))}
    frontier = list(rows.values())
    while frontier:
        row = frontier.pop()
        for column in ("badge_id", "email_key"):
            value = row[column]
            if value and not value.startswith(ERASED):
                for other in await conn.execute_fetchall(
                        f"SELECT id, badge_id, email, email_key FROM leads WHERE {column} = ?", (value,)):
                    if other["id"] not in rows:
                        rows[other["id"]] = other
                        frontier.append(other)
    return list(rows.values())


async def erase_lead(store: Store, lead_id: str) -> EraseResult:
    """Erase the person of `lead_id` from this file (see the module text). Raises ValueError if unknown."""
    if not await store.scalar("SELECT 1 FROM leads WHERE id = ?", (lead_id,)):
        raise ValueError(f"no lead with id {lead_id}")
    previous = await store.scalar("PRAGMA secure_delete")
    await store.conn.execute("PRAGMA secure_delete = ON")
    try:
        async with store.write("leads", "touches", "answers", "followups", "scans", "attendees") as conn:
            rows = await person_rows(conn, lead_id)
            stamp = store.stamp()
            keys: set[str] = set()
            for row in rows:
                fields = erased_fields(row["badge_id"], row["email_key"])
                keys.update(v for v in (fields["badge_id"], fields["email_key"]) if v and v != NO_EMAIL)
                assignments = ", ".join(f"{name} = ?" for name in fields)
                await conn.execute(f"UPDATE leads SET {assignments}, updated = ? WHERE id = ?",
                                   (*fields.values(), stamp, row["id"]))
            ids = [row["id"] for row in rows]
            children = await scrub_children_in(conn, ids, "?", (stamp,))
            # Scans never linked to the lead (refused, unmatched) may still carry the email or badge id.
            needles = {v.lower() for row in rows for v in (row["email"], row["badge_id"])
                       if v and not v.startswith(ERASED)}
            for needle in needles:
                cursor = await conn.execute(
                    "UPDATE scans SET raw = '', message = '', deleted = 1, updated = ? "
                    "WHERE instr(lower(raw), ?) > 0 OR instr(lower(message), ?) > 0", (stamp, needle, needle))
                children["scans"] += cursor.rowcount
            attendees = await drop_attendees_in(conn, keys)
            if await store.scalar("SELECT 1 FROM sqlite_master WHERE name = 'leads_fts'"):
                await conn.execute("INSERT INTO leads_fts(leads_fts) VALUES ('optimize')")
        scrubbed = await checkpoint(store)
    finally:
        await store.conn.execute(f"PRAGMA secure_delete = {int(previous or 0)}")
    return EraseResult(tuple(ids), children, attendees, scrubbed)


async def checkpoint(store: Store) -> bool:
    """Copy the -wal into the file and truncate it to zero bytes; False if a reader kept it busy."""
    row = await store.one("PRAGMA wal_checkpoint(TRUNCATE)")
    return bool(row) and row[0] == 0
