"""Goals: the event's goals against actual and pace, leads per hour, per rep, and the shared funnel."""

from __future__ import annotations

from rich.table import Table
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Sparkline, Static

from eventdesk.ui.screens.base import BoothScreen

LABELS = {"leads": "Leads", "hot_leads": "Hot leads", "meetings": "Meetings held",
          "tier1_accounts_reached": "Tier-1 accounts reached"}
ACTUAL_KEY = {"leads": "leads", "hot_leads": "hot", "meetings": "meetings", "tier1_accounts_reached": "tier1"}


class GoalsScreen(BoothScreen):
    WATCHES = frozenset({"leads", "meetings", "followups"})

    def compose_body(self) -> ComposeResult:
        with VerticalScroll():
            with Horizontal(id="goal-row"):
                yield Static(id="goals")
                yield Static(id="funnel")
            yield Static("Leads per hour", classes="panel-title", id="per-hour-title")
            yield Sparkline([], id="per-hour")
            yield Static(id="per-rep")

    @work(exclusive=True, group="goals")
    async def reload(self) -> None:
        from eventdesk.domain.pace import expected_by_now, open_fraction, open_windows, pace_label
        from eventdesk.store.dashboard import funnel, leads_per_hour, per_rep
        from eventdesk.store.summary import headline

        settings, tz, now = self.app.settings, self.app.tz, self.app.now()  # type: ignore[attr-defined]
        counts = await headline(self.store)
        fraction = 0.0
        if settings.start and settings.end:
            fraction = open_fraction(now, open_windows(settings.start, settings.end, settings.open_hours, tz))
        goals = Table(title=f"Goals ({fraction:.0%} of the show's open hours gone)", expand=True)
        for column in ("goal", "actual", "target", "should be", "pace"):
            goals.add_column(column, justify="left" if column in ("goal", "pace") else "right")
        for key, label in LABELS.items():
            actual, target = counts[ACTUAL_KEY[key]], settings.goals.get(key)
            if target:
                expected = expected_by_now(target, fraction)
                pace = pace_label(actual, expected)
                style = "green" if actual >= expected else "red"
                goals.add_row(label, str(actual), str(target), str(expected), f"[{style}]{pace}[/]")
            else:
                goals.add_row(label, str(actual), "-", "-", "")
        self.query_one("#goals", Static).update(goals)

        stages = Table(title="Funnel (shared stages)", expand=True)
        stages.add_column("stage")
        stages.add_column("leads", justify="right")
        for stage, n in await funnel(self.store, settings.stages):
            stages.add_row(stage, str(n))
        self.query_one("#funnel", Static).update(stages)

        hours = await leads_per_hour(self.store, tz)
        series = [n for day in hours.values() for _, n in day]
        self.query_one("#per-hour", Sparkline).data = series or [0]
        summary = "   ".join(f"{day}: {sum(n for _, n in day_hours)}" for day, day_hours in hours.items())
        self.query_one("#per-hour-title", Static).update(f"Leads per hour   {summary}")

        reps = Table(title="Per rep", expand=True)
        for column in ("rep", "role", "leads captured", "hot leads", "meetings held", "no-shows", "open follow-ups",
                       "overdue"):
            reps.add_column(column, justify="left" if column in ("rep", "role") else "right")
        for r in await per_rep(self.store, now):
            overdue = f"[bold red]{r.overdue_followups}[/]" if r.overdue_followups else "0"
            reps.add_row(r.name, r.role, str(r.leads), str(r.hot), str(r.meetings_held), str(r.no_shows),
                         str(r.open_followups), overdue)
        self.query_one("#per-rep", Static).update(reps)
