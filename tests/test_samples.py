"""The sample exports in data/samples are real: they import, and the Markdown sample matches its JSON."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from quiz.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def test_sample_json_imports_and_round_trips(data_dir: Path, tmp_path: Path) -> None:
    sample = SAMPLES / "progress-export.json"
    assert main(["import", str(sample)]) == 0
    out = tmp_path / "again.json"
    assert main(["export", "--out", str(out)]) == 0
    before, after = json.loads(sample.read_text(encoding="utf-8")), json.loads(out.read_text(encoding="utf-8"))
    before.pop("exported_at")
    after.pop("exported_at")
    assert after == before
    assert len(after["reviews"]) == 2
    assert len(after["interviews"]) == 1
    assert len(after["exercises"]) == 1


def test_export_file_gets_ordinary_permissions(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    umask = os.umask(0o022)
    try:
        assert main(["export", "--out", str(out)]) == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_sample_markdown_is_the_export_of_the_sample(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLES / "progress-export.json")]) == 0
    capsys.readouterr()
    assert main(["export", "--format", "md"]) == 0
    assert capsys.readouterr().out == (SAMPLES / "mock-interviews.md").read_text(encoding="utf-8")
