"""vCard 2.1, 3.0 and 4.0 badges.

vobject reads the card; when it refuses (it raises many exception types on malformed input) or a line
could make it hang, the tolerant reader in vcard_lines takes over, so a slightly broken card still
yields a lead. Both produce the same Prop list, and one function turns that into a badge.
"""

from __future__ import annotations

import io
import re
from typing import Any

from eventdesk.capture.badge import ParseOutcome
from eventdesk.capture.formats.common import make_badge, outcome_for, split_name
from eventdesk.capture.formats.vcard_lines import STRUCTURED, Prop, read_props

VOBJECT_LIMIT = 8 * 1024   # longer payloads are read by the tolerant reader only: cheap, and no QR is that long
# vobject's content-line regex backtracks exponentially on some malformed lines (80 characters of
# "A;A;..." take minutes). It is only given cards whose every line matches this unambiguous pattern,
# a subset of what it accepts, so it always matches at once.
_SAFE_LINE = re.compile(
    r'(?:[A-Za-z0-9_-]+\.)?[A-Za-z0-9_-]+'
    r'(?:;[A-Za-z0-9_-]+(?:=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)?)*:'
)
_END = re.compile(r"^END:VCARD[ \t]*$", re.IGNORECASE | re.MULTILINE)
_BADGE_WORDS = ("BADGE", "ATTENDEE", "REGISTRATION")
_NOT_A_PHONE = frozenset({"FAX", "PAGER"})


def _vobject_props(text: str) -> tuple[str | None, list[Prop]] | None:
    import vobject
    from vobject.base import ContentLine, getLogicalLines

    try:
        for line, _ in getLogicalLines(io.StringIO(text), allowQP=True):
            if not _SAFE_LINE.match(line):
                return None
        card = vobject.readOne(text, allowQP=True)
        # Nested components (an AGENT card, a second BEGIN) are not this person's properties.
        children = [c for c in card.getChildren() if isinstance(c, ContentLine)]
        return _convert(children)
    except Exception:  # noqa: BLE001 - ParseError, ValueError, LookupError, binascii.Error...: fall back
        return None


def _convert(children: list[Any]) -> tuple[str | None, list[Prop]]:
    version: str | None = None
    props: list[Prop] = []
    for child in children:
        name = str(child.name).upper()
        if name == "VERSION":
            version = str(child.value).strip() or None
            continue
        parts = _parts(name, child.value)
        if parts is None:
            continue
        params = {str(k).upper(): [str(v) for v in vals] for k, vals in child.params.items()}
        types = {str(s).upper() for s in getattr(child, "singletonparams", [])}
        types.update(t.upper() for v in params.get("TYPE", []) for t in v.split(",") if t)
        props.append(Prop(name, parts, params, frozenset(types)))
    return version, props


def _parts(name: str, value: Any) -> tuple[str, ...] | None:
    """vobject's transformed value as plain components, like the tolerant reader's."""
    def text(part: Any) -> str:
        return " ".join(str(p) for p in part) if isinstance(part, list) else str(part or "")

    if name == "N" and hasattr(value, "family"):
        return tuple(text(getattr(value, a, "")) for a in ("family", "given", "additional", "prefix", "suffix"))
    if name == "ADR" and hasattr(value, "city"):
        attrs = ("box", "extended", "street", "city", "region", "code", "country")
        return tuple(text(getattr(value, a, "")) for a in attrs)
    if isinstance(value, list):
        return tuple(text(v) for v in value) if name in STRUCTURED else (", ".join(text(v) for v in value),)
    if isinstance(value, bytes):
        return None                     # a photo or a key
    return (text(value),)


def _rank(prop: Prop, index: int) -> tuple[int, int, int]:
    """Sort key: not a fax, then preferred (PREF=1 / TYPE=pref / 2.1 PREF), then the order on the card."""
    try:
        pref = int((prop.params.get("PREF") or ["x"])[0])
    except ValueError:
        pref = 100
    if "PREF" in prop.types:
        pref = min(pref, 1)
    return (1 if prop.types & _NOT_A_PHONE else 0, pref, index)


def _pick(props: list[Prop], name: str) -> Prop | None:
    found = [(p, i) for i, p in enumerate(props) if p.name == name and any(x.strip() for x in p.parts)]
    return min(found, key=lambda pi: _rank(*pi))[0] if found else None


def _first(props: list[Prop], name: str) -> str | None:
    prop = next((p for p in props if p.name == name and any(x.strip() for x in p.parts)), None)
    return prop.value if prop else None


def _badge_id(props: list[Prop]) -> str | None:
    for prop in props:
        if prop.name.startswith("X-") and any(w in prop.name for w in _BADGE_WORDS) and prop.value.strip():
            return prop.value
    uid = _first(props, "UID")
    if uid and uid.strip().lower().startswith("urn:uuid:"):
        uid = uid.strip()[9:]
    return uid


def badge_outcome(version: str | None, props: list[Prop], region: str | None) -> ParseOutcome:
    extra: list[tuple[str, str]] = []
    first = last = None
    n = next((p for p in props if p.name == "N"), None)
    if n:
        parts = [*n.parts, "", "", "", "", ""]
        last, first = parts[0], parts[1]
        extra += [("middle_name", parts[2]), ("name_prefix", parts[3]), ("name_suffix", parts[4])]
    if not (first or "").strip() and not (last or "").strip():
        first, last = split_name(_first(props, "FN"))
    org = next((p for p in props if p.name == "ORG"), None)
    if org and len(org.parts) > 1:
        extra.append(("department", " / ".join(p for p in org.parts[1:] if p.strip())))
    title = _first(props, "TITLE")
    role = _first(props, "ROLE")
    if title and role:
        extra.append(("role", role))
    adr = _pick(props, "ADR")
    if adr:
        labels = ("po_box", "address_extra", "street", "city", "state", "zip", "country")
        extra += list(zip(labels, adr.parts, strict=False))
    note = _first(props, "NOTE")
    if note:
        extra.append(("note", note))
    for prop in props:
        if prop.name.startswith("X-") and not any(w in prop.name for w in _BADGE_WORDS):
            extra.append((prop.name[2:].lower(), prop.value))
    email, tel = _pick(props, "EMAIL"), _pick(props, "TEL")
    badge = make_badge(
        "vcard", region, badge_id=_badge_id(props), first=first, last=last,
        email=email.value if email else None, phone=tel.value if tel else None,
        company=org.value if org else None, title=title or role, url=_first(props, "URL"), extra=extra,
    )
    return outcome_for(badge, f"vCard {version}" if version else "vCard")


def parse_vcard(text: str, region: str | None) -> ParseOutcome:
    """`text` starts at BEGIN:VCARD."""
    result = None
    if len(text) <= VOBJECT_LIMIT:
        card = text if _END.search(text) else text.rstrip() + "\nEND:VCARD"  # a card cut short still has a person
        result = _vobject_props(card)
    outcome = badge_outcome(*result, region) if result else None
    if outcome is None or outcome.kind == "unmatched":
        outcome = badge_outcome(*read_props(text), region)
    return outcome
