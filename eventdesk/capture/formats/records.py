"""MECARD, delimited records and JSON objects: badges that are a list of named or ordered fields."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from eventdesk.capture.badge import ParsedBadge
from eventdesk.domain.contact import normalise_email, normalise_phone

# Usual spellings of each field in JSON badges and URL parameters (compared without case, "_" or "-").
ALIASES: dict[str, tuple[str, ...]] = {
    "badge_id": ("id", "badgeid", "badge", "attendeeid", "registrationid", "regid", "uid", "aid", "barcode",
                 "ticketid", "conf"),
    "first_name": ("firstname", "first", "fn", "givenname", "given", "forename", "vorname"),
    "last_name": ("lastname", "last", "ln", "surname", "familyname", "family", "nachname"),
    "email": ("email", "mail", "emailaddress", "em", "e"),
    "company": ("company", "organization", "organisation", "org", "companyname", "co", "employer", "firma"),
    "title": ("jobtitle", "title", "position", "role", "jt", "job"),
    "phone": ("phone", "tel", "mobile", "phonenumber", "telephone", "cell", "ph", "mobilephone"),
    "name": ("name", "fullname", "displayname"),
}
NESTED_KEYS = ("attendee", "contact", "person", "data", "badge", "visitor", "lead", "profile", "user")
DELIMITERS = ("^", "|", "\t", ";")
DELIMITED_NAMES = {"id": "badge_id", "first": "first_name", "last": "last_name", "email": "email",
                   "title": "title", "company": "company", "phone": "phone"}


def _squash(key: str) -> str:
    return re.sub(r"[\s_\-.]", "", key).lower()


def _lookup(field: str, data: Mapping[str, Any]) -> str | None:
    squashed = {_squash(str(k)): v for k, v in data.items()}
    for alias in ALIASES[field]:
        value = squashed.get(alias)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def from_mapping(data: Mapping[str, Any], fmt: str, region: str | None) -> ParsedBadge | None:
    """A badge from named fields (JSON keys, URL parameters), accepting the usual spellings."""
    values = {field: _lookup(field, data) for field in ALIASES}
    first, last = values["first_name"], values["last_name"]
    if not (first or last) and values["name"]:
        parts = values["name"].split()
        first, last = " ".join(parts[:-1]) or parts[0], (parts[-1] if len(parts) > 1 else None)
    email = values["email"]
    badge = ParsedBadge(
        format=fmt, badge_id=values["badge_id"], first_name=first, last_name=last,
        email=normalise_email(email) or (email if email and "@" in email else None),
        phone=normalise_phone(values["phone"], region), company=values["company"], title=values["title"],
    )
    return badge if (badge.first_name or badge.last_name or badge.email) else None


def parse_json(text: str, region: str | None) -> ParsedBadge | None:
    if not text.startswith("{") or len(text) > 65536:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    badge = from_mapping(data, "json", region)
    if badge is None:
        for key, value in data.items():
            if isinstance(value, dict) and _squash(str(key)) in NESTED_KEYS:
                badge = from_mapping({**value, **{k: v for k, v in data.items() if not isinstance(v, dict)}},
                                     "json", region)
                if badge:
                    break
    return badge


def _mecard_fields(body: str) -> list[tuple[str, str]]:
    """Split 'KEY:value;KEY:value;;' honouring the escapes \\; \\: \\, and \\\\."""
    fields, key, buf, escaped = [], None, [], False
    for ch in body:
        if escaped:
            buf.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ":" and key is None:
            key, buf = "".join(buf).strip().upper(), []
        elif ch == ";":
            if key is not None:
                fields.append((key, "".join(buf).strip()))
            key, buf = None, []
        else:
            buf.append(ch)
    if key is not None:
        fields.append((key, "".join(buf).strip()))
    return fields


def parse_mecard(text: str, region: str | None) -> ParsedBadge | None:
    if not text.upper().startswith("MECARD:"):
        return None
    fields = _mecard_fields(text[7:])
    data: dict[str, str] = {}
    for key, value in fields:
        if value and key not in data:
            data[key] = value
    first = last = None
    if "N" in data:
        name = data["N"]
        if "," in name:  # "Last,First"
            last, _, first = (p.strip() for p in name.partition(","))
        else:  # "First Last"
            parts = name.split()
            first, last = " ".join(parts[:-1]) or parts[0], (parts[-1] if len(parts) > 1 else None)
    email = data.get("EMAIL")
    badge = ParsedBadge(
        format="mecard", badge_id=data.get("CONF") or data.get("UID") or data.get("ID") or data.get("BADGE"),
        first_name=first or None, last_name=last or None,
        email=normalise_email(email) or email, phone=normalise_phone(data.get("TEL"), region),
        company=data.get("ORG"), title=data.get("TITLE"), url=data.get("URL"),
    )
    return badge if badge.has_person else None


def parse_delimited(text: str, fields: Sequence[str], region: str | None) -> ParsedBadge | None:
    if "\n" in text:
        return None
    for delimiter in DELIMITERS:
        if delimiter not in text:
            continue
        cells = [c.strip() for c in text.split(delimiter)]
        while cells and not cells[-1] and len(cells) > len(fields):
            cells.pop()  # trailing delimiters
        if len(cells) < 3:
            continue
        named = dict(zip(fields, cells, strict=False))
        email = named.get("email", "")
        # Plausible only with an email where the settings put it, or the names where they belong.
        if "@" not in email and not (named.get("first") and named.get("last") and len(cells) >= 4):
            continue
        if delimiter == ";" and "@" not in email:
            continue  # ';' also separates MECARD/Wi-Fi fields: demand the email there
        known = {DELIMITED_NAMES[k]: v or None for k, v in named.items() if k in DELIMITED_NAMES}
        extra = tuple((k, v) for k, v in named.items() if k not in DELIMITED_NAMES and v)
        us_like = bool(re.fullmatch(r"[A-Z]{2}", named.get("state", "")) or re.fullmatch(r"\d{5}(-\d{4})?",
                                                                                          named.get("zip", "")))
        badge = ParsedBadge(
            format="delimited", badge_id=known.get("badge_id"), first_name=known.get("first_name"),
            last_name=known.get("last_name"), email=normalise_email(known.get("email")) or known.get("email"),
            phone=normalise_phone(known.get("phone"), "US" if us_like else region),
            company=known.get("company"), title=known.get("title"), extra=extra,
        )
        if badge.has_person:
            return badge
    return None
