"""QR codes that are clearly not badges: the booth is told what they were, and the scan is still journaled.

Messages never repeat a secret (a Wi-Fi password, a two-factor seed) or a message body.
"""

from __future__ import annotations

import re

from eventdesk.capture.formats.common import snippet
from eventdesk.capture.formats.mecard import fields
from eventdesk.capture.formats.vcard_lines import unescape

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]{1,30})://")
_SUMMARY = re.compile(r"^SUMMARY[^:\n]*:(.*)$", re.IGNORECASE | re.MULTILINE)
PAYMENTS = ("bitcoin:", "bitcoincash:", "ethereum:", "litecoin:", "lightning:", "upi:", "bank:")


def _wifi(text: str) -> str:
    ssid = next((unescape(v) for k, v in fields(text[5:]) if k == "S"), "")
    return "Wi-Fi network credentials" + (f" ({snippet(ssid, 40)})" if ssid.strip() else "")


def _after_prefix(text: str) -> str:
    return text.partition(":")[2].split(":", 1)[0].split("?", 1)[0].split(";", 1)[0]


def _calendar(text: str) -> str:
    summary = _SUMMARY.search(text[:4096])
    title = unescape(summary.group(1)).strip() if summary else ""
    return "a calendar entry" + (f" ({snippet(title, 40)})" if title else "")


def _sms(text: str) -> str:
    number = _after_prefix(text).strip()
    return "an SMS text message" + (f" to {snippet(number, 24)}" if number else "")


def _matmsg(text: str) -> str:
    to = next((unescape(v) for k, v in fields(text[7:]) if k == "TO"), "")
    return "an email message" + (f" to {snippet(to, 40)}" if to.strip() else "")


def refusal(text: str) -> str | None:
    """'Not a badge: ...' for a payload that is something else, or None."""
    lower = text[:24].lower()
    what: str | None = None
    if lower.startswith("wifi:"):
        what = _wifi(text)
    elif lower.startswith("geo:"):
        what = f"a map location ({snippet(text[4:].split('?', 1)[0], 40)})"
    elif lower.startswith(("smsto:", "sms:", "mmsto:", "mms:")):
        what = _sms(text)
    elif lower.startswith("tel:"):
        what = f"a phone number ({snippet(text[4:], 24)})"
    elif lower.startswith(("facetime:", "facetime-audio:", "skype:", "callto:")):
        what = "a call link"
    elif lower.startswith("matmsg:"):
        what = _matmsg(text)
    elif lower.startswith(("begin:vevent", "begin:vcalendar", "begin:vtodo")):
        what = _calendar(text)
    elif lower.startswith(PAYMENTS):
        what = f"a {lower.split(':', 1)[0]} payment request"
    elif lower.startswith("bcd\n"):
        what = "a bank transfer (EPC payment code)"
    elif lower.startswith(("otpauth:", "otpauth-migration:")):
        what = "a two-factor authentication secret"
    elif lower.startswith(("market:", "itms-apps:", "itms-services:")):
        what = "an app store link"
    elif (scheme := _SCHEME.match(text)) and scheme.group(1).lower() not in ("http", "https"):
        what = f"a link of type {scheme.group(1).lower()}"
    return f"Not a badge: {what}" if what else None
