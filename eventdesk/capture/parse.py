"""Badge payload text -> ParseOutcome. Pure, never raises, and cheap on any input.

The order matters: things that are clearly something else (Wi-Fi, calendar, SMS…) are refused first,
then the self-describing formats (vCard, MECARD, JSON, URL), then the shapes (email, delimited
record, bare badge id). What is left is kept as an unmatched scan for review, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import parse_qsl, unquote, urlsplit

from eventdesk.capture.badge import ParsedBadge, ParseOutcome, describe
from eventdesk.capture.formats.records import from_mapping, parse_delimited, parse_json, parse_mecard
from eventdesk.capture.formats.vcard import parse_vcard
from eventdesk.domain.contact import normalise_email
from eventdesk.domain.settings import DEFAULT_DELIMITED_FIELDS

MAX_PARSED = 64 * 1024  # longer payloads are kept raw for review: no badge is that long
BARE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]{2,38}[A-Za-z0-9]")
UNMATCHED = "Unrecognised scan kept for review"

# Prefix (lower case) -> what the booth is told it was.
NOT_BADGES = (
    ("wifi:", "Wi-Fi network credentials"),
    ("geo:", "a map location"),
    ("smsto:", "a text message"),
    ("sms:", "a text message"),
    ("mmsto:", "a text message"),
    ("tel:", "a phone number to call"),
    ("matmsg:", "an email message"),
    ("begin:vevent", "a calendar entry"),
    ("begin:vcalendar", "a calendar entry"),
    ("begin:vtodo", "a calendar task"),
    ("bitcoin:", "a payment address"),
    ("ethereum:", "a payment address"),
    ("otpauth:", "a two-factor authentication secret"),
    ("market:", "an app store link"),
    ("spotify:", "a music link"),
    ("upi:", "a payment request"),
)
PERSON_PARAMS = frozenset(("fn", "ln", "first", "last", "firstname", "lastname", "em", "email", "name", "fullname",
                           "aid", "badge", "badgeid", "attendeeid", "id", "uid", "regid", "registrationid"))
PROFILE_PATH = re.compile(r"/(attendee|attendees|profile|profiles|badge|badges|visitor|person|people|lead|b|a|u)/"
                          r"([A-Za-z0-9._\-]{3,40})/?$", re.IGNORECASE)


def _title(fmt: str, text: str) -> str:
    if fmt == "vcard":
        version = re.search(r"VERSION:\s*([0-9.]+)", text[:400], flags=re.IGNORECASE)
        return f"vCard {version.group(1)}" if version else "vCard"
    return {"mecard": "MECARD", "delimited": "Badge record", "json": "JSON badge", "url": "Badge link",
            "email": "Email"}.get(fmt, fmt)


def _refusal(text: str) -> str | None:
    lowered = text[:32].lower()
    for prefix, what in NOT_BADGES:
        if lowered.startswith(prefix):
            detail = ""
            if prefix == "wifi:":
                network = re.search(r"(?:^|;)S:((?:\\.|[^;])*)", text[5:])
                detail = f" ({network.group(1)})" if network and network.group(1) else ""
            return f"Not a badge: {what}{detail}"
    return None


def _parse_url(text: str, region: str | None) -> ParseOutcome | None:
    if not re.match(r"https?://", text, flags=re.IGNORECASE) or any(c.isspace() for c in text):
        return None
    try:
        parts = urlsplit(text)
        params = dict(parse_qsl(parts.query, keep_blank_values=False))
    except ValueError:
        return None
    squashed = {re.sub(r"[\s_\-.]", "", k).lower() for k in params}
    if squashed & PERSON_PARAMS:
        badge = from_mapping(params, "url", region)
        if badge is not None:
            return ParseOutcome("badge", badge, describe(badge, "Badge link"))
        ids = from_mapping({**params, "fn": "?"}, "url", region)
        if ids is not None and ids.badge_id:
            lookup = ParsedBadge(format="bare_id", badge_id=ids.badge_id, url=text)
            return ParseOutcome("lookup", lookup, f"Badge link with id {ids.badge_id}")
    profile = PROFILE_PATH.search(unquote(parts.path))
    if profile and any(ch.isdigit() for ch in profile.group(2)):
        lookup = ParsedBadge(format="bare_id", badge_id=profile.group(2), url=text)
        return ParseOutcome("lookup", lookup, f"Profile link with id {profile.group(2)}")
    host = parts.hostname or "a website"
    return ParseOutcome("refused", None, f"Not a badge: a link to {host} with no attendee in it")


def parse_payload(text: str, *, delimited_fields: Sequence[str] = DEFAULT_DELIMITED_FIELDS,
                  default_region: str | None = None) -> ParseOutcome:
    try:
        return _parse(text, delimited_fields, default_region)
    except Exception as exc:  # noqa: BLE001 - a parser bug must never cost a scan: it is kept for review
        return ParseOutcome("unmatched", None, f"{UNMATCHED} (parser problem: {type(exc).__name__})")


def _parse(text: str, fields: Sequence[str], region: str | None) -> ParseOutcome:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip().lstrip("\ufeff")
    if not text:
        return ParseOutcome("unmatched", None, "Empty scan")
    if len(text) > MAX_PARSED:
        return ParseOutcome("unmatched", None, f"{UNMATCHED} (too long for a badge: {len(text)} characters)")
    if refusal := _refusal(text):
        return ParseOutcome("refused", None, refusal)
    for parser in (parse_vcard, parse_mecard, parse_json):
        badge = parser(text, region)
        if badge is not None:
            return ParseOutcome("badge", badge, describe(badge, _title(badge.format, text)))
    url = _parse_url(text, region)
    if url is not None:
        return url
    if text.lower().startswith("mailto:") or ("@" in text and not any(c.isspace() for c in text)):
        email = normalise_email(text)
        if email:
            badge = ParsedBadge(format="email", email=email)
            return ParseOutcome("badge", badge, f"Email: {email}")
    badge = parse_delimited(text, tuple(fields), region)
    if badge is not None:
        return ParseOutcome("badge", badge, describe(badge, "Badge record"))
    if BARE_ID.fullmatch(text) and any(ch.isdigit() for ch in text):
        return ParseOutcome("lookup", ParsedBadge(format="bare_id", badge_id=text), f"Badge id {text}")
    return ParseOutcome("unmatched", None, UNMATCHED)
