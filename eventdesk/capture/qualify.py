"""Qualifying a lead: the rating, and the follow-up deadline that comes with it.

Rating a lead gives it a follow-up for its rep due within the event's `followup_deadline_hours` for
that rating; changing the rating moves that deadline (or drops it for 'unrated'). Follow-ups that
people logged by hand are never touched by this rule.
"""

from __future__ import annotations

from datetime import datetime

from eventdesk.domain.pace import followup_due
from eventdesk.domain.ratings import check_rating
from eventdesk.domain.settings import EventSettings
from eventdesk.domain.times import to_stored, utc_now
from eventdesk.store.db import Store
from eventdesk.store.followups import NewFollowUp, add_followup_in
from eventdesk.store.rows import update_fields

ACTION_FOR = {"hot": "call", "warm": "email", "cold": "email"}


async def rate_lead(store: Store, settings: EventSettings, lead_id: str, rating: str, by_rep_id: str | None,
                    now: datetime | None = None) -> str | None:
    """Set the rating and its deadline follow-up in one transaction; returns the follow-up's due time."""
    rating = check_rating(rating)
    now = now or utc_now()
    due = followup_due(now, rating, settings.followup_deadline_hours)
    async with store.write("leads", "followups") as conn:
        if await update_fields(conn, "leads", lead_id, store.stamp(), rating=rating) != 1:
            raise ValueError("that lead no longer exists")
        rows = list(await conn.execute_fetchall("SELECT rep_id FROM leads WHERE id = ?", (lead_id,)))
        rep_id = rows[0][0]
        existing = list(await conn.execute_fetchall(
            "SELECT id FROM followups WHERE lead_id = ? AND origin = 'rating' AND status = 'open' AND deleted = 0",
            (lead_id,)))
        if due is None:
            for (followup_id,) in existing:
                await update_fields(conn, "followups", followup_id, store.stamp(), status="dropped")
            return None
        if existing:
            await update_fields(conn, "followups", existing[0][0], store.stamp(), due=to_stored(due),
                                action=ACTION_FOR.get(rating, "call"))
        else:
            await add_followup_in(conn, store, NewFollowUp(
                rep_id=rep_id, action=ACTION_FOR.get(rating, "call"), due=to_stored(due), lead_id=lead_id,
                created_by=by_rep_id, note=f"{rating} lead: follow up within "
                f"{settings.followup_deadline_hours[rating]} h", origin="rating"))
        return to_stored(due)
