"""Every sample in shared/samples/badges.json parses to exactly its expected fields."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from eventdesk.capture.badge import with_attendee
from eventdesk.capture.parse import parse_payload
from eventdesk.domain.settings import DEFAULT_DELIMITED_FIELDS, load_toml
from tests.conftest import samples_dir


def samples_path() -> Path:
    """EVENTDESK_SAMPLES, else shared/samples beside the checkout, else the copy in tests/samples."""
    return samples_dir()


SAMPLES = samples_path()


def _load() -> list[Any]:
    path = SAMPLES / "badges.json"
    if not path.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"sample badges not found at {path}"))]
    entries = json.loads(path.read_text(encoding="utf-8"))
    return [pytest.param(entry, id=f"{i:02d}-{entry.get('format', '?')}") for i, entry in enumerate(entries)]


def _settings() -> tuple[tuple[str, ...], str | None]:
    toml = SAMPLES / "event.toml"
    if not toml.exists():
        return DEFAULT_DELIMITED_FIELDS, None
    settings = load_toml(toml.read_text(encoding="utf-8"))
    return settings.delimited_fields, settings.phone_region


def _attendees(name: str) -> dict[str, dict[str, str]]:
    with open(SAMPLES / name, newline="", encoding="utf-8-sig") as handle:
        return {row["badge_id"]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize("sample", _load())
def test_sample(sample: dict[str, Any]) -> None:
    fields, region = _settings()
    outcome = parse_payload(sample["payload"], delimited_fields=fields, default_region=region)
    assert "\n" not in outcome.message and outcome.message
    if sample.get("expect_refused"):
        assert outcome.kind == "refused", outcome
        assert outcome.badge is None and outcome.message.startswith("Not a badge")
        return
    if sample.get("expect_unmatched"):
        assert outcome.kind == "unmatched", outcome
        assert outcome.badge is None
        return
    badge = outcome.badge
    assert badge is not None, outcome
    if "expect_lookup" in sample:
        assert outcome.kind == "lookup", outcome
        assert badge.format == "bare_id" and badge.badge_id
        badge = with_attendee(badge, _attendees(sample["expect_lookup"])[badge.badge_id], region)
    else:
        assert outcome.kind == "badge", outcome
    got = badge.fields()
    assert {key: got.get(key) for key in sample["expect"]} == sample["expect"]
