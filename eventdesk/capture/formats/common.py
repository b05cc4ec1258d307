"""Helpers every format shares: cleaning field text, splitting names, building the badge and its outcome."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from eventdesk.capture.badge import ParsedBadge, ParseOutcome, describe
from eventdesk.domain.contact import normalise_email, normalise_phone

MAX_FIELD = 1000      # a field longer than this is junk; the raw scan is journaled in full anyway
MAX_EXTRA = 30        # other fields kept per badge
BADGE_ID = re.compile(r"[A-Za-z0-9._-]{4,40}")
UNMATCHED = "Unrecognised scan kept for review"


def clean(value: Any) -> str | None:
    """Field text on one line: control characters dropped, whitespace collapsed; None when empty."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        return None
    if len(value) > MAX_FIELD * 4:
        value = value[: MAX_FIELD * 4]
    if not value.isprintable():
        value = "".join(" " if ch.isspace() else ch for ch in value
                        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cs"))
    text = " ".join(value.split())
    return text[:MAX_FIELD] or None


def looks_like_id(text: str | None) -> bool:
    """A badge id: 4-40 letters, digits, '-', '_' or '.', with at least one digit."""
    return bool(text and BADGE_ID.fullmatch(text) and any(ch.isdigit() for ch in text))


def split_name(full: str | None) -> tuple[str | None, str | None]:
    """'Mary Ann Smith' -> ('Mary Ann', 'Smith'); 'Smith, Mary' -> ('Mary', 'Smith'); 'Cher' -> ('Cher', None)."""
    full = clean(full)
    if not full:
        return None, None
    if full.count(",") == 1:
        last, first = (part.strip() for part in full.split(","))
        if first and last:
            return first, last
    parts = full.replace(",", " ").split()
    if len(parts) == 1:
        return parts[0], None
    return " ".join(parts[:-1]), parts[-1]


def make_badge(fmt: str, region: str | None, *, badge_id: Any = None, first: Any = None, last: Any = None,
               email: Any = None, phone: Any = None, company: Any = None, title: Any = None, url: Any = None,
               extra: list[tuple[str, Any]] | tuple[tuple[str, Any], ...] = ()) -> ParsedBadge:
    """A badge from raw field values: cleaned, email and phone normalised, nothing silently dropped."""
    pairs: list[tuple[str, str]] = []
    raw_email = clean(email)
    normal_email = normalise_email(raw_email)
    if raw_email and not normal_email:
        pairs.append(("email_raw", raw_email))  # not an address, but the booth may still read it
    seen: set[tuple[str, str]] = set()
    for key, value in extra:
        name, text = clean(key), clean(value)
        if name and text and (name, text) not in seen and len(pairs) < MAX_EXTRA:
            seen.add((name, text))
            pairs.append((name[:60], text))
    return ParsedBadge(
        format=fmt, badge_id=clean(badge_id), first_name=clean(first), last_name=clean(last), email=normal_email,
        phone=normalise_phone(clean(phone), region), company=clean(company), title=clean(title), url=clean(url),
        extra=tuple(pairs),
    )


def outcome_for(badge: ParsedBadge, label: str) -> ParseOutcome:
    """A badge with a person in it; only an id: still to be looked up; nothing at all: kept for review."""
    fields = badge.fields()
    if not fields:
        return ParseOutcome("unmatched", None, f"{UNMATCHED} ({label} with no contact details)")
    if set(fields) == {"badge_id"}:
        lookup = ParsedBadge(format="bare_id", badge_id=badge.badge_id, extra=badge.extra)
        return ParseOutcome("lookup", lookup, f"{label}: badge id {badge.badge_id}, looking it up")
    return ParseOutcome("badge", badge, describe(badge, label))


def snippet(text: str | None, limit: int = 60) -> str:
    """A short, one-line piece of a payload for a message."""
    text = clean(text) or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"
