"""One person, one lead: joining the copies of a person that different laptops captured.

Copies are linked by a shared badge id or normalised email, transitively (union-find over every lead
row, live or not). In each group the live copy captured first, by (captured_at, id), is the person;
the others become *redirects*: tombstones that keep their badge id and email key (and nothing personal),
so a later merge still links a new copy through them and re-points its touches. Everything here is a function of the
table contents alone, never of which file came first or which laptop merges: that is what makes merge
order-independent and idempotent.

Rows this module rewrites get a *derived* stamp: the stamp they were computed from plus '+', which
sorts right after it and before any later edit. Derivation is idempotent ('s+' stays 's+'), so the
result does not depend on how many merges it took to get there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiosqlite

from eventdesk.domain.ratings import hottest
from eventdesk.domain.times import from_stored
from eventdesk.handoff.erase import ERASED, NO_EMAIL, drop_attendees_in, erased_fields, hashed_key, scrub_children_in

DERIVED_SQL = "CASE WHEN substr(updated, -1) = '+' THEN updated ELSE updated || '+' END"
# Filled from the copy with the newest stamp that has a value (stage 'new' counts as no value).
NEWEST_WINS = ("first_name", "last_name", "phone", "company", "title", "url", "account_id", "rep_id", "stage")
CONSENT = ("consent", "consent_text", "consent_at", "consent_by")
JOINED = (*NEWEST_WINS, "badge_id", "email", "email_key", "rating", "notes", *CONSENT)
CHILD_TABLES = ("touches", "followups", "meetings", "scans")


def derived(stamp: str) -> str:
    return stamp if stamp.endswith("+") else stamp + "+"


@dataclass(frozen=True)
class Slim:
    id: str
    badge_id: str | None
    email_key: str | None
    captured_at: str
    deleted: int
    updated: str

    @property
    def erased(self) -> bool:
        return bool(self.email_key) and self.email_key.startswith(ERASED)  # type: ignore[union-attr]

    @property
    def order(self) -> tuple[str, str]:
        return (self.captured_at, self.id)


def person_keys(row: Slim, hashed: bool) -> list[str]:
    keys = []
    if row.badge_id:
        keys.append(hashed_key("b", row.badge_id) if hashed else "b:" + row.badge_id)
    if row.email_key and row.email_key != NO_EMAIL:
        keys.append(hashed_key("e", row.email_key) if hashed else "e:" + row.email_key)
    return keys


def groups_of(rows: Sequence[Slim]) -> list[list[Slim]]:
    """Rows sharing a key, transitively; only groups of two or more. Hashed keys once anyone is erased."""
    hashed = any(r.erased for r in rows)
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for index, row in enumerate(rows):
        for key in person_keys(row, hashed):
            seen = first.setdefault(key, index)
            if seen != index:
                a, b = find(seen), find(index)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    members: dict[int, list[Slim]] = {}
    for index, row in enumerate(rows):
        members.setdefault(find(index), []).append(row)
    return [group for group in members.values() if len(group) > 1]


def _millis(stored: str) -> int:
    return int(from_stored(stored).timestamp() * 1000)


@dataclass
class Plan:
    joins: list[tuple[str, list[str]]] = field(default_factory=list)     # (canonical, live copies incl. it)
    restamp: dict[str, str] = field(default_factory=dict)                # canonical id -> its stamp
    redirect_to: dict[str, str] = field(default_factory=dict)            # other copy -> canonical
    erase: list[str] = field(default_factory=list)                       # copies captured before an erasure


def plan_groups(groups: Iterable[list[Slim]]) -> Plan:
    plan = Plan()
    for group in groups:
        erasures = [r for r in group if r.erased]
        rest = [r for r in group if not r.erased]
        if erasures:
            # An erasure wins over every copy captured before it, whichever laptop holds it.
            erased_at = max(int(r.updated.split("-", 1)[0]) for r in erasures)
            plan.erase.extend(r.id for r in rest if _millis(r.captured_at) <= erased_at)
            rest = [r for r in rest if _millis(r.captured_at) > erased_at]
        live = sorted((r for r in rest if not r.deleted), key=lambda r: r.order)
        if not live:
            continue
        canonical = live[0]
        others = [r for r in rest if r.id != canonical.id]
        if not others:
            continue
        for row in others:
            plan.redirect_to[row.id] = canonical.id
        if len(live) > 1:
            plan.joins.append((canonical.id, [r.id for r in live]))
        plan.restamp[canonical.id] = derived(max(r.updated for r in rest))
    return plan


def _newest_value(copies: Sequence[dict[str, Any]], name: str) -> Any:
    for copy in copies:           # newest first
        value = copy[name]
        if value not in (None, "") and not (name == "stage" and value == "new"):
            return value
    return copies[0][name]


def join_notes(texts: Iterable[str]) -> str:
    """Every line from every copy once. A copy holding them all keeps its own order; else lines sorted."""
    texts = [t for t in texts if t]
    union = {line for t in texts for line in t.split("\n") if line}
    complete = [t for t in texts if {line for line in t.split("\n") if line} == union]
    canonical_order = "\n".join(sorted(union))
    # Prefer a copy's own order over the sorted one; among copies, a fixed rule (max) keeps it associative.
    return max(complete, key=lambda t: (t != canonical_order, t)) if complete else canonical_order


def joined_fields(copies: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The person's fields from all live copies; copies[0] is the canonical (earliest capture)."""
    canonical = copies[0]
    newest = sorted(copies, key=lambda c: (c["updated"], c["id"]), reverse=True)
    out = {name: _newest_value(newest, name) for name in NEWEST_WINS}
    # Identity stays the first capture's (filled only if it has none), so no copy's key is ever lost.
    out["badge_id"] = next((c["badge_id"] for c in copies if c["badge_id"]), None)
    with_email = next((c for c in copies if c["email_key"]), canonical)
    out["email"], out["email_key"] = with_email["email"], with_email["email_key"]
    out["rating"] = hottest(*(c["rating"] for c in copies))
    out["notes"] = join_notes(c["notes"] for c in copies)
    consent = max(copies, key=lambda c: (c["consent_at"] or "", c["consent"], c["consent_text"] or "",
                                         c["consent_by"] or ""))
    out.update({name: consent[name] for name in CONSENT})
    return out


# A redirect keeps its id, keys and what is not personal (rating, stage, rep, account); the rest goes.
REDIRECT_CLEARS = ("first_name", "last_name", "email", "phone", "company", "title", "url", "consent_text",
                   "consent_at", "consent_by")


@dataclass
class PeopleResult:
    joined: int = 0          # copies folded into another lead by this merge
    erased: int = 0          # copies erased because the person was erased elsewhere
    answer_conflicts: int = 0
    erased_keys: set[str] = field(default_factory=set)


SLIM = ("SELECT id, badge_id, email_key, captured_at, deleted, updated FROM leads "
        "WHERE (badge_id IS NOT NULL OR email_key IS NOT NULL)")
# Without erasures keys compare as they are, so only rows sharing a badge id or an email key with another
# row can be in a group: read those (through the two indexes), not every lead. An erasure's keys are hashed,
# and then every row must be read to hash its keys the same way.
CANDIDATES = (
    " AND (badge_id IN (SELECT badge_id FROM leads WHERE badge_id IS NOT NULL GROUP BY badge_id HAVING count(*) > 1)"
    " OR email_key IN (SELECT email_key FROM leads WHERE email_key IS NOT NULL AND email_key != :no_email "
    "GROUP BY email_key HAVING count(*) > 1))"
)


async def _any_erased(conn: aiosqlite.Connection) -> bool:
    rows = await conn.execute_fetchall(
        "SELECT 1 FROM leads WHERE email_key >= ? AND email_key < ? LIMIT 1", (ERASED, ERASED[:-1] + ";"))
    return bool(rows)


async def normalise_people(conn: aiosqlite.Connection) -> PeopleResult:
    """Join the copies of each person and re-point their records; idempotent."""
    import asyncio

    result = PeopleResult()
    slim = [Slim(*r) for r in await conn.execute_fetchall(SLIM + (CANDIDATES if not await _any_erased(conn) else ""),
                                                          {"no_email": NO_EMAIL})]
    groups = await asyncio.to_thread(groups_of, slim)
    plan = plan_groups(groups)
    await _apply_joins(conn, plan, result)
    await _repoint(conn, plan.redirect_to, result)
    await _erase(conn, plan.erase, slim, result)
    return result


async def _apply_joins(conn: aiosqlite.Connection, plan: Plan, result: PeopleResult) -> None:
    ids = [i for _c, copies in plan.joins for i in copies]
    rows: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in await conn.execute_fetchall(
                f"SELECT * FROM leads WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
            rows[row["id"]] = dict(row)
    # Only the columns that change are set: every index (and the full-text trigger) on an untouched column
    # is then left alone, which is most of the cost of rewriting a lead.
    updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for canonical_id, copies in plan.joins:
        fields = joined_fields([rows[i] for i in copies])
        current = rows[canonical_id]
        changed = tuple(name for name in JOINED if current[name] != fields[name])
        if changed:
            values = (*(fields[name] for name in changed), plan.restamp.pop(canonical_id), canonical_id)
            updates.setdefault(changed, []).append(values)
    for changed, batch in updates.items():
        assignments = "".join(f"{name} = ?, " for name in changed)
        await conn.executemany(f"UPDATE leads SET {assignments}updated = ? WHERE id = ?", batch)
    await conn.executemany("UPDATE leads SET updated = ? WHERE id = ? AND updated != ?",
                           [(stamp, i, stamp) for i, stamp in plan.restamp.items()])
    # Live copies become redirects; redirects already are (and are left alone).
    redirect = "".join(f"{name} = NULL, " for name in REDIRECT_CLEARS)
    cursor = await conn.executemany(
        f"UPDATE leads SET {redirect}consent = 0, notes = '', deleted = 1, updated = {DERIVED_SQL} "
        "WHERE id = ? AND deleted = 0", [(i,) for i in plan.redirect_to])
    result.joined += max(cursor.rowcount, 0)


async def _repoint(conn: aiosqlite.Connection, redirect_to: dict[str, str], result: PeopleResult) -> None:
    """Touches, follow-ups, meetings, scans and answers of a redirect move to the person's lead."""
    await conn.execute("CREATE TEMP TABLE IF NOT EXISTS lead_map (old TEXT PRIMARY KEY, new TEXT NOT NULL)")
    await conn.execute("DELETE FROM temp.lead_map")
    if not redirect_to:
        return
    await conn.executemany("INSERT INTO temp.lead_map VALUES (?, ?)", list(redirect_to.items()))
    for table in CHILD_TABLES:
        await conn.execute(
            f"UPDATE {table} SET lead_id = m.new, updated = {DERIVED_SQL.replace('updated', f'{table}.updated')} "
            f"FROM temp.lead_map m WHERE {table}.lead_id = m.old")
    await _repoint_answers(conn, result)
    await conn.execute("DELETE FROM temp.lead_map")


async def _repoint_answers(conn: aiosqlite.Connection, result: PeopleResult) -> None:
    """One answer per person and question: the newest record (a cleared answer too) moves to the person.

    Losers become tombstones where they are (the unique index allows one record per lead and question,
    so the person's own losing record takes the slot the winner left). A tombstone, unlike a deleted
    row, stops the loser coming back from the other file on the next merge. Settled losers (deleted,
    with a derived stamp) never compete again: whatever beat them is still there or was beaten by newer.
    """
    moving = await conn.execute_fetchall(
        "SELECT a.id, a.lead_id, m.new, a.question_key, a.updated, a.deleted, a.answer FROM answers a "
        "JOIN temp.lead_map m ON a.lead_id = m.old WHERE NOT (a.deleted = 1 AND substr(a.updated, -1) = '+')")
    if not moving:
        return
    await conn.execute("CREATE TEMP TABLE IF NOT EXISTS places (lead_id TEXT, question_key TEXT)")
    await conn.execute("DELETE FROM temp.places")
    await conn.executemany("INSERT INTO temp.places VALUES (?, ?)", {(r[2], r[3]) for r in moving})
    own = await conn.execute_fetchall(
        "SELECT a.id, a.lead_id, a.lead_id, a.question_key, a.updated, a.deleted, a.answer FROM temp.places p "
        "JOIN answers a ON a.lead_id = p.lead_id AND a.question_key = p.question_key")
    contest: dict[tuple[str, str], list[Any]] = {}
    for row in (*moving, *own):
        contest.setdefault((row[2], row[3]), []).append(row)
    park, takes_slot, wins, loses = [], [], [], []
    for (person, _question), rows in contest.items():
        winner = max(rows, key=lambda r: (r[4], r[5], r[6], r[0]))
        mine = next((r for r in rows if r[1] == person), None)
        loses += [(r[0],) for r in rows if r is not winner and r is not mine]
        result.answer_conflicts += len(rows) - 1
        if winner is not mine:            # the winner comes over from a copy; ours (if any) takes its slot
            park.append((winner[0],))
            wins.append((person, winner[0]))
            if mine is not None:
                takes_slot.append((winner[1], mine[0]))
    tombstone = f"deleted = 1, updated = {DERIVED_SQL}"
    await conn.executemany("UPDATE answers SET lead_id = '#' || id WHERE id = ?", park)  # frees the slots first
    await conn.executemany(f"UPDATE answers SET lead_id = ?, {tombstone} WHERE id = ?", takes_slot)
    await conn.executemany(f"UPDATE answers SET lead_id = ?, updated = {DERIVED_SQL} WHERE id = ?", wins)
    await conn.executemany(f"UPDATE answers SET {tombstone} WHERE id = ?", loses)


async def _erase(conn: aiosqlite.Connection, doomed: list[str], slim: Sequence[Slim], result: PeopleResult) -> None:
    by_id = {r.id: r for r in slim}
    for lead_id in doomed:
        row = by_id[lead_id]
        fields = erased_fields(row.badge_id, row.email_key)
        assignments = ", ".join(f"{name} = ?" for name in fields)
        await conn.execute(f"UPDATE leads SET {assignments}, updated = {DERIVED_SQL} WHERE id = ?",
                           (*fields.values(), lead_id))
    result.erased += len(doomed)
    erased = [r for r in slim if r.erased] + [by_id[i] for i in doomed]
    if not erased:
        return
    # Records another laptop added to an erased person are cleared as they arrive, every merge.
    await scrub_children_in(conn, [r.id for r in erased], DERIVED_SQL)
    result.erased_keys = {k for r in erased for k in person_keys(r, hashed=True)}
    await drop_attendees_in(conn, result.erased_keys)
