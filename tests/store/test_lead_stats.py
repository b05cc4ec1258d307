"""The trigger-kept counters always equal a recount, through inserts, edits, tombstones and deletes."""

from __future__ import annotations

import random
from pathlib import Path

from eventdesk.store.db import open_store
from eventdesk.store.leads import NewLead, insert_lead_in, tombstone_lead, update_lead

RECOUNT = ("SELECT rating, stage, coalesce(account_id, ''), coalesce(captured_by, ''), coalesce(rep_id, ''), "
           "count(*) FROM leads WHERE deleted = 0 GROUP BY 1, 2, 3, 4, 5")


async def test_counters_follow_every_change(tmp_path: Path) -> None:
    rng = random.Random(5)
    async with await open_store(tmp_path / "s.db") as store:
        await store.conn.execute("PRAGMA foreign_keys = OFF")  # invented rep and account ids, no rows behind them
        ids = []
        async with store.write("leads") as conn:
            for _ in range(300):
                ids.append(await insert_lead_in(conn, store, NewLead(
                    captured_at=f"2026-03-10T{rng.randint(8, 17):02d}:00:00.000+00:00",
                    rating=rng.choice(["hot", "warm", "cold", "unrated"]), stage=rng.choice(["new", "MQL"]),
                    account_id=rng.choice([None, "acc-1", "acc-2"]), rep_id=rng.choice([None, "rep-1"]),
                    captured_by=rng.choice([None, "rep-1", "rep-2"]))))
        for lead_id in rng.sample(ids, 80):
            await update_lead(store, lead_id, rating=rng.choice(["hot", "cold"]), stage="SQL", rep_id="rep-2")
        for lead_id in rng.sample(ids, 40):
            await tombstone_lead(store, lead_id)
        async with store.write("leads") as conn:
            await conn.execute("DELETE FROM leads WHERE id IN (?, ?)", ids[:2])
        stats = {tuple(r[:5]): r[5] for r in await store.all("SELECT * FROM lead_stats WHERE n != 0")}
        recount = {tuple(r[:5]): r[5] for r in await store.all(RECOUNT)}
        assert stats == recount
        hours = dict(await store.all("SELECT hour, n FROM lead_hours WHERE n != 0"))
        assert hours == dict(await store.all(
            "SELECT substr(captured_at, 1, 13), count(*) FROM leads WHERE deleted = 0 GROUP BY 1"))
