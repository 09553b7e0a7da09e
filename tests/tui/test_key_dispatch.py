"""A key no widget on its way would take runs its binding as it arrives (:mod:`quiz.tui.key_dispatch`); keys that a
widget takes still go to it, in the order typed."""

from __future__ import annotations

import pytest
from textual import events, on
from textual.app import App
from textual.message_pump import MessagePump
from textual.widgets import Static
from tui_helpers import open_drill_screen

from quiz.tui.app import QuizApp
from quiz.tui.key_dispatch import ON_ITS_WAY_AT_MOST, KeysOnTheirWay, passes_keys_on, way_of_a_key
from quiz.tui.screens.study import StudyScreen
from quiz.tui.widgets.card_list import CardList
from quiz.tui.widgets.in_order import TextBox
from quiz.tui.widgets.quiet_scroll import QuietScroll

SIZE = (120, 36)


@pytest.fixture
def keys_to_widgets(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every key posted to a widget or a screen (not to the app): (the node's class, the key)."""
    posted: list[tuple[str, str]] = []
    post = MessagePump.post_message

    def spy(self: MessagePump, message: object) -> bool:
        if isinstance(message, events.Key) and not isinstance(self, App):
            posted.append((type(self).__name__, message.key))
        return post(self, message)  # type: ignore[arg-type]

    monkeypatch.setattr(MessagePump, "post_message", spy)
    return posted


async def test_the_drill_space_reveals_without_the_key_going_round_the_widgets(
    app: QuizApp, keys_to_widgets: list[tuple[str, str]]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_drill_screen(app, pilot)
        assert isinstance(screen.focused, QuietScroll)  # the card's body: it only scrolls, by bindings
        await pilot.press("space")
        await pilot.pause()
        assert screen.card_view.revealed
        assert keys_to_widgets == []  # Textual's way: QuietScroll, then DrillScreen, then back to the app


async def test_the_study_keys_run_their_bindings_at_once(app: QuizApp, keys_to_widgets: list[tuple[str, str]]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen) and isinstance(screen.focused, CardList)
        before = screen.query_one(CardList).highlighted or 0
        await pilot.press("j", "space")
        await pilot.pause()
        assert screen.query_one(CardList).highlighted == before + 1 and screen._panel.revealed
        assert keys_to_widgets == []


async def test_keys_for_the_answer_box_still_go_to_it(app: QuizApp, keys_to_widgets: list[tuple[str, str]]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_drill_screen(app, pilot)
        await pilot.press("a", "x", "space", "3")
        await pilot.pause()
        assert screen.card_view.answer_box.text == "x 3" and not screen.card_view.revealed
        assert ("TextBox", "x") in keys_to_widgets and ("TextBox", "space") in keys_to_widgets


def test_a_widget_that_handles_keys_itself_is_not_passed_by() -> None:
    class Plain(Static):
        pass

    class Handler(Static):
        def on_key(self, event: events.Key) -> None:
            pass

    class Decorated(Static):
        @on(events.Key)
        def _seen(self, event: events.Key) -> None:
            pass

    class ForAny(Static):
        @on(events.InputEvent)
        def _seen(self, event: events.InputEvent) -> None:
            pass

    class Named(Static):
        def key_j(self) -> None:
            pass

    j = events.Key("j", "j")
    assert passes_keys_on(Plain(), j) and passes_keys_on(Named(), events.Key("k", "k"))
    for cls in (Handler, Decorated, ForAny, Named):
        assert not passes_keys_on(cls(), j), cls
    assert not passes_keys_on(TextBox(), j)  # a text field takes its keys in order (quiz.tui.widgets.in_order)


async def test_a_key_is_not_taken_ahead_of_one_still_on_its_way(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_drill_screen(app, pilot)
        box = screen.card_view.answer_box
        typed = events.Key("x", "x")
        box.post_message(typed)  # given to the answer box Textual's way, not handled yet
        waiting = KeysOnTheirWay()
        waiting.sent(typed, way_of_a_key(box))
        assert waiting.any()
        await pilot.pause()
        assert box.text == "x" and not waiting.any()  # handled: forgotten


def test_a_key_that_is_never_handled_is_waited_for_a_bounded_time_only() -> None:
    """A key stuck in the queue of a widget that will not handle it (being removed, say) must not hold every later
    key back for good."""
    now = [100.0]
    stuck, gone = Static(), Static()
    key = events.Key("x", "x")
    stuck._message_queue.put_nowait(key)
    gone._message_queue.put_nowait(key)
    gone._closing = True
    waiting = KeysOnTheirWay(clock=lambda: now[0])
    waiting.sent(key, [gone])
    assert not waiting.any()  # a widget that is closing handles nothing more
    waiting.sent(key, [stuck])
    assert waiting.any()
    now[0] += ON_ITS_WAY_AT_MOST
    assert not waiting.any()
