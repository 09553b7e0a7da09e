"""Accuracy (share of reviews recalled: Hard, Good or Easy) by difficulty and by tag, as labelled bars."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

AccuracyRow = tuple[str, int, int, str]
"""(label, reviews, recalled, bar style such as ``"$success"``)."""

BAR_WIDTH = 12


def accuracy_line(label: str, reviews: int, recalled: int, style: str, label_width: int) -> Content:
    """``Medium    █████████▁▁▁  75%   9/12`` (a dim ``no reviews yet`` for an empty row)."""
    name = f"{label:<{label_width}}  "
    if not reviews:
        return Content.assemble(name, ("▁" * BAR_WIDTH, "$text-muted 50%"), ("    —  no reviews", "$text-muted"))
    share = recalled / reviews
    filled = round(share * BAR_WIDTH)
    return Content.assemble(
        name,
        ("█" * filled, style),
        ("▁" * (BAR_WIDTH - filled), "$text-muted 50%"),
        (f" {round(share * 100):>3}%", "bold"),
        (f"  {recalled}/{reviews}", "$text-muted"),
    )


class AccuracyTable(Static):
    """Two groups of rows (difficulties, then tags) under small headings."""

    def show(self, groups: Sequence[tuple[str, Sequence[AccuracyRow]]]) -> None:
        width = max((len(row[0]) for _, rows in groups for row in rows), default=6)
        lines: list[Content] = []
        for n, (heading, rows) in enumerate(groups):
            if n:
                lines.append(Content(""))
            lines.append(Content.styled(heading, "bold $text-accent"))
            lines += [accuracy_line(label, reviews, recalled, style, width) for label, reviews, recalled, style in rows]
        self.update(Content("\n").join(lines))
