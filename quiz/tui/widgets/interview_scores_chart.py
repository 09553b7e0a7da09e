"""Mock interview scores over time: one point an interview (0–100 %), oldest left, with the dates below.

For the stats screen (and the mock report): ``InterviewScoresChart(InterviewScoresChart.points_from(interviews))``
or ``chart.show(points)`` once a worker has read the store. Drawn with textual-plotext; a sparkline where the
chart cannot fit, and a sentence when there is nothing to chart yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import RenderResult
from textual_plotext import PlotextPlot

from quiz.tui.styles import tcss
from quiz.tui.widgets.chart import MIN_HEIGHT, MIN_WIDTH, PALETTE, hex_color, sparkline

if TYPE_CHECKING:
    from quiz.progress import Interview

ScorePoint = tuple[datetime, float]
"""When an interview started, and its score 0..1."""

EMPTY_TEXT = "No mock interviews yet: press m to rehearse one."


def _pct(score: float) -> str:
    return f"{round(score * 100)}%"


class InterviewScoresChart(PlotextPlot):
    """Scores of the mock interviews given, oldest first."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    def __init__(self, points: Sequence[ScorePoint] = (), *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.points: list[ScorePoint] = []
        self.show(points)

    @staticmethod
    def points_from(interviews: Iterable[Interview]) -> list[ScorePoint]:
        """The points of stored interviews (those with a score), oldest first."""
        points = [(i.started_at, i.score) for i in interviews if i.score is not None]
        return sorted(points, key=lambda p: p[0])

    def show(self, points: Sequence[ScorePoint]) -> None:
        """Chart ``points`` (oldest first) instead of what was shown."""
        self.points = list(points)
        count = len(self.points)
        self.border_title = f"Mock interview scores ({count})" if count else "Mock interview scores"
        if count:
            scores = [s for _, s in self.points]
            self.border_subtitle = (
                f"[{hex_color(PALETTE[0])}]━━[/] score   last {_pct(scores[-1])} · best {_pct(max(scores))} · "
                f"mean {_pct(sum(scores) / count)}"
            )
        else:
            self.border_subtitle = ""
        self.refresh()

    def _date_labels(self) -> list[str]:
        dates = [when.astimezone() for when, _ in self.points]
        if len({d.date() for d in dates}) < len(dates):  # several a day: the time tells them apart
            return [d.strftime("%m-%d %H:%M") for d in dates]
        same_year = len({d.year for d in dates}) == 1
        return [d.strftime("%m-%d" if same_year else "%Y-%m-%d") for d in dates]

    def render(self) -> RenderResult:
        if not self.points:
            return Text(EMPTY_TEXT, style="italic", overflow="fold")
        scores = [s * 100 for _, s in self.points]
        if self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT:
            return Text(f"{sparkline([*scores, 0.0, 100.0])[:-2]}  {_pct(scores[-1] / 100)}", no_wrap=True)
        plt = self.plt
        plt.clear_figure()
        xs = [float(x) for x in range(1, len(scores) + 1)]
        color = PALETTE[0]
        if len(xs) > 1:
            plt.plot(xs, scores, marker="braille", color=color)
        plt.scatter(xs, scores, marker="●", color=color)
        plt.ylim(0, 100)
        plt.yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        plt.xlim(0.5, len(xs) + 0.5)
        labels = self._date_labels()
        width = max(len(label) for label in labels) + 2
        step = max(1, -(-len(xs) * width // max(1, self.size.width - 10)))
        ticks = xs[::step]
        plt.xticks(ticks, [labels[int(t) - 1] for t in ticks])
        plt.xlabel("interview (date)")
        return super().render()
