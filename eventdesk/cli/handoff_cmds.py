"""Handoff commands (export, merge, snapshot, qr, erase) are registered here."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
