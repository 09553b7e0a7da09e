"""`quiz mock --plain`: through a real pipe (including a question left to time out), --json, EOF, bad input."""

from __future__ import annotations

import io
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

from quiz.cli import main
from quiz.interview import MIN_SECONDS
from quiz.progress import ProgressStore

ROOT = Path(__file__).resolve().parent.parent
STRONG_1 = (
    "With zero weights all neurons stay identical: they get the same gradients, so symmetry never breaks; random "
    "init lets the units specialize."
)
ANSWER_13 = "It is the kernel height times the kernel width times the number of input channels."


def _spawn(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "quiz", "mock", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def _lines(stream: IO[str]) -> queue.Queue[str | None]:
    out: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in stream:
            out.put(line)
        out.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return out


def _wait_for(lines: queue.Queue[str | None], marker: str, seen: list[str], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        if line is None:
            raise AssertionError(f"output ended before {marker!r}:\n{''.join(seen)}")
        seen.append(line)
        if marker in line:
            return


@contextmanager
def _killed_on_failure(proc: subprocess.Popen[str]) -> Iterator[None]:
    try:
        yield
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _finish(proc: subprocess.Popen[str], lines: queue.Queue[str | None], seen: list[str], last: str) -> tuple[str, str]:
    """Write the last answer, close stdin, wait for the end: (everything printed on stdout, stderr)."""
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.write(last + "\n")
    proc.stdin.close()
    proc.wait(timeout=15)
    err = proc.stderr.read()
    while (line := lines.get(timeout=5)) is not None:
        seen.append(line)
    return "".join(seen), err


SECONDS = int(MIN_SECONDS)  # the shortest time limit (5 s, the CLI's and the app's): question 2 runs out


def test_plain_mode_through_a_pipe_with_a_timeout(data_dir: Path) -> None:
    proc = _spawn("--plain", "--cards", "1,5,13", "--seconds", str(SECONDS), "--follow-ups", "0")
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    # Question 1's answer waits in the pipe before it is asked, so however loaded the machine is it cannot time out.
    proc.stdin.write(STRONG_1 + "\n")
    proc.stdin.flush()
    lines = _lines(proc.stdout)
    seen: list[str] = []
    with _killed_on_failure(proc):
        _wait_for(lines, "[1/3] Card 1", seen)
        _wait_for(lines, "[2/3] Card 5", seen)
        # Say nothing for question 2: stdin stays open, the second passes, the question times out.
        _wait_for(lines, "time is up", seen)
        # Question 3's answer can only be written once question 2 has timed out (else it would answer question 2);
        # it has SECONDS to arrive, thousands of times what writing a line takes.
        _wait_for(lines, "[3/3] Card 13", seen)
        out, err = _finish(proc, lines, seen, ANSWER_13)
    assert proc.returncode == 0, err
    assert "Q: Why can’t we set all weights to zero?" in out
    assert f"(time is up: {SECONDS} s; recorded as timed out)" in out
    assert "3 of 3 questions" in out
    assert f"| 2 | He initialization—for which activation? | {SECONDS} s of {SECONDS} s (timed out) | 0% | — |" in out
    assert "- [x] symmetry never breaks" in out
    assert "Saved as interview #1." in out
    # Stored with its answers.
    with ProgressStore.in_dir(data_dir) as store:
        (saved,) = store.interviews("weight-initialization")
    assert [a.card for a in saved.answers] == [1, 5, 13]
    assert [a.timed_out for a in saved.answers] == [False, True, False]
    assert saved.answers[0].answer == STRONG_1
    assert saved.answers[0].coverage == 1.0
    assert saved.answers[1].missed[0] == "designed for ReLU"
    assert saved.answers[2].matched == ("kernel height × width", "times input channels")
    assert all(a.self_grade is None for a in saved.answers)
    assert saved.score == pytest.approx((1.0 + 0.0 + 2 / 3) / 3)
    assert saved.anchors == {"fan_in": True, "activation": False, "symmetry": True}  # "number of input channels"


def test_json_output_through_a_pipe() -> None:
    proc = _spawn("--plain", "--json", "--cards", "1,5", "--seconds", "30", "--follow-ups", "0")
    out, err = proc.communicate(
        STRONG_1 + "\nHe init is for ReLU, since half of the activations are zero.\n", timeout=30
    )
    assert proc.returncode == 0, err
    report = json.loads(out)  # stdout is exactly one JSON object
    assert set(report) == {"questions", "score", "anchors"}
    assert [q["card"] for q in report["questions"]] == [1, 5]
    for q in report["questions"]:
        assert set(q) == {
            "card",
            "coverage",
            "matched",
            "missed",
            "contradicted",
            "time_s",
            "timed_out",
            "follow_ups",
            "recovered",
        }
        assert q["follow_ups"] == []
        assert q["contradicted"] == []
        assert q["timed_out"] is False
        assert 0 <= q["time_s"] < 30
    assert report["questions"][0]["coverage"] == 1.0
    assert report["questions"][1]["matched"] == ["designed for ReLU", "half the activations are zero"]
    assert report["score"] == 0.75
    assert report["anchors"] == {"fan_in": False, "activation": True, "symmetry": True}
    assert "Q: Why can’t we set all weights to zero?" in err  # prompts went to stderr


def _run(monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["mock", *args])


def test_end_of_input_ends_early_with_a_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert _run(monkeypatch, STRONG_1 + "\n", "--plain", "--cards", "1,5,13") == 0
    out = capsys.readouterr().out
    assert "(end of input: the interview ends here)" in out
    assert "1 of 3 questions · score **100%** · ended early" in out
    assert "[3/3]" not in out
    with ProgressStore.in_dir(data_dir) as store:
        (saved,) = store.interviews()
    assert [a.card for a in saved.answers] == [1]
    assert saved.settings["ended_early"] is True


def test_end_of_input_json_and_comparison(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(monkeypatch, "no idea\n", "--plain", "--json", "--cards", "1,5") == 0
    first = json.loads(capsys.readouterr().out)
    assert [q["card"] for q in first["questions"]] == [1]
    assert first["score"] == 0.0
    # Piped input without --plain runs plain mode too; the second interview is compared with the first.
    assert _run(monkeypatch, STRONG_1 + "\n", "--cards", "1") == 0
    out = capsys.readouterr().out
    assert "1 previous · last 0% (+100 points)" in out
    assert "Saved as interview #2." in out


def test_nothing_answered(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    assert _run(monkeypatch, "", "--plain", "--json", "--seed", "3") == 0
    captured = capsys.readouterr()
    anchors = {"fan_in": False, "activation": False, "symmetry": False}
    assert json.loads(captured.out) == {"questions": [], "score": 0.0, "anchors": anchors}
    assert "not saved" in captured.err
    assert not (data_dir / "progress.db").exists()


def test_seed_picks_five_questions(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    answers = "x\n" * 5
    assert _run(monkeypatch, answers, "--plain", "--json", "--seed", "11", "--follow-ups", "0") == 0
    report = json.loads(capsys.readouterr().out)
    first = [q["card"] for q in report["questions"]]
    exercises = [(e["position"], e["seed"]) for e in report["exercises"]]
    assert _run(monkeypatch, answers, "--plain", "--json", "--seed", "11", "--follow-ups", "0") == 0
    again = json.loads(capsys.readouterr().out)
    assert len(first) == 4 and first == [q["card"] for q in again["questions"]]  # one in five is an exercise
    # The same place and numbers; the kind is the one due first, and the first interview's exercise moved its on.
    assert len(exercises) == 1 and exercises == [(e["position"], e["seed"]) for e in again["exercises"]]
    assert report["exercises"][0]["kind"] != again["exercises"][0]["kind"]
    assert _run(monkeypatch, answers, "--plain", "--json", "--questions", "2", "--follow-ups", "0") == 0
    assert len(json.loads(capsys.readouterr().out)["questions"]) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--questions", "0"], "quiz: error: --questions: must be at least 1, got 0"),
        (["--questions", "-3"], "quiz: error: --questions: must be at least 1, got -3"),
        (["--questions", "two"], "quiz: error: --questions: 'two' is not a whole number"),
        (["--seconds", "0"], "quiz: error: --seconds: the time must be at least 5 s, not 0 s"),
        (["--seconds", "-5"], "quiz: error: --seconds: the time must be at least 5 s, not -5 s"),
        (["--seconds", "3"], "quiz: error: --seconds: the time must be at least 5 s, not 3 s"),  # the app's rule
        (["--seconds", "soon"], "quiz: error: --seconds: 'soon' is not a time: type seconds (90) or m:ss (1:30)"),
        (["--seconds", "nan"], "quiz: error: --seconds: 'nan' is not a time: type seconds (90) or m:ss (1:30)"),
        (["--seconds", "1e10"], "quiz: error: --seconds: the time must be at most 4 hours (14400 s), not 1e+10 s"),
        (["--seconds", "9.3e9"], "quiz: error: --seconds: the time must be at most 4 hours (14400 s), not 9.3e+09 s"),
        (["--seconds", "1e300"], "quiz: error: --seconds: the time must be at most 4 hours (14400 s), not 1e+300 s"),
        (["--seconds", "inf"], "quiz: error: --seconds: the time must be at most 4 hours (14400 s), not inf s"),
        (["--seconds", "1:75"], "quiz: error: --seconds: '1:75' is not a time: type seconds (90) or m:ss (1:30)"),
        (["--cards", "1,99"], "quiz: error: --cards: no card 99 in deck 'weight-initialization'"),
        (["--cards", "x"], "quiz: error: --cards: 'x' is not a card number"),
        (["--cards", "1,1"], "quiz: error: --cards: card 1 is listed twice (each card is asked once)"),
        (["--cards", "5,3,5"], "quiz: error: --cards: card 5 is listed twice (each card is asked once)"),
        (["--seed", "abc"], "quiz: error: --seed: 'abc' is not a whole number"),
        (["--follow-ups", "-1"], "quiz: error: --follow-ups: must be from 0 to 5, got -1"),
        (["--follow-ups", "9"], "quiz: error: --follow-ups: must be from 0 to 5, got 9"),
        (["--follow-ups", "one"], "quiz: error: --follow-ups: 'one' is not a whole number"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert _run(monkeypatch, "", "--plain", *args) == 2
    captured = capsys.readouterr()
    assert captured.err == message + "\n"
    assert captured.out == ""


# -- follow-up questions ------------------------------------------------------------------------------------------

PARTIAL_5 = "He init is meant for ReLU networks."
FOLLOW_UP_SECONDS = 3  # the follow-up left to run out (half of question 2's 6 s, which has 6 s for its answer)
RECOVERS_5 = "Because ReLU zeroes half the activations, which halves the variance."


def test_a_follow_up_is_its_own_prompt_line_and_reads_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    stdin = f"{PARTIAL_5}\n{RECOVERS_5}\n{STRONG_1}\n"
    assert _run(monkeypatch, stdin, "--plain", "--json", "--cards", "5,1") == 0
    captured = capsys.readouterr()
    prompts = captured.err.splitlines()
    follow = prompts.index("Follow-up 1 on card 5 · 45 s: Why 2 and not 1?")
    assert prompts[follow + 1].startswith("> ")
    assert "Heard: “zeroes half the activations” (half the activations are zero; counts half)." in captured.err
    report = json.loads(captured.out)
    first, second = report["questions"]
    assert first["card"] == 5 and second["card"] == 1  # the follow-up read exactly one line
    assert [
        {k: f[k] for k in ("key_point", "question", "answer", "matched", "timed_out")} for f in first["follow_ups"]
    ] == [
        {
            "key_point": "half the activations are zero",
            "question": "Why 2 and not 1?",
            "answer": RECOVERS_5,
            "matched": True,
            "timed_out": False,
        }
    ]
    assert first["coverage"] == 0.375 and first["recovered"] == ["half the activations are zero"]
    assert second["follow_ups"] == []  # a full answer: no follow-up
    with ProgressStore.in_dir(data_dir) as store:
        (saved,) = store.interviews("weight-initialization")
    assert saved.answers[0].follow_ups[0]["matched"] is True
    assert saved.answers[0].coverage == 0.375


def test_follow_ups_n_and_off(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        _run(monkeypatch, f"{PARTIAL_5}\nno idea\nnone\n", "--plain", "--json", "--cards", "5", "--follow-ups", "2")
        == 0
    )
    captured = capsys.readouterr()
    (question,) = json.loads(captured.out)["questions"]
    assert [f["key_point"] for f in question["follow_ups"]] == ["half the activations are zero", "Var = 2 / fan_in"]
    assert all(f["matched"] is False for f in question["follow_ups"])
    assert "Follow-up 2 on card 5 · 45 s: Write the weight variance down for me." in captured.err
    assert _run(monkeypatch, f"{PARTIAL_5}\n", "--plain", "--json", "--cards", "5", "--follow-ups", "0") == 0
    captured = capsys.readouterr()
    assert "Follow-up" not in captured.err
    assert json.loads(captured.out)["questions"][0]["follow_ups"] == []


def test_a_follow_up_left_unanswered_times_out_through_a_pipe(data_dir: Path) -> None:
    proc = _spawn("--plain", "--cards", "5,1", "--seconds", str(FOLLOW_UP_SECONDS * 2))
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write(PARTIAL_5 + "\n")  # waits in the pipe: answered however loaded the machine is
    proc.stdin.flush()
    lines = _lines(proc.stdout)
    seen: list[str] = []
    with _killed_on_failure(proc):
        _wait_for(lines, f"Follow-up 1 on card 5 · {FOLLOW_UP_SECONDS} s: Why 2 and not 1?", seen)
        _wait_for(lines, "time is up", seen)  # nothing written: the follow-up runs out (half the question's time)
        _wait_for(lines, "[2/2] Card 1", seen)
        out, err = _finish(proc, lines, seen, STRONG_1)
    assert proc.returncode == 0, err
    assert f"(time is up: {FOLLOW_UP_SECONDS} s; recorded as timed out)" in out
    on = "- **Why 2 and not 1?** — on *half the activations are zero*"
    assert f"{on} · {FOLLOW_UP_SECONDS} s of {FOLLOW_UP_SECONDS} s (timed out)" in out
    with ProgressStore.in_dir(data_dir) as store:
        (saved,) = store.interviews("weight-initialization")
    assert saved.answers[0].follow_ups[0]["timed_out"] is True
    assert saved.answers[0].follow_ups[0]["answer"] == ""


@pytest.mark.parametrize(("seconds", "limit"), [("5", "5 s"), ("1:30", "90 s"), ("2m", "120 s"), ("14400", "14400 s")])
def test_seconds_take_the_apps_forms_within_its_bounds(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], seconds: str, limit: str
) -> None:
    assert _run(monkeypatch, "x\n", "--plain", "--cards", "1", "--seconds", seconds) == 0
    assert f"[1/1] Card 1 · Easy · {limit}" in capsys.readouterr().out


def test_undecodable_and_hostile_answers_through_a_pipe(data_dir: Path) -> None:
    """Latin-1 bytes and terminal escapes in the answers: the interview goes on, the answers are kept (undecodable
    bytes as U+FFFD), and nothing raw reaches the terminal in the transcript or the report."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "QUIZ_DATA_DIR": str(data_dir)}
    answers = b"caf\xe9 symmetry never breaks\n<script>alert(1)</script> \x1b]0;PWNED\x07\x1b[2J\n"
    proc = subprocess.run(
        [sys.executable, "-m", "quiz", "mock", "--plain", "--cards", "1,5", "--follow-ups", "0"],
        input=answers,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"Traceback" not in proc.stderr
    out = proc.stdout.decode("utf-8")
    assert "\x1b" not in out and "\x07" not in out
    assert "> caf\ufffd symmetry never breaks" in out  # the echoed transcript
    assert "> <script>alert(1)</script> \\x1b]0;PWNED\\x07\\x1b[2J" in out
    assert "| caf\ufffd symmetry never breaks |" in out  # the Markdown report
    assert "&lt;script>alert(1)&lt;/script> \\\\x1b\\]0;PWNED\\\\x07\\\\x1b\\[2J" in out
    with ProgressStore.in_dir(data_dir) as store:
        (saved,) = store.interviews()
    assert [a.answer for a in saved.answers] == [
        "caf\ufffd symmetry never breaks",
        "<script>alert(1)</script> \x1b]0;PWNED\x07\x1b[2J",
    ]
