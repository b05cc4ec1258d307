"""Meeting conflicts: one rep in two overlapping meetings, or one room double-booked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class Slot(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def rep_id(self) -> str | None: ...
    @property
    def location(self) -> str: ...
    @property
    def start(self) -> str: ...
    @property
    def end(self) -> str: ...
    @property
    def status(self) -> str: ...


@dataclass(frozen=True)
class Conflict:
    first: str      # meeting ids
    second: str
    reason: str     # "same rep" or "same room"
    message: str


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def overlaps(a_start: str, a_end: str, b_start: str, b_end: str) -> bool:
    """Half-open intervals: a meeting ending at 10:30 does not clash with one starting at 10:30."""
    return _moment(a_start) < _moment(b_end) and _moment(b_start) < _moment(a_end)


def room_key(location: str) -> str:
    """A room's name as compared: case and spacing do not make two rooms."""
    return " ".join(location.casefold().split())


def find_conflicts(meetings: Sequence[Slot]) -> list[Conflict]:
    live = sorted((m for m in meetings if m.status != "cancelled"), key=lambda m: _moment(m.start))
    found = []
    for i, a in enumerate(live):
        a_end = _moment(a.end)
        for b in live[i + 1:]:
            if _moment(b.start) >= a_end:
                break  # sorted by start: nothing later can overlap a
            if a.rep_id and a.rep_id == b.rep_id:
                found.append(Conflict(a.id, b.id, "same rep", f"'{a.title}' and '{b.title}' overlap for the same rep"))
            if a.location and room_key(a.location) == room_key(b.location):
                found.append(Conflict(a.id, b.id, "same room",
                                      f"'{a.title}' and '{b.title}' are both in {a.location} at the same time"))
    return found


def conflicts_for(proposed: Slot, meetings: Sequence[Slot]) -> list[Conflict]:
    """The conflicts a proposed meeting (new, or an edit of a stored one) would bring.

    The stored copy of an edited meeting (same id) is left out, so a meeting never clashes with itself;
    conflicts among the other meetings are not the proposal's and are not reported.
    """
    others = [m for m in meetings if m.id != proposed.id]
    return [c for c in find_conflicts([*others, proposed]) if proposed.id in (c.first, c.second)]
