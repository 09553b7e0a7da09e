"""What the app remembers between runs besides progress: ``<data dir>/settings.json`` (today, the theme).

Reading never fails: a missing, unreadable or damaged file means "no setting". Writing is atomic (a reader sees the
old file or the new one) and raises ``OSError`` for the caller to report. Plain JSON and no pydantic: the theme is
read before the app's first frame, where building a validator would cost more than the whole read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quiz.atomic import write_text_atomic

SETTINGS_FILE = "settings.json"


def read_settings(folder: Path) -> dict[str, Any]:
    """The settings saved in ``folder`` (``{}`` if there are none, or the file cannot be read as a JSON object)."""
    try:
        settings = json.loads((folder / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: nested too deeply to be a settings file
        return {}
    return settings if isinstance(settings, dict) else {}


def read_theme(folder: Path) -> str | None:
    """The theme the user last chose, if one was saved (the app checks that it still exists)."""
    theme = read_settings(folder).get("theme")
    return theme if isinstance(theme, str) and theme else None


def write_theme(folder: Path, theme: str) -> Path:
    """Save ``theme`` (keeping any other setting); the file written. Creates ``folder`` if needed."""
    settings = read_settings(folder)
    settings["theme"] = theme
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SETTINGS_FILE
    write_text_atomic(path, json.dumps(settings, indent=2) + "\n")
    return path
