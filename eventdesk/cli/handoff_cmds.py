"""Handoff commands: export (crm, followups, meetings), merge, snapshot, qr (lead, booth), erase.

Each one parses its options, calls one function of eventdesk.handoff (the same the TUI calls) and
prints the outcome; the handoff modules and their libraries are imported only when a command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from eventdesk.cli.common import db_option, fail, not_empty, run, store_for

OUT = click.option("-o", "--output", "output", required=True, metavar="FILE",
                   type=click.Path(dir_okay=False, path_type=Path), help="File to write (replaced atomically).")
REP = click.option("--rep", "rep", metavar="EMAIL", callback=not_empty, help="Only this rep's records.")


def _attempt(coro: Any) -> Any:
    """Run the handoff coroutine; a ValueError (bad preset, filter, id) is a one-line error."""
    try:
        return run(coro)
    except ValueError as exc:
        fail(str(exc))


class ProgressBar:
    """A click progress bar on stderr, opened on the first report and only for large jobs."""

    def __init__(self, label: str, minimum: int):
        self.label, self.minimum = label, minimum
        self.bar: Any = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < self.minimum or not sys.stderr.isatty():
                return
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(max(done - self.shown, 0))
        self.shown = max(done, self.shown)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.group()
def export() -> None:
    """Export leads for a CRM, follow-ups per rep, or meetings as a calendar."""


@export.command("crm")
@db_option
@click.option("--preset", required=True, type=click.Choice(["hubspot", "salesforce", "generic"]),
              help="Column layout: the CRM's own import names, or every field (generic).")
@OUT
@click.option("--excel", is_flag=True, help="Add a BOM and neutralise formula-like cells for spreadsheets.")
@REP
@click.option("--rating", "ratings", multiple=True, type=click.Choice(["hot", "warm", "cold", "unrated"]),
              help="Only leads with this rating (repeat for several).")
@click.option("--since", metavar="WHEN", help="Only leads captured at or after WHEN (2026-03-10 or 2026-03-10T14:00).")
def export_crm_cmd(db: str | None, preset: str, output: Path, excel: bool, rep: str | None,
                   ratings: tuple[str, ...], since: str | None) -> None:
    """Leads as a CSV the CRM imports: HubSpot, Salesforce, or every field."""
    from eventdesk.handoff.export import export_crm

    async def go():  # type: ignore[no-untyped-def]
        async with store_for(db, create=False, readonly=True) as store:
            return await export_crm(store, preset, output, excel=excel, rep=rep, rating=ratings, since=since)

    result = _attempt(go())
    click.echo(f"exported {result.rows:,} lead{'s' if result.rows != 1 else ''} to {output} ({preset})"
               + (f"; {result.opted_out:,} without consent are marked as opted out" if result.opted_out else ""))


@export.command("followups")
@db_option
@OUT
@REP
@click.option("--status", type=click.Choice(["open", "done", "dropped"]), help="Only follow-ups with this status.")
@click.option("--excel", is_flag=True, help="Add a BOM and neutralise formula-like cells for spreadsheets.")
def export_followups_cmd(db: str | None, output: Path, rep: str | None, status: str | None, excel: bool) -> None:
    """Follow-ups as CSV, one row each, with the person's contact fields, account and rating."""
    from eventdesk.handoff.followups_csv import export_followups

    async def go():  # type: ignore[no-untyped-def]
        async with store_for(db, create=False, readonly=True) as store:
            return await export_followups(store, output, rep=rep, status=status, excel=excel)

    result = _attempt(go())
    click.echo(f"exported {result.rows:,} follow-up{'s' if result.rows != 1 else ''} to {output}")


@export.command("meetings")
@db_option
@OUT
@REP
def export_meetings_cmd(db: str | None, output: Path, rep: str | None) -> None:
    """Meetings as an iCalendar (.ics) file; importing a later export updates them in place."""
    from eventdesk.handoff.calendar import export_meetings

    async def go():  # type: ignore[no-untyped-def]
        async with store_for(db, create=False, readonly=True) as store:
            return await export_meetings(store, output, rep=rep)

    count = _attempt(go())
    click.echo(f"exported {count:,} meeting{'s' if count != 1 else ''} to {output}")


@click.command()
@db_option
@click.argument("others", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def merge(db: str | None, others: tuple[Path, ...]) -> None:
    """Merge other laptops' event files into this one (the others are only read)."""
    from eventdesk.handoff.merge import merge_files

    bar = ProgressBar("merging", minimum=20_000)

    async def go():  # type: ignore[no-untyped-def]
        async with store_for(db) as store:
            return await merge_files(store, others, progress=bar)

    try:
        result = run(go())
    finally:
        bar.close()
    click.echo(result.summary())


@click.command()
@db_option
@OUT
def snapshot(db: str | None, output: Path) -> None:
    """Write a consistent copy of the event file (safe while the booth app is writing)."""
    from eventdesk.handoff.snapshot import snapshot as take_snapshot

    async def go():  # type: ignore[no-untyped-def]
        async with store_for(db, create=False, readonly=True) as store:   # refuses non-eventdesk files
            path = store.path
        return await take_snapshot(path, output)

    result = run(go())
    click.echo(f"snapshot written to {result.path} ({result.bytes / 1e6:.1f} MB, check {result.integrity})")


IMAGE = [click.option("--svg", "svg", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
                      help="Also write the code as an SVG image."),
         click.option("--png", "png", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
                      help="Also write the code as a PNG image."),
         click.option("--invert", is_flag=True, help="Without colours: draw for a light terminal background.")]


def _image_options(command: Any) -> Any:
    for option in reversed(IMAGE):
        command = option(command)
    return command


def _check_images(svg: Path | None, png: Path | None) -> None:
    for path, suffix in ((svg, ".svg"), (png, ".png")):
        if path is not None and path.suffix.lower() != suffix:
            fail(f"{path.name}: the --{suffix[1:]} file name must end in {suffix}")


def _show(payload: str, svg: Path | None, png: Path | None, invert: bool) -> None:
    from eventdesk.handoff.qr import terminal_wants_colour, to_terminal, write_image

    try:
        for path in (svg, png):
            if path is not None:
                click.echo(f"QR code written to {write_image(payload, path)}", err=True)
    except ValueError as exc:
        fail(str(exc))
    if svg is None and png is None:
        colour = terminal_wants_colour(sys.stdout)
        click.echo(to_terminal(payload, colour=colour, invert=invert), color=colour)


@click.group()
def qr() -> None:
    """Show a QR code: a lead's contact card, or the booth's landing page."""


@qr.command("lead")
@db_option
@click.argument("lead_id")
@_image_options
def qr_lead(db: str | None, lead_id: str, svg: Path | None, png: Path | None, invert: bool) -> None:
    """The lead's contact card (vCard): scan it with a phone to save the contact."""
    _check_images(svg, png)
    from eventdesk.handoff.qr import lead_vcard
    from eventdesk.store.event import load_settings
    from eventdesk.store.leads import get_lead

    async def go():  # type: ignore[no-untyped-def]
        async with store_for(db, create=False, readonly=True) as store:
            return await get_lead(store, lead_id), (await load_settings(store)).name

    lead, event = run(go())
    if lead is None:
        fail(f"no lead with id {lead_id}")
    _show(lead_vcard(lead, event=event), svg, png, invert)


@qr.command("booth")
@db_option
@_image_options
def qr_booth(db: str | None, svg: Path | None, png: Path | None, invert: bool) -> None:
    """The event's landing page with its campaign (utm) parameters."""
    _check_images(svg, png)
    from eventdesk.handoff.qr import booth_url
    from eventdesk.store.event import load_settings

    async def go():  # type: ignore[no-untyped-def]
        async with store_for(db, create=False, readonly=True) as store:
            return await load_settings(store)

    settings = run(go())
    try:
        url = booth_url(settings)
    except ValueError as exc:
        fail(str(exc))
    click.echo(url, err=True)
    _show(url, svg, png, invert)


@click.command()
@db_option
@click.argument("lead_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase(db: str | None, lead_id: str, yes: bool) -> None:
    """Erase a person's data (GDPR request); merges will not bring it back."""
    from eventdesk.handoff.erase import erase_lead

    async def who():  # type: ignore[no-untyped-def]
        async with store_for(db, create=False, readonly=True) as store:
            return await store.one("SELECT first_name, last_name, email, deleted FROM leads WHERE id = ?",
                                   (lead_id,))

    row = run(who())
    if row is None:
        fail(f"no lead with id {lead_id}")
    name = " ".join(p for p in (row["first_name"], row["last_name"], f"<{row['email']}>" if row["email"] else None)
                    if p) or "(already cleared)"
    if not yes:
        click.confirm(f"Erase {name} and every record of this person? This cannot be undone", abort=True,
                      err=True)

    async def go():  # type: ignore[no-untyped-def]
        async with store_for(db, create=False) as store:
            return await erase_lead(store, lead_id)

    result = _attempt(go())
    cleared = ", ".join(f"{n} {table}" for table, n in result.children.items() if n)
    attendees = f", {result.attendees} attendee rows" if result.attendees else ""
    click.echo(f"erased {name}: {len(result.lead_ids)} lead record{'s' if len(result.lead_ids) != 1 else ''}"
               + (f", {cleared}" if cleared else "") + attendees)
    if not result.scrubbed:
        click.echo("warning: another eventdesk has the file open, so old pages may stay in the -wal file "
                   "until it closes; run 'eventdesk erase' again then", err=True)


COMMANDS: list[click.Command] = [export, merge, snapshot, qr, erase]
