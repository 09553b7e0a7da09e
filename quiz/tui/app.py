"""Placeholder study app (replaced by the full TUI): lists the deck's cards."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, OptionList

from quiz.deck import Deck


class QuizApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, deck: Deck, data_dir: Path | None = None) -> None:
        super().__init__()
        self.deck = deck
        self.data_dir = data_dir

    def compose(self) -> ComposeResult:
        yield Header()
        yield OptionList(*[f"{c.id:>2}  [{c.difficulty_label}]  {c.question}" for c in self.deck.cards])
        yield Footer()


def run_app(deck: Deck, data_dir: Path | None = None) -> int:
    QuizApp(deck, data_dir).run()
    return 0
