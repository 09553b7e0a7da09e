"""What quiz remembers between runs besides progress: ``<data dir>/settings.json``.

One small JSON object: the app's theme, the last mock interview setup (under ``"mock"``), the interview moment and
the desired retention, e.g.
``{"theme": "textual-light", "interview_at": "2026-12-08T14:00:00+01:00", "desired_retention": 0.9}``.

Reading never fails: a missing, unreadable or damaged file means "no setting". The interview moment and the
desired retention go through pydantic both ways: :func:`update_settings` validates them first (:class:`SettingsError`
names the one that is wrong), :func:`load_settings` ignores a stored value that does not validate (its default is
used, and :attr:`Settings.problems` says why). Every write keeps the file's other keys and is atomic (a reader sees
the old file or the new one); it raises ``OSError`` for the caller to report.

The theme and the mock setup have their own fast paths (plain JSON, no pydantic): the theme is read before the app's
first frame, where building a validator would cost more than the whole read; the setup screen checks its values
itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from quiz.atomic import write_text_atomic

SETTINGS_FILE = "settings.json"

DEFAULT_RETENTION = 0.9
MIN_RETENTION, MAX_RETENTION = 0.7, 0.97
"""The desired retention quiz accepts: Anki's advice for FSRS (below 0.7 too much is forgotten; above 0.97 the
reviews pile up for little gain)."""
MAX_DAYS_AHEAD = 730
"""How far ahead an interview may be (two years): further than that, nothing is worth planning day by day."""
DEFAULT_HOUR = 9
"""A date without a time means 09:00 local time: a morning interview, so the evening before is the last study day."""


class SettingsError(ValueError):
    """A setting that cannot be saved; the message says what is wrong (without the option's name)."""


def read_settings(folder: Path) -> dict[str, Any]:
    """The settings saved in ``folder`` as raw JSON (``{}`` if there are none, or the file is not a JSON object)."""
    try:
        settings = json.loads((folder / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: nested too deeply to be a settings file
        return {}
    return settings if isinstance(settings, dict) else {}


def read_theme(folder: Path) -> str | None:
    """The theme the user last chose, if one was saved (the app checks that it still exists)."""
    theme = read_settings(folder).get("theme")
    return theme if isinstance(theme, str) and theme else None


def _write(folder: Path, settings: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SETTINGS_FILE
    write_text_atomic(path, json.dumps(settings, indent=2, ensure_ascii=False) + "\n")
    return path


def write_setting(folder: Path, name: str, value: Any) -> Path:
    """Save ``value`` (JSON) under ``name``, keeping every other setting; the file written. Creates ``folder``."""
    settings = read_settings(folder)
    settings[name] = value
    return _write(folder, settings)


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


# --- validated settings -----------------------------------------------------------------------------------------

_MODEL: Any = None


def _model() -> Any:
    """The pydantic model, built on first use (the theme's fast path never pays for pydantic)."""
    global _MODEL
    if _MODEL is None:
        from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

        class StoredSettings(BaseModel):
            model_config = ConfigDict(extra="ignore", frozen=True)

            theme: Annotated[str, Field(min_length=1)] | None = None
            interview_at: AwareDatetime | None = None
            desired_retention: Annotated[float, Field(ge=MIN_RETENTION, le=MAX_RETENTION)] = DEFAULT_RETENTION

        _MODEL = StoredSettings
    return _MODEL


@dataclass(frozen=True)
class Settings:
    """The validated settings of one data dir (defaults for what is missing or invalid)."""

    theme: str | None = None
    interview_at: datetime | None = None
    """The interview moment (aware); None when no date is set."""
    desired_retention: float = DEFAULT_RETENTION
    """The recall FSRS schedules for, and the readiness every card should reach by the interview."""
    problems: tuple[str, ...] = ()
    """Values found in the file that did not validate (and were ignored), one line each."""


def _validated_problem(name: str, value: Any) -> str | None:
    """Why a stored value of a validated setting (interview date, retention, theme) is ignored, or None."""
    from pydantic import ValidationError

    try:
        _model().model_validate({name: value})
    except ValidationError as exc:
        return f"{name}: {exc.errors(include_url=False)[0]['msg']} (got {value!r:.60})"
    return None


def load_settings(folder: Path) -> Settings:
    """The settings of ``folder``, each field validated on its own: a bad value is ignored, never fatal."""
    raw = read_settings(folder)
    fields = _model().model_fields
    good: dict[str, Any] = {}
    problems: list[str] = []
    for name, value in raw.items():
        if name not in fields:
            continue
        problem = _validated_problem(name, value)
        if problem is None:
            good[name] = value
        else:
            problems.append(f"{folder / SETTINGS_FILE}: {problem}; ignored")
    model = _model().model_validate(good)
    return Settings(
        theme=model.theme,
        interview_at=model.interview_at,
        desired_retention=model.desired_retention,
        problems=tuple(problems),
    )


def update_settings(folder: Path, **changes: Any) -> Path:
    """Validate ``changes`` (a value of ``None`` removes that setting), then save them keeping every other key;
    the file written. Creates ``folder`` if needed. :class:`SettingsError` for a value that does not validate."""
    from pydantic import ValidationError

    try:
        checked = _model().model_validate({k: v for k, v in changes.items() if v is not None})
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise SettingsError(f"{err['loc'][0]}: {err['msg']}") from None
    settings = read_settings(folder)
    for name, value in changes.items():
        if value is None:
            settings.pop(name, None)
        else:
            settings[name] = checked.model_dump(mode="json")[name]
    return _write(folder, settings)


# --- what the user types ----------------------------------------------------------------------------------------

DATE_FORMATS = "YYYY-MM-DD or YYYY-MM-DDTHH:MM (local time unless an offset such as +02:00 or Z is given)"


def parse_interview_moment(text: str, now: datetime) -> datetime:
    """``2026-12-08`` (09:00 local), ``2026-12-08T14:00`` or ``2026-12-08 14:00`` (local time), or with an offset
    (``…T14:00+01:00``, ``…Z``) → an aware datetime after ``now`` and at most :data:`MAX_DAYS_AHEAD` days later.

    :class:`SettingsError` says what is wrong: not a date, in the past, too far ahead.
    """
    raw = text.strip()
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise SettingsError(f"{repr(raw) if raw else 'an empty value'} is not a date: use {DATE_FORMATS}") from None
    if len(raw) <= len("2026-12-08"):
        moment = moment.replace(hour=DEFAULT_HOUR)
    if moment.tzinfo is None:
        moment = moment.astimezone()  # the local time zone, with its offset on that date (summer time included)
    if moment <= now:
        raise SettingsError(
            f"{describe_moment(moment)} is in the past (now: {describe_moment(now)}); give a date still to come"
        )
    if moment - now > timedelta(days=MAX_DAYS_AHEAD):
        raise SettingsError(f"{describe_moment(moment)} is more than {MAX_DAYS_AHEAD} days away")
    return moment


def parse_retention(text: str) -> float:
    """``0.85`` or ``85%`` → 0.85, within :data:`MIN_RETENTION`–:data:`MAX_RETENTION`; else :class:`SettingsError`."""
    raw = text.strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        shown = repr(raw) if raw else "an empty value"
        raise SettingsError(f"{shown} is not a number: give a share such as 0.9 or 90%") from None
    if not MIN_RETENTION <= value <= MAX_RETENTION:
        raise SettingsError(
            f"must be between {MIN_RETENTION:g} and {MAX_RETENTION:g} (Anki's advice for FSRS), got {raw}"
        )
    return round(value, 4)


def describe_moment(moment: datetime) -> str:
    """``Tue 8 Dec 2026 14:00 (UTC+01:00)``: in the moment's own offset, which is named."""
    offset = moment.strftime("%z")
    zone = "UTC" if offset in ("", "+0000") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{moment.strftime('%a')} {moment.day} {moment.strftime('%b %Y %H:%M')} ({zone})"


# --- checking the file (``quiz doctor``) ------------------------------------------------------------------------


def _known_fields() -> tuple[str, ...]:
    """The settings this quiz reads."""
    return ("theme", "mock", "interview_at", "desired_retention")


def _field_problem(name: str, value: Any) -> str | None:
    """Why a saved value cannot be used (it is then ignored and its default used), or None."""
    if name == "theme" and not (isinstance(value, str) and value):
        return f"{name}: should be a theme name (a non-empty string) (got {value!r:.60})"
    if name == "mock" and not isinstance(value, dict):  # its values: the setup screen takes a default for each bad one
        return f"{name}: should be an object (the last mock interview's setup) (got {value!r:.60})"
    if name in ("interview_at", "desired_retention"):  # as load_settings reads them
        return _validated_problem(name, value)
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
