"""Setting up and looking at the event file: demo, setup, import, scan, leads, check."""

from __future__ import annotations

import json
from pathlib import Path

import click

from eventdesk.cli.common import db_option, fail, not_empty, open_tui, run, store_for


@click.command()
@db_option
@click.option("--leads", "leads", type=click.IntRange(0, 1_000_000), default=600, show_default=True,
              help="How many leads the demo event holds.")
@click.option("--no-ui", is_flag=True, help="Only create the demo file; do not open the app.")
@click.option("--seed", type=int, default=2026, show_default=True, help="Random seed (same seed, same event).")
def demo(db: str | None, leads: int, no_ui: bool, seed: int) -> None:
    """Create a realistic demo event (reps, accounts, meetings, leads) and open it."""
    import time

    from eventdesk.demo import build_demo, demo_path

    path = Path(db).expanduser() if db else demo_path()
    started = time.perf_counter()
    summary = run(build_demo(path, leads=leads, seed=seed))
    click.echo(f"demo event written to {path}: {summary} in {time.perf_counter() - started:.1f} s", err=no_ui is False)
    if not no_ui:
        open_tui(str(path))


@click.command()
@db_option
@click.argument("settings_file", type=click.Path(dir_okay=False, path_type=Path))
def setup(db: str | None, settings_file: Path) -> None:
    """Create or update the event settings from EVENT.toml."""
    from eventdesk.domain.settings import load_toml
    from eventdesk.store.event import save_settings

    try:
        text = settings_file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        fail(f"{settings_file} does not exist")
    except UnicodeDecodeError:
        fail(f"{settings_file} is not UTF-8 text")
    except OSError as exc:
        fail(f"cannot read {settings_file}: {exc.strerror}")
    settings = load_toml(text)

    async def go() -> None:
        async with store_for(db) as store:
            await save_settings(store, settings)

    run(go())
    click.echo(f"event settings saved: {settings.name} ({settings.timezone}, {len(settings.questions)} questions)")


@click.command(name="import")
@db_option
@click.argument("kind", type=click.Choice(["attendees", "accounts", "meetings", "reps"]))
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
def import_(db: str | None, kind: str, csv_file: Path) -> None:
    """Import attendees, accounts, meetings or reps from a CSV file (rows already present are updated)."""
    from eventdesk.handoff.imports import import_csv

    async def go():  # type: ignore[no-untyped-def]
        async with store_for(db) as store:
            return await import_csv(store, kind, csv_file)

    result = run(go())
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"imported {result.rows} {kind} from {csv_file.name}")


@click.command()
@db_option
@click.argument("payload", callback=not_empty)  # the scan field ignores an empty Enter too
@click.option("--rep", "rep_email", metavar="EMAIL", callback=not_empty, help="Who scanned (a rep's email).")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
def scan(db: str | None, payload: str, rep_email: str | None, as_json: bool) -> None:
    """Capture one scan, exactly as the scan field would."""
    from eventdesk.capture.service import CaptureService
    from eventdesk.domain.times import zone
    from eventdesk.store.event import load_settings
    from eventdesk.store.leads import lead_json
    from eventdesk.store.reps import rep_by_email

    async def go():  # type: ignore[no-untyped-def]
        async with store_for(db) as store:
            staff = None
            if rep_email:
                rep = await rep_by_email(store, rep_email)
                if rep is None:
                    fail(f"no rep with email {rep_email} (import reps first)")
                staff = rep.id  # type: ignore[union-attr]
            settings = await load_settings(store)
            result = await CaptureService(store, settings).capture(payload, staff)
            return result, (lead_json(result.lead, zone(settings.timezone)) if result.lead else None)

    result, lead = run(go())
    if as_json:
        click.echo(json.dumps({"outcome": result.outcome, "message": result.message, "lead": lead},
                              ensure_ascii=False))
    elif result.outcome != "refused":
        click.echo(f"{result.outcome}: {result.message}")
    if result.outcome == "refused":
        fail(result.message)


@click.command()
@db_option
@click.option("--search", "text", metavar="TEXT", help="Only leads matching TEXT (name, email, company, title, notes).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")
# A bound, because a number past SQLite's 64-bit LIMIT reads as a "datatype mismatch".
@click.option("--limit", type=click.IntRange(1, 1_000_000_000), default=None, help="At most this many leads.")
def leads(db: str | None, text: str | None, as_json: bool, limit: int | None) -> None:
    """List leads, newest first."""
    from eventdesk.domain.times import local_iso, zone
    from eventdesk.store.event import load_settings
    from eventdesk.store.leads import lead_json, search_leads

    async def go():  # type: ignore[no-untyped-def]
        async with store_for(db, create=False, readonly=True) as store:
            tz = zone((await load_settings(store)).timezone)
            return tz, await search_leads(store, text, limit)

    tz, found = run(go())
    if as_json:
        click.echo(json.dumps([lead_json(lead, tz) for lead in found], ensure_ascii=False, indent=1))
        return
    for lead in found:
        account = f" [{lead.account_name}, tier {lead.tier}]" if lead.account_name else ""
        click.echo(f"{local_iso(lead.captured_at, tz)}  {lead.rating:<7}  {lead.name}"
                   f"{', ' + lead.company if lead.company else ''}{account}  {lead.email or ''}")
    click.echo(f"{len(found)} lead{'s' if len(found) != 1 else ''}", err=True)


@click.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check(db: str | None, as_json: bool) -> None:
    """Check the file's integrity and summarise what it holds."""
    import sqlite3

    from eventdesk.store.errors import CHECK_HINT, NotEventdeskFile
    from eventdesk.store.summary import check_report

    async def go():  # type: ignore[no-untyped-def]
        async with store_for(db, create=False, readonly=True) as store:
            try:
                return await check_report(store), store.readonly_reason
            except sqlite3.DatabaseError as exc:  # damage so deep that the check itself cannot run
                fail(f"integrity check failed: {store.path} is damaged ({exc}); "
                     "restore it from a snapshot or another laptop's copy")

    try:
        report, readonly_reason = run(go())
    except NotEventdeskFile as exc:
        fail(str(exc).replace(f"; {CHECK_HINT}", ""))  # this is the check: no advice to run it
    if readonly_reason and "newer" in readonly_reason:
        click.echo(f"warning: read-only here: {readonly_reason}", err=True)
    if as_json:
        click.echo(json.dumps(report))
    else:
        for key, value in report.items():
            click.echo(f"{key:>15}: {value}")
    if report["integrity"] != "ok":
        problems = "; ".join(line.strip() for line in report["integrity"].splitlines() if line.strip())
        fail(f"integrity check failed: {problems[:300]}{'…' if len(problems) > 300 else ''}")


COMMANDS = [demo, setup, import_, scan, leads, check]
