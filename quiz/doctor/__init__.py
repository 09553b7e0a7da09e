"""``quiz doctor``: a check-up of everything quiz keeps and relies on, changing nothing unless asked to.

:func:`check_up` yields :class:`Finding`\\ s one at a time (the CLI prints each as it comes), in this order:

- ``deck``: the deck file validated (``quiz.deck``);
- ``store``: ``<data dir>/progress.db``, as ``quiz.progress.health.inspect_store`` finds it (file, SQLite header,
  ``PRAGMA integrity_check``, schema version, damaged rows of every table), reviews of cards the deck no longer has,
  and damaged stores moved aside earlier (``store_checks``);
- ``cache``: every entry of the validated-deck cache (``quiz.deck_cache``), and the deck in use's own entry;
- ``settings``: ``<data dir>/settings.json`` by the app's own rules (``quiz.settings``);
- ``demos``: each demo's checks re-run under the installed NumPy (``demo_checks``; skipped with ``demos=False``).

Read-only unless ``fix``: the store is opened read-only and immutable (no -wal or -shm is created), the cache and
settings are only read. ``fix`` does only safe things, in the cache alone: the deck in use gets a fresh entry when
its own is missing, out of date or damaged, and stale or damaged entries are deleted. A review is never deleted or
edited, the store never moved, the settings never rewritten.

Light: no Textual, and NumPy only for the demo checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from quiz.doctor.finding import Finding, Status

__all__ = ["Finding", "Places", "Status", "check_up"]


@dataclass(frozen=True)
class Places:
    """Where to look: the data dir (store, settings), the cache dir, and the deck file."""

    data_dir: Path
    cache_dir: Path
    deck_path: Path
    shipped_deck: bool = True
    """True when ``deck_path`` is the deck that comes with quiz (no ``--deck`` given)."""


def check_up(places: Places, *, fix: bool = False, demos: bool = True, full: bool = True) -> Iterator[Finding]:
    """Every finding, in order, each as soon as it is made. ``full``: ``integrity_check`` rather than the quicker
    ``quick_check``."""
    from quiz.doctor.deck_checks import cache_findings, deck_finding
    from quiz.doctor.settings_check import settings_findings
    from quiz.doctor.store_checks import store_findings

    deck_found, deck = deck_finding(places.deck_path, shipped=places.shipped_deck)
    yield deck_found
    yield from store_findings(places.data_dir, deck, full=full)
    yield from cache_findings(places.cache_dir, places.deck_path, deck, fix=fix)
    yield from settings_findings(places.data_dir)
    if demos:
        from quiz.doctor.demo_checks import demo_findings

        yield from demo_findings()
