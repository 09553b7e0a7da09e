"""What the app remembers between runs besides progress: ``<data dir>/settings.json`` (the theme, and the last
mock interview setup under ``"mock"``).

Reading never fails: a missing, unreadable or damaged file means "no setting". Writing is atomic (a reader sees the
old file or the new one) and raises ``OSError`` for the caller to report. Plain JSON and no pydantic: the theme is
read before the app's first frame, where building a validator would cost more than the whole read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
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


def write_setting(folder: Path, name: str, value: Any) -> Path:
    """Save ``value`` (JSON) under ``name``, keeping every other setting; the file written. Creates ``folder``."""
    settings = read_settings(folder)
    settings[name] = value
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SETTINGS_FILE
    write_text_atomic(path, json.dumps(settings, indent=2) + "\n")
    return path


def write_theme(folder: Path, theme: str) -> Path:
    """Save ``theme`` (keeping any other setting); the file written. Creates ``folder`` if needed."""
    return write_setting(folder, "theme", theme)


def read_mock_setup(folder: Path) -> dict[str, Any]:
    """The mock interview setup saved last (``{}`` if none): the setup screen checks each value itself."""
    setup = read_settings(folder).get("mock")
    return setup if isinstance(setup, dict) else {}


def write_mock_setup(folder: Path, setup: dict[str, Any]) -> Path:
    """Save the mock interview setup the user started last (keeping every other setting)."""
    return write_setting(folder, "mock", setup)


# --- checking the file (``quiz doctor``) ------------------------------------------------------------------------


def _known_fields() -> tuple[str, ...]:
    """The settings this quiz reads."""
    return ("theme", "mock")


def _field_problem(name: str, value: Any) -> str | None:
    """Why a saved value cannot be used (it is then ignored and its default used), or None."""
    if name == "theme" and not (isinstance(value, str) and value):
        return f"{name}: should be a theme name (a non-empty string) (got {value!r:.60})"
    if name == "mock" and not isinstance(value, dict):  # its values: the setup screen takes a default for each bad one
        return f"{name}: should be an object (the last mock interview's setup) (got {value!r:.60})"
    return None


@dataclass(frozen=True)
class SettingsCheck:
    """What :func:`check_settings` found in a data dir's settings file."""

    path: Path
    exists: bool
    problems: tuple[str, ...] = ()
    """What is wrong with the file itself, or with each value that does not validate; one line each."""
    unknown: tuple[str, ...] = ()
    """Keys this quiz does not read (kept when it writes the file: a newer quiz may use them)."""


def check_settings(folder: Path) -> SettingsCheck:
    """Look at ``<folder>/settings.json`` as the app reads it, changing nothing: whether it can be read, is a JSON
    object, and whether each value validates (by the same rules the app applies when it uses them)."""
    path = folder / SETTINGS_FILE
    try:
        if path.exists() and not path.is_file():
            return SettingsCheck(path, True, ("not a regular file",))
        raw = path.read_bytes()
    except FileNotFoundError:
        return SettingsCheck(path, False)
    except OSError as exc:
        return SettingsCheck(path, True, (f"cannot be read: {exc.strerror or exc}",))
    try:
        settings = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return SettingsCheck(path, True, (f"not UTF-8 text (byte {exc.start})",))
    except RecursionError:
        return SettingsCheck(path, True, ("nested too deeply to be a settings file",))
    except ValueError as exc:
        return SettingsCheck(path, True, (f"not valid JSON ({exc})",))
    if not isinstance(settings, dict):
        return SettingsCheck(path, True, (f"not a JSON object (a {type(settings).__name__})",))
    known = _known_fields()
    problems = [p for name in known if name in settings and (p := _field_problem(name, settings[name]))]
    unknown = tuple(name for name in settings if name not in known)
    return SettingsCheck(path, True, tuple(problems), unknown)
