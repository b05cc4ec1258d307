"""vCard 2.1, 3.0 and 4.0 badges, read with vobject; a tolerant line reader of our own takes over
when vobject refuses a slightly broken card, so a badge with one bad line still becomes a lead."""

from __future__ import annotations

import quopri
import re

from eventdesk.capture.badge import ParsedBadge
from eventdesk.domain.contact import normalise_email, normalise_phone

BADGE_ID_PROPS = ("X-BADGE-ID", "X-BADGEID", "X-ATTENDEE-ID", "X-REGISTRATION-ID", "UID")


def _is_pref(params: dict[str, list[str]], singletons: list[str]) -> bool:
    types = [t.lower() for t in params.get("TYPE", [])]
    return "pref" in types or "PREF" in [s.upper() for s in singletons] or params.get("PREF", ["9"])[0] == "1"


def _pick(entries: list[tuple[str, bool]]) -> str | None:
    """The preferred value of several EMAIL or TEL lines, else the first."""
    values = [(v.strip(), pref) for v, pref in entries if v and v.strip()]
    for value, pref in values:
        if pref:
            return value
    return values[0][0] if values else None


def _split_name(full: str | None) -> tuple[str | None, str | None]:
    parts = (full or "").split()
    if not parts:
        return None, None
    return " ".join(parts[:-1]) or parts[0], parts[-1] if len(parts) > 1 else None


def _from_properties(props: dict[str, list[tuple[str, bool]]], region: str | None) -> ParsedBadge:
    def first(name: str) -> str | None:
        values = props.get(name)
        return values[0][0].strip() or None if values else None

    n = first("N")
    given = family = None
    if n:
        pieces = [p.strip() for p in re.split(r"(?<!\\);", n)]
        family = pieces[0] or None
        given = pieces[1] if len(pieces) > 1 and pieces[1] else None
    if not given and not family:
        given, family = _split_name(first("FN"))
    org = first("ORG")
    company = org.split(";")[0].strip() or None if org else None
    email_raw = _pick(props.get("EMAIL", []))
    phone_raw = _pick(props.get("TEL", []))
    badge_id = next((first(p) for p in BADGE_ID_PROPS if first(p)), None)
    if badge_id and badge_id.lower().startswith("urn:uuid:"):
        badge_id = badge_id[9:]
    return ParsedBadge(
        format="vcard", badge_id=badge_id, first_name=_unescape(given), last_name=_unescape(family),
        email=normalise_email(email_raw) or (email_raw or None), phone=normalise_phone(phone_raw, region),
        company=_unescape(company), title=_unescape(first("TITLE")), url=first("URL"),
    )


def _unescape(value: str | None) -> str | None:
    if value is None:
        return None
    return value.replace("\\,", ",").replace("\\;", ";").replace("\\n", " ").replace("\\\\", "\\").strip() or None


def _with_vobject(text: str) -> dict[str, list[tuple[str, bool]]] | None:
    import vobject

    try:
        card = vobject.readOne(text, ignoreUnreadable=True)
    except Exception:  # noqa: BLE001 - vobject raises many types on bad input; the line reader takes over
        return None
    props: dict[str, list[tuple[str, bool]]] = {}
    for line in card.getChildren():
        value = line.value
        if line.name == "N" and hasattr(value, "family"):
            value = f"{_join(value.family)};{_join(value.given)}"
        elif isinstance(value, list):
            value = ";".join(str(v) for v in value)
        elif not isinstance(value, str):
            value = str(value)
        props.setdefault(line.name.upper(), []).append(
            (value, _is_pref(line.params, getattr(line, "singletonparams", []))))
    return props


def _join(part: object) -> str:
    return " ".join(part) if isinstance(part, list) else str(part or "")


def _by_lines(text: str) -> dict[str, list[tuple[str, bool]]]:
    """Read the card line by line: unfold, split name;params:value, decode quoted-printable."""
    unfolded = re.sub(r"\n[ \t]", "", text)
    unfolded = re.sub(r"=\n", "", unfolded)  # quoted-printable soft line breaks (vCard 2.1)
    props: dict[str, list[tuple[str, bool]]] = {}
    for line in unfolded.split("\n")[:200]:
        head, sep, value = line.partition(":")
        if not sep:
            continue
        name, *params = head.split(";")
        name = name.split(".")[-1].strip().upper()  # "item1.EMAIL" groups
        upper = [p.upper() for p in params]
        if any("QUOTED-PRINTABLE" in p for p in upper):
            charset = next((p.split("=", 1)[1] for p in upper if p.startswith("CHARSET=")), "UTF-8")
            try:
                value = quopri.decodestring(value.encode("latin-1", "replace")).decode(charset, "replace")
            except LookupError:
                value = quopri.decodestring(value.encode("latin-1", "replace")).decode("utf-8", "replace")
        pref = any(p == "PREF" or p == "PREF=1" or ("TYPE=" in p and "PREF" in p) for p in upper)
        props.setdefault(name, []).append((value, pref))
    return props


def parse_vcard(text: str, region: str | None) -> ParsedBadge | None:
    if not text.upper().startswith("BEGIN:VCARD"):
        return None
    if not re.search(r"^END:VCARD\s*$", text, flags=re.IGNORECASE | re.MULTILINE):
        text = text.rstrip() + "\nEND:VCARD"  # a card cut short still carries a person
    props = _with_vobject(text.replace("\n", "\r\n")) if len(text) < 8192 else None
    if not props or not (props.get("N") or props.get("FN") or props.get("EMAIL")):
        props = _by_lines(text)
    badge = _from_properties(props, region)
    return badge if badge.has_person else None
