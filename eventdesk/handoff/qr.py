"""QR codes: a lead's contact card for a rep's phone, and the booth's landing URL with campaign tags.

Payloads are plain functions; rendering goes to terminal text (two module rows per line with half
blocks), SVG or PNG. In the terminal the code is drawn black on white with explicit colours, quiet
zone included, so it scans on a dark theme and a light theme alike; without colours (piped output,
NO_COLOR) the light modules are drawn as ink, which is right on the usual dark terminal (`invert`
flips it for a light one).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from eventdesk.domain.models import Lead
from eventdesk.domain.settings import EventSettings
from eventdesk.handoff.csvwrite import atomic_file

QUIET_ZONE = 4                      # modules of white around the code, as the QR standard asks
BLACK_ON_WHITE = "\x1b[38;5;16;48;5;231m"   # 256-colour black on white: the same on every theme
RESET = "\x1b[0m"
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")

Matrix = Sequence[Sequence[bool]]


def lead_vcard(lead: Lead, *, event: str | None = None) -> str:
    """The lead's contact card (vCard 3.0) as a phone's camera app saves it."""
    import vobject

    card = vobject.vCard()
    card.add("n").value = vobject.vcard.Name(family=lead.last_name or "", given=lead.first_name or "")
    card.add("fn").value = lead.name
    company = lead.company or lead.account_name
    if company:
        card.add("org").value = [company]
    if lead.title:
        card.add("title").value = lead.title
    if lead.email:
        email = card.add("email")
        email.value = lead.email
        email.type_param = "INTERNET"
    if lead.phone:
        tel = card.add("tel")
        tel.value = lead.phone
        tel.type_param = "WORK"
    if lead.url:
        card.add("url").value = lead.url
    if event:
        card.add("note").value = f"Met at {event}"
    return str(card.serialize())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "event"


def booth_url(settings: EventSettings) -> str:
    """The event's landing URL with utm_source/utm_medium/utm_campaign from the settings (or defaults)."""
    base = settings.landing_url.strip()
    if not base:
        raise ValueError("the event has no landing_url: add it to the event settings and run 'eventdesk setup'")
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"landing_url must be an http(s) address, not {base!r}")
    utm = {"utm_source": "tradeshow", "utm_medium": "qr", "utm_campaign": _slug(settings.name)}
    for key, value in settings.utm.items():
        name = key if key.startswith("utm_") else f"utm_{key}"
        if name in UTM_KEYS and value.strip():
            utm[name] = value.strip()
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in utm]
    query.extend(utm.items())
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), parts.fragment))


def _code(payload: str) -> Any:
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    return code


def qr_matrix(payload: str) -> list[list[bool]]:
    """Dark (True) and light modules, quiet zone included."""
    return [list(row) for row in _code(payload).get_matrix()]


def half_block_lines(matrix: Matrix, *, ink_dark: bool = True) -> list[str]:
    """Two module rows per text line; the ink (foreground) marks dark modules, or light ones if not ink_dark."""
    rows = [list(r) for r in matrix]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    glyph = {(True, True): "\u2588", (True, False): "\u2580", (False, True): "\u2584", (False, False): " "}
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        lines.append("".join(glyph[(t == ink_dark, b == ink_dark)] for t, b in zip(top, bottom, strict=True)))
    return lines


def to_terminal(payload: str, *, colour: bool = True, invert: bool = False) -> str:
    """The code as terminal text: explicit black on white, or plain blocks (light ink unless `invert`)."""
    matrix = qr_matrix(payload)
    if colour:
        return "\n".join(f"{BLACK_ON_WHITE}{line}{RESET}" for line in half_block_lines(matrix))
    return "\n".join(half_block_lines(matrix, ink_dark=invert))


def terminal_wants_colour(stream: Any) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def svg_bytes(payload: str) -> bytes:
    import qrcode.image.svg

    image = _code(payload).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)  # white background
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def png_bytes(payload: str, *, box_size: int = 10) -> bytes:
    import qrcode.image.pure  # pypng: pure Python, so a booth laptop needs no imaging library for a PNG

    code = _code(payload)
    code.box_size = box_size
    image = code.make_image(image_factory=qrcode.image.pure.PyPNGImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def write_image(payload: str, path: str | os.PathLike[str]) -> Path:
    """Write the code as SVG or PNG, chosen by the file name (owner-only: a card is personal data)."""
    target = Path(path).expanduser()
    suffix = target.suffix.lower()
    if suffix == ".svg":
        data = svg_bytes(payload)
    elif suffix == ".png":
        data = png_bytes(payload)
    else:
        raise ValueError(f"{target.name}: the image file name must end in .svg or .png")
    with atomic_file(target, binary=True) as handle:
        handle.write(data)
    return target
