"""Badge payload text -> ParseOutcome. Pure, never raises, never hangs, cheap on any input.

Order matters: things that are clearly something else (Wi-Fi, calendar, SMS...) are refused first, then
the self-describing formats (vCard, MECARD, JSON, URL), then the shapes (delimited record, email, bare
badge id). What is left is kept as an unmatched scan for review, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eventdesk.capture.badge import ParsedBadge, ParseOutcome
from eventdesk.capture.formats.common import UNMATCHED, looks_like_id
from eventdesk.capture.formats.delimited import DELIMITERS, parse_delimited
from eventdesk.capture.formats.jsonobj import parse_json
from eventdesk.capture.formats.mecard import parse_mecard
from eventdesk.capture.formats.nonbadge import refusal
from eventdesk.capture.formats.url import parse_url
from eventdesk.capture.formats.vcard import parse_vcard
from eventdesk.domain.contact import normalise_email
from eventdesk.domain.settings import DEFAULT_DELIMITED_FIELDS

__all__ = ["DEFAULT_DELIMITED_FIELDS", "DEFAULT_REGION", "HEAD_LIMIT", "parse_payload"]

DEFAULT_REGION = "US"
# No QR code holds more than ~3 KB. Longer text (a scanner gone wrong, a paste) is read only this far,
# so the worst case stays a few milliseconds; the whole text is journaled by the caller anyway.
HEAD_LIMIT = 64 * 1024
# Some scanners prefix an AIM symbology identifier (']Q1' for QR, ']d2' for DataMatrix).
_SYMBOLOGY = re.compile(r"\][A-Za-z][0-9A-Za-z]")
_HTTP = re.compile(r"(?:https?://|www\.)[^\s]+", re.IGNORECASE)


def parse_payload(text: str, *, delimited_fields: Sequence[str] = DEFAULT_DELIMITED_FIELDS,
                  default_region: str | None = None) -> ParseOutcome:
    """What a scan is: a badge, a badge id to look up, a refused non-badge, or unmatched (kept for review).

    `delimited_fields` names the columns of delimited records (id, first, last, email, title, company,
    phone; other names go to `extra`). `default_region` is for phones without a country code ("US" if None).
    """
    try:
        return _parse(text, delimited_fields, default_region or DEFAULT_REGION)
    except Exception as exc:  # noqa: BLE001 - a parser bug must never cost a scan: it is kept for review
        return ParseOutcome("unmatched", None, f"{UNMATCHED} (parser problem: {type(exc).__name__})")


def _prepare(text: object) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text[: HEAD_LIMIT * 2]
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip().lstrip("\ufeff").strip()
    if _SYMBOLOGY.match(text):
        text = text[3:].lstrip()
    return text[:HEAD_LIMIT]


def _parse(raw: str, fields: Sequence[str], region: str) -> ParseOutcome:
    text = _prepare(raw)
    if not text:
        return ParseOutcome("unmatched", None, "Empty scan kept for review")
    upper = text[:256].upper()
    if upper.startswith("BEGIN:VCARD"):
        return parse_vcard(text, region)
    if not_a_badge := refusal(text):
        return ParseOutcome("refused", None, not_a_badge)
    if "BEGIN:VCARD" in upper:                   # a vendor prefix before the card
        return parse_vcard(text[upper.index("BEGIN:VCARD"):], region)
    if upper.startswith(("MECARD:", "BIZCARD:")):
        return parse_mecard(text, region)
    if text[0] in "{[" and (outcome := parse_json(text, region)) is not None:
        return outcome
    if upper.startswith("MAILTO:"):
        email = normalise_email(text)
        if email:
            return ParseOutcome("badge", ParsedBadge(format="email", email=email), f"Email: {email}")
        return ParseOutcome("refused", None, "Not a badge: an email link with no valid address")
    if _HTTP.fullmatch(text):
        return parse_url(text if "://" in text[:10] else "https://" + text, region)
    if any(d in text for d in DELIMITERS) and (outcome := parse_delimited(text, fields, region)) is not None:
        return outcome
    if "@" in text and not any(ch.isspace() for ch in text) and (email := normalise_email(text)):
        return ParseOutcome("badge", ParsedBadge(format="email", email=email), f"Email: {email}")
    if looks_like_id(text):
        return ParseOutcome("lookup", ParsedBadge(format="bare_id", badge_id=text), f"Badge id {text}")
    return ParseOutcome("unmatched", None, UNMATCHED)
