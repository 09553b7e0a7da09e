"""`quiz exercise` as a user runs it: one exercise, one graded answer, line mode, and bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.exercises import make_exercise
from quiz.progress import ProgressStore
from quiz.progress.exercises import attempts, kind_states

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        code = main(["exercise", *argv])
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


def test_one_exercise_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--kind", "scale", "--seed", "7")
    assert code == 0 and err == ""
    exercise = make_exercise("scale", 7)
    lines = out.splitlines()
    assert lines[0] == "scale exercise · seed 7 · graded within 2%"
    assert lines[1] == exercise.question
    assert 'quiz exercise --kind scale --seed 7 --answer "…"' in out
    assert str(exercise.solution().answer)[:6] not in out  # the answer is not given away


def test_the_same_seed_prints_the_same_exercise(capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "--seed", "123", "--json")[1]
    assert run(capsys, "--seed", "123", "--json")[1] == first
    data = json.loads(first)
    assert data["seed"] == 123  # the kind comes from the seed
    assert json.loads(run(capsys, "--kind", data["kind"], "--seed", "123", "--json")[1]) == data


def test_without_a_seed_the_numbers_are_fresh(capsys: pytest.CaptureFixture[str]) -> None:
    seeds = {json.loads(run(capsys, "--kind", "fan", "--json")[1])["seed"] for _ in range(5)}
    assert len(seeds) >= 4


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("fan", {"weight_shape", "init", "init_kwargs", "quantity"}),
        ("scale", {"weight_shape", "init", "init_kwargs", "quantity"}),
        ("gain", {"init", "init_kwargs", "quantity"}),
    ],
)
def test_json_of_an_exercise(capsys: pytest.CaptureFixture[str], kind: str, fields: set[str]) -> None:
    code, out, _ = run(capsys, "--kind", kind, "--seed", "42", "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"kind", "seed", "question", "answer", "tolerance", "explanation"} | fields
    assert data["answer"] == pytest.approx(make_exercise(kind, 42).solution().answer)


def test_grading_an_answer_exits_0_right_or_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    exercise = make_exercise("fan", 3)
    answer = int(exercise.solution().answer)
    code, out, err = run(capsys, "--kind", "fan", "--seed", "3", "--answer", str(answer), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["given"] == answer and data["correct"] is True and data["relative_error"] == 0
    code, out, _ = run(capsys, "--kind", "fan", "--seed", "3", "--answer", f"{answer}/2", "--json")
    data = json.loads(out)
    assert code == 0 and data["correct"] is False and data["relative_error"] == pytest.approx(0.5)
    code, out, _ = run(capsys, "--kind", "fan", "--seed", "3", "--answer", f"{answer}/2")
    assert code == 0
    assert f"✗ Wrong: the answer is {answer}; you said {answer}/2 = {answer // 2}" in out
    assert "How: " in out and "torch stores its weight as" in out


def test_the_issue_example_feedback(capsys: pytest.CaptureFixture[str]) -> None:
    seed = next(
        s
        for s in range(3000)
        if (e := make_exercise("scale", s)).init == "kaiming_normal"
        and e.init_kwargs == {"nonlinearity": "relu"}
        and e.weight_shape is not None
        and e.weight_shape[1:] == (64, 3, 3)
    )
    code, out, _ = run(capsys, "--kind", "scale", "--seed", str(seed), "--answer", "√(2/576)")
    assert code == 0
    assert "✓ Right: the answer is 0.05893; you said √(2/576) = 0.05893 (0.0% off; graded within 2%)." in out
    assert "fan_in = 64·3·3 = 576; gain √2 (relu); std = gain/√fan_in = √2/√576 = 0.05893" in out


def test_grading_saves_nothing(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    run(capsys, "--kind", "gain", "--seed", "1", "--answer", "1.414")
    assert not (data_dir / "progress.db").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--kind", "relu"], "--kind: unknown exercise kind 'relu'; kinds: fan, scale, gain, experiment"),
        (["--seed", "x"], "--seed: a seed is a whole number"),
        (["--seed", "-1"], "--seed: a seed is a whole number"),
        (["--kind", "fan", "--seed", "1", "--answer", "abc"], "--answer: unknown name 'abc'"),
        (["--kind", "fan", "--seed", "1", "--answer", "__import__('os')"], "--answer: unknown name '__import__'"),
        (["--kind", "fan", "--seed", "1", "--answer", "9^9^9^9"], "--answer: 9^3.8742e+08 is too large"),
        (
            ["--kind", "fan", "--seed", "1", "--answer", "(" * 10_000 + "1" + ")" * 10_000],
            "--answer: the answer is too long",
        ),
        (["--kind", "fan", "--seed", "1", "--answer", ""], "--answer: no answer"),
        (["--kind", "fan", "--seed", "1", "--answer", "1,5"], "--answer: unexpected ','"),
        (["--answer", "1"], "--answer needs --seed N"),
        (["--count", "3"], "--count needs --plain"),
        (["--plain", "--count", "0"], "--count: must be from 1 to 1000"),
        (["--plain", "--count", "lots"], "--count: 'lots' is not a whole number"),
        (["--plain", "--answer", "1"], "--answer grades one exercise"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv, stdin="")
    assert code == 2
    assert out == ""
    assert err.startswith(f"quiz: error: {message}"), err
    assert err.count("\n") == 1


def test_bad_input_through_a_real_process_has_no_traceback(data_dir: Path) -> None:
    for answer in ("__import__('os').system('echo pwned')", "9^9^9^9", "(" * 10_000 + "1" + ")" * 10_000):
        proc = subprocess.run(
            [sys.executable, "-m", "quiz", "exercise", "--kind", "scale", "--seed", "1", "--answer", answer],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "QUIZ_DATA_DIR": str(data_dir)},
            timeout=60,
        )
        assert proc.returncode == 2
        assert proc.stdout == "" and "pwned" not in proc.stderr
        assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


@pytest.mark.parametrize("kind", ["fan", "scale", "gain"])
def test_light_kinds_import_neither_numpy_nor_textual(kind: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "quiz", "exercise", "--kind", kind, "--seed", "5", "--answer", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    imported = {line.split("|")[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    assert "quiz" in imported
    assert not {"numpy", "textual", "rich"} & imported


def test_an_experiment_shows_the_demos_chart(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--kind", "experiment", "--seed", "2", "--answer", "2^-19")
    assert code == 0
    assert "quiz demo he-vs-xavier --param depth=" in out
    assert "Pre-activation variance per layer (ReLU)" in out and "* He   o Xavier" in out
    data = json.loads(run(capsys, "--kind", "experiment", "--seed", "2", "--answer", "2^-19", "--json")[1])
    assert data["tolerance"] == 2.0 and set(data) == {
        "kind",
        "seed",
        "question",
        "answer",
        "tolerance",
        "explanation",
        "given",
        "correct",
        "relative_error",
    }


# --- line mode ------------------------------------------------------------------------------------------------------


def test_plain_mode_asks_grades_saves_and_reports(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    fan = make_exercise("fan", 10)
    gain = make_exercise("gain", 12)
    right_fan = str(int(fan.solution().answer))
    stdin = f"{right_fan}\n\nnot a number\n{gain.solution().answer}\n"
    code, out, err = run(capsys, "--plain", "--count", "3", "--seed", "10", stdin=stdin)
    assert code == 0, err
    # New kinds come in order (fan, scale, gain): FSRS has nothing due yet.
    assert "[1/3] fan · seed 10 · graded exact" in out
    assert "[2/3] scale · seed 11 · graded within 2%" in out
    assert "[3/3] gain · seed 12 · graded within 2%" in out
    assert f"✓ Right: the answer is {right_fan}" in out
    assert "✗ No answer: the answer is" in out
    assert "Could not read that: unknown name 'not'" in out
    assert out.count("saved: ") == 3 and "saved: fan graded good" in out and "saved: scale graded again" in out
    assert out.rstrip().endswith("2 of 3 right (fan 1/1, scale 0/1, gain 1/1). Progress by kind: quiz stats.")
    with ProgressStore.in_dir(data_dir) as store:
        saved = attempts(store)
        states = kind_states(store)
    assert [(a.kind, a.seed, a.correct, a.grade, a.mode) for a in saved] == [
        ("fan", 10, True, 3, "practice"),
        ("scale", 11, False, 1, "practice"),
        ("gain", 12, True, 3, "practice"),
    ]
    assert saved[1].given is None and saved[0].answer == right_fan
    assert states["fan"].attempts == 1 and states["experiment"].is_new


def test_plain_mode_end_of_input_stops_cleanly(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = run(capsys, "--plain", "--kind", "gain", "--count", "5", stdin="1\n")
    assert code == 0
    assert out.count("saved: ") == 1
    assert "(end of input)" in out.splitlines()[-1]


def test_plain_mode_json(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, err = run(capsys, "--plain", "--kind", "fan", "--seed", "3", "--count", "2", "--json", stdin="1\n2\n")
    assert code == 0
    data = json.loads(out)
    assert data["asked"] == 2 and data["right"] == 0
    assert [e["seed"] for e in data["exercises"]] == [3, 4]
    assert "[1/2] fan" in err  # prompts go to stderr


def test_stats_show_each_kind(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    fan = make_exercise("fan", 1)
    run(capsys, "--plain", "--kind", "fan", "--seed", "1", "--count", "1", stdin=f"{int(fan.solution().answer)}\n")
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_kind = {k["kind"]: k for k in data["exercises"]}
    assert list(by_kind) == ["fan", "scale", "gain", "experiment"]
    assert by_kind["fan"]["attempts"] == 1 and by_kind["fan"]["correct"] == 1 and not by_kind["fan"]["new"]
    assert by_kind["scale"]["new"] and by_kind["scale"]["due"] is None
    assert main(["stats"]) == 0
    text = capsys.readouterr().out
    assert "Exercises (each kind is scheduled by FSRS" in text
    assert any(line.split()[:4] == ["fan", "1", "1", "100%"] for line in text.splitlines())
