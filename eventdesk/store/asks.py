"""Asks between sales and marketing: follow-ups addressed to a person of either team.

An ask is a `followups` row with kind 'ask': `rep_id` is the person asked (who must act), `created_by`
the person asking, `note` the ask itself, `reply` the answer. Being follow-ups, asks show in the
asked person's follow-up queue, merge like every follow-up and export with them.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventdesk.domain.models import FollowUp
from eventdesk.store.db import Store
from eventdesk.store.followups import NewFollowUp, add_followup, row_to_followup, set_followup_status

ANSWERS = ("done", "declined", "open")   # 'open' reopens an answered ask
SHOWN = 200                              # per list: open ones first, then the latest answered


@dataclass(frozen=True)
class Ask:
    item: FollowUp
    asked_by_name: str | None
    asked_of_name: str | None
    account_tier: int | None


def _ask(row) -> Ask:  # type: ignore[no-untyped-def]
    return Ask(row_to_followup(row), row["asked_by_name"], row["asked_of_name"], row["account_tier"])


# As FOLLOWUP_SELECT, with both people's names, and the account also through the lead the ask is about.
ASK_SELECT = (
    "SELECT f.*, r.email AS rep_email, r.name AS asked_of_name, by_rep.name AS asked_by_name, "
    "a.name AS account_name, a.tier AS account_tier, "
    "trim(coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '')) AS lead_name FROM followups f "
    "LEFT JOIN reps r ON r.id = f.rep_id LEFT JOIN reps by_rep ON by_rep.id = f.created_by "
    "LEFT JOIN leads l ON l.id = f.lead_id LEFT JOIN accounts a ON a.id = coalesce(f.account_id, l.account_id)"
)


async def raise_ask(store: Store, *, asked_of: str, asked_by: str | None, text: str, due: str | None = None,
                    lead_id: str | None = None, account_id: str | None = None,
                    meeting_id: str | None = None) -> str:
    """Ask `asked_of` (a rep of either team) to do something, about a lead, account or meeting."""
    text = " ".join(text.split())
    if not text:
        raise ValueError("an ask needs a text: what should they do?")
    if asked_of == asked_by:
        raise ValueError("an ask goes to someone else; for your own to-do, log a follow-up")
    return await add_followup(store, NewFollowUp(
        rep_id=asked_of, created_by=asked_by, action="ask", note=text, due=due, lead_id=lead_id,
        account_id=account_id, meeting_id=meeting_id, kind="ask"))


async def answer_ask(store: Store, ask_id: str, status: str, reply: str = "") -> bool:
    """Done or declined, with a reply (or 'open' to reopen it)."""
    if status not in ANSWERS:
        raise ValueError(f"an ask is answered {', '.join(ANSWERS[:2])} or reopened, not {status!r}")
    return await set_followup_status(store, ask_id, status, " ".join(reply.split()))


async def _asks(store: Store, where: str, params: tuple[object, ...], limit: int = SHOWN) -> list[Ask]:
    rows = await store.all(
        f"{ASK_SELECT} WHERE f.kind = 'ask' AND f.deleted = 0 AND {where} "
        "ORDER BY f.status != 'open', CASE WHEN f.status = 'open' THEN coalesce(f.due, '9') END, "
        "f.updated DESC LIMIT ?", (*params, limit))
    return [_ask(r) for r in rows]


async def asked_of(store: Store, rep_id: str, limit: int = SHOWN) -> list[Ask]:
    """What others asked of this person: open ones first (soonest due first), then the latest answered."""
    return await _asks(store, "f.rep_id = ?", (rep_id,), limit)


async def asked_by(store: Store, rep_id: str, limit: int = SHOWN) -> list[Ask]:
    """What this person asked of others, and how they answered."""
    return await _asks(store, "f.created_by = ?", (rep_id,), limit)


async def all_asks(store: Store, limit: int = SHOWN) -> list[Ask]:
    return await _asks(store, "1", (), limit)


async def open_asks_about(store: Store, *, account_id: str | None = None, lead_id: str | None = None,
                          meeting_id: str | None = None) -> list[Ask]:
    """Open asks on an account (or any of its people), a lead or a meeting: for cards and the meeting brief."""
    terms, params = [], []
    if account_id:
        terms += ["f.account_id = ?", "l.account_id = ?"]
        params += [account_id, account_id]
    if lead_id:
        terms.append("f.lead_id = ?")
        params.append(lead_id)
    if meeting_id:
        terms.append("f.meeting_id = ?")
        params.append(meeting_id)
    if not terms:
        return []
    return await _asks(store, f"f.status = 'open' AND ({' OR '.join(terms)})", tuple(params))
