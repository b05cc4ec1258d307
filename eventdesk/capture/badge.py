"""What the parser makes of a scan: a parsed badge, or why there is none. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

PERSON_FIELDS = ("badge_id", "first_name", "last_name", "email", "phone", "company", "title", "url")
# An attendee row's fields, as in the organiser's CSV and the attendees table.
ATTENDEE_FIELDS = ("badge_id", "first_name", "last_name", "email", "company", "title", "phone")


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
    extra: tuple[tuple[str, str], ...] = ()   # other fields (city, state, zip, ...) as (name, value) pairs

    def fields(self) -> dict[str, str]:
        """The non-empty person fields by name, in PERSON_FIELDS order."""
        return {name: value for name in PERSON_FIELDS if (value := getattr(self, name))}

    @property
    def has_person(self) -> bool:
        """Something that tells people apart: a name, an email or a badge id."""
        return bool(self.first_name or self.last_name or self.email or self.badge_id)


@dataclass(frozen=True)
class ParseOutcome:
    kind: Literal["badge", "lookup", "refused", "unmatched"]
    badge: ParsedBadge | None        # "lookup": ParsedBadge(format="bare_id", badge_id=...) still to be looked up
    message: str                     # one line for the booth screen


def with_attendee(badge: ParsedBadge, attendee: Mapping[str, str | None], region: str | None = None) -> ParsedBadge:
    """Fill a badge (usually a bare id) from the organiser's attendee row.

    What the badge itself carries wins, except the badge id: the list's spelling is kept, because the
    lookup ignores case and the lead's id must match the next scan of the same badge exactly.
    `region` is for a phone written without a country code (None: as normalise_phone).
    """
    from eventdesk.domain.contact import normalise_email, normalise_phone

    def text(key: str) -> str | None:
        value = attendee.get(key)
        return " ".join(value.split()) or None if isinstance(value, str) else None

    raw_email = text("email")
    email = normalise_email(raw_email)
    extra = badge.extra
    if raw_email and not email and not badge.email:
        extra = (*extra, ("email_raw", raw_email))  # never lose what the list said, even if it is not an email
    return replace(
        badge,
        badge_id=text("badge_id") or badge.badge_id,
        first_name=badge.first_name or text("first_name"),
        last_name=badge.last_name or text("last_name"),
        email=badge.email or email,
        phone=badge.phone or normalise_phone(text("phone"), region),
        company=badge.company or text("company"),
        title=badge.title or text("title"),
        extra=extra,
    )


def describe(badge: ParsedBadge, label: str) -> str:
    """One line for the booth: "vCard 3.0: Maja Lindqvist, Nordlicht Logistics AB"."""
    name = (" ".join(p for p in (badge.first_name, badge.last_name) if p)
            or badge.email or badge.badge_id or badge.phone or badge.url or "?")
    line = f"{label}: {name}" + (f", {badge.company}" if badge.company else "")
    line = " ".join(line.split())  # one line, whatever the badge held
    return line if len(line) <= 160 else line[:159] + "…"
