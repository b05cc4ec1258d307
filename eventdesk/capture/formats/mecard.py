"""MECARD (DoCoMo) badges, and the similar BIZCARD: 'KEY:value;KEY:value;;' with backslash escapes.

Also the field splitter the Wi-Fi refusal uses to name the network.
"""

from __future__ import annotations

from eventdesk.capture.badge import ParseOutcome
from eventdesk.capture.formats.common import make_badge, outcome_for, split_name
from eventdesk.capture.formats.vcard_lines import split_unescaped, unescape

MAX_FIELDS = 100
ID_KEYS = ("CONF", "UID", "ID", "BADGE", "BADGEID")   # vendor fields that carry the badge id
KNOWN = frozenset({"N", "SOUND", "TEL", "TEL-AV", "EMAIL", "ORG", "TITLE", "URL", *ID_KEYS})


def fields(body: str) -> list[tuple[str, str]]:
    """(KEY, raw value) pairs of 'KEY:value;KEY:value;;'; values keep their escapes for unescape()."""
    pairs: list[tuple[str, str]] = []
    for chunk in split_unescaped(body, ";"):
        if len(pairs) >= MAX_FIELDS:
            break
        key, sep, value = chunk.partition(":")
        if sep and key.strip():
            pairs.append((key.strip().upper(), value))
    return pairs


def _mecard_name(raw: str) -> tuple[str | None, str | None]:
    """'Last,First' (the standard) or 'First Last' (what many badge printers write)."""
    parts = split_unescaped(raw, ",")
    if len(parts) >= 2:
        return unescape(",".join(parts[1:])).strip() or None, unescape(parts[0]).strip() or None
    return split_name(unescape(raw))


def parse_mecard(text: str, region: str | None) -> ParseOutcome:
    """`text` starts with MECARD: or BIZCARD: (any case)."""
    bizcard = text[:8].upper() == "BIZCARD:"
    body = text[8:] if bizcard else text[7:]
    data: dict[str, str] = {}
    extra: list[tuple[str, str]] = []
    for key, raw in fields(body):
        value = unescape(raw).strip()
        if not value:
            continue                      # 'TEL:;' is an empty field, not a number
        if key == "N" and not bizcard:
            data.setdefault("N", raw)     # split on unescaped commas below
        elif key not in data:
            data[key] = value
        else:
            extra.append((key.lower(), value))
    if bizcard:
        # BIZCARD:N:first;X:last;T:title;C:company;A:address;B:phone;M:mobile;F:fax;E:email;;
        badge = make_badge(
            "mecard", region, first=data.get("N"), last=data.get("X"), title=data.get("T"), company=data.get("C"),
            phone=data.get("B") or data.get("M"), email=data.get("E"),
            extra=[("address", data.get("A", "")), *extra],
        )
        return outcome_for(badge, "BIZCARD")
    first, last = _mecard_name(data["N"]) if "N" in data else (None, None)
    others = [(k.lower(), v) for k, v in data.items() if k not in KNOWN]
    badge = make_badge(
        "mecard", region, badge_id=next((data[k] for k in ID_KEYS if k in data), None), first=first, last=last,
        email=data.get("EMAIL"), phone=data.get("TEL") or data.get("TEL-AV"), company=data.get("ORG"),
        title=data.get("TITLE"), url=data.get("URL"), extra=[*others, *extra],
    )
    return outcome_for(badge, "MECARD")
