"""`quiz export --format md`: the stored mock interviews as Markdown reports, each compared with the earlier ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.cli import main


def mock(data_dir: Path, cards: str, answers: str) -> None:
    env = {**os.environ, "QUIZ_DATA_DIR": str(data_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "quiz", "mock", "--plain", "--cards", cards, "--json"],
        input=answers,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_no_interviews_yet(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "md"]) == 0
    assert "No mock interviews yet" in capsys.readouterr().out
    assert not (data_dir / "progress.db").exists()


def test_reports_in_order_with_comparison(data_dir: Path, tmp_path: Path) -> None:
    mock(data_dir, "1", "Zero weights keep every neuron identical, same gradients, so symmetry never breaks.\n")
    mock(data_dir, "13", "It is k_h × k_w × in_channels: the multiply-add inputs that contribute to one output.\n")
    out = tmp_path / "interviews.md"
    assert main(["export", "--format", "md", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    first, second = text.split("\n---\n")
    assert "## 1. Why can’t we set all weights to zero?" in first
    assert "- [x] neurons stay identical" in first
    assert "- [ ] random init lets units specialize" in first
    assert "This is your first interview." in first
    assert "## 1. fan_in for a conv layer?" in second
    assert "- [x] kernel height × width" in second
    assert "1 previous · last 75%" in second
