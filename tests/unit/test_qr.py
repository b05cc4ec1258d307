"""QR codes: the payloads, and every rendering decoded back by a real QR reader (zxing-cpp)."""

from __future__ import annotations

import re
import stat
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import vobject
import zxingcpp
from PIL import Image, ImageDraw

from eventdesk.domain.models import Lead
from eventdesk.domain.settings import EventSettings
from eventdesk.handoff.qr import (
    BLACK_ON_WHITE,
    QUIET_ZONE,
    booth_url,
    half_block_lines,
    lead_vcard,
    qr_matrix,
    to_terminal,
    write_image,
)

GRACE = Lead(id="l1", badge_id="EXPO26-000417", first_name="Grace", last_name="Osei",
             email="grace.osei@tidewell.health", phone="+442079460958", company="Tidewell Health, Inc.",
             title="Director of IT", url="https://example.com/grace", account_id=None, source="scan", rating="hot",
             stage="new", consent=True, consent_text=None, consent_at=None, consent_by=None, rep_id=None, notes="",
             captured_at="2026-03-10T09:00:00.000+00:00", captured_by=None, updated="x")
SETTINGS = EventSettings(name="Logistics Tech Expo 2026", landing_url="https://example-vendor.com/expo26?lang=de",
                         utm={"source": "expo26", "utm_medium": "booth", "campaign": "lte-2026"})


def decode(image: Image.Image) -> str:
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, "exactly one QR code must be found"
    return found[0].text


def draw(modules: list[list[bool]], scale: int = 8) -> Image.Image:
    image = Image.new("L", (len(modules[0]) * scale, len(modules) * scale), 255)
    pen = ImageDraw.Draw(image)
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                pen.rectangle([x * scale, y * scale, (x + 1) * scale - 1, (y + 1) * scale - 1], fill=0)
    return image


def modules_from_text(text: str, ink_dark: bool = True) -> list[list[bool]]:
    """Read half-block text back into module rows, the way the terminal shows it."""
    halves = {"\u2588": (True, True), "\u2580": (True, False), "\u2584": (False, True), " ": (False, False)}
    rows: list[list[bool]] = []
    for line in re.sub(r"\x1b\[[0-9;]*m", "", text).split("\n"):
        top, bottom = zip(*(halves[c] for c in line), strict=True)
        rows += [[v == ink_dark for v in top], [v == ink_dark for v in bottom]]
    return rows


def test_vcard_payload_parses_back() -> None:
    card = vobject.readOne(lead_vcard(GRACE, event="Logistics Tech Expo 2026"))
    assert (card.n.value.given, card.n.value.family, card.fn.value) == ("Grace", "Osei", "Grace Osei")
    assert card.email.value == "grace.osei@tidewell.health" and card.tel.value == "+442079460958"
    assert card.org.value == ["Tidewell Health, Inc."] and card.title.value == "Director of IT"
    assert card.note.value == "Met at Logistics Tech Expo 2026"


def test_booth_url_carries_campaign_parameters() -> None:
    url = booth_url(SETTINGS)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "example-vendor.com", "/expo26")
    assert parse_qs(parts.query) == {"lang": ["de"], "utm_source": ["expo26"], "utm_medium": ["booth"],
                                     "utm_campaign": ["lte-2026"]}
    defaults = parse_qs(urlsplit(booth_url(EventSettings(name="Logistics Tech Expo 2026",
                                                         landing_url="https://x.example"))).query)
    assert defaults["utm_campaign"] == ["logistics-tech-expo-2026"] and defaults["utm_medium"] == ["qr"]
    with pytest.raises(ValueError, match="landing_url"):
        booth_url(EventSettings(name="No URL"))
    with pytest.raises(ValueError, match="http"):
        booth_url(EventSettings(name="Bad", landing_url="javascript:alert(1)"))


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_image_files_decode_to_the_payload(tmp_path: Path, suffix: str) -> None:
    payload = lead_vcard(GRACE)
    path = write_image(payload, tmp_path / f"grace{suffix}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    if suffix == ".png":
        image = Image.open(path)
    else:   # rasterise the SVG's module squares (M x,y H x+1 V y+1 H x z) and the white background
        svg = path.read_text()
        assert '<rect fill="white"' in svg        # its own white background: readable in a dark viewer too
        size = len(qr_matrix(payload))
        modules = [[False] * size for _ in range(size)]
        for x, y in re.findall(r"M(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)H", svg):
            modules[int(float(y))][int(float(x))] = True
        image = draw(modules)
    assert decode(image) == payload


@pytest.mark.parametrize(("colour", "invert"), [(True, False), (False, False), (False, True)])
def test_terminal_rendering_decodes_to_the_payload(colour: bool, invert: bool) -> None:
    payload = booth_url(SETTINGS)
    text = to_terminal(payload, colour=colour, invert=invert)
    if colour:   # explicit black on white on every line: readable on dark and light themes alike
        assert all(line.startswith(BLACK_ON_WHITE) and line.endswith("\x1b[0m") for line in text.split("\n"))
    # Without colour the ink marks light modules (dark terminal), or dark ones with invert (light terminal).
    ink_dark = colour or invert
    modules = modules_from_text(text, ink_dark)
    assert modules[:len(qr_matrix(payload))] == qr_matrix(payload)
    assert not any(modules[0]) and not any(row[0] for row in modules)     # quiet zone drawn
    assert decode(draw(modules)) == payload


def test_quiet_zone_and_odd_rows() -> None:
    matrix = qr_matrix("x")
    assert all(not any(row) for row in matrix[:QUIET_ZONE])
    lines = half_block_lines([[True], [False], [True]])
    assert lines == ["\u2580", "\u2580"]


def test_unknown_image_type_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=".svg or .png"):
        write_image("x", tmp_path / "code.gif")
