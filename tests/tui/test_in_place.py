"""A status line shows a new message in place, and lays out again only when its height changes; a container
shown again keeps its arrangement."""

from __future__ import annotations

import pytest
import textual.screen
import textual.widget
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button, Static

from quiz.tui.widgets.drill_status import DrillStatus
from quiz.tui.widgets.in_place import set_shown


class StatusApp(App[None]):
    CSS = "DrillStatus { height: auto; min-height: 1; }"

    def compose(self) -> ComposeResult:
        yield DrillStatus(id="status")


async def test_a_message_takes_the_rows_it_needs_and_only_a_new_height_lays_out() -> None:
    app = StatusApp()
    async with app.run_test(size=(40, 10)) as pilot:
        status = app.query_one(DrillStatus)
        await pilot.pause()
        for message, rows in [
            ("✓ saved card 3 · Good", 1),
            ("x" * 40, 1),  # exactly the width
            ("✗ Not saved: the disk is full. Your answer is kept; press 1–4 to try again.", 2),
            ("one\ntwo\nthree", 3),
            (Content.styled("short again", "bold"), 1),
            ("", 1),
        ]:
            status._say(Content(message) if isinstance(message, str) else message)
            await pilot.pause()
            assert status.size.height == rows, message
            assert status.get_content_height(status.size, status.size, status.size.width) == max(1, rows)


class BarApp(App[None]):
    """A row of buttons under a line, shown and hidden with ``set_shown`` (as the drill's grade bar)."""

    CSS = "#bar { height: auto; } Button { width: auto; min-width: 8; margin-right: 1; }"

    def compose(self) -> ComposeResult:
        yield Static("above", id="above")
        with Horizontal(id="bar"):
            for label in ("1 Again", "2 Hard", "3 Good", "4 Easy"):
                yield Button(label, compact=True)
        yield Static("below", id="below")


@pytest.fixture
def arranged(monkeypatch: pytest.MonkeyPatch) -> list[Widget]:
    """Every widget whose children Textual arranges anew (a miss of its arrangement cache), in order."""
    seen: list[Widget] = []
    real_arrange = textual.widget.arrange

    def counting_arrange(widget: Widget, *args: object, **kwargs: object) -> object:
        seen.append(widget)
        return real_arrange(widget, *args, **kwargs)

    monkeypatch.setattr(textual.widget, "arrange", counting_arrange)
    monkeypatch.setattr(textual.screen, "arrange", counting_arrange)  # the screen's own (it may maximize one)
    return seen


def relabel(button: Button, label: str) -> None:
    """A new label, measured again (as the grade bar does: Textual's Button repaints a new label at its old width)."""
    button.label = label
    button.refresh(layout=True)


def button_regions(app: App[None]) -> list[Region]:
    return [button.region for button in app.query(Button)]


async def test_a_container_shown_again_is_placed_without_arranging_its_children_anew(arranged: list[Widget]) -> None:
    """Showing a container again lays out its parent, but the container's own arrangement (its buttons measured and
    placed) is taken from before: it does not depend on whether it shows. What it arranges, it arranges as a fresh
    layout would: a child changed while the container was hidden is placed anew."""
    app = BarApp()
    async with app.run_test(size=(60, 10)) as pilot:
        bar = app.query_one("#bar")
        below = app.query_one("#below")
        await pilot.pause()
        shown = button_regions(app)
        assert below.region.y == 2

        set_shown(bar, False)
        await pilot.pause()
        assert not bar.display and below.region.y == 1  # the parent was laid out again

        arranged.clear()
        set_shown(bar, True)
        await pilot.pause()
        assert bar.display and below.region.y == 2
        assert button_regions(app) == shown
        assert bar not in arranged, "the bar's buttons were arranged again"
        assert app.screen in arranged

        # A label changed while hidden: shown again, the row is arranged for it.
        set_shown(bar, False)
        await pilot.pause()
        relabel(app.query(Button).first(), "1 Again in 10 minutes")
        await pilot.pause()
        set_shown(bar, True)
        await pilot.pause()
        widened = button_regions(app)
        assert widened[0].width > shown[0].width and widened[1].x > shown[1].x

    fresh = BarApp()
    async with fresh.run_test(size=(60, 10)) as pilot:
        relabel(fresh.query(Button).first(), "1 Again in 10 minutes")
        await pilot.pause()
        assert button_regions(fresh) == widened


class NestedApp(App[None]):
    """A line shown and hidden inside an auto-height container, inside a fixed-height box, above a footer line."""

    CSS = "#box { height: 8; } #inner { height: auto; } #extra { display: none; }"

    def __init__(self, extra_shown: bool = False) -> None:
        super().__init__()
        self.extra_shown = extra_shown

    def compose(self) -> ComposeResult:
        yield Static("top", id="top")
        with Vertical(id="box"), Vertical(id="inner"):
            yield Static("first", id="first")
            yield Static("extra\nline", id="extra")
            yield Static("after", id="after")
        yield Static("footer", id="footer")

    def on_mount(self) -> None:
        if self.extra_shown:
            self.query_one("#extra").display = True


def regions(app: App[None]) -> dict[str, Region]:
    return {name: app.query_one(f"#{name}").region for name in ("top", "box", "inner", "first", "after", "footer")}


async def test_showing_a_widget_arranges_its_ancestors_only_up_to_one_of_fixed_size(arranged: list[Widget]) -> None:
    """Textual marks every ancestor's children updated when one shows, so the screen arranged all of its children
    anew on each of the drill's reveals and grades. Only those whose size can change are arranged again, and every
    part is where a fresh layout puts it."""
    app = NestedApp()
    async with app.run_test(size=(40, 14)) as pilot:
        await pilot.pause()
        arranged.clear()
        set_shown(app.query_one("#extra"), True)
        await pilot.pause()
        inner, box = app.query_one("#inner"), app.query_one("#box")
        assert inner in arranged and box in arranged  # the line's parent, and the box its growth lays out
        assert app.screen not in arranged, "the screen was arranged anew for a change inside a fixed-size box"
        shown = regions(app)
        assert shown["after"].y == shown["first"].y + 3  # placed below the two new lines
    fresh = NestedApp(extra_shown=True)
    async with fresh.run_test(size=(40, 14)) as pilot:
        await pilot.pause()
        assert regions(fresh) == shown
