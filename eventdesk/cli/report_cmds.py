"""`eventdesk report`: the daily recap as Markdown (to paste into a message) or an Excel workbook."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from eventdesk.cli.common import db_option, fail, run, store_for

FORMATS = {".md": "md", ".markdown": "md", ".txt": "md", ".xlsx": "xlsx"}


def recap_format(output: Path, fmt: str | None) -> str:
    """The format asked for, or the one the file name says (`-` is Markdown on standard output)."""
    if fmt:
        return fmt
    if str(output) == "-":
        return "md"
    try:
        return FORMATS[output.suffix.lower()]
    except KeyError:
        raise click.UsageError(f"{output.name}: give a file ending in .md or .xlsx (or --format md|xlsx)") from None


def show_day(text: str | None, settings, today: date) -> date:  # type: ignore[no-untyped-def]
    """The day to recap: --day, or today in the event's time zone; a day off the show is refused."""
    if text is None:
        return today
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise click.UsageError(f"--day must be a date like 2026-03-10, not {text!r}") from None
    if settings.start and settings.end and not settings.start <= day <= settings.end:
        fail(f"{day} is not a day of {settings.name} ({settings.start} to {settings.end})")
    return day


@click.command()
@db_option
@click.option("--day", "day_text", metavar="YYYY-MM-DD", help="The show day (default: today, event time zone).")
@click.option("-o", "--output", "output", required=True, metavar="FILE",
              type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="File to write: .md (Markdown) or .xlsx (Excel); '-' prints Markdown.")
@click.option("--format", "fmt", type=click.Choice(["md", "xlsx"]), help="Override the format the name implies.")
def report(db: str | None, day_text: str | None, output: Path, fmt: str | None) -> None:
    """The daily recap: goals and pace, leads by rating and stage, target accounts reached, meetings,
    per rep, open and overdue follow-ups and asks."""
    from eventdesk.domain.times import utc_now, zone
    from eventdesk.handoff.recap import build_recap
    from eventdesk.store.event import load_settings

    kind = recap_format(output, fmt)
    if kind == "xlsx" and str(output) == "-":
        raise click.UsageError("a workbook cannot go to standard output; give a file name ending in .xlsx")

    async def go():  # type: ignore[no-untyped-def]
        async with store_for(db, create=False, readonly=True) as store:
            settings = await load_settings(store)
            now = utc_now()
            day = show_day(day_text, settings, now.astimezone(zone(settings.timezone)).date())
            return await build_recap(store, settings, day, now), settings

    recap, settings = run(go())
    if kind == "xlsx":
        from eventdesk.handoff.recap_xlsx import write_workbook

        written = write_workbook(recap, settings.timezone, output)
        click.echo(f"recap of {recap.day} written to {written}")
        return
    from eventdesk.handoff.csvwrite import atomic_file
    from eventdesk.handoff.recap_md import render_markdown

    text = render_markdown(recap)
    if str(output) == "-":
        sys.stdout.write(text)
        return
    with atomic_file(output) as handle:
        handle.write(text)
    click.echo(f"recap of {recap.day} written to {output}")


COMMANDS = [report]
