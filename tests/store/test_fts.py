"""The search index follows the leads: insert, edit and tombstone."""

from __future__ import annotations

from pathlib import Path

from eventdesk.store.db import open_store
from eventdesk.store.lead_pages import count_and_position, page
from eventdesk.store.leads import NewLead, insert_lead_in, search_leads, tombstone_lead, update_lead


async def test_fts_in_step(tmp_path: Path) -> None:
    async with await open_store(tmp_path / "f.db") as store:
        async with store.write("leads") as conn:
            lead_id = await insert_lead_in(conn, store, NewLead(
                captured_at="2026-03-10T10:00:00.000+00:00", first_name="Zoë", last_name="Quinteros",
                company="Brightwave", notes="wants a demo of route planning"))
        assert [lead.id for lead in await search_leads(store, "quint")] == [lead_id]
        assert [lead.id for lead in await search_leads(store, "zoe")] == [lead_id]  # accents folded
        assert [lead.id for lead in await search_leads(store, "route plan")] == [lead_id]
        await update_lead(store, lead_id, last_name="Okonkwo", notes="")
        assert await search_leads(store, "quint") == [] and await search_leads(store, "route") == []
        assert (await page(store, search="okon")).leads[0].id == lead_id
        assert await count_and_position(store, None, search="okon") == (1, 0)
        await tombstone_lead(store, lead_id)
        assert await search_leads(store, "okon") == []
        assert await count_and_position(store, None, search="okon") == (0, 0)
