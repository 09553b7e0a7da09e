"""Where user data lives. Nothing is created here: callers create directories only when they write."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "QUIZ_DATA_DIR"
ENV_CACHE_DIR = "QUIZ_CACHE_DIR"


def data_dir(override: str | Path | None = None) -> Path:
    """``override`` (``--data-dir``), else ``$QUIZ_DATA_DIR``, else platformdirs' user data dir for quiz."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("quiz", appauthor=False))


def cache_dir() -> Path:
    """``$QUIZ_CACHE_DIR``, else platformdirs' user cache dir for quiz: copies that are safe to delete (validated
    decks, see ``quiz.deck_cache``)."""
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("quiz", appauthor=False))
