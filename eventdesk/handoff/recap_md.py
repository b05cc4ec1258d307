"""The daily recap as Markdown: short enough to paste into a team chat, tables a chat app can show."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from eventdesk.handoff.recap import Recap

TASKS_SHOWN = 30


def _cell(value: object) -> str:
    """A table cell on one line; a `|` in a note must not open a new column."""
    return " ".join(str(value).split()).replace("|", "\\|") if value not in (None, "") else "-"


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def render_markdown(recap: Recap) -> str:
    day = f"{recap.day:%A %d %B %Y}"
    which = f"day {recap.day_number} of {recap.show_days}" if recap.day_number else "outside the show's dates"
    out = [f"# {recap.event}: daily recap, {day} ({which})", ""]
    if recap.venue:
        out += [f"{recap.venue}. "]
    out += [f"Numbers as of {recap.as_of:%H:%M} on {recap.as_of:%d %b}, when {recap.open_share:.0%} of the show's "
            "open hours had gone.", ""]

    out += ["## Goals", ""]
    out += _table(("goal", "reached", "that day", "target", "should be by then", "pace"),
                  ((g.label, g.actual, g.today, g.goal, g.expected, g.pace) for g in recap.goals))

    out += ["", "## Leads by rating", ""]
    out += _table(("rating", "that day", "through the day"), recap.ratings)
    out += ["", "## Leads by stage (the shared definitions)", ""]
    out += _table(("stage", "what it means", "that day", "through the day"), recap.stages)

    out += ["", f"## Target accounts (tier 1 and 2): {len(recap.reached)} reached, "
                f"{len(recap.not_reached)} not yet", ""]
    out += _table(("account", "tier", "owner", "people", "that day", "meetings held", "reached"),
                  ((a.name, a.tier, a.owner, a.leads, a.leads_today, a.meetings_held, "yes" if a.reached else "NO")
                   for a in recap.accounts))

    out += ["", f"## Meetings that day: {recap.held} held, {recap.no_shows} no-shows", ""]
    out += _table(("time", "meeting", "rep", "account", "room", "status", "outcome"),
                  ((f"{m.start:%H:%M}", m.title, m.rep, m.account, m.location, m.status, m.outcome)
                   for m in recap.meetings))

    out += ["", "## Per rep", ""]
    out += _table(("rep", "team", "leads that day", "hot leads owned", "meetings held", "no-shows",
                   "open follow-ups", "overdue", "open asks"),
                  ((r.name, r.role, r.leads_today, r.hot_owned, r.meetings_held, r.no_shows, r.open_followups,
                    r.overdue_followups, r.open_asks) for r in recap.reps))

    out += ["", f"## Follow-ups and asks: {recap.open_followups} follow-ups open ({recap.overdue_followups} "
                f"overdue), {recap.open_asks} asks open ({recap.overdue_asks} overdue), "
                f"{recap.answered_asks_today} asks answered that day", ""]
    shown = recap.tasks[:TASKS_SHOWN]
    out += _table(("", "who", "asked by", "about", "what", "due", "note"),
                  ((t.kind + (" (OVERDUE)" if t.overdue else ""), t.owner, t.asked_by, t.about, t.action,
                    f"{t.due:%a %H:%M}" if t.due else "", t.note) for t in shown))
    if len(recap.tasks) > len(shown):
        out += ["", f"…and {len(recap.tasks) - len(shown)} more in the workbook or the Follow-ups screen."]
    return "\n".join(out) + "\n"
