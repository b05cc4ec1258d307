"""The booth app: opens the event file, wires the screens, keys and command palette together."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from time import monotonic
from zoneinfo import ZoneInfo

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from eventdesk.domain.models import Rep
from eventdesk.domain.settings import EventSettings
from eventdesk.ui.messages import StoreChanged

# Screen key → (mode name, title, module, class). Screens are imported when first shown.
SCREENS = (
    ("f2", "capture", "Capture", "eventdesk.ui.screens.capture", "CaptureScreen"),
    ("f3", "leads", "Leads", "eventdesk.ui.screens.leads", "LeadsScreen"),
    ("f4", "meetings", "Meetings", "eventdesk.ui.screens.meetings", "MeetingsScreen"),
    ("f5", "accounts", "Accounts", "eventdesk.ui.screens.accounts", "AccountsScreen"),
    ("f6", "followups", "Follow-ups", "eventdesk.ui.screens.followups", "FollowUpsScreen"),
    ("f7", "goals", "Goals", "eventdesk.ui.screens.goals", "GoalsScreen"),
    ("f10", "team", "Team", "eventdesk.ui.screens.team", "TeamScreen"),
)


def _screen_factory(module: str, name: str):  # type: ignore[no-untyped-def]
    def make() -> Screen:  # type: ignore[type-arg]
        import importlib

        return getattr(importlib.import_module(module), name)()  # type: ignore[no-any-return]

    return make


class EventDeskApp(App[None]):
    CSS_PATH = str(Path(__file__).with_name("app.tcss"))
    TITLE = "eventdesk"
    MODES = {mode: _screen_factory(module, cls) for _, mode, _, module, cls in SCREENS}
    DEFAULT_MODE = "capture"
    BINDINGS = [
        Binding("f1", "help", "Keys", id="help"),
        *[Binding(key, f"show('{mode}')", title, id=f"go-{mode}") for key, mode, title, _, _ in SCREENS],
        Binding("f12", "choose_staff", "Who am I", id="staff"),
        Binding("ctrl+l", "lock", "Lock", id="lock", show=False),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, db_path: Path, *, staff_email: str | None = None, clock: str | None = None,
                 now: datetime | None = None) -> None:
        super().__init__()
        self.frozen_now = now
        self.db_path = Path(db_path)
        self.staff_email = staff_email
        self.frozen_clock = clock
        self.store = None  # type: ignore[var-annotated]
        self.settings: EventSettings | None = None
        self.tz = ZoneInfo("UTC")
        self.staff: Rep | None = None
        self.startup_error: str | None = None
        self.headline: dict[str, tuple[int, int | None]] = {}
        self.capture_screen = None  # set by the Capture screen once mounted: scans typed while locked go there
        self.last_input = monotonic()

    async def on_load(self) -> None:
        """Open the file before the first screen is composed, so that screen is the Capture screen itself
        (DEFAULT_MODE): composing a placeholder screen first and then switching cost a second layout."""
        from eventdesk.domain.times import zone
        from eventdesk.store.db import open_store
        from eventdesk.store.errors import StoreError
        from eventdesk.store.event import load_settings

        try:
            self.store = await open_store(self.db_path)
            self.settings = await load_settings(self.store)
        except StoreError as exc:
            self.startup_error = str(exc)
            self.exit()  # before the driver starts: no screen is ever drawn
            return
        self.tz = zone(self.settings.timezone)
        self.title = self.settings.name
        self.store.subscribe(lambda tables: self.post_message(StoreChanged(tables)))
        await self._restore_staff()
        await self._read_headline()  # a few trigger-kept counters: the header shows them in the first paint

    async def on_mount(self) -> None:
        if self.store is None:
            return
        self.update_headers()
        self.set_interval(1.0, self._tick)  # the app's only timer: the clock, and the idle lock
        if self.store.readonly_reason:
            self.notify(f"Read-only: {self.store.readonly_reason}", severity="warning", timeout=10)
        if self.staff is None:
            self.action_choose_staff()

    async def on_unmount(self) -> None:
        if self.store is not None:
            await self.store.close()  # an unclosed aiosqlite connection would hang interpreter exit

    async def _restore_staff(self) -> None:
        from eventdesk.store.reps import rep_by_email

        email = self.staff_email or await self.store.scalar("SELECT value FROM meta WHERE key = 'staff_email'")
        self.staff = await rep_by_email(self.store, email) if email else None

    def now(self) -> datetime:
        """The wall clock for everything the app stamps or compares; frozen in tests and snapshots."""
        from eventdesk.domain.times import utc_now

        return self.frozen_now or utc_now()

    def on_event(self, event: events.Event):  # type: ignore[no-untyped-def]
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            self.last_input = monotonic()
        return super().on_event(event)

    def _tick(self) -> None:
        from eventdesk.ui.widgets.header import BoothHeader

        if not self.screen_stack:
            return
        # Only the screen on top ticks: redrawing a clock under a dialog or the lock screen would recomposite
        # the whole terminal every second (measured: 9x a bare app's idle CPU), to show what is covered.
        from eventdesk.ui.widgets.next_meetings import NextMeetings

        for header in self.screen.query(BoothHeader):
            header.tick()
        for panel in self.screen.query(NextMeetings):
            panel.tick()
        minutes = self.settings.idle_lock_minutes if self.settings else 0
        if minutes and monotonic() - self.last_input >= minutes * 60:
            self.lock()

    @property
    def locked(self) -> bool:
        from eventdesk.ui.screens.lock import LockScreen

        return any(isinstance(screen, LockScreen) for screen in self.screen_stack)

    def action_lock(self) -> None:
        """Leaving the desk: hide everyone's data now instead of after the idle minutes."""
        self.lock()

    def lock(self) -> None:
        from eventdesk.ui.screens.lock import LockScreen

        if not isinstance(self.screen, LockScreen):
            self.push_screen(LockScreen(self.settings.lock_pin_hash if self.settings else ""))

    def on_store_changed(self, message: StoreChanged) -> None:
        # The visible screen refreshes what the tables concern; hidden ones refresh when shown again.
        self.refresh_headline()
        if self.screen_stack:  # a commit during start-up arrives before any screen is shown
            self.screen.post_message(StoreChanged(message.tables))

    @work(exclusive=True, group="headline")
    async def refresh_headline(self) -> None:
        await self._read_headline()
        self.update_headers()

    async def _read_headline(self) -> None:
        from eventdesk.store.summary import headline

        counts = await headline(self.store)
        goals = self.settings.goals if self.settings else {}
        self.headline = {
            "Leads": (counts["leads"], goals.get("leads")),
            "Hot": (counts["hot"], goals.get("hot_leads")),
            "Meetings": (counts["meetings"], goals.get("meetings")),
            "Tier-1": (counts["tier1"], goals.get("tier1_accounts_reached")),
        }

    def update_headers(self) -> None:
        from eventdesk.ui.widgets.header import BoothHeader

        if not self.screen_stack:
            return
        for header in self.screen.query(BoothHeader):
            header.event_name = self.settings.name if self.settings else ""
            header.staff = self.staff.name if self.staff else ""
            header.counters = self.headline

    async def action_show(self, mode: str) -> None:
        await self.switch_mode(mode)

    def action_help(self) -> None:
        from eventdesk.ui.screens.help import HelpScreen

        keys = sorted({(self.get_key_display(active.binding), active.binding.description)
                       for active in self.screen.active_bindings.values() if active.binding.description})
        self.push_screen(HelpScreen(keys))

    def action_choose_staff(self) -> None:
        from eventdesk.ui.screens.pick_rep import PickRepScreen

        self.push_screen(PickRepScreen("Who is at the desk? Every scan records them."), self._staff_chosen)

    @work(group="staff")
    async def _staff_chosen(self, rep: Rep | None) -> None:
        if rep is None:
            return
        self.staff = rep
        self.update_headers()
        async with self.store.write("meta") as conn:
            await conn.execute("INSERT INTO meta(key, value) VALUES ('staff_email', ?) "
                               "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (rep.email,))
        self.notify(f"Scans are now recorded as {rep.name}")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:  # type: ignore[type-arg]
        yield from super().get_system_commands(screen)
        for key, mode, title, _, _ in SCREENS:
            yield SystemCommand(f"Go: {title}", f"Open the {title} screen ({key.upper()})",
                                lambda mode=mode: self.run_worker(self.switch_mode(mode)))
        yield SystemCommand("Staff: who am I", "Choose who is at the desk (F12)", self.action_choose_staff)
        from eventdesk.ui.screens.export import KINDS

        for kind, (title, _) in KINDS.items():
            yield SystemCommand(f"Export: {title}", "Written to the exports folder beside the event file",
                                lambda kind=kind: self.action_export(kind))
        yield SystemCommand("QR: booth landing page", "The event's landing URL with campaign parameters",
                            self.action_qr_booth)
        yield SystemCommand("QR: current lead's contact card", "For a rep's phone (Capture screen)",
                            self.action_qr_lead)
        yield SystemCommand("Merge: other laptops' files", "Bring every lead from the other laptops into this file",
                            self.action_merge)

    def action_merge(self) -> None:
        from eventdesk.ui.screens.merge import MergeScreen

        self.push_screen(MergeScreen())

    def action_export(self, kind: str) -> None:
        from eventdesk.ui.screens.export import ExportScreen

        self.push_screen(ExportScreen(kind))

    def action_qr_booth(self) -> None:
        from eventdesk.handoff.qr import booth_url
        from eventdesk.ui.screens.qr import QrScreen

        if self.settings and self.settings.landing_url:
            self.push_screen(QrScreen("Booth: scan to visit us", booth_url(self.settings)))
        else:
            self.notify("Set landing_url in the event settings first", severity="warning")

    def action_qr_lead(self) -> None:
        from eventdesk.handoff.qr import lead_vcard
        from eventdesk.ui.screens.qr import QrScreen
        from eventdesk.ui.widgets.lead_card import LeadCard

        cards = self.screen.query(LeadCard) if self.screen_stack else []
        state = cards.first().state if cards else None
        if state is None:
            self.notify("Scan a badge first: the QR shows the lead on the Capture card", severity="warning")
            return
        name = self.settings.name if self.settings else None
        self.push_screen(QrScreen(f"{state.lead.name}: scan to save the contact", lead_vcard(state.lead, event=name)))
