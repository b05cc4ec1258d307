"""JSON badges: an object with the usual key spellings, possibly nested one level under 'attendee' etc.

The alias table is shared with URL query parameters.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from eventdesk.capture.badge import ParseOutcome
from eventdesk.capture.formats.common import make_badge, outcome_for, split_name

# Spellings of each field, compared lower-cased without '_', '-', '.' or spaces.
ALIASES: dict[str, tuple[str, ...]] = {
    "badge_id": ("badgeid", "badge", "attendeeid", "registrationid", "regid", "id", "uid", "barcode", "ticketid"),
    "first": ("firstname", "fn", "givenname", "first", "given", "forename"),
    "last": ("lastname", "ln", "surname", "familyname", "last", "family"),
    "email": ("email", "mail", "emailaddress", "emails"),
    "company": ("company", "organization", "organisation", "org", "companyname", "employer"),
    "title": ("jobtitle", "title", "position", "jobtitlename"),
    "phone": ("phone", "tel", "mobile", "phonenumber", "telephone", "cell", "mobilephone", "phones"),
    "name": ("name", "fullname", "displayname"),
}
NESTED = ("attendee", "contact", "person", "data", "badge", "visitor", "lead", "profile", "user", "name")
MAX_EXTRA_KEYS = 30


def squash(key: str) -> str:
    return "".join(ch for ch in str(key).lower() if ch not in "_-. ")


def _scalar(value: Any) -> str | None:
    if isinstance(value, list):                      # "emails": ["a@b.c", ...]: the first
        value = next((v for v in value if isinstance(v, (str, int)) and not isinstance(v, bool)), None)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = str(value).strip()
    return text or None


def collect(data: Mapping[Any, Any], aliases: Mapping[str, tuple[str, ...]] = ALIASES,
            ) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Known fields and the other scalar keys of one flat mapping; of two spellings, the earlier alias wins."""
    best: dict[str, tuple[int, str]] = {}
    others: list[tuple[str, str]] = []
    for key, value in data.items():
        text = _scalar(value)
        if text is None:
            continue
        alias = squash(key)
        field = next((f for f, spellings in aliases.items() if alias in spellings), None)
        if field is None:
            if len(others) < MAX_EXTRA_KEYS:
                others.append((str(key), text))
            continue
        rank = aliases[field].index(alias)
        if field not in best or rank < best[field][0]:
            best[field] = (rank, text)
    return {field: text for field, (_, text) in best.items()}, others


def from_mapping(data: Mapping[Any, Any], fmt: str, region: str | None, label: str,
                 aliases: Mapping[str, tuple[str, ...]] = ALIASES) -> ParseOutcome:
    """Top-level keys first, then gaps filled from objects nested one level under the usual keys."""
    found, extra = collect(data, aliases)
    for key, value in data.items():
        if isinstance(value, Mapping) and squash(key) in NESTED:
            nested, nested_extra = collect(value, aliases)
            if squash(key) == "name":            # {"name": {"first": ..., "last": ...}}
                nested.pop("badge_id", None)
            for field, text in nested.items():
                found.setdefault(field, text)
            extra += nested_extra
    first, last = found.get("first"), found.get("last")
    if not (first or last) and found.get("name"):
        first, last = split_name(found["name"])
    badge = make_badge(
        fmt, region, badge_id=found.get("badge_id"), first=first, last=last, email=found.get("email"),
        phone=found.get("phone"), company=found.get("company"), title=found.get("title"), extra=extra,
    )
    return outcome_for(badge, label)


def parse_json(text: str, region: str | None) -> ParseOutcome | None:
    """None when the text is not a JSON object (the caller then tries other shapes)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):          # deep nesting is refused by the json module, not by us
        return None
    if isinstance(data, list) and data and isinstance(data[0], dict):
        data = data[0]
    if not isinstance(data, dict):
        return None
    return from_mapping(data, "json", region, "JSON badge")
