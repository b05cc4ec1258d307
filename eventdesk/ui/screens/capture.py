"""Capture: scan a badge, see at once who it is and whether they matter, qualify without the mouse."""

from __future__ import annotations

import asyncio

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static

from eventdesk.capture.service import CaptureService, ScanResult
from eventdesk.domain.times import from_stored, to_stored
from eventdesk.ui.screens.base import BoothScreen
from eventdesk.ui.widgets.lead_card import CardState, LeadCard
from eventdesk.ui.widgets.scan_field import ScanField

OUTCOME_MARK = {"new": "✚ new", "touch": "↻ again", "unmatched": "? review", "refused": "✖ refused", None: "…"}
RETRY_AFTER_S = 2.0


class CaptureScreen(BoothScreen):
    WATCHES = frozenset({"scans"})
    BINDINGS = [
        Binding("escape", "qualify", "Qualify lead", id="qualify"),
        Binding("f8", "manual", "Manual entry", id="manual"),
        Binding("f9", "review", "Review unmatched", id="review"),
    ]

    def compose_body(self) -> ComposeResult:
        yield ScanField(id="scan")
        yield Static(id="pending")
        yield Static(id="alert")
        with Horizontal():
            yield LeadCard(self.app.tz, self.app.settings.questions, id="card")  # type: ignore[attr-defined]
            with Vertical(id="recent-box"):
                yield Static("Last scans", classes="panel-title")
                yield DataTable(id="recent", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.queue: asyncio.Queue[str] = asyncio.Queue()
        self.saved = 0
        self.last: ScanResult | None = None
        table = self.query_one("#recent", DataTable)
        table.add_columns("time", "outcome", "scan")
        self.service = CaptureService(self.store, self.app.settings, self.app.now)  # type: ignore[attr-defined]
        self.run_worker(self._save_loop(), group="capture-saver", name="capture-saver")
        self.app.capture_screen = self  # type: ignore[attr-defined]  # the lock screen hands it scans
        self.query_one(ScanField).focus()

    # --- capture -------------------------------------------------------------------------------------
    def on_scan_field_scanned(self, message: ScanField.Scanned) -> None:
        self.enqueue(message.payload)

    def enqueue(self, payload: str) -> None:
        """Save a scan in turn with the others: from the scan field, or typed into the lock screen."""
        self.queue.put_nowait(payload)
        self._show_pending()

    def on_lead_card_overflow(self, message: LeadCard.Overflow) -> None:
        field = self.query_one(ScanField)
        field.text += message.text
        field.focus()

    async def _save_loop(self) -> None:
        """Save scans one by one, in the order they were scanned; on a failure keep them and retry."""
        while True:
            payload = await self.queue.get()
            while True:
                try:
                    staff = self.app.staff.id if self.app.staff else None  # type: ignore[attr-defined]
                    result = await self.service.capture(payload, staff)
                    break
                except Exception as exc:  # noqa: BLE001 - any failure: the scan stays queued and visible
                    self._show_pending(f"not saved yet: {exc}")
                    await asyncio.sleep(RETRY_AFTER_S)
            await self._show_result(result)
            self.saved += 1  # counted once the booth can see it
            self._show_pending()

    def _show_pending(self, problem: str = "") -> None:
        waiting = self.queue.qsize() + (1 if problem else 0)
        bar = self.query_one("#pending", Static)
        bar.set_class(bool(problem) or waiting > 5, "shown")
        bar.update(f"{waiting} scan{'s' if waiting != 1 else ''} waiting to be saved {problem}".strip())

    async def _show_result(self, result: ScanResult) -> None:
        self.last = result
        if self.app.locked:  # type: ignore[attr-defined]
            self.reload()
            return  # saved; nothing about the person is shown, rung or notified over the lock
        alert = self.query_one("#alert", Static)
        if result.outcome in ("new", "touch") and result.lead:
            await self._show_lead(result.lead.id, result)
            alert.set_class(result.alert, "shown")
            if result.alert and result.account:
                owner = result.account.owner_name or "no owner"
                meeting = f" | meeting {result.meetings[0].title}" if result.meetings else ""
                alert.update(f"★ TIER {result.account.tier} ACCOUNT: {result.account.name} | owner {owner}{meeting}")
                self.app.bell()
        elif result.outcome == "refused":
            alert.set_class(False, "shown")
            self.notify(result.message, title="Not a badge", severity="warning")
        else:
            alert.set_class(False, "shown")
            self.notify(result.message + " (F9 to review)", title="Kept for review")
        self.reload()

    async def _show_lead(self, lead_id: str, result: ScanResult | None = None) -> None:
        from eventdesk.store.accounts import get_account
        from eventdesk.store.leads import answers_for, get_lead
        from eventdesk.store.meetings import meetings_with

        lead = await get_lead(self.store, lead_id)
        card = self.query_one(LeadCard)
        if lead is None:
            card.show(None)
            return
        account = await get_account(self.store, lead.account_id) if lead.account_id else None
        previous = card.state
        state = CardState(
            lead=lead, account=account,
            meetings=tuple(await meetings_with(self.store, lead.id, lead.account_id)),
            answers=await answers_for(self.store, lead.id),
            previous=result.previous if result else (previous.previous if previous else None),
            outcome=result.outcome if result else (previous.outcome if previous else "new"),
        )
        index = card.question_index
        card.show(state)
        if result is None:
            card.question_index = index  # keep the staffer's place while qualifying

    @work(exclusive=True, group="recent")
    async def reload(self) -> None:
        from eventdesk.store.scans import recent_scans

        scans = await recent_scans(self.store, 15)
        found = self.query("#recent")
        if not found:
            return  # the app is closing: nothing left to show it in
        table = found.first(DataTable)
        table.clear()
        for scan in scans:
            when = from_stored(scan.at).astimezone(self.app.tz).strftime("%H:%M:%S")  # type: ignore[attr-defined]
            text = scan.message or scan.raw.splitlines()[0][:40]
            table.add_row(when, OUTCOME_MARK.get(scan.outcome, scan.outcome), text[:60], key=scan.id)

    # --- qualifying (keys live on the LeadCard) -----------------------------------------------------------
    def _lead_id(self) -> str | None:
        card = self.query_one(LeadCard)
        return card.state.lead.id if card.state else None

    def action_qualify(self) -> None:
        card = self.query_one(LeadCard)
        if card.state is None:
            self.notify("Scan a badge first: there is no lead to qualify yet.")
            return
        card.focus()

    def action_focus_scan(self) -> None:
        self.query_one(ScanField).focus()

    @work(group="qualify")
    async def action_rate(self, rating: str) -> None:
        from eventdesk.capture.qualify import rate_lead

        if lead_id := self._lead_id():
            staff = self.app.staff.id if self.app.staff else None  # type: ignore[attr-defined]
            due = await rate_lead(self.store, self.app.settings, lead_id, rating, staff, now=self.app.now())  # type: ignore[attr-defined]
            await self._show_lead(lead_id)
            if due:
                when = from_stored(due).astimezone(self.app.tz).strftime("%a %H:%M")  # type: ignore[attr-defined]
                self.notify(f"Rated {rating}: follow-up due {when}", timeout=3)

    @work(group="qualify")
    async def action_answer(self, number: int) -> None:
        from eventdesk.store.leads import set_answer

        card = self.query_one(LeadCard)
        question, lead_id = card.current_question, self._lead_id()
        if not question or not lead_id:
            return
        if number > len(question.choices):
            self.notify(f"'{question.text}' has {len(question.choices)} choices", severity="warning")
            return
        await set_answer(self.store, lead_id, question.key, question.choices[number - 1])
        await self._show_lead(lead_id)
        card.next_question()

    @work(group="qualify")
    async def action_toggle_consent(self) -> None:
        from eventdesk.store.leads import update_lead

        card = self.query_one(LeadCard)
        if not card.state:
            return
        given = not card.state.lead.consent
        staff = self.app.staff.id if self.app.staff else None  # type: ignore[attr-defined]
        await update_lead(
            self.store, card.state.lead.id, consent=int(given),
            consent_text=self.app.settings.consent_text if given else None,  # type: ignore[attr-defined]
            # Given or withdrawn, when and by whom is kept: merging laptops keeps the latest decision.
            consent_at=to_stored(self.app.now()), consent_by=staff)  # type: ignore[attr-defined]
        await self._show_lead(card.state.lead.id)

    def action_note(self) -> None:
        from eventdesk.ui.screens.note import NoteScreen

        if lead_id := self._lead_id():
            self.app.push_screen(NoteScreen("Note on this lead"), lambda text: self._save_note(lead_id, text))

    @work(group="qualify")
    async def _save_note(self, lead_id: str, text: str | None) -> None:
        from eventdesk.store.leads import get_lead, update_lead

        lead = await get_lead(self.store, lead_id)
        if text and lead:
            await update_lead(self.store, lead_id, notes="\n".join(p for p in (lead.notes, text.strip()) if p))
            await self._show_lead(lead_id)

    def action_assign(self) -> None:
        from eventdesk.ui.screens.pick_rep import PickRepScreen

        if lead_id := self._lead_id():
            self.app.push_screen(PickRepScreen("Assign this lead to"), lambda rep: self._assign(lead_id, rep))

    @work(group="qualify")
    async def _assign(self, lead_id: str, rep) -> None:  # type: ignore[no-untyped-def]
        from eventdesk.store.leads import update_lead

        if rep is not None:
            await update_lead(self.store, lead_id, rep_id=rep.id)
            await self._show_lead(lead_id)

    def action_book_meeting(self) -> None:
        from eventdesk.ui.screens.book_meeting import BookMeetingScreen

        card = self.query_one(LeadCard)
        if card.state is None:
            self.notify("Scan a badge first: there is nobody to book a meeting with yet.")
            return
        # The account (when known) makes its owner the default rep: the person a tier-1 visitor should meet.
        self.app.push_screen(BookMeetingScreen(lead=card.state.lead, account=card.state.account))

    def action_raise_ask(self) -> None:
        from eventdesk.ui.screens.raise_ask import RaiseAskScreen

        card = self.query_one(LeadCard)
        if card.state is None:
            self.notify("Scan a badge first: there is nobody to ask about yet.")
            return
        self.app.push_screen(RaiseAskScreen(lead=card.state.lead, account=card.state.account))

    @work(group="qualify")
    async def action_undo(self) -> None:
        last = self.last
        if last is None or last.lead is None:
            self.notify("Nothing to undo")
            return
        if await self.service.undo(last):
            self.notify(f"Scan undone: {last.lead.name}" + (" (lead removed)" if last.outcome == "new" else ""))
            self.last = None
            self.query_one(LeadCard).show(None)
            self.query_one("#alert", Static).set_class(False, "shown")
            self.query_one(ScanField).focus()
            self.reload()

    # --- manual entry and review --------------------------------------------------------------------------
    def action_manual(self) -> None:
        from eventdesk.ui.screens.manual_entry import ManualEntryScreen

        self.app.push_screen(ManualEntryScreen(), self._manual_saved)

    def action_review(self) -> None:
        from eventdesk.ui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen())

    @work(group="qualify")
    async def _manual_saved(self, result: ScanResult | None) -> None:
        if result is not None:
            await self._show_result(result)
        self.query_one(ScanField).focus()
