"""vCard properties as plain data, and a tolerant line reader of our own.

vobject is strict: one malformed line and the whole card is refused. A badge with one bad line still
carries a person, so this reader accepts anything line-shaped: it unfolds lines, splits
name;params:value, decodes quoted-printable with its charset and unescapes values. It is linear in
the input and never raises on text.
"""

from __future__ import annotations

import binascii
import quopri
from dataclasses import dataclass, field

STRUCTURED = frozenset({"N", "ADR", "ORG"})   # values made of ';'-separated components
MAX_LINES = 500
_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", ":": ":", "\\": "\\"}


@dataclass(frozen=True)
class Prop:
    name: str                                   # upper case, group ("item1.") removed
    parts: tuple[str, ...]                      # components of N/ADR/ORG; one element otherwise
    params: dict[str, list[str]] = field(default_factory=dict)   # upper-case keys
    types: frozenset[str] = frozenset()         # TYPE values and vCard 2.1 bare parameters, upper case

    @property
    def value(self) -> str:
        return self.parts[0] if self.parts else ""


def unescape(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPES:
            out.append(_ESCAPES[text[i + 1]])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def split_unescaped(text: str, sep: str) -> list[str]:
    """Split on `sep` where it is not escaped with a backslash; escapes are kept for unescape()."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _split_outside_quotes(text: str, sep: str, first_only: bool = False) -> list[str]:
    parts: list[str] = []
    start, quoted = 0, False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            parts.append(text[start:i])
            start = i + 1
            if first_only:
                break
    parts.append(text[start:])
    return parts


def _logical_lines(text: str) -> list[str]:
    # Fragments are joined once at the end: growing strings line by line would be quadratic on junk.
    lines: list[list[str]] = []
    qp = False
    for raw in text.split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1].append(raw[1:])                 # folded line (RFC 6350 §3.2)
        elif lines and qp and lines[-1][-1].endswith("="):
            lines[-1][-1] = lines[-1][-1][:-1]        # quoted-printable soft line break (vCard 2.1)
            lines[-1].append(raw)
        elif raw.strip():
            if len(lines) >= MAX_LINES:
                break
            lines.append([raw])
            qp = "QUOTED-PRINTABLE" in raw.split(":", 1)[0].upper()
        else:
            qp = False
    return ["".join(parts) for parts in lines]


def _decode_qp(value: str, charset: str) -> str:
    data = quopri.decodestring(value.encode("utf-8", "replace"))
    try:
        return data.decode(charset, "replace")
    except LookupError:  # an unknown CHARSET: UTF-8 is the best guess today
        return data.decode("utf-8", "replace")


def parse_line(line: str) -> Prop | None:
    """One content line, or None when it is not one."""
    colon = _split_outside_quotes(line, ":", first_only=True)
    if len(colon) < 2:
        head, sep, value = line.partition(":")   # an unbalanced quote: the first colon it is
        if not sep:
            return None
    else:
        head, value = colon
    name, *raw_params = _split_outside_quotes(head, ";")
    name = name.rsplit(".", 1)[-1].strip().upper()
    if not name or len(name) > 60:
        return None
    params: dict[str, list[str]] = {}
    types: set[str] = set()
    for raw in raw_params:
        key, eq, val = raw.partition("=")
        key = key.strip().upper()
        if not eq:
            types.add(key)                              # vCard 2.1: TEL;PREF;CELL:...
            continue
        values = [v.strip().strip('"') for v in _split_outside_quotes(val, ",")]
        params.setdefault(key, []).extend(values)
        if key == "TYPE":
            types.update(v.upper() for value in values for v in value.split(",") if v)
    encoding = " ".join(params.get("ENCODING", [])).upper()
    if "QUOTED-PRINTABLE" in encoding or "QUOTED-PRINTABLE" in types:
        value = _decode_qp(value, (params.get("CHARSET") or ["utf-8"])[0])
    elif encoding in ("B", "BASE64") or "BASE64" in types:
        return None                                     # a photo or a key: nothing for a lead
    if name in STRUCTURED:
        parts = tuple(unescape(p) for p in split_unescaped(value, ";"))
    else:
        parts = (unescape(value),)
    return Prop(name, parts, params, frozenset(types))


def read_props(text: str) -> tuple[str | None, list[Prop]]:
    """(VERSION, properties) of the first card in `text`, which starts at BEGIN:VCARD."""
    props: list[Prop] = []
    version: str | None = None
    depth = 0
    for line in _logical_lines(text):
        upper = line.strip().upper()
        if upper.startswith("BEGIN:"):
            depth += 1
            continue
        if upper.startswith("END:"):
            depth -= 1
            if depth <= 0:
                break
            continue
        if depth > 1:
            continue                                    # an embedded card (AGENT): not this person
        try:
            prop = parse_line(line)
        except (ValueError, binascii.Error):
            prop = None
        if prop is None:
            continue
        if prop.name == "VERSION":
            version = prop.value.strip() or version
        else:
            props.append(prop)
    return version, props
