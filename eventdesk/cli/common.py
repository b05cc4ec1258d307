"""Shared CLI plumbing: the --db option, running async store work, and one-line errors."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import sys
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import click

T = TypeVar("T")


def not_empty(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An empty string given on purpose (`--db ""`, `--rep ""`) is a mistake, not "use the default".
    An empty EVENTDESK_DB in the environment is the usual way of unsetting it, and means the default."""
    if value is not None and not value.strip():
        if ctx.get_parameter_source(param.name or "") == click.core.ParameterSource.ENVIRONMENT:
            return None
        raise click.BadParameter("is empty", ctx=ctx, param=param)
    return value


db_option = click.option(
    "--db", "db", envvar="EVENTDESK_DB", metavar="PATH", default=None, callback=not_empty,
    help="Event file (default: EVENTDESK_DB, else the user data dir).",
)


def fail(message: str) -> None:
    """Stop the command with `error: message` and exit status 1."""
    raise click.ClickException(message)


def run(coro: Awaitable[T]) -> T:
    return asyncio.run(coro)  # type: ignore[arg-type]


@asynccontextmanager
async def store_for(db: str | None, *, create: bool = True, readonly: bool = False):  # type: ignore[no-untyped-def]
    from eventdesk.store.db import open_store
    from eventdesk.store.paths import resolve_db_path

    path = resolve_db_path(db)
    if db is None and create and not readonly:
        path.parent.mkdir(parents=True, exist_ok=True)  # the default data dir may not exist yet
    store = await open_store(path, create=create, readonly=readonly)
    try:
        yield store
    finally:
        await store.close()


def open_tui(db: str | None, **options: Any) -> None:
    from eventdesk.store.paths import resolve_db_path
    from eventdesk.ui.app import EventDeskApp

    path = resolve_db_path(db)
    if db is None:
        path.parent.mkdir(parents=True, exist_ok=True)
    app = EventDeskApp(path, **options)
    app.run()
    if app.startup_error:
        fail(app.startup_error)


def _known_errors() -> tuple[type[BaseException], ...]:
    from eventdesk.domain.settings import SettingsError
    from eventdesk.handoff.csvread import CsvImportError
    from eventdesk.store.errors import StoreError

    return (StoreError, CsvImportError, SettingsError)


def _one_line(message: str) -> str:
    """click lists a choice's values one per line ('Choose from:\n\thubspot,\n\t...'): an error is one line."""
    return " ".join(message.split())


def _written_target(filename: object) -> str | None:
    """Files are written to a hidden temp name beside the target first (.out.csv.k2j9.tmp): name the target."""
    from pathlib import Path

    if not isinstance(filename, str):
        return None
    path = Path(filename)
    match = re.fullmatch(r"\.(.+)\.[^.]+\.tmp", path.name)
    return str(path.with_name(match[1])) if match else None


def main_with_errors(command: Callable[..., Any]) -> int:
    """Run the click command; every failure becomes `error: …` on stderr with status 1 (usage: 2)."""
    try:
        command.main(standalone_mode=False)  # type: ignore[attr-defined]
        return 0
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        return 1
    except click.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        click.echo(f"error: {_one_line(exc.format_message())}{hint}", err=True)
        return 2
    except click.ClickException as exc:
        click.echo(f"error: {_one_line(exc.format_message())}", err=True)
        return exc.exit_code if exc.exit_code != 0 else 1
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("error: interrupted", err=True)
        return 1
    except BrokenPipeError:
        return 1
    except sqlite3.Error as exc:  # one raised outside the store's own wording (a query on a damaged file)
        from eventdesk.store.errors import explain

        click.echo(f"error: {explain(exc, 'the event file')}", err=True)
        return 1
    except OSError as exc:
        target = _written_target(exc.filename)
        if target:
            click.echo(f"error: cannot write {target}: {exc.strerror or exc}", err=True)
        else:
            click.echo(f"error: {exc.strerror or exc}{f': {exc.filename}' if exc.filename else ''}", err=True)
        return 1
    except Exception as exc:
        if isinstance(exc, _known_errors()):
            click.echo(f"error: {exc}", err=True)
            return 1
        # An unexpected bug: still one line for the booth user; the details go to a crash log.
        click.echo(f"error: unexpected {type(exc).__name__}: {exc} (please report this)", err=True)
        if "--debug" in sys.argv or __import__("os").environ.get("EVENTDESK_DEBUG"):
            raise
        return 1
