"""Every key, read from the bindings themselves so the help can never drift from them."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from quiz.tui.card_filter import FILTER_CHIPS
from quiz.tui.keys import APP_BINDINGS, STUDY_BINDINGS, declared, key_rows
from quiz.tui.widgets.card_list import CardList


def _section(title: str, rows: list[tuple[str, str]]) -> Content:
    width = max(len(keys) for keys, _ in rows)
    lines = [Content.styled(title, "bold $text-accent")]
    lines += [Content.assemble((f"  {keys:<{width}}  ", "bold"), what) for keys, what in rows]
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """The keys of the study screen and the app, the filter chips, and the palette."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark,f1", "close", "Close", id="close-help")]

    def compose(self) -> ComposeResult:
        study: list[BindingType] = [b for b in declared(STUDY_BINDINGS) if not (b.id or "").startswith("filter-")]
        chips = ", ".join(f"{c.key} {c.label}" for c in FILTER_CHIPS)
        filters = [
            (f"{FILTER_CHIPS[0].key}–{FILTER_CHIPS[-1].key}", "Toggle a filter chip (or click it)"),
            ("", chips),
            ("", "Tags narrow: a card must have every tag that is on."),
            ("", "Difficulties widen: any difficulty that is on."),
        ]
        everywhere = [*key_rows(APP_BINDINGS), ("ctrl+p", "Command palette: every action by name")]
        # The other screens' keys, read from their own binding lists (loaded now, not at start-up).
        from quiz.tui.screens.drill import DRILL_BINDINGS
        from quiz.tui.screens.exercises import EXERCISES_BINDINGS
        from quiz.tui.screens.mock_interview import MOCK_INTERVIEW_BINDINGS
        from quiz.tui.screens.mock_report import MOCK_REPORT_BINDINGS
        from quiz.tui.screens.stats import STATS_BINDINGS
        from quiz.tui.widgets.interview_answer_view import ConceptRow, InterviewAnswerView

        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc: close"
            list_keys = [b for b in declared(CardList.BINDINGS) if b.key not in ("up", "down")]  # ↑/↓: as k/j
            yield Static(_section("Study", [*key_rows(study), *key_rows(list_keys)]), classes="help-section")
            yield Static(_section("Filters", filters), classes="help-section")
            yield Static(_section("Drill (r, c)", key_rows(DRILL_BINDINGS)), classes="help-section")
            yield Static(_section("Stats (s)", key_rows(STATS_BINDINGS)), classes="help-section")
            exercises = [*key_rows(EXERCISES_BINDINGS), ("enter", "Grade the answer; once graded, the next exercise")]
            yield Static(_section("Exercises (e)", exercises), classes="help-section")
            yield Static(_section("Mock interview (m)", key_rows(MOCK_INTERVIEW_BINDINGS)), classes="help-section")
            report = [
                *key_rows(MOCK_REPORT_BINDINGS),
                *key_rows(InterviewAnswerView.BINDINGS),
                *key_rows(ConceptRow.BINDINGS),
            ]
            yield Static(_section("Interview report", report), classes="help-section")
            yield Static(_section("Everywhere", everywhere), classes="help-section")
            yield Static(
                "Bindings have ids (e.g. next-card, run-demo) so they can be remapped with a keymap.",
                classes="help-note",
            )

    def action_close(self) -> None:
        self.dismiss(None)
