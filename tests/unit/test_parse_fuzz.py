"""The parser never raises and never hangs, whatever a scanner (or a broken one) types."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventdesk.capture.badge import ParsedBadge, ParseOutcome
from eventdesk.capture.parse import parse_payload
from tests.conftest import samples_dir

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Payloads that reach every format family even when the shared samples are not there.
BUILT_IN = [
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen\r\n"
    "TEL;PREF;CELL:+49 171 1234567\r\nEMAIL;PREF;INTERNET:j@example.de\r\nNOTE:folded\r\n  line\r\nEND:VCARD",
    "BEGIN:VCARD\nVERSION:4.0\nFN:Ana Souza\nEMAIL;PREF=1:a@example.com\nTEL;VALUE=uri:tel:+1-212-555-0199\n"
    "ADR;TYPE=\"work,pref\":;;1 Main St;Springfield;IL;62701;USA\nX-BADGE-ID:B-1\nEND:VCARD",
    r"MECARD:N:O\,Brien,Siobhan;ORG:Celtic\; Wave;TEL:;EMAIL:s@celtic.example;UID:U-77;;",
    "B77|Ola|Nordmann|ola@example.no||Fjord AS||||",
    '{"attendee": {"firstName": "Mia", "lastName": "Park", "email": "mia@park.example"}, "id": 7}',
    "https://reg.example.com/b?aid=99120&fn=Priya&ln=N&em=p%40s.example#x",
    "WIFI:T:WPA;S:Expo;P:x;;",
    "BEGIN:VEVENT\nSUMMARY:Party\nEND:VEVENT",
    "mailto:a@b.example",
    "EXPO26-000417",
]


def sample_payloads() -> list[str]:
    path = samples_dir() / "badges.json"
    try:
        return [entry["payload"] for entry in json.loads(path.read_text(encoding="utf-8"))] + BUILT_IN
    except (OSError, ValueError, KeyError, TypeError):
        return BUILT_IN


PAYLOADS = sample_payloads()
# Characters that matter to some format: delimiters, escapes, quotes, folding, quoted-printable.
SYNTAX = st.sampled_from(list(';:,=^|\t\n\r "\\\'@.-_{}[]?&#%/') + ["\r\n", "\n ", "=\n", "\\;", "BEGIN:VCARD\n",
                                                                     "END:VCARD", "MECARD:", "WIFI:", "https://"])
NOISE = st.lists(st.one_of(SYNTAX, st.characters()), min_size=1, max_size=8).map("".join)


def check(outcome: ParseOutcome) -> None:
    """Whatever the input, the outcome is one of four kinds and consistent with itself."""
    assert isinstance(outcome, ParseOutcome)
    assert outcome.kind in ("badge", "lookup", "refused", "unmatched")
    assert isinstance(outcome.message, str) and outcome.message and "\n" not in outcome.message
    assert "parser problem" not in outcome.message      # the catch-all in parse_payload is a last resort only
    if outcome.kind == "badge":
        assert isinstance(outcome.badge, ParsedBadge) and outcome.badge.fields()
    elif outcome.kind == "lookup":
        assert outcome.badge is not None and outcome.badge.badge_id
    else:
        assert outcome.badge is None


@FUZZ
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    check(parse_payload(text))


@FUZZ
@given(st.sampled_from(["", "BEGIN:VCARD\n", "MECARD:", "BIZCARD:", "{", "https://x.example/?", "WIFI:", "mailto:",
                        "BEGIN:VEVENT\n", "]Q1"]),
       st.lists(st.one_of(SYNTAX, st.text(max_size=12)), max_size=40).map("".join),
       st.sampled_from(["", "\nEND:VCARD", ";;", "}"]))
def test_format_shaped_text(prefix: str, body: str, suffix: str) -> None:
    check(parse_payload(prefix + body + suffix, delimited_fields=("id", "first", "last", "email", "x"),
                        default_region="DE"))


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(PAYLOADS))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "truncate", "duplicate", "repeat"]))
        at = draw(st.integers(0, len(text)))
        if op == "insert":
            text = text[:at] + draw(NOISE) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 12)):]
        elif op == "replace":
            text = text[:at] + draw(st.one_of(SYNTAX, st.characters())) + text[at + 1:]
        elif op == "truncate":
            text = text[:at]
        elif op == "duplicate":
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            text = "\n".join(lines[: i + 1] + lines[i:])
        else:                                           # a stuttering scanner: a piece typed many times
            piece = text[at:at + draw(st.integers(1, 6))]
            text = text[:at] + piece * draw(st.integers(2, 80)) + text[at:]
    return text


@settings(FUZZ, max_examples=600)
@given(mutated())
def test_mutated_samples(text: str) -> None:
    check(parse_payload(text))


def test_200_kb_inputs_return() -> None:
    big = 200 * 1024
    inputs = [
        "BEGIN:VCARD\nVERSION:3.0\nN:Doe;Jo\nNOTE:" + "x" * big,
        "BEGIN:VCARD\nN:Doe;Jo\nNOTE:" + "\n x" * (big // 3),
        "BEGIN:VCARD\n" + "A;" * (big // 2),
        "{" * big, "[" * big, '{"name": "' + "a " * (big // 2) + '"}',
        "a^" * (big // 2), "|" * big, "MECARD:" + "N:a;" * (big // 4), "MECARD:N:" + "\\" * big,
        "https://x.example/?" + "a=b&" * (big // 4), "WIFI:S:" + "\\;" * (big // 2),
        "a" * big + "@example.com", "\r\n" * (big // 2), "\x00" * big, "ü" * big,
    ]
    for text in inputs:
        check(parse_payload(text))
