"""Counts in words: "1 card", "15 cards" (never "card(s)")."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and ``noun``, in the singular for exactly one: ``counted(1, "card")`` is ``"1 card"``."""
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {plural or noun + 's'}"
