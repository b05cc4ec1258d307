"""UI fixtures: an event file holding the samples' settings, reps, accounts, attendees and meetings."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual import events

from eventdesk.domain.settings import load_toml
from eventdesk.handoff.imports import import_csv
from eventdesk.store.db import open_store
from eventdesk.store.event import save_settings

STAFF = "dana.reyes@example-vendor.com"
CLOCK = "Tue 10:42:00"


async def build_sample_event(path: Path, samples: Path) -> Path:
    async with await open_store(path) as store:
        await save_settings(store, load_toml((samples / "event.toml").read_text()))
        for kind in ("reps", "accounts", "attendees", "meetings"):
            await import_csv(store, kind, samples / f"{kind}.csv")
    return path


@pytest.fixture
async def sample_event(tmp_path: Path, samples: Path) -> Path:
    return await build_sample_event(tmp_path / "booth.db", samples)


def key_events(text: str, terminator: str = "enter") -> list[events.Key]:
    """The key events a keyboard-mode scanner produces: every character, then its terminator per line."""
    from textual.keys import _character_to_key

    keys = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        keys += [events.Key(_character_to_key(c) if not c.isalnum() else c, c) for c in line]
        keys.append(events.Key(terminator, {"enter": "\r", "ctrl+j": "\n", "tab": "\t"}[terminator]))
    return keys


def burst(app, keys: list[events.Key]) -> None:  # type: ignore[no-untyped-def]
    """Hand every key to the driver at once, with no pause: faster than any screen refresh."""
    for key in keys:
        key.set_sender(app)
        app._driver.send_message(key)


async def wait_until(pilot, condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.05)
