"""A focus change re-styles only the widgets whose rules depend on it (:mod:`quiz.tui.widgets.quiet_scroll`)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from textual._text_area_theme import TextAreaTheme
from textual.app import App
from textual.color import Color
from textual.css.model import Selector
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import TextArea
from tui_helpers import open_drill_screen, subclasses, until

import quiz.tui
from quiz.tui.app import QuizApp
from quiz.tui.launch import open_drill
from quiz.tui.one_frame import AHEAD_DELAY
from quiz.tui.widgets.in_order import TextBox
from quiz.tui.widgets.in_place import focus
from quiz.tui.widgets.quiet_scroll import QuietScroll

SIZE = (120, 36)


def every_rule_source() -> list[tuple[str, str]]:
    """The CSS of every screen and widget of the app (its .tcss files), and every widget class it imports
    (Textual's own, with their default CSS)."""
    found = set(subclasses(DOMNode, quiz.tui))
    folder = Path(quiz.tui.__file__).parent
    sources = [(str(path), path.read_text(encoding="utf-8")) for path in sorted(folder.rglob("*.tcss"))]
    sources += [(cls.__qualname__, cls.DEFAULT_CSS) for cls in found if cls.DEFAULT_CSS.strip()]
    return sources


def by_focus(source: str, css: str) -> list[tuple[str, Selector]]:
    """The rules of ``css`` that style a widget by whether it, or a widget around it, has the focus: each rule's
    selector, and the part of it that reads the focus (``:focus``, ``:blur``)."""
    sheet = Stylesheet(variables=App().get_css_variables())
    sheet.add_source(css, read_from=(source, ""), is_default_css=True)
    sheet.parse()
    return [
        (rule.css.split("{")[0].strip(), selector)
        for rule in sheet.rules
        for selector_set in rule.selector_set
        for selector in selector_set.selectors
        if selector.pseudo_classes & {"focus", "blur"}
    ]


def reading(rules: list[tuple[str, Selector]], widgets: list[Widget]) -> list[str]:
    """Those of ``rules`` that read the focus of one of ``widgets`` (by type, id or class)."""
    return [rule for rule, selector in rules if any(selector._check(widget) for widget in widgets)]


async def test_no_rule_styles_a_quiet_scroll_or_its_content_by_whether_it_has_the_focus(app: QuizApp) -> None:
    """What lets a :class:`QuietScroll` re-style nothing on a focus change (the study screen's card pane, the drill's
    body): no rule of the app, or of a Textual widget it uses, reads such a container's ``:focus`` (or ``:blur``)."""
    sources = every_rule_source()
    assert len(sources) > 50 and any(name.endswith("drill_card.tcss") for name, _css in sources)
    async with app.run_test(size=SIZE) as pilot:
        containers = list(app.screen.query(QuietScroll))
        open_drill(app)
        await pilot.pause()
        containers += app.screen.query(QuietScroll)
        assert sorted(str(widget.id) for widget in containers) == ["detail", "drill-body"]
        found = {name: rules for name, css in sources if (rules := reading(by_focus(name, css), containers))}
    assert found == {}


async def test_the_check_finds_a_rule_that_reads_a_quiet_scrolls_focus(app: QuizApp) -> None:
    css = """
    QuietScroll:focus DrillText { color: red; }
    #detail:focus > CardPanel { color: red; }
    #elsewhere:focus Label { color: blue; }
    VerticalScroll:blur .answer { color: red; }
    QuietScroll:focus { scrollbar-color: red; }
    DrillText:focus { color: blue; }
    CardList:focus > .card-list--cursor { color: blue; }
    """
    async with app.run_test(size=SIZE):
        containers = list(app.screen.query(QuietScroll))
        assert reading(by_focus("made up", css), containers) == [
            "QuietScroll:focus DrillText",
            "#detail:focus > CardPanel",
            "VerticalScroll:blur .answer",
            "QuietScroll:focus",
        ]


@pytest.fixture
def restyled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the widgets re-styled, as they are."""
    seen: list[str] = []
    update_nodes = Stylesheet.update_nodes

    def counted(self: Stylesheet, nodes: Any, animate: bool = False) -> None:
        nodes = list(nodes)
        seen.extend(str(node.id) for node in nodes)
        update_nodes(self, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counted)
    return seen


async def test_typing_an_answer_and_revealing_it_restyle_nothing(app: QuizApp, restyled: list[str]) -> None:
    """``a`` (into the answer box) and ``ctrl+r`` (out of it) change the box's border color inline; neither re-styles
    a widget from the CSS for the focus (a TextArea's re-style took 1.4 ms of each key)."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_drill_screen(app, pilot)
        box = screen.card_view.answer_box
        unfocused = box.styles.border_top
        restyled.clear()
        await pilot.press("a")
        await pilot.pause()
        assert screen.focused is box
        assert box.styles.border_top == ("round", Color.parse(app.theme_variables["accent"])) != unfocused
        await pilot.press("x", "ctrl+r")
        await pilot.pause(AHEAD_DELAY * 10)
        assert screen.card_view.revealed and screen.focused is screen.query_one("#drill-body")
        assert restyled == [f"grade-{screen.suggested}"]  # only the button the scorer suggests (a class marks it)
        assert box.styles.border_top == unfocused
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert box.display and box.styles.border_top == unfocused  # the next card's box, unfocused


async def test_the_focused_box_takes_the_new_themes_accent(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_drill_screen(app, pilot)
        box = screen.card_view.answer_box
        await pilot.press("a")
        await pilot.pause()
        before = box.styles.border_top
        app.theme = "nord" if app.theme != "nord" else "gruvbox"  # an accent unlike the first theme's
        await pilot.pause()
        assert box.styles.border_top == ("round", Color.parse(app.theme_variables["accent"])) != before


def fallbacks(box: TextBox) -> tuple[object, ...]:
    """The styles the box's text-area theme took from its CSS (what Textual's ``apply_css`` sets)."""
    theme = box._theme
    return (theme.base_style, theme.cursor_style, theme.cursor_line_style, theme.selection_style, theme.gutter_style)


def fresh_fallbacks(box: TextBox) -> tuple[object, ...]:
    """What the box's CSS gives its theme's fallbacks now, taken afresh on a copy of the theme."""
    probe = TextBox()
    probe._theme = dataclasses.replace(box._theme)
    probe._theme.apply_css(box)
    return fallbacks(probe)


async def test_typing_into_the_box_takes_its_theme_from_the_css_once(
    app: QuizApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's ``TextArea`` takes its theme's fallback styles from the CSS before every rendering (0.8 ms of each
    key typed and of each grade); the box takes them once, and again when its styles or the app's theme change."""
    applied: list[object] = []
    apply_css = TextAreaTheme.apply_css

    def counted(theme: TextAreaTheme, text_area: TextArea) -> None:
        applied.append(text_area)
        apply_css(theme, text_area)

    monkeypatch.setattr(TextAreaTheme, "apply_css", counted)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_drill_screen(app, pilot)
        box = screen.card_view.answer_box
        await pilot.press("a")
        await pilot.pause()
        applied.clear()
        await pilot.press(*"fan in")
        await pilot.pause()
        assert box.text == "fan in" and applied == []
        assert fallbacks(box) == fresh_fallbacks(box)

        before = fallbacks(box)
        app.stylesheet.add_source("#answer-input.-probe .text-area--cursor { background: red; }", read_from=("t", ""))
        app.stylesheet.parse()
        box.add_class("-probe")  # a class that restyles only the cursor (a component style)
        await pilot.pause()
        assert fallbacks(box) == fresh_fallbacks(box) != before
        box.remove_class("-probe")
        await pilot.pause()

        dark = fallbacks(box)
        app.theme = "textual-light"
        await pilot.pause()
        assert applied  # the new theme's colors
        assert fallbacks(box) == fresh_fallbacks(box) != dark


def css_styles(app: QuizApp, widget: Widget) -> str:
    """The styles the app's CSS gives ``widget`` now (its focus, classes and place), as CSS text."""
    app.stylesheet.apply(widget)
    return widget.styles.base.css


@pytest.mark.parametrize("where", ["drill", "mock"])
async def test_the_css_styles_a_text_box_the_same_focused_or_not(app: QuizApp, where: str) -> None:
    """What lets a :class:`TextBox` skip Textual's re-style on a focus change: the CSS gives it the same styles
    either way (Textual's own ``TextArea:focus`` border is overridden by the box's id rule), so only the border's
    color, set inline, shows the focus. A rule that reads the box's focus is found."""
    async with app.run_test(size=SIZE) as pilot:
        if where == "drill":
            box: Widget = (await open_drill_screen(app, pilot)).card_view.answer_box
        else:
            await pilot.press("m")
            await pilot.pause()
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen.focused, TextBox), "the mock's answer box focused")
            box = app.screen.focused
        assert isinstance(box, TextBox)
        box.focus()
        await pilot.pause()
        assert box.has_focus
        focused = css_styles(app, box)
        app.screen.set_focus(None)
        await pilot.pause()
        assert not box.has_focus
        assert css_styles(app, box) == focused

        app.stylesheet.add_source(f"#{box.id}:focus {{ background: red; }}", read_from=("control", ""))
        app.stylesheet.parse()
        box.focus()
        await pilot.pause()
        assert css_styles(app, box) != focused  # the check finds a rule that reads the box's focus


async def test_focusing_the_drill_body_asks_no_repaint_of_it(app: QuizApp) -> None:
    """Textual's ``focus()`` repaints the whole widget first, and its focus handlers again: for the drill's body that
    is the card and all. The body's look does not depend on its focus, so neither happens."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_drill_screen(app, pilot)
        body = screen.query_one("#drill-body", QuietScroll)
        await pilot.press("a")
        await pilot.pause()
        assert screen.focused is screen.card_view.answer_box and not body._repaint_required
        focus(body)
        assert not body._repaint_required  # Textual's focus() asks for it here
        await pilot.pause()
        assert screen.focused is body
