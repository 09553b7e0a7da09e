"""`quiz export --format md`: the stored mock interviews as Markdown reports, each compared with the earlier ones."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.deck import default_deck_path, load_deck

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def mock(data_dir: Path, cards: str, answers: str, *options: str) -> None:
    env = {**os.environ, "QUIZ_DATA_DIR": str(data_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "quiz", *options, "mock", "--plain", "--cards", cards, "--json"],
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


# --- typed and imported text is Markdown-safe (issue 12) ------------------------------------------------------------

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1))",
    "![x](javascript:alert(2))",
    "<javascript:alert(3)>",
    "`code` *bold* _it_ ~~gone~~ | pipe \\ backslash &lt;entity&gt;",
    "\x1b]0;PWNED\x07\x1b[2J",
]


def _import_interview(data_dir: Path, tmp_path: Path, answers: list[str]) -> None:
    sample = json.loads((SAMPLES / "progress-export.json").read_text(encoding="utf-8"))
    interview = sample["interviews"][0]
    interview["settings"]["cards"] = [5] * len(answers)
    interview["answers"] = [
        {**interview["answers"][0], "position": i, "answer": answer, "matched": [], "coverage": 0.0}
        for i, answer in enumerate(answers)
    ]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({**sample, "reviews": [], "interviews": [interview]}), encoding="utf-8")
    assert main(["import", str(path)]) == 0


def _html(markdown: str) -> str:
    """The Markdown rendered as a permissive viewer would: raw HTML passes, any link target is taken."""
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("gfm-like")
    renderer.validateLink = lambda url: True  # type: ignore[method-assign]
    return renderer.render(markdown)


def test_typed_html_and_links_are_escaped(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _import_interview(data_dir, tmp_path, XSS)
    capsys.readouterr()
    assert main(["export", "--format", "md"]) == 0
    markdown = capsys.readouterr().out
    assert "\x1b" not in markdown and "\x07" not in markdown
    own = "<em>This answer reads as a list of keywords; say each point in a sentence.</em>"  # the report's own
    html = _html(markdown).replace(own, "")
    for tag in ("<script", "<img", "<a ", "<code", "<em", "<del", "<s>"):
        assert tag not in html, tag
    # Bold is the report's own: the score, and the reference's words for the missed key points; nothing typed.
    reference = load_deck(default_deck_path()).card(5).answer
    strong = re.findall(r"<strong>(.*?)</strong>", html)
    assert strong and all(re.fullmatch(r"\d+%", s) or s in reference for s in strong), strong
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as typed
    assert "[click me](javascript:alert(1))" in html
    assert "`code` *bold* _it_ ~~gone~~ | pipe \\ backslash &amp;lt;entity&amp;gt;" in html
    assert "\\x1b]0;PWNED\\x07\\x1b[2J" in html
    assert markdown.count("\n| 1 | ") == 1 and markdown.count("| your answer | reference |") == len(XSS)


def test_the_deck_title_in_the_heading_is_escaped(data_dir: Path, tmp_path: Path) -> None:
    from quiz.deck import default_deck_path

    deck = tmp_path / "deck.toml"
    title = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) *Init*"
    deck.write_text(
        default_deck_path()
        .read_text(encoding="utf-8")
        .replace('title = "Weight Initialization — 15 Interview Questions"', f"title = {json.dumps(title)}"),
        encoding="utf-8",
    )
    for stored in (False, True):
        if stored:
            mock(data_dir, "1", "symmetry\n", "--deck", str(deck))
        out = tmp_path / f"report-{stored}.md"
        assert main(["--deck", str(deck), "export", "--format", "md", "--out", str(out)]) == 0
        markdown = out.read_text(encoding="utf-8")
        heading = markdown.splitlines()[0]
        assert heading.startswith("# Mock interview")
        html = _html(heading)
        assert "<img" not in html and "<a " not in html and "<em>" not in html
        assert "&lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(1)) *Init*" in html
