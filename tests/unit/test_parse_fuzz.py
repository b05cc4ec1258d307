"""The parser never raises and never hangs, whatever a scanner (or a broken one) types."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventdesk.capture.badge import ParseOutcome
from eventdesk.capture.parse import parse_payload
from tests.conftest import samples_dir

PAYLOADS = [s["payload"] for s in json.loads((samples_dir() / "badges.json").read_text(encoding="utf-8"))]
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    assert isinstance(parse_payload(text), ParseOutcome)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(PAYLOADS))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "truncate", "duplicate"]))
        at = draw(st.integers(0, max(0, len(text) - 1)))
        if op == "insert":
            text = text[:at] + draw(st.text(min_size=1, max_size=5)) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 10)):]
        elif op == "replace":
            text = text[:at] + draw(st.characters()) + text[at + 1:]
        elif op == "truncate":
            text = text[:at]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            text = "\n".join(lines[: i + 1] + lines[i:])
    return text


@FUZZ
@given(mutated())
def test_mutated_samples(text: str) -> None:
    outcome = parse_payload(text)
    assert outcome.kind in ("badge", "lookup", "refused", "unmatched")
    assert outcome.kind != "badge" or outcome.badge is not None


def test_huge_input_returns() -> None:
    for text in ("BEGIN:VCARD\n" + "NOTE:" + "x" * 200_000, "{" * 200_000, "a^" * 100_000, "MECARD:" + "N:a;" * 50_000):
        assert parse_payload(text).kind in ("badge", "unmatched", "refused", "lookup")
