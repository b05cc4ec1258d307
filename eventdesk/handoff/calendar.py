"""`eventdesk export meetings`: the show's meetings as an iCalendar file any calendar app imports.

Times carry the event's time zone (with its VTIMEZONE), so a rep flying in from elsewhere still sees
10:00 at the booth as 10:00 local. Each meeting's UID is its id, so importing a later export updates
the meetings in place instead of doubling them; SEQUENCE and LAST-MODIFIED come from the record's
last change, so the output for unchanged meetings is byte-for-byte the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eventdesk.domain.hlc import Stamp
from eventdesk.domain.models import Meeting
from eventdesk.domain.settings import EventSettings
from eventdesk.domain.times import from_stored, zone
from eventdesk.handoff.csvwrite import Progress, atomic_file, off_loop
from eventdesk.store.db import Store
from eventdesk.store.event import load_settings
from eventdesk.store.meetings import list_meetings

PRODID = "-//eventdesk//eventdesk meetings//EN"
STATUS = {"scheduled": "CONFIRMED", "done": "CONFIRMED", "no-show": "CONFIRMED", "cancelled": "CANCELLED"}
SEQUENCE_EPOCH_MS = 1_704_067_200_000  # 2024-01-01: keeps SEQUENCE, seconds since then, a small integer


def meeting_uid(meeting_id: str) -> str:
    return f"{meeting_id}@eventdesk"


def _changed(meeting: Meeting) -> datetime:
    return datetime.fromtimestamp(Stamp.parse(meeting.updated).millis / 1000, UTC).replace(microsecond=0)


def describe(meeting: Meeting) -> str:
    lines = []
    if meeting.lead_name:
        lines.append(f"With: {meeting.lead_name}")
    if meeting.account_name:
        lines.append(f"Account: {meeting.account_name}")
    if meeting.rep_name:
        lines.append(f"Rep: {meeting.rep_name}")
    if meeting.status == "done":
        lines.append(f"Outcome: done{' - ' + meeting.outcome if meeting.outcome else ''}")
    elif meeting.status == "no-show":
        lines.append(f"Outcome: no-show{' - ' + meeting.outcome if meeting.outcome else ''}")
    elif meeting.outcome:
        lines.append(f"Outcome: {meeting.outcome}")
    return "\n".join(lines)


def build_calendar(meetings: Sequence[Meeting], settings: EventSettings) -> bytes:
    """The iCalendar text (RFC 5545) for these meetings, times in the event's zone."""
    import icalendar

    tz = zone(settings.timezone)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{settings.name} meetings")
    cal.add("x-wr-timezone", settings.timezone)
    for meeting in meetings:
        event = icalendar.Event()
        changed = _changed(meeting)
        event.add("uid", meeting_uid(meeting.id))
        event.add("dtstamp", changed)
        event.add("last-modified", changed)
        event.add("sequence", max(0, (Stamp.parse(meeting.updated).millis - SEQUENCE_EPOCH_MS) // 1000))
        event.add("summary", meeting.title)
        event.add("dtstart", from_stored(meeting.start).astimezone(tz))
        event.add("dtend", from_stored(meeting.end).astimezone(tz))
        if meeting.location:
            event.add("location", meeting.location)
        event.add("status", STATUS.get(meeting.status, "CONFIRMED"))
        if meeting.rep_email:
            organizer: Any = icalendar.vCalAddress(f"mailto:{meeting.rep_email}")
            if meeting.rep_name:
                organizer.params["cn"] = icalendar.vText(meeting.rep_name)
            event.add("organizer", organizer)
        text = describe(meeting)
        if text:
            event.add("description", text)
        cal.add_component(event)
    if meetings and settings.timezone != "UTC":
        cal.add_missing_timezones()
    return bytes(cal.to_ical())


async def export_meetings(store: Store, out_path: str | Path, *, rep: str | None = None,
                          progress: Progress | None = None) -> int:
    """Write the meetings (all, or one rep's) to `out_path` as .ics; returns how many were written."""
    settings = await load_settings(store)
    rep_id = None
    if rep:
        rep_id = await store.scalar("SELECT id FROM reps WHERE email = ?", (rep.strip().lower(),))
        if rep_id is None:
            raise ValueError(f"no rep with email {rep.strip().lower()}")
    meetings = await list_meetings(store, rep_id)
    out = Path(out_path).expanduser()

    def work(report: Progress | None) -> int:
        data = build_calendar(meetings, settings)
        with atomic_file(out, binary=True) as handle:
            handle.write(data)
        if report:
            report(len(meetings), len(meetings))
        return len(meetings)

    return await off_loop(work, progress)
