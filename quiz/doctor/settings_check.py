"""The settings file of the data dir, as ``quiz doctor`` reports it: ``quiz.settings.check_settings`` applies the
app's own rules (whatever settings this quiz has); this module words the outcome. Nothing is ever written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from quiz.doctor.finding import Finding
from quiz.settings import check_settings

_ADVICE = (
    "quiz ignores what it cannot use and takes the default instead; fix the file by hand, or delete it to start "
    "from the defaults (the app writes a new one the next time a setting is changed)"
)


def settings_findings(data_dir: Path) -> Iterator[Finding]:
    checked = check_settings(data_dir)
    path = str(checked.path)
    if not checked.exists:
        yield Finding(
            "settings", "file", "ok", f"no {checked.path.name} in {data_dir}: the defaults are used", path=path
        )
        return
    for problem in checked.problems:
        yield Finding("settings", "file", "problem", f"{checked.path}: {problem}", _ADVICE, path=path)
    if checked.problems:
        return
    message = f"{checked.path}: valid"
    if checked.unknown:
        message += f"; kept but not read by this quiz: {', '.join(checked.unknown)}"
    yield Finding("settings", "file", "ok", message, path=path, details={"unknown": list(checked.unknown)})
