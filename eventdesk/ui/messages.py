"""Typed messages the UI passes around."""

from __future__ import annotations

from textual.message import Message


class StoreChanged(Message, bubble=False):
    """Posted after a commit, naming the tables it touched, so screens refresh only what changed."""

    def __init__(self, tables: frozenset[str]) -> None:
        self.tables = tables
        super().__init__()
