"""The headless core: domain packages never import Textual (the TUI is a thin layer over them)."""

from __future__ import annotations

import subprocess
import sys

import pytest

DOMAIN = [
    "quiz.deck",
    "quiz.deck_cache",
    "quiz.demos",
    "quiz.demos.catalog",
    "quiz.progress",
    "quiz.interview",
    "quiz.scoring",
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
