"""`eventdesk import attendees|accounts|meetings|reps FILE.csv`: validate every row, then write them all.

A file with one bad row is refused whole, naming the line: half an import is harder to fix than none.
Rows already present are updated, not doubled (reps by email, accounts by name, attendees by badge id,
meetings by rep, start and title).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from eventdesk.domain.conflicts import find_conflicts
from eventdesk.domain.contact import email_key, normalise_email, normalise_phone
from eventdesk.domain.models import ROLES
from eventdesk.domain.times import parse_moment, to_stored, zone
from eventdesk.handoff.csvread import CsvImportError, Table, read_table, shown
from eventdesk.store.accounts import account_id, save_account_in
from eventdesk.store.attendees import save_attendees
from eventdesk.store.db import Store
from eventdesk.store.event import load_settings
from eventdesk.store.meetings import NewMeeting, imported_meeting_id, list_meetings, save_meeting_in
from eventdesk.store.reps import rep_id, save_rep_in

KINDS = ("attendees", "accounts", "meetings", "reps")


@dataclass
class ImportResult:
    kind: str
    rows: int
    warnings: list[str] = field(default_factory=list)


def _bad(path: Path, line: int, why: str) -> CsvImportError:
    return CsvImportError(f"{path.name} line {line}: {why}")


async def _ensure_reps(conn, store: Store, emails: set[str], warnings: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Reps named in a file but never imported are added, so the file imports in any order."""
    known = {r[0] for r in await conn.execute_fetchall("SELECT email FROM reps")}
    for email in sorted(emails - known):
        await save_rep_in(conn, store, email.split("@")[0].replace(".", " ").title(), email, "sales")
        warnings.append(f"{email} was not a known rep; added (import reps.csv to set name and role)")


async def import_reps(store: Store, path: Path) -> ImportResult:
    table = read_table(path, ("name", "email"), ("role",))
    rows = []
    for n, row in enumerate(table.rows, table.first_line):
        email = normalise_email(row["email"])
        role = (row.get("role") or "sales").lower()
        if not row["name"] or not email:
            raise _bad(path, n, "a rep needs a name and a valid email")
        if role not in ROLES:
            raise _bad(path, n, f"role must be {' or '.join(ROLES)}, not '{shown(role)}'")
        rows.append((row["name"], email.lower(), role))
    async with store.write("reps") as conn:
        for name, email, role in rows:
            await save_rep_in(conn, store, name, email, role)
    return ImportResult("reps", len(rows))


async def import_accounts(store: Store, path: Path) -> ImportResult:
    table = read_table(path, ("name", "tier"), ("domains", "owner_email"))
    rows = []
    for n, row in enumerate(table.rows, table.first_line):
        if not row["name"]:
            raise _bad(path, n, "an account needs a name")
        if row["tier"] not in ("1", "2", "3"):
            raise _bad(path, n, f"tier must be 1, 2 or 3, not '{shown(row['tier'])}'")
        owner = row.get("owner_email") or ""
        if owner and not normalise_email(owner):
            raise _bad(path, n, f"owner_email '{shown(owner)}' is not an email address")
        domains = [d for d in row.get("domains", "").replace(",", ";").replace(" ", ";").split(";") if d]
        rows.append((row["name"], domains, int(row["tier"]), owner.lower() or None))
    result = ImportResult("accounts", len(rows))
    async with store.write("accounts", "reps") as conn:
        await _ensure_reps(conn, store, {r[3] for r in rows if r[3]}, result.warnings)
        for name, domains, tier, owner_email in rows:
            await save_account_in(conn, store, name, domains, tier, owner_email)
    return result


async def import_attendees(store: Store, path: Path) -> ImportResult:
    table = read_table(path, ("badge_id",), ("first_name", "last_name", "email", "company", "title", "phone"))
    settings = await load_settings(store)
    rows = []
    for n, row in enumerate(table.rows, table.first_line):
        if not row["badge_id"]:
            raise _bad(path, n, "an attendee needs a badge_id")
        rows.append({**row, "email": normalise_email(row.get("email")) or row.get("email") or None,
                     "phone": normalise_phone(row.get("phone"), settings.phone_region)})
    return ImportResult("attendees", await save_attendees(store, rows))


async def import_meetings(store: Store, path: Path) -> ImportResult:
    table: Table = read_table(path, ("title", "rep_email", "start", "end"),
                              ("location", "attendee_email", "account"))
    tz = zone((await load_settings(store)).timezone)
    parsed = []
    for n, row in enumerate(table.rows, table.first_line):
        rep = normalise_email(row["rep_email"])
        if not row["title"] or not rep:
            raise _bad(path, n, "a meeting needs a title and the rep's email")
        try:
            start, end = parse_moment(row["start"], tz), parse_moment(row["end"], tz)
            start_text, end_text = to_stored(start), to_stored(end)  # year 1 at +23:59 is out of range in UTC
        except (ValueError, OverflowError):
            raise _bad(path, n, "start and end must be times like 2026-03-10T10:00:00+01:00") from None
        if end_text <= start_text:  # as stored (to the millisecond), which is what the meetings store checks
            raise _bad(path, n, f"'{shown(row['title'])}' ends before it starts")
        parsed.append((row, rep.lower(), start_text, end_text))
    result = ImportResult("meetings", len(parsed))
    async with store.write("meetings", "reps") as conn:
        await _ensure_reps(conn, store, {p[1] for p in parsed}, result.warnings)
        for row, rep, start_text, end_text in parsed:
            lead_id = await _lead_by_email(conn, row.get("attendee_email"))
            acc = await _account_by_name(conn, row.get("account"))
            await save_meeting_in(conn, store, NewMeeting(
                title=row["title"], start=start_text, end=end_text, rep_id=rep_id(rep), lead_id=lead_id,
                account_id=acc, location=row.get("location", ""),
            ), meeting_id=imported_meeting_id(row["title"], rep, start_text))
    for conflict in find_conflicts(await list_meetings(store)):
        result.warnings.append(f"conflict: {conflict.message}")
    return result


async def _lead_by_email(conn, email: str | None) -> str | None:  # type: ignore[no-untyped-def]
    key = email_key(email)
    if not key:
        return None
    rows = await conn.execute_fetchall(
        "SELECT id FROM leads WHERE email_key = ? AND deleted = 0 ORDER BY captured_at LIMIT 1", (key,))
    return rows[0][0] if rows else None


async def _account_by_name(conn, name: str | None) -> str | None:  # type: ignore[no-untyped-def]
    if not name:
        return None
    rows = await conn.execute_fetchall("SELECT id FROM accounts WHERE id = ? AND deleted = 0", (account_id(name),))
    return rows[0][0] if rows else None


IMPORTERS = {"attendees": import_attendees, "accounts": import_accounts, "meetings": import_meetings,
             "reps": import_reps}


async def import_csv(store: Store, kind: str, path: Path) -> ImportResult:
    if kind not in IMPORTERS:
        raise CsvImportError(f"cannot import {kind!r}; choose one of {', '.join(KINDS)}")
    return await IMPORTERS[kind](store, path)
