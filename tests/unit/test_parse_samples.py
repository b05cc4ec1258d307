"""Every sample badge gives exactly its expected fields."""

from __future__ import annotations

import csv
import json

import pytest

from eventdesk.capture.badge import with_attendee
from eventdesk.capture.parse import parse_payload
from eventdesk.domain.settings import load_toml
from tests.conftest import samples_dir

SAMPLES = json.loads((samples_dir() / "badges.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("sample", SAMPLES, ids=[s["format"] for s in SAMPLES])
def test_sample(sample: dict) -> None:  # type: ignore[type-arg]
    settings = load_toml((samples_dir() / "event.toml").read_text())
    outcome = parse_payload(sample["payload"], delimited_fields=settings.delimited_fields,
                            default_region=settings.phone_region)
    if sample.get("expect_refused"):
        assert outcome.kind == "refused" and outcome.message.startswith("Not a badge")
        return
    if sample.get("expect_unmatched"):
        assert outcome.kind == "unmatched"
        return
    badge = outcome.badge
    assert badge is not None
    if "expect_lookup" in sample:
        assert outcome.kind == "lookup"
        with open(samples_dir() / sample["expect_lookup"], newline="", encoding="utf-8-sig") as handle:
            rows = {row["badge_id"]: row for row in csv.DictReader(handle)}
        badge = with_attendee(badge, rows[badge.badge_id])
    else:
        assert outcome.kind == "badge"
    fields = badge.fields()
    assert {key: fields.get(key) for key in sample["expect"]} == sample["expect"]
