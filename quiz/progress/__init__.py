"""Progress: the SQLite store of reviews and mock interviews, fsrs scheduling, drills, stats, export/import.

Imports no Textual and no NumPy. Start with ``ProgressStore.in_dir(data_dir())``.
"""

from __future__ import annotations

from quiz.progress.models import CardState, Interview, InterviewAnswer, Mode, Review
from quiz.progress.store import FILENAME, ProgressError, ProgressStore, StoreVanished

__all__ = [
    "FILENAME",
    "CardState",
    "Interview",
    "InterviewAnswer",
    "Mode",
    "ProgressError",
    "ProgressStore",
    "Review",
    "StoreVanished",
]
