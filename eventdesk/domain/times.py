"""Time helpers: everything is stored as UTC ISO 8601 text, shown in the event's time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_stored(moment: datetime) -> str:
    """Sortable UTC text with millisecond precision; naive datetimes are taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def from_stored(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def parse_moment(text: str, tz: ZoneInfo) -> datetime:
    """An ISO 8601 time from a CSV or the user; a time without offset is in the event's zone."""
    moment = datetime.fromisoformat(text.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def local_iso(text: str | None, tz: ZoneInfo) -> str | None:
    """A stored time as ISO 8601 with the event zone's offset, for JSON and exports."""
    if not text:
        return None
    return from_stored(text).astimezone(tz).isoformat(timespec="seconds")
