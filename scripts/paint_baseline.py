"""The first-paint baseline: a one-line Textual app that builds one pydantic model and shows it.

``scripts/bench_paint.py`` times how long this takes to paint, against ``quiz``.
"""

from pydantic import BaseModel
from textual.app import App
from textual.widgets import Static


class Card(BaseModel):
    id: int
    question: str


class Baseline(App[None]):
    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Card(id=1, question="Why can’t we set all weights to zero?").question)


if __name__ == "__main__":
    Baseline().run()
