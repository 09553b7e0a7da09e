"""Terminal sizes from 40×12 to 250×80, live resizing, themes; nothing heavy loads at start-up."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Mapping
from typing import Any

import pytest
from textual._arrange import arrange
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static
from tui_helpers import screen_text, study, until

from quiz.tui.app import QuizApp
from quiz.tui.launch import open_drill
from quiz.tui.screens.drill import DrillScreen
from quiz.tui.widgets.chart import Chart
from quiz.tui.widgets.demo_panel import DemoPanel
from quiz.tui.widgets.drill_card import DrillCard


def visible(app: QuizApp, selector: str) -> bool:
    widget = study(app).query_one(selector)
    region = widget.region
    return widget.display and region.width > 0 and region.height > 0 and app.screen.region.overlaps(region)


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (250, 80)])
async def test_usable_at_every_size(app: QuizApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        assert visible(app, "#cards")
        assert visible(app, "#card")
        assert "Card 1 ·" in screen_text(app)
        await pilot.press("j", "space", "2", "2", "question_mark", "escape", "i", "escape")
        assert study(app).current.id == 4  # the Xavier filter moved the selection to the first Xavier card
        await pilot.press("j", "d")  # card 5: he-vs-xavier
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "holds" in str(study(app).query_one("#verdict", Static).content)
        for chart in study(app).query(Chart):
            chart.plot.render()  # a chart at any size draws (axes, or sparklines where it cannot fit)


async def test_narrow_terminal_stacks_the_list_above_the_card(app: QuizApp) -> None:
    async with app.run_test(size=(40, 12)):
        screen = study(app)
        assert screen.has_class("-narrow") and screen.has_class("-short")
        cards, detail = screen.query_one("#cards").region, screen.query_one("#detail").region
        assert cards.bottom <= detail.y  # stacked
        assert not screen.query_one("#deck-title").display  # the rows go to the cards


@pytest.mark.parametrize(
    ("size", "classes"),
    [((120, 36), {"-normal", "-tall"}), ((40, 12), {"-narrow", "-short"}), ((200, 50), {"-wide", "-tall"})],
)
async def test_each_screen_has_its_size_classes_before_it_mounts(
    app: QuizApp, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], classes: set[str]
) -> None:
    """Textual adds a screen's size classes at its first resize, once its widgets are styled, and then styles them
    all again (30 ms as a drill opens): the app gives them to each screen before it mounts."""
    changed: list[tuple[str, set[str], set[str]]] = []
    update_classes = DOMNode.update_classes

    def recorded(node: DOMNode, new: Mapping[str, bool], *args: Any, **kwargs: Any) -> DOMNode:
        before = set(node.classes)
        update_classes(node, new, *args, **kwargs)
        if isinstance(node, Screen) and set(node.classes) != before:
            changed.append((type(node).__name__, before, set(node.classes)))
        return node

    monkeypatch.setattr(DOMNode, "update_classes", recorded)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screens = [app.screen]
        open_drill(app)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screens.append(app.screen)
        await pilot.press("question_mark")
        await pilot.pause()
        screens.append(app.screen)
        assert [type(screen).__name__ for screen in screens] == ["StudyScreen", "DrillScreen", "HelpScreen"]
        assert all(classes <= set(screen.classes) for screen in screens)
        assert changed == []  # none came at a resize


async def test_resizing_reflows_live(app: QuizApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("j", "j", "j", "j", "d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = study(app)
        assert screen.query_one("#cards").region.right <= screen.query_one("#detail").region.x  # side by side
        for width, height in [(40, 12), (250, 80), (80, 24), (60, 15), (200, 60)]:
            await pilot.resize_terminal(width, height)
            # Under load the resize may take more than one pause to reach the screen: wait for it, then check.
            await until(pilot, lambda w=width, h=height: screen.size == (w, h), f"the screen at {width}×{height}")
            await pilot.pause()
            assert screen.size == (width, height)
            assert screen.has_class("-narrow") == (width < 90)
            assert screen.has_class("-wide") == (width >= 170)
            for chart in screen.query(Chart):
                chart.plot.render()  # plotext's log scale survives a re-render
        assert screen.query_one(DemoPanel).has_class("-has-result")


async def test_light_theme_renders(app: QuizApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t", "j", "j", "j", "j", "d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.current_theme.dark
        for chart in study(app).query(Chart):
            chart.plot.render()


def test_first_paint_imports_no_numpy_no_demos_no_plotext() -> None:
    code = textwrap.dedent(
        """
        import asyncio, sys
        from quiz.tui.app import create_app

        async def main():
            app = create_app()
            async with app.run_test(size=(120, 36)) as pilot:
                await pilot.pause()
                loaded = [m for m in ("numpy", "quiz.demos.catalog", "plotext", "textual_plotext") if m in sys.modules]
                note = app.screen.query_one("#params").query_one(".note")
                print(loaded, bool(note.display))

        asyncio.run(main())
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "[] True"


def parts_as_textual_places_them(card: DrillCard) -> None:
    """The drill card's parts are where Textual's own arrangement of them, made afresh, puts them (the card takes
    an arrangement again at another height: :meth:`DrillCard.arrange`)."""
    fresh = arrange(card, card._nodes, card.content_region.size, card.screen.size)
    origin = card.content_region.offset
    placed = {placement.widget: placement.region.translate(origin) for placement in fresh.placements}
    assert placed and all(part.region == region for part, region in placed.items()), placed


async def test_the_drill_cards_parts_are_placed_as_textual_places_them(app: QuizApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        open_drill(app)
        await until(pilot, lambda: isinstance(app.screen, DrillScreen) and app.screen.asking, "the drill")
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        card = screen.card_view
        parts_as_textual_places_them(card)
        # Another card's question, taller or shorter, and nothing else changes: the card's height follows.
        questions = sorted(app.deck.cards, key=lambda c: len(c.question))
        for other in (questions[-1], questions[0]):
            card.show_card(other, Content(f"Card {other.id}"))
            await pilot.pause()
            parts_as_textual_places_them(card)
        box = card.answer_box
        await pilot.press("a")
        for line in range(4):  # the box grows a row a line (up to its max-height), at the same width
            await pilot.press(*f"line {line}", "enter")
            await pilot.pause()
            parts_as_textual_places_them(card)
        assert box.region.height > 5
        await pilot.press("ctrl+r")
        await pilot.pause()
        parts_as_textual_places_them(card)  # the answer, with the typed one beside it
        await pilot.press("3")
        await until(pilot, lambda: screen.asking, "the next card")
        await pilot.pause()
        parts_as_textual_places_them(card)  # the box back to three rows
        await pilot.resize_terminal(60, 24)  # narrow: another width
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        parts_as_textual_places_them(card)
