"""Target accounts (account-based marketing): tier, domains, owner rep, and matching a person to one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import aiosqlite

from eventdesk.domain.contact import email_domain, normalise_company
from eventdesk.domain.ids import stable_id
from eventdesk.domain.models import Account
from eventdesk.store.db import Store
from eventdesk.store.reps import rep_id
from eventdesk.store.rows import upsert

ACCOUNT_SELECT = (
    "SELECT a.*, r.email AS owner_email, r.name AS owner_name FROM accounts a "
    "LEFT JOIN reps r ON r.id = a.owner_rep_id"
)


def account_id(name: str) -> str:
    return stable_id("account", normalise_company(name) or name)


def _account(row: aiosqlite.Row) -> Account:
    return Account(row["id"], row["name"], tuple(row["domains"].split()), row["tier"], row["owner_rep_id"],
                   row["owner_email"], row["owner_name"])


async def save_account_in(conn: aiosqlite.Connection, store: Store, name: str, domains: Sequence[str], tier: int,
                          owner_email: str | None) -> str:
    if tier not in (1, 2, 3):
        raise ValueError(f"tier must be 1, 2 or 3, not {tier!r}")
    clean = sorted({d.strip().lower().lstrip("@") for d in domains if d.strip()})
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
