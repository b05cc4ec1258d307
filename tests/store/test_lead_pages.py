"""Keyset pagination: every row reachable exactly once, even while rows are inserted between pages."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from eventdesk.store.db import Store, open_store
from eventdesk.store.lead_pages import count_and_position, page
from eventdesk.store.leads import NewLead, insert_lead_in


async def add_leads(store: Store, count: int, rng: random.Random, tag: str) -> set[str]:
    ids = set()
    async with store.write("leads") as conn:
        for n in range(count):
            captured = f"2026-03-1{rng.randint(0, 2)}T{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:00.000+00:00"
            lead = NewLead(captured_at=captured, first_name=f"{tag}{n}", last_name=rng.choice(["Berg", "Osei", None]),
                           company=rng.choice(["Acme", "Corvexa", None, "Zeta"]),
                           rating=rng.choice(["hot", "warm", "cold", "unrated"]))
            ids.add(await insert_lead_in(conn, store, lead))
    return ids


@pytest.mark.parametrize("sort", ["captured", "name", "company", "rating"])
@pytest.mark.parametrize("descending", [True, False])
async def test_every_row_once_while_inserting(tmp_path: Path, sort: str, descending: bool) -> None:
    rng = random.Random(f"{sort}{descending}")
    async with await open_store(tmp_path / "p.db") as store:
        original = await add_leads(store, 250, rng, "orig")
        seen: list[str] = []
        current = await page(store, sort=sort, descending=descending, size=30)
        while True:
            seen += [lead.id for lead in current.leads]
            await add_leads(store, 7, rng, "late")  # the booth keeps scanning while someone scrolls
            if current.at_end:
                break
            current = await page(store, sort=sort, descending=descending, after=current.keys[-1], size=30)
        assert len(seen) == len(set(seen)), "a row was shown twice"
        assert original <= set(seen), "a row was skipped"


async def test_backwards_and_last_page_match_forward(tmp_path: Path) -> None:
    async with await open_store(tmp_path / "p.db") as store:
        await add_leads(store, 95, random.Random(1), "x")
        forward: list[list[str]] = []
        current = await page(store, size=20)
        forward.append([lead.id for lead in current.leads])
        while not current.at_end:
            current = await page(store, after=current.keys[-1], size=20)
            forward.append([lead.id for lead in current.leads])
        last = await page(store, last=True, size=20)
        assert last.at_end and [lead.id for lead in last.leads] == [i for p in forward for i in p][-20:]
        back = await page(store, before=current.keys[0], size=20)
        assert [lead.id for lead in back.leads] == forward[-2]
        total, position = await count_and_position(store, current.keys[0])
        assert (total, position) == (95, 80)
