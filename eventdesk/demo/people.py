"""Invented people and companies for the demo event: name pools, emails, phones, notes.

Nobody here is a real person. Phone numbers come only from ranges regulators keep for films and
books ("drama numbers": Bundesnetzagentur 030 23125 xxx and friends, Ofcom 07700 900xxx and
020 7946 0xxx, North American 555-01xx), so calling one reaches nobody.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Sequence
from typing import TypeVar

FIRST_NAMES = (
    "Anna", "Lukas", "Maja", "Jonas", "Sofia", "Elias", "Lea", "Noah", "Hannah", "Felix", "Emilia", "Paul",
    "Clara", "Ben", "Mila", "Leon", "Ida", "Finn", "Greta", "Theo", "Amelie", "Jakob", "Nora", "Moritz",
    "Olivia", "James", "Charlotte", "Oliver", "Amelia", "Harry", "Isla", "George", "Freya", "Arthur",
    "Chloé", "Louis", "Camille", "Hugo", "Manon", "Jules", "Inès", "Lucas", "Giulia", "Matteo", "Chiara",
    "Lorenzo", "Francesca", "Alessandro", "Lucía", "Pablo", "Carmen", "Javier", "Elena", "Diego", "Marta",
    "Sven", "Astrid", "Nils", "Ingrid", "Søren", "Freja", "Mikkel", "Sanne", "Daan", "Femke", "Sem",
    "Zofia", "Łukasz", "Kasia", "Piotr", "Agnieszka", "Tomasz", "Jana", "Tomáš", "Eva", "Ondřej",
    "Aisha", "Omar", "Fatima", "Yusuf", "Leila", "Karim", "Priya", "Arjun", "Ananya", "Rohan", "Mei",
    "Hiroshi", "Yuki", "Haruto", "Sakura", "Min-jun", "Seo-yeon", "Chen", "Xiu", "Kwame", "Ama", "Chidi",
    "Ngozi", "Tunde", "Zanele", "Mateus", "Beatriz", "Rafael", "Larissa", "Ahmet", "Elif", "Emre", "Zeynep",
    "Dimitris", "Eleni", "Nikos", "Andrei", "Ioana", "Mihai", "Olga", "Dmytro", "Oksana", "Aleksander",
    "Siobhan", "Cian", "Aoife", "Grace", "Ethan", "Maya", "Samuel", "Zoe", "Daniel", "Laura", "Marco",
)

LAST_NAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann",
    "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Brandt", "Vogel", "Friedrich", "Scholz", "Jung",
    "Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas", "Roberts", "Walker", "Wright",
    "Hughes", "Clarke", "Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Moreau", "Laurent", "Girard",
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "García", "Fernández",
    "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz", "Jansen", "de Vries", "van Dijk", "Bakker",
    "Visser", "Smit", "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsen", "Nielsen",
    "Hansen", "Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Novák", "Dvořák", "Horváth", "Nagy", "Popescu",
    "Ionescu", "Papadopoulos", "Yılmaz", "Kaya", "Demir", "Rahman", "Hassan", "Haddad", "Khan", "Patel",
    "Sharma", "Iyer", "Nair", "Tanaka", "Suzuki", "Sato", "Watanabe", "Kim", "Park", "Lee", "Wang", "Li",
    "Zhang", "Liu", "Osei", "Mensah", "Okafor", "Adeyemi", "Dlamini", "Silva", "Santos", "Oliveira",
    "Costa", "Murphy", "Kelly", "O'Brien", "Byrne", "Walsh", "Kovalenko", "Shevchenko", "Petrov", "Ivanova",
)

TITLES = (
    "Head of Logistics", "Logistics Manager", "Fleet Manager", "Transport Planner", "Warehouse Manager",
    "Head of Warehouse Operations", "Supply Chain Director", "Supply Chain Analyst", "VP Operations",
    "Operations Manager", "Procurement Manager", "Strategic Buyer", "CTO", "CIO", "IT Director",
    "Head of IT", "IT Project Manager", "Solutions Architect", "Managing Director", "CEO", "COO",
    "Head of Customer Service", "Distribution Center Manager", "Yard Manager", "Dispatcher",
    "Head of Digital Transformation", "Business Analyst", "Sustainability Manager", "Customs Specialist",
    "Inventory Planner", "Plant Manager", "Director of Fulfilment", "E-Commerce Operations Lead",
    "Head of Cold Chain", "Quality Manager", "Last-Mile Manager", "Key Account Manager", "Data Engineer",
)

# Invented company name parts (for companies that are not target accounts).
COMPANY_STEMS = (
    "Ashgrove", "Baltmark", "Birchway", "Bluefjord", "Brackwater", "Calderon", "Carrowmore", "Cinderfield",
    "Coldharbour", "Copperline", "Crestmoor", "Dunmere", "Eastbrook", "Elbtal", "Emberton", "Fairhaven",
    "Fernhill", "Fjellborg", "Foxglen", "Glenrock", "Goldmere", "Granitz", "Greyhollow", "Hafenstein",
    "Harrowgate", "Heathmont", "Hollowell", "Ironbridge", "Juniper", "Kestrelton", "Kingsmere", "Lakemont",
    "Larchfield", "Lindenau", "Lochmere", "Marbleton", "Meadowmark", "Millbrook", "Moorfield", "Nettlebed",
    "Northwind", "Oakhurst", "Ostermark", "Palisander", "Pinecrest", "Quarrybank", "Ravensworth", "Redfern",
    "Rheinau", "Rosenthal", "Saltmarsh", "Sandhaven", "Silverbirch", "Skyforge", "Stonebridge", "Sundhavn",
    "Thornbury", "Tidemark", "Uferwerk", "Valemont", "Waldkirch", "Westerholt", "Whitecliff", "Windmere",
    "Wolfsburn", "Yarrowby", "Zellhof", "Alderwick", "Brightmoor", "Duskfield",
)
COMPANY_SECTORS = (
    "Logistics", "Freight", "Transport", "Distribution", "Foods", "Retail", "Pharma", "Parcel", "Cargo",
    "Warehousing", "Automotive", "Supply", "Shipping", "Trucking", "Fulfilment", "Cold Chain", "Industries",
)
# (legal suffix, top-level domain for the company's email)
COMPANY_SUFFIXES = (
    ("GmbH", "de"), ("GmbH", "de"), ("AG", "de"), ("Ltd", "co.uk"), ("Ltd", "co.uk"), ("B.V.", "nl"),
    ("AB", "se"), ("A/S", "dk"), ("S.p.A.", "it"), ("S.L.", "es"), ("SAS", "fr"), ("Sp. z o.o.", "pl"),
    ("Inc.", "com"), ("", "com"), ("", "com"), ("", "io"), ("", "eu"),
)

TOPICS = (
    "cold-chain monitoring", "route optimisation", "yard management", "dock scheduling", "telematics",
    "customs paperwork", "warehouse robotics", "EDI integration", "carbon reporting", "proof of delivery",
    "returns handling", "load planning", "driver app", "slot booking", "track and trace for customers",
)
KEEN_NOTES = (   # for hot and warm leads
    "Runs {n} trucks; asked about {topic}.",
    "Evaluating {topic} tools this year; current vendor contract ends in Q{q}.",
    "Wants a demo of {topic} for {n} depots.",
    "Came by for {topic}; send the case study.",
    "Budget approved for {topic}; decision maker is their COO.",
    "Met at the panel on {topic}; knows our product already.",
    "Needs SAP integration before anything else. Asked about {topic}.",
    "Pilot with a competitor failed; open to a {topic} trial.",
)
COOL_NOTES = (   # for cold and unrated ones
    "Just browsing; interested in {topic} long term.",
    "Student / job seeker, not a buyer.",
    "Partner prospect: resells {topic} software in the Nordics.",
    "Vendor, wanted to sell us {topic}.",
    "Took a brochure on {topic}; no project.",
    "Runs {n} trucks, happy with their current {topic} setup.",
)
MEETING_TOPICS = (
    "platform review", "pricing", "intro", "pilot scoping", "exec briefing", "technical deep-dive",
    "renewal check-in", "roadmap preview", "integration workshop", "reference call prep",
)
MEETING_OUTCOMES = (
    "Wants a pilot for {n} depots in Q{q}; send proposal by Friday.",
    "Good fit. Technical follow-up with their IT next week.",
    "Budget frozen until Q{q}; keep warm, newsletter only.",
    "Asked for pricing for {n} vehicles; sent the sheet on the spot.",
    "Met the new head of logistics; needs a security questionnaire first.",
    "Interested in {topic}; book a demo with the product team.",
    "Competitor contract runs until next year; revisit in Q{q}.",
    "Verbal yes on the pilot; legal review of the MSA next.",
)

# Drama-number prefixes and how many random digits follow each.
PHONE_RANGES = (
    ("+493023125", 3), ("+496990009", 3), ("+494066969", 3), ("+492214710", 3), ("+498999998", 3),
    ("+447700900", 3), ("+442079460", 3), ("+121255501", 2), ("+131255501", 2), ("+161755501", 2),
)

T = TypeVar("T")

_SPECIAL = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "Æ": "AE",
                          "đ": "d", "ı": "i", "'": "", " ": "", "-": ""})


def ascii_fold(text: str) -> str:
    """'Søren' -> 'soren', "O'Brien" -> 'obrien', 'de Vries' -> 'devries': the email-safe form of a name."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def slug(text: str) -> str:
    return "-".join(ascii_fold(word) for word in text.split() if ascii_fold(word))


def picker(rng: random.Random) -> Callable[[Sequence[T]], T]:
    """rng.choice, several times faster (it matters for 10^5 leads): index by one random() draw."""
    draw = rng.random

    def pick(items: Sequence[T]) -> T:
        return items[int(draw() * len(items))]

    return pick


class People:
    """Draws invented people and companies from one `random.Random`, keeping emails unique."""

    def __init__(self, rng: random.Random, taken: set[str] | None = None):
        self.rng = rng
        self.pick = picker(rng)
        self.taken: set[str] = set(taken or ())
        self._fold = {name: ascii_fold(name) for name in (*FIRST_NAMES, *LAST_NAMES)}
        self.companies = self._companies(420)

    def _companies(self, count: int) -> list[tuple[str, str]]:
        """(company name, email domain) pairs, all different."""
        seen: set[str] = set()
        out: list[tuple[str, str]] = []
        while len(out) < count:
            stem, sector = self.rng.choice(COMPANY_STEMS), self.rng.choice(COMPANY_SECTORS)
            suffix, tld = self.rng.choice(COMPANY_SUFFIXES)
            if stem in seen and self.rng.random() < 0.8:
                continue
            name = " ".join(p for p in (stem, sector, suffix) if p)
            domain = f"{ascii_fold(stem)}-{ascii_fold(sector)}.{tld}"
            if name in seen or domain in seen:
                continue
            seen.update((name, domain, stem))
            out.append((name, domain))
        return out

    def name(self) -> tuple[str, str]:
        return self.pick(FIRST_NAMES), self.pick(LAST_NAMES)

    def email(self, first: str, last: str, domain: str) -> str:
        """A unique, valid, lower-case address at `domain` in one of the usual corporate patterns."""
        f, ln = self._fold[first], self._fold[last]
        roll = self.rng.random()
        local = f"{f}.{ln}" if roll < 0.7 else f"{f[0]}.{ln}" if roll < 0.85 else f"{f}{ln}" if roll < 0.95 else f
        address = f"{local}@{domain}"
        n = 1
        while address in self.taken:
            n += 1
            address = f"{local}{n}@{domain}"
        self.taken.add(address)
        return address

    def phone(self) -> str:
        prefix, digits = self.pick(PHONE_RANGES)
        return f"{prefix}{int(self.rng.random() * 10 ** digits):0{digits}d}"

    def title(self) -> str:
        return self.pick(TITLES)

    def company(self) -> tuple[str, str]:
        return self.pick(self.companies)

    def note(self, keen: bool) -> str:
        return self.pick(KEEN_NOTES if keen else COOL_NOTES).format(
            n=self.pick((8, 12, 25, 40, 60, 120, 300)), topic=self.pick(TOPICS), q=self.rng.randint(1, 4))

    def outcome(self) -> str:
        return self.rng.choice(MEETING_OUTCOMES).format(
            n=self.rng.choice((2, 3, 5, 12, 40)), topic=self.rng.choice(TOPICS), q=self.rng.randint(1, 4))
