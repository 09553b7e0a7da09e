"""The drill's status line: a grade being saved, saved (and when its card is due next), undone, or why not."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from quiz.progress import Review
from quiz.progress.drill import Graded
from quiz.tui.widgets.grade_bar import GRADES
from quiz.tui.widgets.in_place import update_in_place

GRADE_NAMES = {grade: label for grade, label, _variant in GRADES}


class DrillStatus(Static):
    """Shows what it is given; the drill screen decides when. Its line stays (blank while it has nothing to say),
    so that a message never moves the card below it."""

    def _say(self, content: Content | str) -> None:
        if content == self.content:
            return
        update_in_place(self, content)

    def clear(self) -> None:
        self._say("")

    def show_load_failed(self, error: str) -> None:
        self._say(Content.assemble(("✗ Could not start the drill: ", "bold $text-error"), error))

    def show_saving(self, card_id: int, grade: int) -> None:
        self._say(Content.styled(f"Saving card {card_id} · {GRADE_NAMES[grade]}…", "$text-muted"))

    def show_saved(self, review: Review) -> None:
        grade = GRADE_NAMES.get(review.grade, str(review.grade))
        if review.cram:
            when = "schedule unchanged (cram)"
        elif review.due is not None:
            when = f"next due {review.due.astimezone():%b %d %H:%M}"
        else:
            when = ""
        self._say(
            Content.assemble(
                ("✓ saved ", "bold $text-success"),
                f"card {review.card} · {grade}",
                (f" · {when}" if when else "", "$text-muted"),
                ("  (u undoes)", "$text-muted"),
            )
        )

    def show_not_saved(self, error: str) -> None:
        self._say(
            Content.assemble(
                ("✗ Not saved: ", "bold $text-error"),
                error,
                ("  Your answer is kept; press 1–4 to try again.", "$text-muted"),
            )
        )

    def show_undoing(self) -> None:
        self._say(Content.styled("Undoing the last grade…", "$text-muted"))

    def show_undone(self, graded: Graded) -> None:
        note = "" if graded.review.cram else ", its schedule restored"
        self._say(
            Content.assemble(
                ("↶ undone ", "bold $text-accent"),
                f"card {graded.card.id} ({GRADE_NAMES.get(graded.review.grade, '')}){note}. Grade it again.",
            )
        )

    def show_nothing_to_undo(self) -> None:
        self._say(
            Content.assemble(
                ("Nothing to undo: ", "bold"),
                "no card has been graded in this drill yet (grades from earlier drills stay saved).",
            )
        )

    def show_not_undone(self, error: str) -> None:
        self._say(Content.assemble(("✗ Not undone: ", "bold $text-error"), error or "nothing to undo"))
