"""Manual entry: a visitor whose badge will not scan, or an unmatched scan turned into a lead by hand."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from eventdesk.capture.badge import ParsedBadge

FIELDS = (("first_name", "First name"), ("last_name", "Last name"), ("email", "Email"), ("phone", "Phone"),
          ("company", "Company"), ("title", "Job title"), ("badge_id", "Badge id"))


class ManualEntryScreen(ModalScreen[object]):
    DEFAULT_CSS = """
    ManualEntryScreen { align: center middle; }
    ManualEntryScreen > Vertical { width: 84; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
    ManualEntryScreen Grid { grid-size: 2; grid-columns: 14 1fr; grid-rows: 3; height: auto; }
    ManualEntryScreen Label.field { padding: 1 0 0 0; }
    #error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="cancel"),
                Binding("ctrl+s", "save", "Save", id="save")]

    def __init__(self, prefill: dict[str, str] | None = None, scan_id: str | None = None, raw: str = "") -> None:
        super().__init__()
        self.prefill = prefill or {}
        self.scan_id = scan_id
        self.raw = raw

    def compose(self) -> ComposeResult:
        with Vertical():
            title = "Turn this scan into a lead" if self.scan_id else "New lead by hand"
            yield Label(title, classes="panel-title")
            if self.raw:
                yield Label(f"scanned: {self.raw[:200]}", classes="muted")
            with Grid():
                for name, label in FIELDS:
                    yield Label(label, classes="field")
                    yield Input(value=self.prefill.get(name, ""), id=name)
            yield Label("", id="error")
            yield Button("Save (Ctrl+S)", id="save-button", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        from eventdesk.domain.contact import normalise_email, normalise_phone

        values = {name: self.query_one(f"#{name}", Input).value.strip() for name, _ in FIELDS}
        error = self.query_one("#error", Label)
        email = normalise_email(values["email"]) if values["email"] else None
        if values["email"] and not email:
            error.update(f"'{values['email']}' is not a valid email address")
            self.query_one("#email", Input).focus()
            return
        region = self.app.settings.phone_region  # type: ignore[attr-defined]
        phone = normalise_phone(values["phone"], region) if values["phone"] else None
        if values["phone"] and (not phone or not phone.startswith("+")):
            error.update(f"'{values['phone']}' is not a phone number (use +country code)")
            self.query_one("#phone", Input).focus()
            return
        if not (values["first_name"] or values["last_name"] or email):
            error.update("Give at least a name or an email")
            self.query_one("#first_name", Input).focus()
            return
        names = ("first_name", "last_name", "company", "title", "badge_id")
        badge = ParsedBadge(format="manual", email=email, phone=phone, **{k: values[k] or None for k in names})
        self.save(badge)

    @work(exclusive=True)
    async def save(self, badge: ParsedBadge) -> None:
        from eventdesk.capture.service import CaptureService
        from eventdesk.store.scans import mark_reviewed

        app = self.app
        service = CaptureService(app.store, app.settings, app.now)  # type: ignore[attr-defined]
        staff = app.staff.id if app.staff else None  # type: ignore[attr-defined]
        result = await service.save_person(badge, staff, source="manual")
        if self.scan_id and result.lead:
            await mark_reviewed(app.store, self.scan_id, result.lead.id)  # type: ignore[attr-defined]
        self.dismiss(result)
