"""`quiz plan`: set, show and clear the interview date; the desired retention; bad input; `quiz stats --json` and
`quiz drill --plain` with a date."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.progress import ProgressStore
from quiz.settings import SETTINGS_FILE, load_settings, read_settings

SOON = (datetime.now().astimezone() + timedelta(days=6)).date()


def _plan(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["plan", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_set_show_and_clear_the_date(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _plan(capsys)
    assert code == 0 and err == ""
    assert "No interview date is set: readiness is the recall 24 h from now." in out
    assert not data_dir.joinpath(SETTINGS_FILE).exists()  # showing writes nothing

    code, out, _ = _plan(capsys, "--date", f"{SOON}T14:00")
    assert code == 0
    moment = load_settings(data_dir).interview_at
    assert moment is not None and moment.replace(tzinfo=None) == datetime.fromisoformat(f"{SOON}T14:00")
    assert moment.utcoffset() == datetime.fromisoformat(f"{SOON}T14:00").astimezone().utcoffset()
    assert "your local time" in out.splitlines()[0]
    assert f"Today: drill 15 cards, weakest first: {','.join(str(i) for i in range(1, 16))}" in out
    assert "DAY" in out and "READINESS AFTER" in out and "interview" in out

    code, out, _ = _plan(capsys)
    assert code == 0 and out.startswith("Interview: ")

    code, out, _ = _plan(capsys, "--clear")
    assert code == 0 and "The interview date is cleared" in out
    assert "interview_at" not in read_settings(data_dir)


def test_an_offset_is_kept_and_said(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _plan(capsys, "--date", f"{SOON}T14:00+05:30")
    assert code == 0
    assert "(UTC+05:30), at the offset given." in out.splitlines()[0]
    assert read_settings(data_dir)["interview_at"] == f"{SOON}T14:00:00+05:30"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2020-01-01"], "quiz: error: --date: Wed 1 Jan 2020 09:00 ("),
        (["--date", "tomorrow"], "quiz: error: --date: 'tomorrow' is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM"),
        (["--date", "2026-02-30"], "quiz: error: --date: '2026-02-30' is not a date"),
        (["--retention", "0.99"], "quiz: error: --retention: must be between 0.7 and 0.97 (Anki's advice for FSRS)"),
        (["--retention", "0.5"], "quiz: error: --retention: must be between 0.7 and 0.97"),
        (["--retention", "lots"], "quiz: error: --retention: 'lots' is not a number"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = _plan(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert not data_dir.joinpath(SETTINGS_FILE).exists()


def test_a_past_date_says_so(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _code, _out, err = _plan(capsys, "--date", "2020-01-01")
    assert "is in the past" in err


def test_date_and_clear_do_not_go_together(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["plan", "--date", str(SOON), "--clear"])
    assert info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_retention_is_saved_and_used(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _plan(capsys, "--retention", "85%", "--date", str(SOON))
    assert code == 0
    assert "Desired retention saved: 85%" in out
    assert load_settings(data_dir).desired_retention == 0.85
    assert "every card at 85% or more" in out
    assert ProgressStore.in_dir(data_dir).desired_retention() == 0.85


def test_plan_json(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _plan(capsys, "--json")
    assert code == 0
    undated = json.loads(out)
    assert undated["interview_at"] is None and undated["days"] == [] and undated["today"] == list(range(1, 16))
    _plan(capsys, "--date", f"{SOON}T10:00")
    code, out, _ = _plan(capsys, "--json")
    dated = json.loads(out)
    assert dated["interview_at"].startswith(f"{SOON}T10:00")
    assert dated["desired_retention"] == 0.9 and dated["target"] == 0.9
    assert dated["today"] == list(range(1, 16))
    assert dated["days"][0]["cards"] == list(range(1, 16))
    assert all(0 <= d["readiness"] <= 1 for d in dated["days"])
    assert dated["planned_recall"] >= 0.9


def test_stats_json_carries_readiness(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressStore.in_dir(data_dir) as store:
        store.record_review("weight-initialization", 3, 3)
    assert main(["stats", "--json"]) == 0
    undated = json.loads(capsys.readouterr().out)
    assert undated["interview_at"] is None
    _plan(capsys, "--date", str(SOON))
    assert main(["stats", "--json"]) == 0
    dated = json.loads(capsys.readouterr().out)
    assert dated["interview_at"].startswith(str(SOON))
    card = next(c for c in dated["cards"] if c["id"] == 3)
    assert card["retrievability"] == 1.0  # recall now: kept as it was
    assert 0 < card["recall_at_interview"] < next(c for c in undated["cards"] if c["id"] == 3)["recall_at_interview"]
    assert dated["expected_recall"] == pytest.approx(card["recall_at_interview"] / 15, abs=1e-4)
    assert main(["stats"]) == 0
    text = capsys.readouterr().out
    assert "AT INTERVIEW" in text and "expected recall" in text


def test_drill_with_a_date_says_it_follows_the_plan(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _plan(capsys, "--date", str(SOON))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["drill", "--plain"]) == 0
    out = capsys.readouterr().out
    assert "For the interview (" in out and "today's cards of the plan, least ready first" in out
    assert "[1/15] Card 1" in out


def test_plan_is_a_light_command(data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "quiz", "plan", "--date", str(SOON)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert "quiz" in imported and "fsrs" in imported
    assert "textual" not in imported and "numpy" not in imported


def test_a_data_dir_that_is_a_file_is_said_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["--data-dir", str(blocker), "plan", "--date", str(SOON)]) == 2
    err = capsys.readouterr().err
    assert err == f"quiz: error: cannot save the settings: the data dir {blocker} is a file, not a folder\n"
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_damaged_setting_is_named_and_ignored(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data_dir / SETTINGS_FILE).write_text('{"interview_at": "soon", "desired_retention": 3}', encoding="utf-8")
    code, out, err = _plan(capsys)
    assert code == 0 and "No interview date is set" in out and "Desired retention: 90%" in out
    assert "interview_at: " in err and "desired_retention: " in err and err.count("ignored") == 2
