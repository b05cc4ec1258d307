"""Where the event file lives: --db, else EVENTDESK_DB, else the user data dir (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("eventdesk", appauthor=False)) / "event.db"


def resolve_db_path(option: str | None) -> Path:
    if option:
        return Path(option).expanduser()
    env = os.environ.get("EVENTDESK_DB")
    if env:
        return Path(env).expanduser()
    return default_db_path()
