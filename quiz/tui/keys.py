"""Every key of the app, in one place: Binding ids let users remap them; the help screen and palette read them."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding, BindingType

from quiz.tui.card_filter import FILTER_CHIPS

APP_BINDINGS: list[BindingType] = [
    Binding("q", "quit", "Quit", tooltip="Quit the app", id="quit"),
    Binding("question_mark,f1", "help", "Help", tooltip="Show every key and what it does", id="help"),
    Binding("t", "toggle_theme", "Theme", tooltip="Switch between the light and the dark theme", id="toggle-theme"),
]
"""Keys that work on every screen."""

STUDY_BINDINGS: list[BindingType] = [
    Binding("j,down", "next_card", "Next", tooltip="Select the next card in the list", id="next-card"),
    Binding("k,up", "previous_card", "Prev", tooltip="Select the previous card in the list", id="previous-card"),
    Binding("space", "toggle_answer", "Reveal", tooltip="Reveal or hide the card's answer", id="toggle-answer"),
    Binding("d", "run_demo", "Demo", tooltip="Run (or restart) the card's live NumPy demo", id="run-demo"),
    Binding("slash", "search", "Search", tooltip="Search the questions and answers", id="search"),
    Binding("i", "review", "Tip", tooltip="The interview tip and the quick review checklist", id="review"),
    Binding(
        "r",
        "drill",
        "Drill",
        tooltip="Drill the cards due now (new cards count as due); with an interview date, today's cards of the plan",
        id="drill",
    ),
    Binding("c", "cram", "Cram", tooltip="Cram cards by tag or difficulty, leaving the schedule alone", id="cram"),
    Binding("s", "stats", "Stats", tooltip="Progress: mastery, reviews per day, accuracy, weakest cards", id="stats"),
    Binding("m", "mock", "Mock", tooltip="A timed mock interview, scored by key concepts", id="mock"),
    Binding("p", "plan", "Plan", tooltip="Set the interview date and the desired retention", id="plan"),
    Binding(
        "e",
        "app.open_exercises",
        "Exercises",
        tooltip="Exercises with fresh numbers, graded by computation",
        id="exercises",
    ),
    Binding("escape", "clear_filters", "Clear", show=False, tooltip="Clear the search and every filter", id="clear"),
    *(
        Binding(
            chip.key,
            f"toggle_filter({chip.value!r})",
            chip.label,
            show=False,
            tooltip=f"Show only {chip.label} cards (toggle)",
            id=f"filter-{chip.value.lower()}",
        )
        for chip in FILTER_CHIPS
    ),
]
"""Keys of the study screen (the home screen)."""

STUDY_FOOTER: tuple[str, ...] = (
    "toggle-answer",
    "next-card",
    "run-demo",
    "drill",
    "mock",
    "search",
    "stats",
    "cram",
    "review",
    "previous-card",
    "toggle-theme",
    "plan",
)
"""The study screen's footer keys, the most useful first: on a narrow terminal the last ones are left out (``?``
Help and ``q`` Quit always show; a key missing here, such as a new screen's, ranks after these)."""


def declared(bindings: Sequence[BindingType]) -> list[Binding]:
    """The bindings as declared (``"j,down"`` stays one binding: one help row, one palette command)."""
    return [b if isinstance(b, Binding) else Binding(*b) for b in bindings]


def key_rows(bindings: Sequence[BindingType], display: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """One ``(keys, what it does)`` row per binding: ``("j / ↓", "Select the next card in the list")``."""
    names = {
        "down": "↓",
        "up": "↑",
        "slash": "/",
        "question_mark": "?",
        "space": "space",
        "escape": "esc",
        "pageup": "pgup",
        "pagedown": "pgdn",
    }
    names.update(display or {})
    rows = []
    for binding in declared(bindings):
        keys = " / ".join(names.get(k.strip(), k.strip()) for k in binding.key.split(","))
        rows.append((keys, binding.tooltip or binding.description))
    return rows


PALETTE_TITLES: dict[str, str] = {
    "next-card": "Next card",
    "previous-card": "Previous card",
    "toggle-answer": "Reveal / hide the answer",
    "run-demo": "Run the card's demo",
    "search": "Search cards",
    "review": "Tip & quick review checklist",
    "clear": "Clear search and filters",
    "drill": "Drill the due cards",
    "cram": "Cram drill: choose tags and difficulties",
    "stats": "Progress stats",
    "mock": "Mock interview",
    "plan": "Interview date and retention",
    "exercises": "Exercises: fresh numbers, graded by computation",
    **{f"filter-{chip.value.lower()}": f"Filter: {chip.label}" for chip in FILTER_CHIPS},
}
"""How each study action is named in the command palette."""
