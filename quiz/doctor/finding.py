"""One finding of ``quiz doctor``: what was checked, how it came out, and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from quiz.text_safety import printable

Status = Literal["ok", "problem", "fixed"]
"""``ok``: as it should be. ``problem``: something to act on (the advice says what). ``fixed``: was wrong, and
``--fix`` put it right (only ever the deck cache)."""


@dataclass(frozen=True)
class Finding:
    """One check and its outcome. ``--json`` prints :meth:`to_json` of each, in the order they were made."""

    area: Literal["deck", "store", "cache", "settings", "demo"]
    check: str
    """What was looked at within the area: ``integrity``, ``rows``, ``entry``, ``he-vs-xavier``…"""
    status: Status
    message: str
    advice: str | None = None
    """What to do (for a problem), or what was done (for a fix)."""
    path: str | None = None
    """The file or folder the finding is about, when there is one."""
    details: dict[str, Any] = field(default_factory=dict)
    """Machine-readable specifics: a damaged row's table, id and fields; a demo's checks; a cache entry's status."""

    @property
    def problem(self) -> bool:
        return self.status == "problem"

    def line(self) -> str:
        """``ok: store integrity: integrity_check: ok``, ``problem: …; what to do``: one line, control characters
        (from a stored value, a file name) shown escaped."""
        text = f"{self.status}: {self.area} {self.check}: {self.message}"
        if self.advice:
            text += f"; {self.advice}"
        return printable(text.replace("\n", " "))

    def to_json(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "check": self.check,
            "status": self.status,
            "message": self.message,
            "advice": self.advice,
            "path": self.path,
            "details": self.details,
        }
