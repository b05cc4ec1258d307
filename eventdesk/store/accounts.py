"""Target accounts (account-based marketing): tier, domains, owner rep, and matching a person to one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import aiosqlite

from eventdesk.domain.contact import email_domain, normalise_company
from eventdesk.domain.ids import stable_id
from eventdesk.domain.models import Account, FollowUp, Lead
from eventdesk.store.db import Store
from eventdesk.store.reps import rep_id
from eventdesk.store.rows import update_fields, upsert

ACCOUNT_SELECT = (
    "SELECT a.*, r.email AS owner_email, r.name AS owner_name FROM accounts a "
    "LEFT JOIN reps r ON r.id = a.owner_rep_id"
)


def account_id(name: str) -> str:
    return stable_id("account", normalise_company(name) or name)


def _account(row: aiosqlite.Row) -> Account:
    return Account(row["id"], row["name"], tuple(row["domains"].split()), row["tier"], row["owner_rep_id"],
                   row["owner_email"], row["owner_name"])


def _clean_domains(domains: Iterable[str]) -> list[str]:
    return sorted({d.strip().lower().lstrip("@") for d in domains if d.strip().lstrip("@")})


async def save_account_in(conn: aiosqlite.Connection, store: Store, name: str, domains: Sequence[str], tier: int,
                          owner_email: str | None) -> str:
    if tier not in (1, 2, 3):
        raise ValueError(f"tier must be 1, 2 or 3, not {tier!r}")
    clean = _clean_domains(domains)
    row_id = account_id(name)
    await upsert(conn, "accounts", {
        "id": row_id, "name": name.strip(), "name_key": normalise_company(name) or name.strip().casefold(),
        "domains": " ".join(clean), "tier": tier,
        "owner_rep_id": rep_id(owner_email) if owner_email else None,
        "device": store.device, "updated": store.stamp(), "deleted": 0,
    })
    await sync_domains(conn, row_id, clean)
    return row_id


async def sync_domains(conn: aiosqlite.Connection, row_id: str, domains: Iterable[str]) -> None:
    """Keep the derived domain index in step with accounts.domains."""
    await conn.execute("DELETE FROM account_domains WHERE account_id = ?", (row_id,))
    await conn.executemany("INSERT OR IGNORE INTO account_domains(domain, account_id) VALUES (?, ?)",
                           [(d, row_id) for d in domains])


async def save_accounts(store: Store, accounts: Iterable[tuple[str, Sequence[str], int, str | None]]) -> int:
    count = 0
    async with store.write("accounts") as conn:
        for name, domains, tier, owner in accounts:
            await save_account_in(conn, store, name, domains, tier, owner)
            count += 1
    return count


async def list_accounts(store: Store) -> list[Account]:
    rows = await store.all(f"{ACCOUNT_SELECT} WHERE a.deleted = 0 ORDER BY a.tier, a.name")
    return [_account(r) for r in rows]


async def get_account(store: Store, row_id: str) -> Account | None:
    row = await store.one(f"{ACCOUNT_SELECT} WHERE a.id = ? AND a.deleted = 0", (row_id,))
    return _account(row) if row else None


async def match_account(store: Store, email: str | None, company: str | None) -> Account | None:
    """The target account a person belongs to: by email domain (or a parent domain), else company name."""
    domain = email_domain(email)
    if domain:
        parts = domain.split(".")
        candidates = [".".join(parts[i:]) for i in range(len(parts) - 1)]
        row = await store.one(
            f"{ACCOUNT_SELECT} JOIN account_domains d ON d.account_id = a.id "
            f"WHERE d.domain IN ({', '.join('?' * len(candidates))}) AND a.deleted = 0 "
            "ORDER BY length(d.domain) DESC LIMIT 1",
            candidates,
        )
        if row:
            return _account(row)
    key = normalise_company(company)
    if key:
        row = await store.one(f"{ACCOUNT_SELECT} WHERE a.name_key = ? AND a.deleted = 0", (key,))
        if row:
            return _account(row)
    return None


async def create_account(store: Store, *, name: str, domains: Sequence[str], tier: int,
                         owner_rep_id: str | None) -> str:
    """Add a target account typed in at the booth; refuses a name that is already one (edit that instead)."""
    if not name.strip():
        raise ValueError("an account needs a name")
    async with store.write("accounts") as conn:
        async with conn.execute("SELECT name FROM accounts WHERE id = ? AND deleted = 0", (account_id(name),)) as cur:
            existing = await cur.fetchone()
        if existing:
            raise ValueError(f"{existing[0]} is already a target account")
        row_id = await save_account_in(conn, store, name, domains, tier, None)
        if owner_rep_id:
            await update_fields(conn, "accounts", row_id, store.stamp(), owner_rep_id=owner_rep_id)
        return row_id


async def update_account(store: Store, row_id: str, *, name: str, domains: Sequence[str], tier: int,
                         owner_rep_id: str | None) -> bool:
    """Edit an account in place: it keeps its id (and so its leads, meetings and follow-ups) when renamed."""
    if tier not in (1, 2, 3):
        raise ValueError(f"tier must be 1, 2 or 3, not {tier!r}")
    if not name.strip():
        raise ValueError("an account needs a name")
    clean = _clean_domains(domains)
    async with store.write("accounts") as conn:
        changed = await update_fields(
            conn, "accounts", row_id, store.stamp(), name=name.strip(),
            name_key=normalise_company(name) or name.strip().casefold(), domains=" ".join(clean), tier=tier,
            owner_rep_id=owner_rep_id)
        if changed:
            await sync_domains(conn, row_id, clean)
        return changed == 1


# --- coverage: has the booth reached the accounts marketing chose? -----------------------------------------
NO_OWNER = ""  # owner filter: accounts nobody owns
COVERAGE_SORTS = ("tier", "name", "owner", "leads", "not reached")


@dataclass(frozen=True)
class Coverage:
    account: Account
    leads: int      # live leads matched to the account (from the trigger-kept lead_stats: cheap at 100k)
    held: int       # meetings done
    booked: int     # meetings still scheduled

    @property
    def reached(self) -> bool:
        return self.leads > 0 or self.held > 0

    @property
    def missing(self) -> bool:
        """A tier-1 or tier-2 account nobody has reached yet: what marketing asks the booth about."""
        return self.account.tier <= 2 and not self.reached


COVERAGE_SELECT = (
    "SELECT a.*, r.email AS owner_email, r.name AS owner_name, coalesce(s.n, 0) AS leads, "
    "(SELECT count(*) FROM meetings m WHERE m.account_id = a.id AND m.deleted = 0 AND m.status = 'done') AS held, "
    "(SELECT count(*) FROM meetings m WHERE m.account_id = a.id AND m.deleted = 0 AND m.status = 'scheduled') "
    "AS booked FROM accounts a LEFT JOIN reps r ON r.id = a.owner_rep_id "
    "LEFT JOIN (SELECT account_id, sum(n) AS n FROM lead_stats GROUP BY account_id) s ON s.account_id = a.id"
)
COVERAGE_ORDER = {
    "tier": "tier, name COLLATE NOCASE", "name": "name COLLATE NOCASE",
    "owner": "owner_name IS NULL, owner_name COLLATE NOCASE, tier, name COLLATE NOCASE",
    "leads": "leads DESC, tier, name COLLATE NOCASE",
    "not reached": "(leads > 0 OR held > 0), tier, name COLLATE NOCASE",
}


async def account_coverage(store: Store, *, tier: int | None = None, owner_rep_id: str | None = None,
                           reached: bool | None = None, sort: str = "tier",
                           account_id: str | None = None) -> list[Coverage]:
    """Target accounts with their coverage during the show, filtered by tier, owner (NO_OWNER: unowned) and
    reached or not, in one of COVERAGE_SORTS. The last touch per account is `last_touches` (slower at 100k)."""
    if sort not in COVERAGE_ORDER:
        raise ValueError(f"sort must be one of {', '.join(COVERAGE_SORTS)}")
    where: list[str] = ["a.deleted = 0"]
    params: list[str | int] = []
    if account_id is not None:
        where.append("a.id = ?")
        params.append(account_id)
    if tier is not None:
        where.append("a.tier = ?")
        params.append(tier)
    if owner_rep_id == NO_OWNER:
        where.append("a.owner_rep_id IS NULL")
    elif owner_rep_id is not None:
        where.append("a.owner_rep_id = ?")
        params.append(owner_rep_id)
    outer = "" if reached is None else f"WHERE {'' if reached else 'NOT '}(leads > 0 OR held > 0)"
    rows = await store.all(f"SELECT * FROM ({COVERAGE_SELECT} WHERE {' AND '.join(where)}) {outer} "
                           f"ORDER BY {COVERAGE_ORDER[sort]}", params)
    return [Coverage(_account(r), r["leads"], r["held"], r["booked"]) for r in rows]


async def last_touches(store: Store) -> dict[str, str]:
    """Account id -> the latest touch (scan or conversation) of any of its people."""
    rows = await store.all(
        "SELECT l.account_id, max(t.at) FROM leads l JOIN touches t ON t.lead_id = l.id "
        "WHERE l.account_id IS NOT NULL AND l.deleted = 0 AND t.deleted = 0 GROUP BY l.account_id")
    return {r[0]: r[1] for r in rows}


# --- one account opened: its people, and what is open with them ---------------------------------------------
async def people_of(store: Store, row_id: str, limit: int = 200) -> list[Lead]:
    """The account's people, hottest and most recently met first."""
    from eventdesk.store.leads import LEAD_SELECT, row_to_lead

    rows = await store.all(
        f"{LEAD_SELECT} WHERE l.account_id = ? AND l.deleted = 0 ORDER BY CASE l.rating WHEN 'hot' THEN 0 "
        "WHEN 'warm' THEN 1 WHEN 'cold' THEN 2 ELSE 3 END, l.captured_at DESC, l.id LIMIT ?", (row_id, limit))
    return [row_to_lead(r) for r in rows]


async def answers_of(store: Store, lead_ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """Qualifier answers of several leads: lead id -> question key -> answer."""
    out: dict[str, dict[str, str]] = {}
    for start in range(0, len(lead_ids), 500):
        chunk = lead_ids[start:start + 500]
        rows = await store.all(
            f"SELECT lead_id, question_key, answer FROM answers WHERE deleted = 0 AND lead_id IN "
            f"({', '.join('?' * len(chunk))})", chunk)
        for lead_id, key, answer in rows:
            out.setdefault(lead_id, {})[key] = answer
    return out


async def followups_about(store: Store, *, lead_id: str | None = None, account_id: str | None = None,
                          people: bool = True, status: str | None = "open") -> list[FollowUp]:
    """Follow-ups (and asks) on a person and/or an account, due first. With `people`, those on any of the
    account's people count too; without, only the account's own (no person named)."""
    from eventdesk.store.followups import FOLLOWUP_SELECT, row_to_followup

    about: list[str] = []
    params: list[str] = []
    if lead_id:
        about.append("f.lead_id = ?")
        params.append(lead_id)
    if account_id and people:
        about.append("f.account_id = ? OR f.lead_id IN (SELECT id FROM leads WHERE account_id = ? AND deleted = 0)")
        params += [account_id, account_id]
    elif account_id:
        about.append("(f.account_id = ? AND f.lead_id IS NULL)")
        params.append(account_id)
    if not about:
        return []
    where = f"f.deleted = 0 AND ({' OR '.join(about)})"
    if status:
        where += " AND f.status = ?"
        params.append(status)
    rows = await store.all(f"{FOLLOWUP_SELECT} WHERE {where} ORDER BY f.due IS NULL, f.due, f.id", params)
    return [row_to_followup(r) for r in rows]
