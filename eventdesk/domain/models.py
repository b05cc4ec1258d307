"""The records eventdesk keeps, as plain dataclasses. The store fills them; screens and exports read them."""

from __future__ import annotations

from dataclasses import dataclass

SOURCES = ("scan", "manual", "import")
ROLES = ("sales", "marketing")
MEETING_STATUSES = ("scheduled", "done", "no-show", "cancelled")
FOLLOWUP_STATUSES = ("open", "done", "dropped", "declined")  # declined: an ask its addressee turned down
FOLLOWUP_ACTIONS = ("call", "email", "demo", "send material", "meeting")
SCAN_OUTCOMES = ("new", "touch", "unmatched", "refused")


@dataclass(frozen=True)
class Rep:
    id: str
    name: str
    email: str
    role: str = "sales"


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    domains: tuple[str, ...]
    tier: int
    owner_rep_id: str | None = None
    owner_email: str | None = None
    owner_name: str | None = None


@dataclass(frozen=True)
class Lead:
    id: str
    badge_id: str | None
    first_name: str | None
    last_name: str | None
    email: str | None
    phone: str | None
    company: str | None
    title: str | None
    url: str | None
    account_id: str | None
    source: str
    rating: str
    stage: str
    consent: bool
    consent_text: str | None
    consent_at: str | None
    consent_by: str | None
    rep_id: str | None
    notes: str
    captured_at: str
    captured_by: str | None
    updated: str
    # Joined for display, not stored on the lead row.
    account_name: str | None = None
    tier: int | None = None
    rep_email: str | None = None
    rep_name: str | None = None
    touches: int = 0

    @property
    def name(self) -> str:
        full = " ".join(p for p in (self.first_name, self.last_name) if p)
        return full or self.email or self.badge_id or "(no name)"


@dataclass(frozen=True)
class Meeting:
    id: str
    title: str
    lead_id: str | None
    account_id: str | None
    rep_id: str | None
    start: str
    end: str
    location: str
    status: str
    outcome: str
    updated: str
    rep_email: str | None = None
    rep_name: str | None = None
    lead_name: str | None = None
    account_name: str | None = None


@dataclass(frozen=True)
class FollowUp:
    id: str
    lead_id: str | None
    account_id: str | None
    rep_id: str | None
    action: str
    due: str | None
    status: str
    created_by: str | None
    note: str
    kind: str
    reply: str
    updated: str
    rep_email: str | None = None
    lead_name: str | None = None
    account_name: str | None = None


@dataclass(frozen=True)
class Scan:
    id: str
    raw: str
    at: str
    staff_rep_id: str | None
    outcome: str | None
    format: str | None
    message: str
    lead_id: str | None
