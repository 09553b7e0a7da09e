"""The end of a drill: how each card was graded, or, when nothing was due, when the next card is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from textual.content import Content
from textual.widgets import Static

from quiz.plural import counted
from quiz.tui.widgets.grade_bar import GRADES

BAR_WIDTH = 20


def _keys(*pairs: tuple[str, str]) -> Content:
    parts: list[Content | str | tuple[str, str]] = []
    for n, (key, what) in enumerate(pairs):
        if n:
            parts.append(" · ")
        parts += [(key, "bold $text-accent"), f" {what}"]
    return Content.assemble(*parts)


class DrillSummary(Static):
    """Shows what it is given; the drill screen decides when."""

    def show_done(self, *, total: int, counts: Mapping[int, int], again: Sequence[int], cram: bool) -> None:
        """``counts``: cards graded with each grade 1–4; ``again``: the cards graded Again."""
        done = sum(counts.values())
        rows = [
            Content.styled("Cram drill done ✓" if cram else "Drill done ✓", "bold $text-success"),
            Content(""),
            Content.assemble((f"{done}", "bold"), f" of {counted(total, 'card')} graded"),
        ]
        most = max(counts.values(), default=0) or 1
        for grade, label, variant in GRADES:  # each bar in its grade button's color
            n = counts.get(grade, 0)
            bar = "█" * max(1, round(BAR_WIDTH * n / most)) if n else ""
            rows.append(Content.assemble(f"  {grade} {label:<6}", (f"{n:>3} ", "bold"), (bar, f"$text-{variant}")))
        if again:
            cards = ", ".join(map(str, again))
            rows += [Content(""), Content(f"Graded Again: card {cards} (due again within minutes, in the next drill).")]
        if cram:
            rows += [Content(""), Content.styled("Cram: the schedule was not touched.", "$text-muted")]
        rows += [Content(""), _keys(("esc", "back to the cards"), ("u", "undo the last grade"))]
        self.update(Content("\n").join(rows))

    def show_nothing_due(self, next_due: tuple[int, datetime] | None) -> None:
        """Nothing to drill now; ``next_due`` is the card due soonest and when (local time), if any."""
        if next_due is None:
            line = "No card is due."
        else:
            card, due = next_due
            line = f"Nothing is due now. The next card due is card {card}, on {due.astimezone():%a %b %d at %H:%M}."
        self.update(
            Content("\n").join(
                [
                    Content.styled("All caught up ✓", "bold $text-success"),
                    Content(""),
                    Content(line),
                    Content(""),
                    _keys(("esc", "back to the cards"), ("c", "cram any cards (the schedule is left alone)")),
                ]
            )
        )
