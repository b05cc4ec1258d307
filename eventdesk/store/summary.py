"""What `eventdesk check` reports, and the counters the header shows."""

from __future__ import annotations

from typing import Any

from eventdesk.store.db import Store

COUNTS = {
    "leads": "SELECT count(*) FROM leads WHERE deleted = 0",
    "touches": "SELECT count(*) FROM touches WHERE deleted = 0",
    "scans": "SELECT count(*) FROM scans WHERE deleted = 0",
    "unmatched": "SELECT count(*) FROM scans WHERE outcome = 'unmatched' AND reviewed = 0 AND deleted = 0",
    "accounts": "SELECT count(*) FROM accounts WHERE deleted = 0",
    "meetings": "SELECT count(*) FROM meetings WHERE deleted = 0",
    "followups": "SELECT count(*) FROM followups WHERE deleted = 0",
}


async def integrity(store: Store) -> str:
    rows = await store.all("PRAGMA integrity_check")
    problems = [r[0] for r in rows]
    return "ok" if problems == ["ok"] else "; ".join(problems[:5])


async def check_report(store: Store) -> dict[str, Any]:
    """DESIGN §5's `check --json` object (real counts: this is the check, not the dashboard)."""
    report: dict[str, Any] = {
        "integrity": await integrity(store),
        "schema_version": int(await store.scalar("PRAGMA user_version")),
    }
    for name, sql in COUNTS.items():
        report[name] = int(await store.scalar(sql))
    return report


async def headline(store: Store) -> dict[str, int]:
    """The header's counters, from the trigger-kept lead_stats: cheap at any number of leads."""
    row = await store.one(
        "SELECT coalesce(sum(n), 0), coalesce(sum(CASE WHEN rating = 'hot' THEN n END), 0) FROM lead_stats")
    tier1 = await store.scalar(
        "SELECT count(DISTINCT s.account_id) FROM lead_stats s JOIN accounts a ON a.id = s.account_id "
        "WHERE a.tier = 1 AND a.deleted = 0 AND s.n > 0")
    meetings = await store.scalar("SELECT count(*) FROM meetings WHERE status = 'done' AND deleted = 0")
    return {"leads": int(row[0]), "hot": int(row[1]), "meetings": int(meetings), "tier1": int(tier1)}  # type: ignore[index]
