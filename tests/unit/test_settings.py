"""Event settings: the sample loads, and every mistake names its field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventdesk.domain.settings import SettingsError, from_dict, load_toml


def test_sample_event_loads(samples: Path) -> None:
    settings = load_toml((samples / "event.toml").read_text())
    assert settings.name == "Logistics Tech Expo 2026"
    assert settings.timezone == "Europe/Berlin"
    assert (settings.start, settings.end) == (date(2026, 3, 10), date(2026, 3, 12))
    assert settings.goals == {"leads": 400, "hot_leads": 60, "meetings": 45, "tier1_accounts_reached": 12}
    assert settings.followup_deadline_hours == {"hot": 24, "warm": 72, "cold": 168}
    assert settings.stages == ("new", "MQL", "SQL", "SAL", "disqualified")
    assert [q.key for q in settings.questions] == ["timeline", "fleet_size"]
    assert settings.delimited_fields[0] == "id"


def test_round_trip_through_dict(samples: Path) -> None:
    settings = load_toml((samples / "event.toml").read_text())
    assert from_dict(settings.to_dict()) == settings


@pytest.mark.parametrize(("data", "words"), [
    ({}, "name"),
    ({"name": "X", "timezone": "Nowhere/City"}, "time zone"),
    ({"name": "X", "start": "2026-03-12", "end": "2026-03-10"}, "before"),
    ({"name": "X", "goals": {"leads": -1}}, "leads"),
    ({"name": "X", "goals": {"revenue": 5}}, "revenue"),
    ({"name": "X", "stages": []}, "stages"),
    ({"name": "X", "questions": [{"key": "a", "choices": "yes"}]}, "choices"),
    ({"name": "X", "questions": [{"key": "a", "choices": [str(i) for i in range(12)]}]}, "at most 9"),
    ({"name": "X", "open_hours": [18, 9]}, "open_hours"),
    ({"name": "X", "followup_deadline_hours": {"lukewarm": 3}}, "lukewarm"),
    ({"name": "X", "badge": {"phone_region": "Germany"}}, "phone_region"),
])
def test_mistakes_are_named(data: dict, words: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(SettingsError, match=words):
        from_dict(data)


def test_invalid_toml() -> None:
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_toml("name = ")
