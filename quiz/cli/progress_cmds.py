"""CLI commands (filled in by its issue)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    """Add this module's commands to the `quiz` parser."""
