"""Expected recall for each day until the interview: following the plan, and if you stopped studying now.

One point a day (the deck's mean recall that day, before its drill) and a last one at the interview itself; the
target (the desired retention) as a dashed line. Drawn with textual-plotext; a sparkline where the chart cannot
fit, and a sentence when no interview date is set.
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import RenderResult
from textual_plotext import PlotextPlot

from quiz.progress.plan import Plan
from quiz.tui.styles import tcss
from quiz.tui.widgets.chart import MIN_HEIGHT, MIN_WIDTH, PALETTE, hex_color, sparkline

NO_DATE_TEXT = "No interview date: press p to set one, and the plan to be ready for it shows here."
PLANNED, STOPPED, TARGET = PALETTE[0], PALETTE[1], PALETTE[2]


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


class ReadinessChart(PlotextPlot):
    """Expected recall day by day until the interview (``show(plan)``; ``show(None)`` without a date)."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.plan: Plan | None = None
        self.border_title = "Expected recall until the interview"

    def show(self, plan: Plan | None) -> None:
        self.plan = plan
        if plan is None:
            self.border_subtitle = ""
        else:
            self.border_subtitle = (
                f"[{hex_color(PLANNED)}]━━[/] with the plan {_pct(plan.planned_recall)}  "
                f"[{hex_color(STOPPED)}]━━[/] if you stop now {_pct(plan.expected_recall)}  "
                f"[{hex_color(TARGET)}]╌╌[/] target {_pct(plan.target)}"
            )
        self.set_class(plan is None, "-empty")
        self.refresh()

    def points(self) -> tuple[list[float], list[float], list[float], list[str]]:
        """x (days from now), recall with the plan and if stopped (0–100), and a date label per point."""
        plan = self.plan
        assert plan is not None
        zone = plan.interview_at.tzinfo
        xs = [(d.at - plan.now) / timedelta(days=1) for d in plan.days]
        xs.append((plan.interview_at - plan.now) / timedelta(days=1))
        planned = [d.recall * 100 for d in plan.days] + [plan.planned_recall * 100]
        stopped = [d.recall_if_stopped * 100 for d in plan.days] + [plan.expected_recall * 100]
        labels = [f"{d.at.astimezone(zone):%m-%d}" for d in plan.days] + [f"{plan.interview_at:%m-%d}"]
        return xs, planned, stopped, labels

    def render(self) -> RenderResult:
        if self.plan is None:
            return Text(NO_DATE_TEXT, style="italic", overflow="fold")
        xs, planned, stopped, labels = self.points()
        if self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT:
            line = sparkline([*planned, 0.0, 100.0])[:-2]
            return Text(f"{line}  {_pct(self.plan.planned_recall)} on the day with the plan", no_wrap=True)
        plt = self.plt
        plt.clear_figure()
        plt.plot(xs, stopped, marker="braille", color=STOPPED)
        plt.plot(xs, planned, marker="braille", color=PLANNED)
        plt.scatter([xs[-1]], [planned[-1]], marker="●", color=PLANNED)
        plt.hline(self.plan.target * 100, color=TARGET)
        plt.ylim(0, 100)
        plt.yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        plt.xlim(0, max(xs[-1], 1.0))
        step = max(1, -(-len(xs) * 7 // max(1, self.size.width - 10)))
        ticks = [i for i in range(0, len(xs) - 1, step) if xs[-1] - xs[i] >= step * 0.8]
        plt.xticks([xs[i] for i in ticks] + [xs[-1]], [labels[i] for i in ticks] + ["interview"])
        return super().render()
