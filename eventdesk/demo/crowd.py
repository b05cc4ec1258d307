"""The people the booth met: leads with their touches and answers, the attendee list, the scan journal.

Everything is planned in memory as insert-ready tuples, then written with `executemany` in one
transaction per table group by the caller (100,000 leads must build in seconds).
"""

from __future__ import annotations

import heapq
import random
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import accumulate
from typing import Any, NamedTuple

from eventdesk.demo.people import TOPICS, People
from eventdesk.domain.settings import EventSettings
from eventdesk.domain.times import to_stored

LEAD_COLUMNS = ("id", "badge_id", "first_name", "last_name", "email", "email_key", "phone", "company", "title",
                "url", "account_id", "source", "rating", "stage", "consent", "consent_text", "consent_at",
                "consent_by", "rep_id", "notes", "captured_at", "captured_by", "device", "updated", "deleted")
TOUCH_COLUMNS = ("id", "lead_id", "scan_id", "kind", "at", "staff_rep_id", "note", "device", "updated", "deleted")
ANSWER_COLUMNS = ("id", "lead_id", "question_key", "answer", "device", "updated", "deleted")
SCAN_COLUMNS = ("id", "raw", "at", "staff_rep_id", "outcome", "format", "message", "lead_id", "reviewed",
                "device", "updated", "deleted")

# Booth traffic by local hour (the lunch dip, the late-afternoon fade).
HOUR_WEIGHT = {9: 0.5, 10: 0.9, 11: 1.0, 12: 0.75, 13: 0.7, 14: 0.95, 15: 1.0, 16: 0.85, 17: 0.6}
STAGES_FOR = {
    "hot": (("SQL", 0.5), ("MQL", 0.3), ("SAL", 0.2)),
    "warm": (("MQL", 0.6), ("new", 0.4)),
    "cold": (("new", 0.6), ("disqualified", 0.4)),
    "unrated": (("new", 1.0),),
}
ANSWER_CHANCE = {"hot": 0.75, "warm": 0.75, "cold": 0.35, "unrated": 0.25}
NOTE_CHANCE = {"hot": 0.45, "warm": 0.45, "cold": 0.15, "unrated": 0.1}
SCANS_JOURNALED = 17      # the most recent badge scans, plus 2 unmatched and 1 refused: 20 in the journal
MAX_ATTENDEES = 5000

# The people of shared/samples: (first, last, email, company, title, phone, badge, rating, open minutes in)
SAMPLE_LEADS = (
    ("Grace", "Osei", "grace.osei@tidewell.health", "Tidewell Health", "Director of IT", "+442079460958",
     "EXPO26-000417", "hot", 52),
    ("Chidi", "Okafor", "chidi.okafor@brightwave.io", "Brightwave Energy", "Head of Fleet Operations", None,
     None, "hot", 70),
    ("Aisha", "Rahman", "aisha.rahman@corvexa.com", "Corvexa", "VP Supply Chain", "+447700900417", None, "warm", 78),
    ("Jonas", "Meyer", "jonas.meyer@kraftwerk-it.de", "Kraftwerk IT GmbH", "IT-Leiter", "+4930901820",
     "EXPO26-000418", "warm", 160),
)
SAMPLE_ATTENDEES: tuple[dict[str, str | None], ...] = (
    {"badge_id": "EXPO26-000417", "first_name": "Grace", "last_name": "Osei", "email": "grace.osei@tidewell.health",
     "company": "Tidewell Health", "title": "Director of IT", "phone": "+442079460958"},
    {"badge_id": "EXPO26-000418", "first_name": "Jonas", "last_name": "Meyer", "email": "jonas.meyer@kraftwerk-it.de",
     "company": "Kraftwerk IT GmbH", "title": "IT-Leiter", "phone": "+4930901820"},
    {"badge_id": "EXPO26-000419", "first_name": "Yuki", "last_name": "Tanaka", "email": "y.tanaka@sakura-mfg.jp",
     "company": "Sakura Manufacturing", "title": "Plant Manager", "phone": None},
    {"badge_id": "EXPO26-000420", "first_name": "O'Brien", "last_name": "Siobhan", "email": "siobhan@celticwave.ie",
     "company": "Celtic Wave, Ltd.", "title": "CEO", "phone": "+35315550100"},
)


def insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def stored(epoch: float) -> str:
    return to_stored(datetime.fromtimestamp(epoch, UTC))


class OpenTime:
    """Seconds of booth opening time mapped to real instants: the show's open hours, up to `now` only."""

    def __init__(self, windows: list[tuple[datetime, datetime]], now: datetime, opening_hour: int):
        self.offsets: list[float] = []
        self.starts: list[float] = []
        self.opening_hour = opening_hour
        total = 0.0
        for opens, closes in windows:
            begin, stop = opens.timestamp(), min(closes, now).timestamp()
            if stop > begin:
                self.offsets.append(total)
                self.starts.append(begin)
                total += stop - begin
        self.total = total

    def epoch(self, u: float) -> float:
        i = bisect_right(self.offsets, u) - 1
        return self.starts[i] + (u - self.offsets[i])

    def busy_moment(self, rng: random.Random) -> float:
        """A random moment of open time, more likely when the hall is busy."""
        while True:
            u = rng.random() * self.total
            i = bisect_right(self.offsets, u) - 1
            if rng.random() < HOUR_WEIGHT.get(self.opening_hour + int((u - self.offsets[i]) // 3600), 0.6):
                return u


class Target(NamedTuple):
    id: str
    name: str
    domains: tuple[str, ...]
    tier: int
    owner_rep_id: str


@dataclass
class Person:
    """A lead as the later steps need it (meetings, follow-ups, scans)."""

    id: str
    first: str
    last: str
    email: str | None
    company: str
    title: str
    phone: str | None
    badge: str | None
    account_id: str | None
    rating: str
    rep_id: str | None
    captured_by: str
    u: float                  # open-time seconds of the capture
    source: str = "scan"
    at: float = 0.0           # epoch seconds of the capture
    notes: str = ""

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Crowd:
    leads: list[Person] = field(default_factory=list)
    lead_rows: list[tuple[Any, ...]] = field(default_factory=list)
    touch_rows: list[tuple[Any, ...]] = field(default_factory=list)
    answer_rows: list[tuple[Any, ...]] = field(default_factory=list)
    scan_rows: list[tuple[Any, ...]] = field(default_factory=list)
    attendees: list[dict[str, str | None]] = field(default_factory=list)


class CrowdBuilder:
    def __init__(self, rng: random.Random, people: People, settings: EventSettings, clock: OpenTime,
                 new_id: Callable[[], str], stamp: Callable[[float], str], device: str,
                 reps: list[tuple[str, str, str]], targets: list[Target]):
        """`reps`: (rep id, name, role) of every rep."""
        self.rng, self.people, self.settings, self.clock = rng, people, settings, clock
        self.pick = people.pick
        self.new_id, self.stamp, self.device = new_id, stamp, device
        self.rep_ids = [r for r, _, _ in reps]
        self.rep_names = {r: name for r, name, _ in reps}
        # Marketing staffs the booth most; tier-1 accounts send the most people.
        self.rep_cum = list(accumulate(1.0 if role == "sales" else 1.3 for _, _, role in reps))
        self.sales = [r for r, _, role in reps if role == "sales"]
        self.targets = targets
        self.target_cum = list(accumulate({1: 3, 2: 2, 3: 1}[t.tier] for t in targets))
        self.by_id = {t.id: t for t in targets}
        self.by_domain = {d: t for t in targets for d in t.domains}
        stages = settings.stages
        self.stages = {rating: ([s for s, _ in pairs if s in stages] or [stages[0]],
                                list(accumulate(w for s, w in pairs if s in stages)) or [1.0])
                       for rating, pairs in STAGES_FOR.items()}
        self.badge_number = 1000
        for attendee in SAMPLE_ATTENDEES:
            people.taken.add(str(attendee["email"]))
        for lead in SAMPLE_LEADS:
            people.taken.add(lead[2])

    def next_badge(self) -> str:
        self.badge_number += 1 + int(self.rng.random() * 4)
        return f"EXPO26-{self.badge_number:06d}"

    def _person(self, u: float, rating: str | None = None, target_share: float = 0.15) -> Person:
        rng = self.rng
        target = None
        if self.targets and rng.random() < target_share:
            target = self.targets[bisect_right(self.target_cum, rng.random() * self.target_cum[-1])]
            company, domain = target.name, self.pick(target.domains)
        else:
            company, domain = self.people.company()
        first, last = self.people.name()
        no_email = rng.random() < 0.015
        email = None if no_email else self.people.email(first, last, domain)
        source = "manual" if no_email or rng.random() < 0.03 else "scan"
        if rating is None:
            roll = rng.random() - (0.08 if target else 0.0)   # target accounts run a little hotter
            rating = "hot" if roll < 0.12 else "warm" if roll < 0.42 else "cold" if roll < 0.67 else "unrated"
        captured_by = self.rep_ids[bisect_right(self.rep_cum, rng.random() * self.rep_cum[-1])]
        if target:
            rep: str | None = target.owner_rep_id
        elif captured_by in self.sales:
            rep = captured_by
        elif rating in ("hot", "warm") or rng.random() < 0.5:
            rep = self.pick(self.sales)
        else:
            rep = captured_by
        return Person(self.new_id(), first, last, email, company, self.people.title(),
                      self.people.phone() if rng.random() < 0.75 else None,
                      self.next_badge() if source == "scan" else None, target.id if target else None,
                      rating, rep, captured_by, u, source)

    def _samples(self) -> list[Person]:
        out = []
        for first, last, email, company, title, phone, badge, rating, minutes in SAMPLE_LEADS:
            target = self.by_domain.get(email.split("@")[1])
            captured_by = self.rng.choice(self.rep_ids)
            rep = target.owner_rep_id if target else self.rng.choice(self.sales)
            out.append(Person(self.new_id(), first, last, email, company, title, phone, badge,
                              target.id if target else None, rating, rep, captured_by, minutes * 60.0))
        return out

    def build(self, count: int) -> Crowd:
        rng, settings, clock, pick = self.rng, self.settings, self.clock, self.pick
        random = rng.random
        crowd = Crowd()
        persons = self._samples()[:count] if count >= 20 else []
        persons += [self._person(clock.busy_moment(rng)) for _ in range(count - len(persons))]
        persons.sort(key=lambda p: p.u)
        # Ids in capture order: still random UUIDs, but the primary-key index grows at its end (much faster).
        for person, row_id in zip(persons, sorted(p.id for p in persons), strict=True):
            person.id = row_id
        consent_text = settings.consent_text
        device, stamp, new_id = self.device, self.stamp, self.new_id
        rep_ids, questions, horizon = self.rep_ids, settings.questions, clock.total
        lead_rows, touch_rows, answer_rows = crowd.lead_rows, crowd.touch_rows, crowd.answer_rows
        scan_touches: list[tuple[float, int, Person, bool]] = []
        for person in persons:
            person.at = round(clock.epoch(person.u), 3)   # whole milliseconds, as stored
            at = stored(person.at)
            rating = person.rating
            stages, cum = self.stages[rating]
            stage = stages[0] if len(stages) == 1 else stages[bisect_right(cum, random() * cum[-1])]
            consent = random() < 0.7
            if random() < NOTE_CHANCE[rating]:
                person.notes = self.people.note(rating in ("hot", "warm"))
            # One stamp for the lead and the touches and answers written with it (one moment, one write).
            updated = stamp(person.at + 90)  # rated and noted a minute or two after the scan
            # Generated addresses are lower-case and valid by construction, so their key is the address itself
            # (the real email_key would only re-check and lower-case it, at a cost 100,000 leads notice).
            lead_rows.append((
                person.id, person.badge, person.first, person.last, person.email, person.email,
                person.phone, person.company, person.title, None, person.account_id, person.source, rating, stage,
                int(consent), consent_text if consent else None, at if consent else None,
                person.captured_by if consent else None, person.rep_id, person.notes, at, person.captured_by,
                device, updated, 0))
            # Touches: the capture itself, then maybe a re-scan or a conversation later in the show.
            kind = person.source
            if kind == "scan" and person.badge:
                scan_touches.append((person.u, len(touch_rows), person, True))
            touch_rows.append((new_id(), person.id, None, kind, at, person.captured_by, "", device, updated, 0))
            extra = (random() < (0.5 if rating == "hot" else 0.3)) + (random() < 0.12)
            if extra:
                window = min(horizon - person.u, 6 * 3600)
                for u in sorted(person.u + random() * window for _ in range(extra)):
                    kind = "scan" if random() < 0.6 else "conversation"
                    note = f"Talked about {pick(TOPICS)}" if kind == "conversation" else ""
                    if kind == "scan" and person.badge:
                        scan_touches.append((u, len(touch_rows), person, False))
                    touch_rows.append((new_id(), person.id, None, kind, stored(clock.epoch(u)), pick(rep_ids),
                                       note, device, updated, 0))
            if random() < ANSWER_CHANCE[rating]:
                for question in questions:
                    answer_rows.append((new_id(), person.id, question.key,
                                        self._answer(question.key, question.choices, rating), device, updated, 0))
        crowd.leads = persons
        crowd.attendees = self._attendees(persons, count)
        crowd.scan_rows = self._scans(crowd, heapq.nlargest(SCANS_JOURNALED, scan_touches, key=lambda t: t[0]))
        return crowd

    def _answer(self, key: str, choices: tuple[str, ...], rating: str) -> str:
        """A hot lead's buying timeline leans to the near choices, a cold one's to the far ones."""
        if key == "timeline" and len(choices) > 1:
            half = len(choices) // 2
            if rating == "hot":
                return self.pick(choices[:half])
            if rating == "cold":
                return self.pick(choices[half:])
        return self.pick(choices)

    def _attendees(self, persons: list[Person], count: int) -> list[dict[str, str | None]]:
        """The organiser's list: the samples, about half scanned leads and half people not met yet."""
        size = max(len(SAMPLE_ATTENDEES), min(2 * count, MAX_ATTENDEES))
        rows = list(SAMPLE_ATTENDEES)
        sample_badges = {str(a["badge_id"]) for a in SAMPLE_ATTENDEES}
        with_badge = [p for p in persons if p.badge and p.badge not in sample_badges]
        for p in self.rng.sample(with_badge, min(len(with_badge), (size - len(rows)) // 2)):
            rows.append({"badge_id": p.badge, "first_name": p.first, "last_name": p.last, "email": p.email,
                         "company": p.company, "title": p.title, "phone": p.phone})
        while len(rows) < size:
            p = self._person(0.0, rating="unrated", target_share=0.1)
            badge = p.badge or self.next_badge()
            rows.append({"badge_id": badge, "first_name": p.first, "last_name": p.last, "email": p.email,
                         "company": p.company, "title": p.title, "phone": p.phone})
        rows.sort(key=lambda r: str(r["badge_id"]))
        return rows

    def _scans(self, crowd: Crowd, recent: list[tuple[float, int, Person, bool]]) -> list[tuple[Any, ...]]:
        """The journal of the last scans: the latest badge scans, two kept for review and one refused."""
        rng, rows = self.rng, list[tuple[Any, ...]]()
        fields = {"id": "badge", "first": "first", "last": "last", "email": "email", "title": "title",
                  "company": "company", "phone": "phone"}
        for scanned_u, index, person, first in recent:
            values = [getattr(person, fields[f]) if f in fields else "" for f in self.settings.delimited_fields]
            raw = "^".join(v or "" for v in values)
            scan_id = self.new_id()
            old = crowd.touch_rows[index]
            crowd.touch_rows[index] = (old[0], old[1], scan_id, *old[3:])
            message = f"New lead: {person.name}, {person.company}" if first else (
                f"{person.name}, {person.company}: scanned before")
            target = self.by_id.get(person.account_id or "")
            if target:
                message += (f" | Tier {target.tier} account {target.name}, "
                            f"owner {self.rep_names.get(target.owner_rep_id, '?')}")
            rows.append((scan_id, raw, old[4], old[5], "new" if first else "touch", "delimited", message,
                         person.id, 0, self.device, self.stamp(self.clock.epoch(scanned_u)), 0))
        latest = max((u for u, *_ in recent), default=self.clock.total)
        lost = f"EXPO26-{900000 + rng.randrange(99999):06d}"
        odd = (
            (lost, "unmatched", f"Badge id {lost} is not in the attendee list; kept for review"),
            ("HALL4//C12 ~~ 7741##", "unmatched", "Not a badge format eventdesk knows; kept for review"),
            ("WIFI:T:WPA;S:Expo-Guest;P:messe2026;;", "refused", "Wi-Fi credentials, not a badge: not saved as a lead"),
        )
        for raw, outcome, message in odd:
            u = max(0.0, latest - rng.random() * 1800)
            rows.append((self.new_id(), raw, stored(self.clock.epoch(u)), rng.choice(self.rep_ids), outcome, None,
                         message, None, 0, self.device, self.stamp(self.clock.epoch(u)), 0))
        return rows
