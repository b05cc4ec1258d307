"""What the parser makes of a scan: a parsed badge, or why there is none."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

PERSON_FIELDS = ("badge_id", "first_name", "last_name", "email", "phone", "company", "title", "url")


@dataclass(frozen=True)
class ParsedBadge:
    format: str                      # "vcard", "mecard", "delimited", "json", "url", "bare_id", "email", "manual"
    badge_id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None         # E.164 where parseable
    company: str | None = None
    title: str | None = None
    url: str | None = None           # a profile URL kept as the lead's link
    extra: tuple[tuple[str, str], ...] = ()   # other fields (city, state, zip, ...)

    def fields(self) -> dict[str, str]:
        """The non-empty person fields by name."""
        return {name: value for name in PERSON_FIELDS if (value := getattr(self, name))}

    @property
    def has_person(self) -> bool:
        return bool(self.first_name or self.last_name or self.email or self.badge_id)


@dataclass(frozen=True)
class ParseOutcome:
    kind: Literal["badge", "lookup", "refused", "unmatched"]
    badge: ParsedBadge | None        # "lookup": ParsedBadge(format="bare_id", badge_id=...) still to be looked up
    message: str                     # one line for the booth screen


def with_attendee(badge: ParsedBadge, attendee: Mapping[str, str | None], region: str | None = None) -> ParsedBadge:
    """Fill a bare-id badge from the organiser's attendee row."""
    from eventdesk.domain.contact import normalise_email, normalise_phone

    def text(key: str) -> str | None:
        value = attendee.get(key)
        return value.strip() or None if isinstance(value, str) else None

    email = text("email")
    return replace(
        badge,
        badge_id=badge.badge_id or text("badge_id"),
        first_name=badge.first_name or text("first_name"),
        last_name=badge.last_name or text("last_name"),
        email=badge.email or normalise_email(email) or email,
        phone=badge.phone or normalise_phone(text("phone"), region),
        company=badge.company or text("company"),
        title=badge.title or text("title"),
    )


def describe(badge: ParsedBadge, label: str) -> str:
    name = " ".join(p for p in (badge.first_name, badge.last_name) if p) or badge.email or badge.badge_id or "?"
    return f"{label}: {name}" + (f", {badge.company}" if badge.company else "")
