"""The activity feed on the 100,000-lead demo file: the newest page, a filtered page and a page further
back, against reading the newest 100 touches straight from their index with Python's sqlite3 in the
same run (the cheapest query any feed page could make). Budget: a page in under 100 ms (DESIGN §8)."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import cached_demo, fresh_copy, machine, median, report  # noqa: E402

ROUNDS = 7


async def ours(path: Path) -> dict[str, list[float]]:
    from eventdesk.store.db import open_store
    from eventdesk.store.feed import FeedFilter, feed_page

    times: dict[str, list[float]] = {"newest": [], "tier 1": [], "one rep": [], "one account": [], "page 5": []}
    async with await open_store(path) as store:
        rep = await store.scalar("SELECT id FROM reps ORDER BY name LIMIT 1")
        # The account with the fewest people: its events are rarest among the newest, the hardest page to fill.
        account = await store.scalar("SELECT a.id FROM accounts a LEFT JOIN leads l ON l.account_id = a.id "
                                     "GROUP BY a.id ORDER BY count(l.id), a.id LIMIT 1")
        for _ in range(ROUNDS):
            for name, feed_filter in (("newest", FeedFilter()), ("tier 1", FeedFilter(tier=1)),
                                      ("one rep", FeedFilter(rep_id=rep)),
                                      ("one account", FeedFilter(account_id=account))):
                started = time.perf_counter()
                await feed_page(store, feed_filter)
                times[name].append(time.perf_counter() - started)
            before = None
            for _ in range(4):
                before = (await feed_page(store, before=before))[-1].cursor
            started = time.perf_counter()
            await feed_page(store, before=before)
            times["page 5"].append(time.perf_counter() - started)
    return times


def baseline(path: Path) -> float:
    with sqlite3.connect(path) as conn:
        runs = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            conn.execute("SELECT * FROM touches ORDER BY at DESC LIMIT 100").fetchall()
            runs.append(time.perf_counter() - started)
    return median(runs)


def main() -> int:
    path = fresh_copy(cached_demo(), "feed.db")
    times = asyncio.run(ours(path))   # opens the file first: a file from schema 1 gets its feed indexes here
    base = baseline(path)
    print(f"machine: {machine()}; 100,000-lead demo file, median of {ROUNDS}")
    worst = 0.0
    for name, runs in times.items():
        figure = median(runs)
        worst = max(worst, figure)
        report(f"feed page ({name})", f"{figure * 1000:.1f} ms", figure / base,
               f"newest 100 touches {base * 1000:.2f} ms", figure < 0.1, "< 100 ms")
    return 0 if worst < 0.1 else 1


if __name__ == "__main__":
    sys.exit(main())
