"""The headless core: domain packages never import Textual (the TUI is a thin layer over them)."""

from __future__ import annotations

import subprocess
import sys

import pytest

DOMAIN = [
    "quiz.deck",
    "quiz.exercises",
    "quiz.deck_cache",
    "quiz.doctor",
    "quiz.demos",
    "quiz.demos.catalog",
    "quiz.progress",
    "quiz.interview",
    "quiz.scoring",
    "quiz.search",
]


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_module_imports_no_textual(module: str) -> None:
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'textual_plotext')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{module} pulled in {result.stdout.strip()}"


def test_demo_framework_is_light() -> None:
    """Listing parameters or validating a deck must not load NumPy; only running a demo does."""
    code = "import sys, quiz.demos.base, quiz.deck\nprint('numpy' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False"


def test_exercises_are_light() -> None:
    """Making and grading a fan, scale or gain exercise loads no NumPy (only solving an experiment does)."""
    code = (
        "import sys\n"
        "from quiz.exercises import make_exercise\n"
        "from quiz.progress.exercises import kind_states\n"
        "for kind in ('fan', 'scale', 'gain'):\n"
        "    make_exercise(kind, 3).grade('1')\n"
        "make_exercise('experiment', 3).question\n"
        "print('numpy' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_exercises_screen_imports_no_other_screen() -> None:
    """The App owns navigation: the exercises screen is opened by QuizApp.action_open_exercises, and it imports no
    other screen (nor the app)."""
    import ast
    from pathlib import Path

    source = Path(__file__).resolve().parent.parent / "quiz" / "tui" / "screens" / "exercises.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not {m for m in imported if m.startswith(("quiz.tui.screens", "quiz.tui.app", "quiz.tui.launch"))}


SCREENS = ["study", "drill", "stats", "cram_setup", "mock_setup", "mock_interview", "mock_report", "review", "confirm"]


@pytest.mark.parametrize("screen", SCREENS)
def test_a_screen_imports_no_other_screen_nor_the_app(screen: str) -> None:
    """Screens post navigation messages and the app opens screens: no import circles between them."""
    import ast
    from pathlib import Path

    import quiz.tui.screens

    source = Path(quiz.tui.screens.__file__).with_name(f"{screen}.py").read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    # The yes/no dialog is a reusable widget that happens to be a modal screen, not a place to navigate to.
    others = {f"quiz.tui.screens.{s}" for s in SCREENS if s not in (screen, "confirm")}
    forbidden = others | {"quiz.tui.app", "quiz.tui.launch", "quiz.tui.launch_mock"}
    assert not imported & forbidden, imported & forbidden
