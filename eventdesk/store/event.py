"""The event's settings: one row, shared by every laptop of the booth (merged by stamp)."""

from __future__ import annotations

import json

from eventdesk.domain.ids import stable_id
from eventdesk.domain.settings import EventSettings, from_dict
from eventdesk.store.db import Store
from eventdesk.store.rows import upsert

EVENT_ID = stable_id("event", "settings")
UNSET = EventSettings(name="Untitled event")


async def load_settings(store: Store) -> EventSettings:
    """The event settings, or defaults named 'Untitled event' before `eventdesk setup` ran."""
    text = await store.scalar("SELECT settings FROM event WHERE id = ? AND deleted = 0", (EVENT_ID,))
    if not text:
        return UNSET
    return from_dict(json.loads(text))


async def save_settings(store: Store, settings: EventSettings) -> None:
    async with store.write("event") as conn:
        await upsert(conn, "event", {
            "id": EVENT_ID,
            "settings": json.dumps(settings.to_dict(), ensure_ascii=False),
            "device": store.device,
            "updated": store.stamp(),
            "deleted": 0,
        })
