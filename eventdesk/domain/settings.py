"""Event settings: what the field marketer sets up once (event.toml) and both teams share."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from eventdesk.domain.ratings import RATINGS


class SettingsError(ValueError):
    """Event settings that cannot be used, with a message naming the field."""


DEFAULT_STAGES = ("new", "MQL", "SQL", "SAL", "disqualified")
# What each stage means, so sales and marketing count the same thing; an event's [stage_definitions]
# table adds to or overrides these (and defines its own stages).
STAGE_MEANINGS = {
    "new": "captured at the booth, not yet qualified",
    "MQL": "marketing qualified: fits the profile and showed interest; marketing nurtures it",
    "SAL": "sales accepted: a rep has taken it on and will contact them",
    "SQL": "sales qualified: a rep confirmed need, budget and timing; an opportunity is likely",
    "disqualified": "not a fit (student, competitor, no need); kept, not followed up",
}
DEFAULT_DELIMITED_FIELDS = ("id", "first", "last", "email", "title", "company", "city", "state", "zip", "phone")
DEFAULT_DEADLINES = {"hot": 24, "warm": 72, "cold": 168}
GOAL_KEYS = ("leads", "hot_leads", "meetings", "tier1_accounts_reached")


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class EventSettings:
    name: str
    venue: str = ""
    timezone: str = "UTC"
    start: date | None = None
    end: date | None = None
    landing_url: str = ""
    goals: dict[str, int] = field(default_factory=dict)
    followup_deadline_hours: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_DEADLINES))
    stages: tuple[str, ...] = DEFAULT_STAGES
    questions: tuple[Question, ...] = ()
    delimited_fields: tuple[str, ...] = DEFAULT_DELIMITED_FIELDS
    phone_region: str | None = None
    open_hours: tuple[int, int] = (9, 18)
    utm: dict[str, str] = field(default_factory=dict)
    idle_lock_minutes: int = 5
    consent_text: str = "Agreed to be contacted about our products after the event."
    lock_pin_hash: str = ""   # scrypt hash (see domain/pin.py); empty: the lock opens with Enter
    stage_definitions: dict[str, str] = field(default_factory=dict)

    def stage_meaning(self, stage: str) -> str:
        return self.stage_definitions.get(stage) or STAGE_MEANINGS.get(stage, "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "venue": self.venue,
            "timezone": self.timezone,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "landing_url": self.landing_url,
            "goals": dict(self.goals),
            "followup_deadline_hours": dict(self.followup_deadline_hours),
            "stages": list(self.stages),
            "questions": [{"key": q.key, "text": q.text, "choices": list(q.choices)} for q in self.questions],
            "badge": {"delimited_fields": list(self.delimited_fields), "phone_region": self.phone_region},
            "open_hours": list(self.open_hours),
            "utm": dict(self.utm),
            "idle_lock_minutes": self.idle_lock_minutes,
            "consent_text": self.consent_text,
            "lock_pin_hash": self.lock_pin_hash,
            "stage_definitions": dict(self.stage_definitions),
        }


def load_toml(text: str) -> EventSettings:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"event settings are not valid TOML: {exc}") from exc
    return from_dict(data)


def _text(data: dict[str, Any], key: str, default: str = "") -> str:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise SettingsError(f"'{key}' must be text")
    return value.strip()


def _date(data: dict[str, Any], key: str) -> date | None:
    value = data.get(key)
    if isinstance(value, datetime):  # TOML `start = 2026-03-10T09:00:00`: the day is what counts
        return value.date()
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise SettingsError(f"'{key}' must be a date like 2026-03-10") from exc


def _counts(raw: Any, key: str, allowed: tuple[str, ...] | None = None) -> dict[str, int]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise SettingsError(f"[{key}] must be a table of numbers")
    out: dict[str, int] = {}
    for name, value in raw.items():
        if allowed is not None and name not in allowed:
            raise SettingsError(f"[{key}] has unknown entry '{name}' (known: {', '.join(allowed)})")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise SettingsError(f"[{key}] {name} must be a whole number of at least 0")
        out[name] = value
    return out


def _questions(raw: Any) -> tuple[Question, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise SettingsError("[[questions]] must be a list of tables")
    questions = []
    for index, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise SettingsError(f"question {index} must be a table with key, text and choices")
        key, text, choices = item.get("key"), item.get("text"), item.get("choices")
        if not isinstance(key, str) or not key.strip():
            raise SettingsError(f"question {index} needs a 'key'")
        if not isinstance(choices, list) or not choices or not all(isinstance(c, str) for c in choices):
            raise SettingsError(f"question '{key}' needs a list of text 'choices'")
        if len(choices) > 9:
            raise SettingsError(f"question '{key}' has {len(choices)} choices; at most 9 fit on the number keys")
        questions.append(Question(key.strip(), str(text or key).strip(), tuple(choices)))
    if len({q.key for q in questions}) != len(questions):
        raise SettingsError("two questions share the same 'key'")
    return tuple(questions)


TOP_LEVEL_KEYS = ("name", "venue", "timezone", "start", "end", "landing_url", "stages", "open_hours",
                  "idle_lock_minutes", "consent_text", "lock_pin")


def _lift_misplaced(data: dict[str, Any]) -> dict[str, Any]:
    """Move top-level keys written below a [table] header back to the top.

    In TOML, `stages = [...]` written after `[followup_deadline_hours]` belongs to that table: an easy
    slip (the project's own sample makes it). A known top-level key found inside a table is meant
    for the top, unless the top already has it.
    """
    lifted = dict(data)
    for table in ("goals", "followup_deadline_hours", "utm"):
        inner = data.get(table)
        if isinstance(inner, dict):
            misplaced = {k: v for k, v in inner.items() if k in TOP_LEVEL_KEYS and k not in data}
            if misplaced:
                lifted[table] = {k: v for k, v in inner.items() if k not in misplaced}
                lifted.update(misplaced)
    return lifted


def from_dict(data: dict[str, Any]) -> EventSettings:
    if not isinstance(data, dict):
        raise SettingsError("event settings must be a table")
    data = _lift_misplaced(data)
    name = _text(data, "name")
    if not name:
        raise SettingsError("event settings need a 'name'")
    timezone = _text(data, "timezone", "UTC") or "UTC"
    from eventdesk.domain.times import zone

    try:
        zone(timezone)
    except ValueError as exc:
        raise SettingsError(f"'timezone': {exc}") from exc
    start, end = _date(data, "start"), _date(data, "end")
    if start and end and end < start:
        raise SettingsError("'end' is before 'start'")
    stages = data.get("stages", list(DEFAULT_STAGES))
    if not isinstance(stages, list) or not stages or not all(isinstance(s, str) and s for s in stages):
        raise SettingsError("'stages' must be a non-empty list of names")
    badge = data.get("badge") or {}
    if not isinstance(badge, dict):
        raise SettingsError("[badge] must be a table")
    fields = badge.get("delimited_fields", list(DEFAULT_DELIMITED_FIELDS))
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        raise SettingsError("[badge] delimited_fields must be a list of field names")
    hours = data.get("open_hours", [9, 18])
    if (
        not isinstance(hours, list)
        or len(hours) != 2
        or not all(isinstance(h, int) and 0 <= h <= 24 for h in hours)
        or hours[0] >= hours[1]
    ):
        raise SettingsError("'open_hours' must be [opening hour, closing hour], e.g. [9, 18]")
    deadlines = dict(DEFAULT_DEADLINES)
    deadlines.update(_counts(data.get("followup_deadline_hours"), "followup_deadline_hours", RATINGS))
    utm = data.get("utm") or {}
    if not isinstance(utm, dict) or not all(isinstance(v, str) for v in utm.values()):
        raise SettingsError("[utm] must be a table of text values")
    lock = data.get("idle_lock_minutes", 5)
    if isinstance(lock, bool) or not isinstance(lock, int) or lock < 0:
        raise SettingsError("'idle_lock_minutes' must be a whole number (0 turns the lock off)")
    pin_hash = _text(data, "lock_pin_hash")
    if data.get("lock_pin") is not None:
        from eventdesk.domain.pin import hash_pin

        try:
            pin_hash = hash_pin(str(data["lock_pin"]))
        except ValueError as exc:
            raise SettingsError(f"'lock_pin': {exc}") from exc
    definitions = data.get("stage_definitions") or {}
    if not isinstance(definitions, dict) or not all(isinstance(v, str) for v in definitions.values()):
        raise SettingsError("[stage_definitions] must be a table of stage = \"what it means\"")
    region = badge.get("phone_region")
    if region is not None and (not isinstance(region, str) or len(region) != 2):
        raise SettingsError("[badge] phone_region must be a two-letter country code such as DE")
    return EventSettings(
        name=name,
        venue=_text(data, "venue"),
        timezone=timezone,
        start=start,
        end=end,
        landing_url=_text(data, "landing_url"),
        goals=_counts(data.get("goals"), "goals", GOAL_KEYS),
        followup_deadline_hours=deadlines,
        stages=tuple(stages),
        questions=_questions(data.get("questions")),
        delimited_fields=tuple(fields),
        phone_region=region.upper() if region else None,
        open_hours=(hours[0], hours[1]),
        utm=dict(utm),
        idle_lock_minutes=lock,
        consent_text=_text(data, "consent_text", EventSettings.consent_text) or EventSettings.consent_text,
        lock_pin_hash=pin_hash,
        stage_definitions={str(k): v.strip() for k, v in definitions.items() if v.strip()},
    )
