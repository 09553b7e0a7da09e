"""The card list (a line-API widget): clicks, hover, the page and home/end keys, scrolling that follows the cursor,
one line per card cut short with an ellipsis, and the revealed answer right after start-up."""

from __future__ import annotations

from tui_helpers import SIZE, question_shown, screen_text, study

from quiz.deck import Deck
from quiz.tui.app import QuizApp
from quiz.tui.widgets.card_list import CardList
from quiz.tui.widgets.card_panel import CardPanel


def card_list(app: QuizApp) -> CardList:
    return study(app).query_one(CardList)


def shown(app: QuizApp) -> int:
    return study(app).current.id


def row_text(cards: CardList, y: int) -> str:
    return cards.render_line(y).text


async def test_clicking_a_row_selects_its_card(app: QuizApp, deck: Deck) -> None:
    async with app.run_test(size=SIZE) as pilot:
        # Rows start below the top border (y=1), after the left border and padding (x=2): row 3 is the 3rd card.
        await pilot.click(CardList, offset=(10, 3))
        await pilot.pause()
        assert card_list(app).highlighted == 2
        assert shown(app) == deck.cards[2].id
        assert question_shown(app) == deck.cards[2].question
        await pilot.click(CardList, offset=(10, 30))  # below the last card: nothing changes
        await pilot.pause()
        assert shown(app) == deck.cards[2].id


async def test_the_row_under_the_mouse_is_highlighted(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        cards = card_list(app)
        plain = list(cards.render_line(4))[-1].style
        await pilot.hover(CardList, offset=(10, 5))  # the 5th card, drawn on content line 4
        await pilot.pause()
        hovered = list(cards.render_line(4))[-1].style
        assert plain is not None and hovered is not None
        assert hovered.bgcolor != plain.bgcolor
        assert cards.highlighted == 0  # hovering does not select


async def test_home_end_and_page_keys_move_the_cursor(app: QuizApp, deck: Deck) -> None:
    async with app.run_test(size=(80, 12)) as pilot:
        cards = card_list(app)
        cards.focus()
        await pilot.press("end")
        assert shown(app) == deck.cards[-1].id
        await pilot.press("home")
        assert shown(app) == deck.cards[0].id
        page = cards.scrollable_content_region.height - 1
        await pilot.press("pagedown")
        assert cards.highlighted == page
        await pilot.press("pageup")
        assert cards.highlighted == 0
        await pilot.press("up")  # the first card stays first
        assert shown(app) == deck.cards[0].id


async def test_the_list_scrolls_to_keep_the_cursor_in_view(app: QuizApp, deck: Deck) -> None:
    async with app.run_test(size=(40, 12)) as pilot:
        cards = card_list(app)
        await pilot.press(*["j"] * (len(deck.cards) - 1))
        await pilot.pause()
        assert shown(app) == deck.cards[-1].id
        assert cards.scroll_offset.y > 0
        visible_rows = range(cards.scroll_offset.y, cards.scroll_offset.y + cards.scrollable_content_region.height)
        assert cards.highlighted in visible_rows
        await pilot.press(*["k"] * (len(deck.cards) - 1))
        await pilot.pause()
        assert cards.scroll_offset.y == 0


async def test_a_card_is_one_line_cut_short_with_an_ellipsis(app: QuizApp, deck: Deck) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        cards = card_list(app)
        width = cards.scrollable_content_region.width
        first = row_text(cards, 0)
        assert len(first) == width
        assert first.rstrip().endswith("…")
        assert first.startswith(" 1 ")
        assert deck.cards[0].question[:7] in first


async def test_space_right_after_start_shows_the_answer(app: QuizApp, deck: Deck) -> None:
    """A reveal before the first frame has settled still shows the answer, on screen."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await pilot.pause()
        panel = study(app).query_one(CardPanel)
        assert panel.revealed
        assert panel.text("card-panel--answer").endswith(deck.cards[0].answer)
        assert deck.cards[0].answer[:40] in screen_text(app)
