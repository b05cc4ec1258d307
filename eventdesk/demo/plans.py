"""Who the reps meet, and what the booth owes people afterwards: follow-ups and asks between the teams.

A follow-up is planned as a tuple in the column order of `FOLLOWUP_FIELDS`; the caller adds id and stamps.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from eventdesk.demo.crowd import Person, Target, stored
from eventdesk.demo.people import MEETING_TOPICS, TOPICS
from eventdesk.demo.schedule import MEETINGS, Invitee, Slot
from eventdesk.domain.settings import EventSettings

FOLLOWUP_FIELDS = ("kind", "lead_id", "account_id", "meeting_id", "rep_id", "action", "due", "status", "origin",
                   "created_by", "note", "reply")
HOUR = 3600.0
LEGAL = {"GmbH", "AG", "S.p.A.", "OU", "Group", "Co", "Ltd"}
# shared/samples/meetings.csv: (account, lead email, title, rep index, hour, minute, minutes, room), on day 1.
SAMPLE_MEETINGS = (
    ("Tidewell Health", "grace.osei@tidewell.health", "Tidewell platform review", 0, 10, 0, 30, "Booth table 1"),
    ("Brightwave Energy", "chidi.okafor@brightwave.io", "Brightwave pricing", 1, 10, 15, 45, "Meeting room B"),
    ("Corvexa", "aisha.rahman@corvexa.com", "Corvexa intro", 0, 10, 20, 30, "Booth table 2"),
)
MARKETING_MEETINGS = ("Press interview for the show daily", "Analyst briefing: fleet telematics",
                      "Customer video shoot", "Partner sync: route planning", "Podcast recording: the last mile")


def _short(name: str) -> str:
    return " ".join(w for w in name.split() if w not in LEGAL)


def invitees(rng: random.Random, targets: Sequence[Target], persons: Sequence[Person],
             reps: Sequence[tuple[str, str, str]]) -> tuple[list[tuple[Invitee, int, int, int, str]], list[Invitee]]:
    """The sample meetings (placed as booked) and the others to place: target accounts, hot leads, marketing."""
    first_lead: dict[str, Person] = {}
    by_email: dict[str, Person] = {}
    for p in persons:
        if p.account_id and p.account_id not in first_lead:
            first_lead[p.account_id] = p
        if p.email:
            by_email[p.email] = p
    by_name = {t.name: t for t in targets}
    samples = []
    for account, email, title, rep, hour, minute, minutes, room in SAMPLE_MEETINGS:
        lead = by_email.get(email)
        samples.append((Invitee(title, reps[rep][0], by_name[account].id, lead.id if lead else None),
                        hour, minute, minutes, room))
    booked = {by_name[m[0]].id for m in SAMPLE_MEETINGS}

    def with_account(t: Target) -> Invitee:
        lead = first_lead.get(t.id)
        return Invitee(f"{_short(t.name)} {rng.choice(MEETING_TOPICS)}", t.owner_rep_id, t.id,
                       lead.id if lead else None)

    top = [t for t in targets if t.tier <= 2 and t.id not in booked]
    low = [t for t in targets if t.tier == 3]
    rng.shuffle(top)
    rng.shuffle(low)
    sales = {r for r, _, role in reps if role == "sales"}
    marketing = [r for r, _, role in reps if role == "marketing"]
    hot = [p for p in persons if p.rating == "hot" and not p.account_id and p.rep_id in sales]
    others = [with_account(t) for t in top[:13] + low[:4]]
    others += [Invitee(f"Demo for {p.name} ({p.company})", str(p.rep_id), None, p.id)
               for p in rng.sample(hot, min(5, len(hot)))]
    others += [Invitee(title, rng.choice(marketing)) for title in MARKETING_MEETINGS[:4]]
    wanted = MEETINGS - 1 - len(samples)
    others += [with_account(t) for t in (top[13:] + low[4:])[: max(0, wanted - len(others))]]
    rng.shuffle(others)
    return samples, others


def _status(rng: random.Random, due: float, now: float) -> str:
    """Some follow-ups are done already; more of the overdue ones (the booth calls hot leads at once)."""
    return "done" if rng.random() < (0.55 if due < now else 0.2) else "open"


def lead_followups(rng: random.Random, persons: Sequence[Person], settings: EventSettings,
                   reps: Sequence[tuple[str, str, str]], now: float) -> list[tuple[Any, ...]]:
    """Every hot lead gets the deadline follow-up of its rating; some warm ones get one too."""
    sales = [r for r, _, role in reps if role == "sales"]
    marketing = [r for r, _, role in reps if role == "marketing"]
    deadlines = settings.followup_deadline_hours
    out = []
    for p in persons:
        if p.rating != "hot" and (p.rating != "warm" or rng.random() >= 0.4):
            continue
        hours = deadlines.get(p.rating, 72)
        rep = p.rep_id if p.rep_id in sales else rng.choice(sales)
        if p.rating == "hot" or rng.random() < 0.6:
            action, origin = ("call" if p.rating == "hot" else "email"), "rating"
            note = f"{p.rating} lead: follow up within {hours} h"
        else:
            action, origin = rng.choice(("send material", "demo", "meeting")), "manual"
            hours = 48
            note = {"send material": f"Send the {rng.choice(TOPICS)} case study",
                    "demo": "Book a product demo with the solutions team",
                    "meeting": "Set up a call with their IT after the show"}[action]
        due = p.at + hours * HOUR
        out.append(("followup", p.id, p.account_id, None, rep, action, stored(due), _status(rng, due, now), origin,
                    rng.choice(marketing), note, ""))
    return out


def meeting_followups(rng: random.Random, meetings: Sequence[Slot], now: float) -> list[tuple[Any, ...]]:
    """Every meeting that took place left its rep something to do: material the same evening, or a next step."""
    from datetime import datetime

    out = []
    for m in meetings:
        if m.status != "done" or not (m.lead_id or m.account_id):
            continue
        action = rng.choice(("send material", "send material", "demo", "meeting"))
        due = datetime.fromisoformat(m.end).timestamp() + (4 if action == "send material" else 48) * HOUR
        note = {"send material": "Send the deck and pricing sheet tonight",
                "demo": "Book the product demo they asked for", "meeting": "Set up the next meeting"}[action]
        out.append(("followup", m.lead_id, m.account_id, m.id, m.rep_id, action, stored(due),
                    "done" if rng.random() < 0.5 else "open", "manual", m.rep_id, f"After '{m.title}': {note}", ""))
    return out


def asks(rng: random.Random, persons: Sequence[Person], targets: Sequence[Target], meetings: Sequence[Slot],
         reps: Sequence[tuple[str, str, str]], now: float) -> list[tuple[Any, ...]]:
    """A handful of asks between sales and marketing, some answered."""
    sales = [r for r, _, role in reps if role == "sales"]
    marketing = [r for r, _, role in reps if role == "marketing"]
    tiers = {t.id: t for t in targets}
    out: list[tuple[Any, ...]] = []

    def ask(lead: Person | None, account: str | None, to: str, by: str, action: str, due_hours: float | None,
            note: str, status: str = "open", reply: str = "") -> None:
        due = stored(now + due_hours * HOUR) if due_hours is not None else None
        out.append(("ask", lead.id if lead else None, account, None, to, action, due, status, "manual", by, note,
                    reply))

    keen = [p for p in persons if p.rating in ("hot", "warm") and p.rep_id in sales]
    if keen:
        p = rng.choice(keen)
        ask(p, p.account_id, rng.choice(marketing), str(p.rep_id), "send material", 20,
            f"Send the cold-chain case study to {p.first}")
        p = rng.choice(keen)
        ask(p, p.account_id, rng.choice(marketing), str(p.rep_id), "email", None,
            f"Add {p.company} to the webinar invite list", "done", "Added; the invite goes out Monday.")
    ask(None, None, rng.choice(marketing), rng.choice(sales), "send material", 3,
        "Print 50 more pricing one-pagers for tomorrow morning")
    tier1 = [(p, tiers[p.account_id]) for p in persons if p.account_id and tiers[p.account_id].tier == 1]
    if tier1:
        p, account = rng.choice(tier1)
        ask(p, account.id, account.owner_rep_id, rng.choice(marketing), "call", 24,
            f"{p.name} from {account.name} (tier 1) stopped by while you were out; call before Friday")
    upcoming = [m for m in meetings if m.status == "scheduled" and m.account_id and m.rep_id in sales]
    if upcoming:
        m = rng.choice(upcoming)
        ask(None, m.account_id, str(m.rep_id), rng.choice(marketing), "meeting", 12,
            f"'{m.title}': they asked for a technical deep-dive; bring a solutions engineer")
    hot = [p for p in persons if p.rating == "hot" and not p.account_id and p.rep_id in sales]
    if hot:
        p = rng.choice(hot)
        ask(p, None, str(p.rep_id), rng.choice(marketing), "demo", 48,
            f"{p.first} asked for a demo of {rng.choice(TOPICS)}; can you book one next week?", "declined",
            "Not our segment; passed to the partner team.")
    return out
