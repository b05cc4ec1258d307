"""Meeting conflicts: same rep or same room overlapping; touching ends are fine."""

from __future__ import annotations

from dataclasses import dataclass

from eventdesk.domain.conflicts import find_conflicts, overlaps


@dataclass(frozen=True)
class M:
    id: str
    start: str
    end: str
    rep_id: str | None = "dana"
    location: str = ""
    title: str = "m"
    status: str = "scheduled"


def test_touching_ends_do_not_clash() -> None:
    assert not overlaps("2026-03-10T10:00:00+01:00", "2026-03-10T10:30:00+01:00",
                        "2026-03-10T10:30:00+01:00", "2026-03-10T11:00:00+01:00")


def test_time_zones_are_compared_as_instants() -> None:
    # 10:00-10:30 in Berlin is 09:00-09:30 UTC: a 09:15 UTC meeting overlaps, a 10:15 UTC one does not.
    assert overlaps("2026-03-10T10:00:00+01:00", "2026-03-10T10:30:00+01:00",
                    "2026-03-10T09:15:00+00:00", "2026-03-10T09:45:00+00:00")
    assert not overlaps("2026-03-10T10:00:00+01:00", "2026-03-10T10:30:00+01:00",
                        "2026-03-10T10:15:00+00:00", "2026-03-10T10:45:00+00:00")


def test_same_rep_and_same_room() -> None:
    meetings = [
        M("a", "2026-03-10T10:00:00+00:00", "2026-03-10T10:30:00+00:00", "dana", "Booth table 1"),
        M("b", "2026-03-10T10:20:00+00:00", "2026-03-10T10:50:00+00:00", "dana", "Booth table 2"),
        M("c", "2026-03-10T10:10:00+00:00", "2026-03-10T10:40:00+00:00", "marco", "booth  TABLE 1"),
        M("d", "2026-03-10T10:30:00+00:00", "2026-03-10T11:00:00+00:00", "li", "Booth table 1"),
    ]
    found = {(c.first, c.second, c.reason) for c in find_conflicts(meetings)}
    assert found == {("a", "b", "same rep"), ("a", "c", "same room"), ("c", "d", "same room")}


def test_all_day_meeting_clashes_with_everything_of_that_rep() -> None:
    meetings = [
        M("allday", "2026-03-10T00:00:00+01:00", "2026-03-11T00:00:00+01:00"),
        M("late", "2026-03-10T23:00:00+01:00", "2026-03-10T23:30:00+01:00"),
        M("nextday", "2026-03-11T00:00:00+01:00", "2026-03-11T01:00:00+01:00"),
    ]
    assert [(c.first, c.second) for c in find_conflicts(meetings)] == [("allday", "late")]


def test_cancelled_meetings_free_the_slot() -> None:
    meetings = [
        M("a", "2026-03-10T10:00:00+00:00", "2026-03-10T10:30:00+00:00"),
        M("b", "2026-03-10T10:00:00+00:00", "2026-03-10T10:30:00+00:00", status="cancelled"),
    ]
    assert find_conflicts(meetings) == []
