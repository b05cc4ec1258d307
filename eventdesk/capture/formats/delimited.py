"""Delimited badge records: 'id^first^last^email^...' with the field order from the event settings."""

from __future__ import annotations

from collections.abc import Sequence

from eventdesk.capture.badge import ParseOutcome
from eventdesk.capture.formats.common import looks_like_id, make_badge, outcome_for
from eventdesk.domain.contact import normalise_email

DELIMITERS = ("^", "|", "\t", ";")
NAMES = {"id": "badge_id", "first": "first", "last": "last", "email": "email", "title": "title",
         "company": "company", "phone": "phone"}
MAX_CELLS = 60
US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA PR RI SC SD TN TX UT VT VA WA WV WI WY".split())


def _cells(text: str, delimiter: str) -> list[str]:
    cells = [" ".join(c.split()) for c in text.split(delimiter, MAX_CELLS)]
    while cells and not cells[-1]:
        cells.pop()                       # trailing delimiters
    return cells


def _us_like(named: dict[str, str]) -> bool:
    """A US state code, or a ZIP+4 code. A bare five-digit code is not enough: so are German and French ones."""
    state, zip_code = named.get("state", "").strip().upper(), named.get("zip", "").strip()
    zip4 = len(zip_code) == 10 and zip_code[5] == "-" and (zip_code[:5] + zip_code[6:]).isdigit()
    return state in US_STATES or zip4


def _looks_like_record(cells: list[str], names: Sequence[str], delimiter: str) -> bool:
    """Without an email in its column: an address elsewhere, a badge id where the id belongs, a caret or
    pipe (prose has neither), or a long record. Three words between ';' or tabs may just be a sentence."""
    if any("@" in c for c in cells):
        return True
    if "id" in names and names.index("id") < len(cells) and looks_like_id(cells[names.index("id")]):
        return True
    return delimiter in "^|" or len(cells) >= 5


def _choose(text: str, names: Sequence[str]) -> list[str] | None:
    """The split that looks most like a record: an email where the settings put it, then the most fields."""
    email_at = names.index("email") if "email" in names else -1
    best: tuple[int, int] | None = None
    chosen = None
    for delimiter in DELIMITERS:
        if delimiter not in text:
            continue
        cells = _cells(text, delimiter)
        has_email = 0 <= email_at < len(cells) and "@" in cells[email_at]
        if not has_email and len(cells) < 3:
            continue
        if not has_email and not _looks_like_record(cells, names, delimiter):
            continue
        score = (int(has_email), sum(1 for c in cells if c))
        if best is None or score > best:
            best, chosen = score, cells
    return chosen


def parse_delimited(text: str, field_names: Sequence[str], region: str | None) -> ParseOutcome | None:
    """None when the text is not a plausible record (the caller then tries other shapes)."""
    if "\n" in text:
        return None
    names = [n.strip().lower() for n in field_names]
    cells = _choose(text, names)
    if cells is None:
        return None
    named: dict[str, str] = {}
    extra: list[tuple[str, str]] = []
    for i, cell in enumerate(cells):
        name = names[i] if i < len(names) else f"field_{i + 1}"
        if name in named or name not in NAMES:
            extra.append((name, cell))
        else:
            named[name] = cell
    if not normalise_email(named.get("email")):
        # An address in some other column (a record shorter than the settings say) is the email, not a name.
        strays = [k for k, v in named.items() if k != "email" and "@" in v and normalise_email(v)]
        if len(strays) == 1:
            if named.get("email"):
                extra.append(("email_raw", named["email"]))
            named["email"] = named.pop(strays[0])
    if not any(named.get(k) for k in ("id", "first", "last", "email")):
        return None
    us = _us_like(dict(extra))
    badge = make_badge(
        "delimited", "US" if us else region, extra=extra,
        **{NAMES[k]: v for k, v in named.items()},
    )
    return outcome_for(badge, "Badge record")
