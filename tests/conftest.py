"""Shared fixtures. Every test runs with its own empty data and cache dirs: a developer's own are never touched."""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from quiz.deck import Deck, default_deck_path, load_deck

# One BLAS thread, as the app itself asks for (quiz.demos.base.single_threaded_blas): with two xdist workers on two
# cores, OpenBLAS threads spinning in one worker starve the other. Set before any test module imports NumPy.
for _var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_finish(session: pytest.Session) -> None:
    """Collected: what is alive now (modules, NumPy, Textual, the test items) lives as long as the session, and the
    cyclic GC need not walk it again (``gc.freeze``); and it runs less often. Each test app leaves tens of thousands
    of objects behind, and with CPython's default thresholds a full collection came every few tests: GC took about 18 %
    of a worker's CPU time in the TUI and demo tests, about 6 % with these settings (three test files, two workers:
    46 s before, 35 s after)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(5000, 20, 20)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path_factory.mktemp("quiz-data")
    monkeypatch.setenv("QUIZ_DATA_DIR", str(data))
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path_factory.mktemp("quiz-cache")))
    return data


@pytest.fixture
def data_dir(_isolated_data_dir: Path) -> Path:
    """The (empty, temporary) data dir this test's QUIZ_DATA_DIR points at."""
    return _isolated_data_dir


@pytest.fixture(scope="session")
def deck() -> Deck:
    return load_deck(default_deck_path())


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A temporary folder another user can reach (pytest's own is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="quiz-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for p in [folder, *folder.rglob("*")]:
            if p.is_dir():
                p.chmod(0o755)
        shutil.rmtree(folder)
