"""The daily recap both teams read after a show day: its numbers, gathered once, rendered as Markdown
(recap_md) or a workbook (recap_xlsx).

"The day" is a local day in the event's time zone. Goals are read through the end of that day (or up to
now, while the day is still going): what was reached by then against where the booth should have been by
then. Day columns count only what happened that day. An account counts as reached once one of its people
was captured or a meeting with it was held.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from eventdesk.domain.pace import expected_by_now, open_fraction, open_windows, pace_label
from eventdesk.domain.ratings import ALL_RATINGS
from eventdesk.domain.settings import EventSettings
from eventdesk.domain.times import from_stored, to_stored, zone
from eventdesk.store.db import Store

GOALS = (("leads", "Leads"), ("hot_leads", "Hot leads"), ("meetings", "Meetings held"),
         ("tier1_accounts_reached", "Tier-1 accounts reached"))
LISTED = 200   # open follow-ups listed by name (the counts are always complete)


@dataclass(frozen=True)
class GoalLine:
    label: str
    goal: int | None
    actual: int           # through the end of the day (or now)
    today: int            # that day alone
    expected: int | None  # where the booth should have been by then
    pace: str


@dataclass(frozen=True)
class AccountLine:
    name: str
    tier: int
    owner: str
    leads: int            # people captured through the day
    leads_today: int
    meetings_held: int
    reached: bool


@dataclass(frozen=True)
class MeetingLine:
    start: datetime       # local
    title: str
    rep: str
    account: str
    location: str
    status: str
    outcome: str


@dataclass(frozen=True)
class RepLine:
    name: str
    role: str
    leads_today: int      # captured by them that day
    hot_owned: int        # hot leads assigned to them
    meetings_held: int    # that day
    no_shows: int         # that day
    open_followups: int
    overdue_followups: int
    open_asks: int        # asked of them, still open


@dataclass(frozen=True)
class TaskLine:
    kind: str             # 'follow-up' or 'ask'
    owner: str            # who must act
    asked_by: str         # for an ask: who asked
    about: str            # person and/or account
    action: str
    due: datetime | None  # local
    overdue: bool
    status: str
    note: str
    reply: str


@dataclass
class Recap:
    event: str
    venue: str
    day: date
    day_number: int | None          # 1-based within the show, None outside it
    show_days: int | None
    as_of: datetime                 # local: the end of the day, or now while it is going on
    open_share: float               # of the show's open hours gone by `as_of`
    goals: list[GoalLine] = field(default_factory=list)
    ratings: list[tuple[str, int, int]] = field(default_factory=list)       # rating, that day, through the day
    stages: list[tuple[str, str, int, int]] = field(default_factory=list)   # stage, meaning, that day, through
    accounts: list[AccountLine] = field(default_factory=list)               # tier 1 and 2
    meetings: list[MeetingLine] = field(default_factory=list)               # that day
    reps: list[RepLine] = field(default_factory=list)
    tasks: list[TaskLine] = field(default_factory=list)                     # open follow-ups and asks
    open_followups: int = 0
    overdue_followups: int = 0
    open_asks: int = 0
    overdue_asks: int = 0
    answered_asks_today: int = 0

    @property
    def reached(self) -> list[AccountLine]:
        return [a for a in self.accounts if a.reached]

    @property
    def not_reached(self) -> list[AccountLine]:
        return [a for a in self.accounts if not a.reached]

    @property
    def held(self) -> int:
        return sum(m.status == "done" for m in self.meetings)

    @property
    def no_shows(self) -> int:
        return sum(m.status == "no-show" for m in self.meetings)


def day_bounds(day: date, settings: EventSettings) -> tuple[datetime, datetime]:
    tz = zone(settings.timezone)
    start = datetime.combine(day, time(0), tz)
    return start, datetime.combine(day + timedelta(days=1), time(0), tz)


async def build_recap(store: Store, settings: EventSettings, day: date, now: datetime) -> Recap:
    tz = zone(settings.timezone)
    start, end = day_bounds(day, settings)
    as_of = min(end, now.astimezone(tz))
    windows = open_windows(settings.start, settings.end, settings.open_hours, tz) if (
        settings.start and settings.end) else []
    recap = Recap(settings.name, settings.venue, day, None, None, as_of, open_fraction(as_of, windows))
    if settings.start and settings.end:
        recap.show_days = (settings.end - settings.start).days + 1
        if settings.start <= day <= settings.end:
            recap.day_number = (day - settings.start).days + 1
    # end: what is counted runs to here; day_end: the day's meetings are listed to its end (later ones as booked)
    bounds = {"start": to_stored(start), "end": to_stored(as_of), "now": to_stored(now), "day_end": to_stored(end)}
    await _goals_and_ratings(store, settings, recap, bounds)
    recap.accounts = await _accounts(store, bounds)
    recap.meetings = await _meetings(store, bounds, tz)
    recap.reps = await _reps(store, bounds)
    await _tasks(store, recap, bounds, tz)
    return recap


async def _goals_and_ratings(store: Store, settings: EventSettings, recap: Recap, b: dict[str, str]) -> None:
    # Leads through the end of the day, read through the captured_at index (partial on deleted = 0).
    rows = await store.all(
        "SELECT rating, stage, count(*), sum(captured_at >= :start) FROM leads "
        "WHERE deleted = 0 AND captured_at < :end GROUP BY rating, stage", b)
    by_rating: dict[str, list[int]] = {}
    by_stage: dict[str, list[int]] = {}
    for rating, stage, through, today in rows:
        for table, key in ((by_rating, rating), (by_stage, stage)):
            counts = table.setdefault(key, [0, 0])
            counts[0] += today or 0
            counts[1] += through
    recap.ratings = [(r, *by_rating.get(r, [0, 0])) for r in ALL_RATINGS]
    known = [s for s in settings.stages] + sorted(s for s in by_stage if s not in settings.stages)
    recap.stages = [(s, settings.stage_meaning(s), *by_stage.get(s, [0, 0])) for s in known]
    held = await store.one(
        "SELECT count(*), coalesce(sum(start >= :start), 0) FROM meetings "
        "WHERE deleted = 0 AND status = 'done' AND start < :end", b)
    tier1 = await store.one(
        "SELECT count(*), coalesce(sum(first_reached >= :start), 0) FROM ("
        f"{REACHED_AT} GROUP BY a.id HAVING first_reached IS NOT NULL AND first_reached < :end) "
        "WHERE tier = 1", b)
    leads = sum(counts[1] for counts in by_rating.values())
    actual = {"leads": (leads, sum(counts[0] for counts in by_rating.values())),
              "hot_leads": tuple(reversed(by_rating.get("hot", [0, 0]))),
              "meetings": (held[0], held[1]), "tier1_accounts_reached": (tier1[0], tier1[1])}  # type: ignore[index]
    for key, label in GOALS:
        goal = settings.goals.get(key)
        through, today = actual[key]
        expected = expected_by_now(goal, recap.open_share) if goal else None
        recap.goals.append(GoalLine(label, goal, int(through), int(today), expected,
                                    pace_label(int(through), expected) if expected is not None else ""))


# When each target account was first reached: its first captured person or first held meeting.
REACHED_AT = (
    "SELECT a.id, a.tier, min(coalesce((SELECT min(l.captured_at) FROM leads l WHERE l.account_id = a.id "
    "AND l.deleted = 0), '9'), coalesce((SELECT min(m.start) FROM meetings m WHERE m.account_id = a.id "
    "AND m.deleted = 0 AND m.status = 'done'), '9')) AS first_reached FROM accounts a WHERE a.deleted = 0"
)


async def _accounts(store: Store, b: dict[str, str]) -> list[AccountLine]:
    rows = await store.all(
        "SELECT a.name, a.tier, coalesce(r.name, '') AS owner, "
        "(SELECT count(*) FROM leads l WHERE l.account_id = a.id AND l.deleted = 0 AND l.captured_at < :end), "
        "(SELECT count(*) FROM leads l WHERE l.account_id = a.id AND l.deleted = 0 "
        " AND l.captured_at >= :start AND l.captured_at < :end), "
        "(SELECT count(*) FROM meetings m WHERE m.account_id = a.id AND m.deleted = 0 AND m.status = 'done' "
        " AND m.start < :end) FROM accounts a LEFT JOIN reps r ON r.id = a.owner_rep_id "
        "WHERE a.deleted = 0 AND a.tier <= 2 ORDER BY a.tier, a.name COLLATE NOCASE", b)
    return [AccountLine(name, tier, owner, leads, today, held, bool(leads or held))
            for name, tier, owner, leads, today, held in rows]


async def _meetings(store: Store, b: dict[str, str], tz) -> list[MeetingLine]:  # type: ignore[no-untyped-def]
    rows = await store.all(
        "SELECT m.start, m.title, coalesce(r.name, ''), coalesce(a.name, ''), m.location, m.status, m.outcome "
        "FROM meetings m LEFT JOIN reps r ON r.id = m.rep_id LEFT JOIN accounts a ON a.id = m.account_id "
        "WHERE m.deleted = 0 AND m.start >= :start AND m.start < :day_end ORDER BY m.start, m.title", b)
    return [MeetingLine(from_stored(r[0]).astimezone(tz), *r[1:]) for r in rows]


async def _reps(store: Store, b: dict[str, str]) -> list[RepLine]:
    rows = await store.all(
        "SELECT r.name, r.role, "
        "(SELECT count(*) FROM leads l WHERE l.captured_by = r.id AND l.deleted = 0 "
        " AND l.captured_at >= :start AND l.captured_at < :end), "
        "(SELECT coalesce(sum(n), 0) FROM lead_stats s WHERE s.rep_id = r.id AND s.rating = 'hot'), "
        "(SELECT count(*) FROM meetings m WHERE m.rep_id = r.id AND m.deleted = 0 AND m.status = 'done' "
        " AND m.start >= :start AND m.start < :end), "
        "(SELECT count(*) FROM meetings m WHERE m.rep_id = r.id AND m.deleted = 0 AND m.status = 'no-show' "
        " AND m.start >= :start AND m.start < :end), "
        "(SELECT count(*) FROM followups f WHERE f.rep_id = r.id AND f.deleted = 0 AND f.status = 'open' "
        " AND f.kind = 'followup'), "
        "(SELECT count(*) FROM followups f WHERE f.rep_id = r.id AND f.deleted = 0 AND f.status = 'open' "
        " AND f.kind = 'followup' AND f.due < :now), "
        "(SELECT count(*) FROM followups f WHERE f.rep_id = r.id AND f.deleted = 0 AND f.status = 'open' "
        " AND f.kind = 'ask') FROM reps r WHERE r.deleted = 0 ORDER BY r.name", b)
    return [RepLine(*row) for row in rows]


async def _tasks(store: Store, recap: Recap, b: dict[str, str], tz) -> None:  # type: ignore[no-untyped-def]
    counts = await store.all(
        "SELECT kind, count(*), coalesce(sum(due < :now), 0) FROM followups "
        "WHERE deleted = 0 AND status = 'open' GROUP BY kind", b)
    totals = {kind: (n, late) for kind, n, late in counts}
    recap.open_followups, recap.overdue_followups = totals.get("followup", (0, 0))
    recap.open_asks, recap.overdue_asks = totals.get("ask", (0, 0))
    # Asks answered that day: their last change (the HLC stamp's wall clock) fell on it.
    start_ms, end_ms = (int(from_stored(b[k]).timestamp() * 1000) for k in ("start", "end"))
    recap.answered_asks_today = int(await store.scalar(
        "SELECT count(*) FROM followups INDEXED BY followups_feed WHERE deleted = 0 AND kind = 'ask' "
        "AND status != 'open' AND (kind = 'ask' OR origin = 'manual' OR status != 'open') "
        "AND updated >= ? AND updated < ?", (f"{start_ms:013d}", f"{end_ms:013d}")))
    # Every open ask, then the overdue follow-ups first and the soonest due: what someone must do next.
    rows = await store.all(
        "SELECT f.kind, coalesce(r.name, ''), coalesce(b.name, ''), "
        "trim(coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '')), coalesce(a.name, ''), "
        "f.action, f.due, f.status, f.note, f.reply FROM followups f LEFT JOIN reps r ON r.id = f.rep_id "
        "LEFT JOIN reps b ON b.id = f.created_by LEFT JOIN leads l ON l.id = f.lead_id "
        "LEFT JOIN accounts a ON a.id = coalesce(f.account_id, l.account_id) "
        "WHERE f.deleted = 0 AND f.status = 'open' AND (f.kind = 'ask' OR f.due < :now) "
        "ORDER BY f.kind = 'followup', f.due IS NULL, f.due LIMIT :listed", {**b, "listed": LISTED})
    for kind, owner, asker, person, account, action, due, status, note, reply in rows:
        about = ", ".join(p for p in (person, account) if p)
        due_at = from_stored(due).astimezone(tz) if due else None
        recap.tasks.append(TaskLine("ask" if kind == "ask" else "follow-up", owner, asker if kind == "ask" else "",
                                    about, action, due_at, bool(due and due < b["now"]), status, note, reply))
