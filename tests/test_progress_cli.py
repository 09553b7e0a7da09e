"""`quiz drill`, `quiz stats`, `quiz export`, `quiz import` as a user runs them."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.deck import Deck
from quiz.progress import ProgressStore

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(argv))
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


def _saved(out: str) -> int:
    return sum(line.startswith("saved") for line in out.splitlines())


def test_plain_drill_through_a_real_pipe(data_dir: Path) -> None:
    env = {**os.environ, "QUIZ_DATA_DIR": str(data_dir)}
    proc = subprocess.run(
        [sys.executable, "-m", "quiz", "drill", "--plain"],
        input="symmetry breaking\n3\n\nmaybe\n  Hard \n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert "Q: Why can’t we set all weights to zero?" in lines
    assert sum(line.startswith("saved") for line in lines) == 2
    assert any(line.startswith("Reference answer: Neurons in a layer stay identical") for line in lines)
    assert any(line.startswith("Please type 1, 2, 3 or 4") and "'maybe'" in line for line in lines)
    assert lines[-1].startswith("drill done: 2 of 15 cards graded (0 again, 1 hard, 1 good, 0 easy)")
    assert "\x1b" not in proc.stdout  # no cursor tricks
    with ProgressStore.in_dir(data_dir) as store:
        [first, second] = store.reviews()
    assert (first.card, first.grade, first.answer) == (1, 3, "symmetry breaking")
    assert (second.card, second.grade, second.answer) == (2, 2, "")


def test_plain_drill_suggests_a_grade_and_an_empty_line_accepts_it(
    capsys: pytest.CaptureFixture[str], data_dir: Path, deck: Deck
) -> None:
    answers = (
        "He init is for tanh and sigmoid, Xavier is for ReLU\n\n"  # contradicted: again, taken with an empty line
        "Neurons stay identical since they all get the same gradients, so symmetry never breaks.\n\n"  # 3 of 4: good
        "Reproducibility, so runs compare fairly.\n4\n"  # the suggestion overridden
    )
    code, out, _ = run(capsys, "drill", "--plain", "--cards", "15,1,14", stdin=answers)
    assert code == 0
    lines = out.splitlines()
    reference = next(i for i, line in enumerate(lines) if line.startswith("Reference answer: He for ReLU"))
    after = lines[reference + 1 :]
    assert "contradicted: you said “He init is for tanh” — He is for ReLU; Xavier for tanh/sigmoid." in after
    assert "suggested grade: 1 (again): contradicts “He for ReLU”" in after
    assert "heard: neurons stay identical; same gradients and updates; symmetry never breaks" in lines
    assert "missed: random init lets units specialize" in lines
    assert any(line.startswith("suggested grade: 3 (good)") for line in lines)
    with ProgressStore.in_dir(data_dir) as store:
        assert [(r.card, r.grade) for r in store.reviews(deck.id)] == [(15, 1), (1, 3), (14, 4)]


def test_plain_drill_without_an_answer_suggests_nothing(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = run(capsys, "drill", "--plain", "--cards", "2", stdin="\n\n2\n")
    assert code == 0
    assert "suggested grade" not in out
    assert "Please type 1, 2, 3 or 4 (or again, hard, good, easy), not ''" in out
    assert "saved: card 2 graded hard" in out


def test_drill_chosen_cards_then_nothing_due(capsys: pytest.CaptureFixture[str], deck: Deck) -> None:
    code, out, _ = run(capsys, "drill", "--plain", "--cards", "9,5", stdin="a\ngood\nb\neasy\n")
    assert code == 0
    assert out.index("Card 9") < out.index("Card 5")
    assert "saved: card 9 graded good; next due" in out
    everything = "".join("x\n4\n" for _ in deck.cards)
    code, out, _ = run(capsys, "drill", "--plain", stdin=everything)
    assert code == 0 and _saved(out) == len(deck.cards) - 2
    code, out, err = run(capsys, "drill", "--plain", stdin="")
    assert code == 0 and err == ""
    assert out.startswith("Nothing is due in deck 'weight-initialization'; the next card is due")


def test_cram_drill_does_not_touch_the_schedule(capsys: pytest.CaptureFixture[str], data_dir: Path, deck: Deck) -> None:
    code, out, _ = run(capsys, "drill", "--plain", "--cram", "--cards", "3", stdin="x\n1\n")
    assert code == 0 and "saved: card 3 graded again (cram: schedule unchanged)" in out
    with ProgressStore.in_dir(data_dir) as store:
        state = store.card_state(deck.id, 3)
    assert state.reviews == 1 and state.is_new


def test_drill_without_plain_uses_plain_mode_for_piped_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "drill", stdin="x\n3\n")
    assert code == 0 and _saved(out) == 1


def test_drill_without_plain_on_a_terminal_points_to_the_app(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Tty(""))
    assert main(["drill"]) == 2
    _, err = capsys.readouterr()
    assert (
        err.strip()
        == "quiz: error: the full-screen drill is in the app: run `quiz` and press r (or use `quiz drill --plain`)"
    )


def test_bad_cards_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, err = run(capsys, "drill", "--plain", "--cards", "1,99", stdin="")
    assert code == 2 and out == ""
    assert err == "quiz: error: --cards: no card 99 in deck 'weight-initialization'\n"
    assert not (data_dir / "progress.db").exists()


def test_stats_json_shape_and_numbers(capsys: pytest.CaptureFixture[str], data_dir: Path, deck: Deck) -> None:
    code, out, _ = run(capsys, "stats", "--json")
    assert code == 0
    empty = json.loads(out)
    assert empty["reviews"] == 0 and empty["mock_interviews"] == 0 and len(empty["cards"]) == 15
    assert not (data_dir / "progress.db").exists()  # read-only command: nothing created
    run(capsys, "drill", "--plain", "--cards", "4,4,12", stdin="a\n3\nb\n1\nc\n2\n")
    code, out, _ = run(capsys, "stats", "--json")
    data = json.loads(out)
    assert data["reviews"] == 3 and data["recalled"] == 2 and data["streak_days"] == 1
    cards = {c["id"]: c for c in data["cards"]}
    assert set(cards[4]) >= {"id", "reviews", "last_grade", "due", "retrievability"}
    assert cards[4]["reviews"] == 2 and cards[4]["last_grade"] == 1 and cards[12]["last_grade"] == 2
    assert cards[1]["reviews"] == 0 and cards[1]["due"] is None
    assert data["by_difficulty"]["medium"]["reviews"] == 3
    code, out, _ = run(capsys, "stats")
    assert code == 0 and "3 reviews" in out and "Weakest:" in out


def test_export_import_through_the_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run(capsys, "drill", "--plain", "--cards", "1,2", stdin="a\n3\nb\n4\n")
    out_file = tmp_path / "backup.json"
    code, out, err = run(capsys, "export", "--out", str(out_file))
    assert code == 0 and out == "" and str(out_file) in err
    code, out, _ = run(capsys, "export")
    assert json.loads(out)["reviews"] == json.loads(out_file.read_text())["reviews"]
    code, out, _ = run(capsys, "export", "--format", "csv")
    assert out.splitlines()[0].startswith("deck,card,mode,grade") and len(out.splitlines()) == 3
    other = tmp_path / "other"
    code, out, _ = run(capsys, "--data-dir", str(other), "import", str(out_file))
    assert code == 0 and out.startswith("imported 2 reviews and 0 interviews")
    code, out, _ = run(capsys, "import", str(out_file), "--data-dir", str(other))
    assert out.startswith("imported 0 reviews") and "skipped 2 reviews" in out


def test_bad_import_is_one_line_exit_2_and_imports_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    bad = tmp_path / "bad.json"
    record = {
        "deck": "weight-initialization",
        "card": 1,
        "mode": "drill",
        "grade": 3,
        "reviewed_at": "2026-01-10T12:00:00+00:00",
    }
    bad.write_text(json.dumps({"format": "quiz-progress", "version": 1, "reviews": [record, {**record, "grade": 0}]}))
    code, out, err = run(capsys, "import", str(bad))
    assert code == 2 and out == ""
    assert err == f"quiz: error: {bad}: reviews[1] (record 2): grade: Input should be greater than or equal to 1\n"
    assert not (data_dir / "progress.db").exists()
    code, _, err = run(capsys, "import", str(tmp_path / "missing.json"))
    assert code == 2 and err.count("\n") == 1 and "no such file" in err
    code, _, err = run(capsys, "export", "--out", str(tmp_path / "no" / "such" / "dir.json"))
    assert code == 2 and "does not exist" in err


def test_a_corrupt_store_is_reported_in_plain_words(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    (data_dir / "progress.db").write_bytes(b"\x00garbage" * 500)
    code, out, err = run(capsys, "stats", "--json")
    assert code == 0 and json.loads(out)["reviews"] == 0
    [moved] = [p for p in data_dir.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert err.startswith("quiz: note: ") and str(moved) in err and "kept" in err
    assert moved.read_bytes() == b"\x00garbage" * 500


# --- bad input on stdin and in files (issue 12) ------------------------------------------------------------------


def _drill_bytes(data_dir: Path, stdin: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "QUIZ_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "quiz", "drill", "--plain", "--cards", "1", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("stdin", "kept"),
    [
        (b"caf\xe9 answer\n3\n", "caf\ufffd answer"),  # Latin-1 from an old terminal
        (b"x\xed\xa0\x80y\n3\n", "x\ufffd\ufffd\ufffdy"),  # a surrogate (\ud800) encoded as if it were a character
        (b"\xff\xfe\n3\n", "\ufffd\ufffd"),
    ],
)
def test_undecodable_answers_are_kept_with_replacement_characters(data_dir: Path, stdin: bytes, kept: str) -> None:
    proc = _drill_bytes(data_dir, stdin)
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"Traceback" not in proc.stderr
    assert b"saved: card 1 graded good" in proc.stdout
    with ProgressStore.in_dir(data_dir) as store:
        [review] = store.reviews()
    assert review.answer == kept


@pytest.mark.parametrize("command", [["drill", "--plain"], ["drill"], ["mock", "--plain"], ["mock"], []])
def test_a_closed_stdin_is_one_line_and_exit_2(data_dir: Path, command: list[str]) -> None:
    env = {**os.environ, "QUIZ_DATA_DIR": str(data_dir)}
    argv = " ".join([sys.executable, "-m", "quiz", *command])
    proc = subprocess.run(
        ["sh", "-c", f"exec {argv} <&-"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )
    assert proc.returncode == 2
    if command:
        problem = "there is nothing to read answers from (pipe them in, or use the app)"
    else:  # `quiz` alone opens the app
        problem = "the app needs a terminal to read keys from"
    assert proc.stderr == f"quiz: error: standard input is closed: {problem}\n"
    assert proc.stdout == ""


def test_an_export_nested_too_deeply_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"format": "quiz-progress", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    code, out, err = run(capsys, "import", str(path))
    assert code == 2 and out == ""
    assert err == f"quiz: error: {path}: not a quiz-progress JSON export: it is nested far too deeply\n"


def test_typed_control_characters_are_stored_as_typed_and_printed_escaped(data_dir: Path) -> None:
    """A typed answer reaches the store unchanged; a terminal gets it escaped (here: `quiz export` to a pty)."""
    import pty

    proc = _drill_bytes(data_dir, b"zero \x1b]0;PWNED\x07\x1b[2J weights\n3\n")
    assert proc.returncode == 0
    with ProgressStore.in_dir(data_dir) as store:
        [review] = store.reviews()
    assert review.answer == "zero \x1b]0;PWNED\x07\x1b[2J weights"
    for fmt in ("csv", "json"):
        main_fd, terminal = pty.openpty()
        try:
            env = {**os.environ, "QUIZ_DATA_DIR": str(data_dir)}
            done = subprocess.run(
                [sys.executable, "-m", "quiz", "export", "--format", fmt], stdout=terminal, env=env, timeout=60
            )
            os.close(terminal)
            shown = b""
            while chunk := _read_pty(main_fd):
                shown += chunk
        finally:
            os.close(main_fd)
        assert done.returncode == 0
        assert b"\x1b" not in shown and b"\x07" not in shown
        assert b"PWNED" in shown
    piped = subprocess.run(
        [sys.executable, "-m", "quiz", "export", "--format", "csv"], capture_output=True, env=env, timeout=60
    )
    assert b"zero \x1b]0;PWNED\x07\x1b[2J weights" in piped.stdout  # a file or a pipe gets the exact data


def _read_pty(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # EIO: the other side is closed and everything was read
        return b""
