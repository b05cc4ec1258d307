"""The `eventdesk` command: a click group whose commands are thin wrappers over the lower layers.

Importing this package stays cheap (no Textual, no qrcode, no icalendar): each command imports what
it needs when it runs, so `eventdesk --help` and `eventdesk scan` start fast.
"""

from __future__ import annotations

import sys

import click

from eventdesk.cli.common import db_option, fail, main_with_errors, run, store_for

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(invoke_without_command=True, context_settings=CONTEXT)
@db_option
@click.version_option(package_name="eventdesk", message="eventdesk %(version)s")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """eventdesk: badge capture, target accounts, meetings, follow-ups and CRM handoff for a trade-show booth.

    Without a command, opens the booth app (Capture screen) on the event file.
    """
    if ctx.invoked_subcommand is None:
        from eventdesk.cli.common import open_tui

        open_tui(db)


def _register() -> None:
    from eventdesk.cli import core, handoff_cmds, report_cmds

    for module in (core, handoff_cmds, report_cmds):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    sys.exit(main_with_errors(cli))


__all__ = ["cli", "main", "db_option", "fail", "run", "store_for"]
