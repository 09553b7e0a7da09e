"""`quiz list`, `quiz show`, `quiz validate`, global options, and start-up lightness."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.cli import build_parser, main
from quiz.deck import default_deck_path

ROOT = Path(__file__).resolve().parent.parent
CARD_KEYS = {
    "id",
    "question",
    "difficulty",
    "tags",
    "answer",
    "formula",
    "formula_note",
    "demo",
    "key_points",
    "misconceptions",
    "color",
}


def run(*args: str, data_dir: Path | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if data_dir is not None:
        env["QUIZ_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args], capture_output=True, text=True, env=env, input=stdin, timeout=60
    )


def test_list_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["ID", "DIFFICULTY", "TAGS", "QUESTION"]
    assert len(out) == 16
    assert out[1].startswith("1 ") and "Easy" in out[1] and "Why can’t we set all weights to zero?" in out[1]


def test_list_filters(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--tag", "he", "--json"]) == 0
    assert [c["id"] for c in json.loads(capsys.readouterr().out)] == [5, 12, 13, 15]
    assert main(["list", "--difficulty", "Hard", "--json"]) == 0
    assert [c["id"] for c in json.loads(capsys.readouterr().out)] == [8, 11]
    assert main(["list", "--tag", "Xavier", "--difficulty", "easy", "--json"]) == 0
    assert [c["id"] for c in json.loads(capsys.readouterr().out)] == [15]


def test_list_json_has_every_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    cards = json.loads(capsys.readouterr().out)
    assert len(cards) == 15
    for card in cards:
        assert set(card) == CARD_KEYS
        assert all(set(kp) == {"label", "phrases", "follow_up", "formula"} for kp in card["key_points"])
    assert cards[3]["formula"] == "Var(W) ≈ 2 / (fan_in + fan_out)"


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "4"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("4. Xavier / Glorot initialization—idea.")
    assert "Answer: Choose weight variance" in out
    assert "Formula: Var(W) ≈ 2 / (fan_in + fan_out)  (common form)" in out
    assert "Key points:" in out and "  - suited to tanh/sigmoid" in out


def test_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "13", "--json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert set(card) == CARD_KEYS
    assert card["id"] == 13 and card["demo"] == "conv-fan-in"


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(default_deck_path())]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK ") and "15 cards" in out


def test_validate_mixed_reports_each_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\ntitle = "t"\n[[cards]]\nid = 1\n', encoding="utf-8")
    assert main(["validate", str(default_deck_path()), str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith("OK ")
    assert f"{bad}: card 1: question: required field is missing" in captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "99"], "no card 99"),
        (["show", "abc"], "card id must be a number"),
        (["list", "--tag", "Bogus"], "unknown tag 'Bogus'"),
        (["list", "--difficulty", "expert"], "unknown difficulty 'expert'"),
        (["--deck", "/nonexistent/deck.toml", "list"], "/nonexistent/deck.toml: no such file"),
        (["validate"], "the following arguments are required: PATH"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_input_exits_2_without_traceback(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2, result
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "content", [b"", b"\x00\x01\x02\xff", b"[[[", b'id = "x"\ntitle = "t"\n[[cards]]\nid = "one"\n']
)
def test_bad_deck_via_global_option(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "d.toml"
    path.write_bytes(content)
    result = run("--deck", str(path), "list")
    assert result.returncode == 2
    assert result.stderr.startswith(f"quiz: error: {path}: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_deck_option_before_or_after_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "mini.toml"
    text = default_deck_path().read_text(encoding="utf-8").replace('id = "weight-initialization"', 'id = "mini"')
    other.write_text(text, encoding="utf-8")
    assert main(["--deck", str(other), "show", "1", "--json"]) == 0
    assert main(["show", "1", "--json", "--deck", str(other)]) == 0
    capsys.readouterr()


def test_every_command_has_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    names = sorted(sub.choices)  # type: ignore[arg-type]
    assert {"list", "show", "validate"} <= set(names)
    for name in [*names, None]:
        args = [name, "--help"] if name else ["--help"]
        with pytest.raises(SystemExit) as info:
            main(args)
        assert info.value.code == 0


def test_light_commands_create_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for args in (["list"], ["show", "1"], ["validate", str(default_deck_path())]):
        assert run("--data-dir", str(data), *args).returncode == 0
        assert run(*args, data_dir=data).returncode == 0
    assert not data.exists()


@pytest.mark.parametrize("args", [["list"], ["show", "5", "--json"], ["validate", str(default_deck_path())]])
def test_light_commands_import_neither_textual_nor_numpy(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "quiz", *args], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert "quiz" in imported  # the import log really was read
    assert "textual" not in imported
    assert "numpy" not in imported
    assert "rich" not in imported


def test_opening_the_app_skips_the_command_parsers(tmp_path: Path) -> None:
    """`quiz` with only global options goes straight to the app (first paint comes sooner)."""
    missing = tmp_path / "missing.toml"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "quiz", "--data-dir", str(tmp_path), "--deck", str(missing)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert f"quiz: error: {missing}: no such file" in result.stderr
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "quiz.cli.common" in imported
    assert not {"quiz.cli.deck_cmds", "quiz.cli.demo_cmd", "quiz.cli.progress_cmds", "quiz.cli.mock_cmd"} & imported


# --- bad input: one line, exit 2, nothing raw on the terminal (issue 12) -------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--bogus"], "quiz: error: unrecognized arguments: --bogus (see `quiz --help`)"),
        (["validate"], "quiz: error: the following arguments are required: PATH (see `quiz validate --help`)"),
        (["mock", "--questions"], "quiz: error: argument --questions: expected one argument (see `quiz mock --help`)"),
        (
            ["export", "--format", "xml"],
            "quiz: error: argument --format: invalid choice: 'xml' (choose from json, csv, md)",
        ),
        (["list", "--tag", "\x1b[2J"], "quiz: error: argument --tag: unknown tag '\\x1b[2J'"),
    ],
)
def test_usage_errors_are_one_line(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(message.split(" (choose")[0]), result.stderr
    assert "usage:" not in result.stderr and "\x1b" not in result.stderr


def test_a_deck_with_terminal_escapes_is_refused_and_nothing_raw_is_printed(tmp_path: Path) -> None:
    text = default_deck_path().read_text(encoding="utf-8")
    bad = tmp_path / "escapes.toml"
    bad.write_text(text.replace('question = "Why can’t', 'question = "\\u001b]0;TITLE\\u0007\\u001b[2JWhy can’t', 1))
    for args in (["--deck", str(bad), "list"], ["--deck", str(bad), "show", "1"], ["validate", str(bad)]):
        result = run(*args)
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr == (
            f"quiz: error: {bad}: card 1: question: contains the control character '\\x1b' (U+001B) at character 1; "
            "no newline, tab or other control character is allowed here\n"
        )


def test_a_file_name_with_escapes_is_shown_escaped(tmp_path: Path) -> None:
    result = run("--deck", str(tmp_path / "\x1b]0;TITLE\x07.toml"), "list")
    assert result.returncode == 2
    assert result.stderr == f"quiz: error: {tmp_path}/\\x1b]0;TITLE\\x07.toml: no such file\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xef\xbb\xbf" + default_deck_path().read_bytes(), None),  # a byte-order mark: read as the deck
        (("x = " + "[" * 500 + "]" * 500 + "\n").encode(), "nested too deeply (a deck nests at most 32 levels)"),
        (b"# " + b"x" * (3 * 1024 * 1024) + b"\n", "too big for a deck (3.0 MB); a deck file may be at most 3 MB"),
    ],
    ids=["bom", "deep", "big"],
)
def test_validate_bom_deep_and_big_decks(tmp_path: Path, content: bytes, message: str | None) -> None:
    path = tmp_path / "deck.toml"
    path.write_bytes(content)
    result = run("validate", str(path))
    if message is None:
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"OK {path}: deck 'weight-initialization', 15 cards\n"
    else:
        assert result.returncode == 2
        assert result.stderr.startswith(f"quiz: error: {path}: {message}")
        assert len(result.stderr.splitlines()) == 1
