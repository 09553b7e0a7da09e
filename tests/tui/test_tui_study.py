"""The study screen driven through the real app: keys, filters, search, reveal, the checklist, the palette."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PinnedRunner
from textual import events
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, OptionList, Static
from tui_helpers import SIZE, question_shown, screen_text, searched, study

from quiz.deck import Deck
from quiz.progress import ProgressStore
from quiz.tui.app import DARK_THEME, LIGHT_THEME, QuizApp
from quiz.tui.screens.help import HelpScreen
from quiz.tui.screens.review import ReviewScreen
from quiz.tui.screens.study import StudyScreen
from quiz.tui.widgets.card_list import CardList
from quiz.tui.widgets.card_panel import CardPanel
from quiz.tui.widgets.chip_bar import ChipBar
from quiz.tui.widgets.key_bar import KeyBar


def chip_bar(app: QuizApp) -> ChipBar:
    return study(app).query_one(ChipBar)


def chip_offset(bar: ChipBar, label: str) -> tuple[int, int]:
    """Where the chip ``label`` is drawn inside the bar (to click it)."""
    for y, line in enumerate(bar._lines(bar.content_region.width)):
        x = line.plain.find(label)
        if x >= 0:
            return (x + bar.styles.padding.left + 1, y)
    raise AssertionError(f"no chip {label!r}")


def listed(app: QuizApp) -> list[int]:
    return study(app).query_one(CardList).card_ids


async def test_card_one_is_selected_and_shown_on_start(app: QuizApp, deck: Deck) -> None:
    async with app.run_test(size=SIZE):
        assert question_shown(app) == deck.cards[0].question
        assert study(app).query_one(CardList).highlighted == 0
        assert listed(app) == [c.id for c in deck.cards]
        assert not study(app).query_one(CardPanel).revealed
        assert app.title == deck.title


async def test_j_k_and_arrows_move_between_cards(app: QuizApp, deck: Deck) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        assert study(app).current.id == 2
        await pilot.press("down")
        assert study(app).current.id == 3
        assert question_shown(app) == deck.card(3).question
        await pilot.press("k")
        assert study(app).current.id == 2
        await pilot.press("up", "up")
        assert study(app).current.id == 1


async def test_next_card_works_whatever_has_focus(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.set_focus(None)
        await pilot.press("j")
        assert study(app).current.id == 2


async def test_space_reveals_and_hides_the_answer(app: QuizApp, deck: Deck) -> None:
    async with app.run_test(size=SIZE) as pilot:
        card = deck.cards[0]
        panel = study(app).query_one(CardPanel)
        assert not panel.revealed
        assert "to reveal the answer" in panel.text("card-panel--hint")
        assert not panel.text("card-panel--answer") and card.answer[:40] not in screen_text(app)
        await pilot.press("space")
        assert panel.revealed
        assert not panel.text("card-panel--hint") and "to reveal the answer" not in screen_text(app)
        assert panel.text("card-panel--answer") == f"Answer\n{card.answer}"
        shown = screen_text(app)
        assert card.answer[:40] in shown and card.key_points[0].label in shown  # drawn, not only held
        height = panel.region.height
        await pilot.press("space")
        assert not panel.revealed
        assert "to reveal the answer" in screen_text(app) and card.answer[:40] not in screen_text(app)
        assert panel.region.height < height  # the demo panel below moves back up


async def test_moving_on_hides_the_answer_again(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "j")
        assert not study(app).query_one(CardPanel).revealed


async def test_revealed_card_with_formula_shows_it(app: QuizApp, deck: Deck) -> None:
    card = next(c for c in deck.cards if c.formula)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["j"] * (card.id - 1), "space")
        panel = study(app).query_one(CardPanel)
        assert card.formula is not None
        assert card.formula in panel.text("card-panel--formula")
        assert card.formula in screen_text(app)


async def test_difficulty_colors_the_border_unless_the_card_has_a_color(app: QuizApp, deck: Deck) -> None:
    async with app.run_test(size=SIZE) as pilot:
        panel = study(app).query_one(CardPanel)
        assert panel.has_class(f"-{deck.cards[0].difficulty}")
        colored = deck.cards[1].model_copy(update={"color": "#123456"})
        panel.show_card(colored, 2, 15)
        await pilot.pause()
        assert panel.styles.border_left[1].hex.lower() == "#123456"
        panel.show_card(deck.cards[0], 1, 15)
        await pilot.pause()
        assert panel.styles.border_left[1] == app.current_theme.to_color_system().success


async def test_chip_keys_toggle_filters_and_the_list_follows(app: QuizApp, deck: Deck) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # Xavier
        assert listed(app) == [c.id for c in deck.cards if "Xavier" in c.tags]
        assert chip_bar(app).selected == {"Xavier"}
        await pilot.press("7")  # Hard: Xavier cards that are hard
        assert listed(app) == [c.id for c in deck.filter(tags=["Xavier"], difficulties=["hard"])]
        await pilot.press("2", "7")
        assert listed(app) == [c.id for c in deck.cards]
        assert not chip_bar(app).selected


async def test_difficulty_chips_widen_and_tag_chips_narrow(app: QuizApp, deck: Deck) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5", "7")  # Easy or Hard
        assert listed(app) == [c.id for c in deck.cards if c.difficulty in ("easy", "hard")]
        await pilot.press("escape")
        await pilot.press("1", "3")  # Variance and He
        assert listed(app) == [c.id for c in deck.cards if {"Variance", "He"} <= set(c.tags)]


async def test_clicking_a_chip_toggles_it(app: QuizApp, deck: Deck) -> None:
    async with app.run_test(size=SIZE) as pilot:
        bar = chip_bar(app)
        await pilot.click(bar, offset=chip_offset(bar, "Medium"))
        assert bar.selected == {"medium"}
        assert listed(app) == [c.id for c in deck.cards if c.difficulty == "medium"]
        assert study(app).current.difficulty == "medium"  # the selection follows the list
        await pilot.click(bar, offset=chip_offset(bar, "Medium"))
        assert not bar.selected
        assert len(listed(app)) == len(deck.cards)


async def test_slash_searches_questions_and_answers(app: QuizApp, deck: Deck) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        search = study(app).query_one("#search", Input)
        assert search.has_focus and search.display
        await pilot.press(*"symmetry")
        await searched(app, pilot)
        expected = [c.id for c in deck.filter(text="symmetry")]
        assert listed(app) == expected
        assert any("symmetry" not in c.question.lower() for c in deck.cards if c.id in expected)  # answers count
        await pilot.press("enter")
        assert study(app).query_one(CardList).has_focus
        await pilot.press("j")  # keys work again once the search is kept
        assert study(app).current.id == expected[1]
        await pilot.press("escape")
        assert listed(app) == [c.id for c in deck.cards]
        assert search.value == ""


async def test_search_with_no_match_shows_an_empty_list(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"xyzzy", "enter")
        assert listed(app) == []
        assert "No cards match" in screen_text(app) and "esc" in screen_text(app)
        await pilot.press("escape")
        assert len(listed(app)) == 15
        assert "No cards match" not in screen_text(app)


async def test_no_match_turns_the_card_actions_off(app: QuizApp, deck: Deck, runner: PinnedRunner) -> None:
    """Chips 2 3 4 (Xavier, He and Random) match no card: no card is shown, and space, d, j and k do nothing."""
    assert not [c for c in deck.cards if {"Xavier", "He", "Random"} <= set(c.tags)]
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("2", "3", "4")
        screen = study(app)
        panel = screen.query_one(CardPanel)
        text = screen_text(app)
        assert "No cards match — esc clears the filters." in text
        assert "Card 1 ·" not in text and deck.cards[0].question not in text
        shown = screen.query_one(KeyBar).shown
        for action in ("toggle-answer", "run-demo", "next-card", "previous-card"):
            assert action not in shown
        assert "help" in shown and "quit" in shown
        await pilot.press("space", "d", "j")
        await screen._finish_layout()  # the demo panel is mounted after the first frame
        await app.workers.wait_for_complete()
        assert not panel.revealed and runner.runs == 0
        assert not screen.query_one("#demo").display
        await pilot.press("escape")
        assert screen.current.id in listed(app) and "toggle-answer" in screen.query_one(KeyBar).shown
        assert "No cards match" not in screen_text(app)
        await pilot.press("space")
        assert panel.revealed


async def test_help_opens_with_question_mark_and_f1(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.content) for s in app.screen.query(Static))
        for needed in ("next card", "space", "Run (or restart)", "Search", "Quit", "ctrl+p", "1–7", "pgdn", "home"):
            assert needed in text
        await pilot.press("escape")
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, StudyScreen)


async def test_q_quits(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert app._exit
    assert app.return_code == 0


async def test_t_toggles_light_and_dark(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == DARK_THEME
        await pilot.press("t")
        assert app.theme == LIGHT_THEME
        await pilot.press("t")
        assert app.theme == DARK_THEME


async def test_bindings_have_ids(app: QuizApp) -> None:
    async with app.run_test(size=SIZE):
        ids = {b.id for _, b in study(app)._bindings}
        ids |= {b.id for _, b in app._bindings}
        for wanted in ("next-card", "previous-card", "toggle-answer", "run-demo", "search", "help", "quit"):
            assert wanted in ids


async def test_keymap_remaps_a_binding_by_id(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.set_keymap({"next-card": "n"})
        await pilot.press("n")
        assert study(app).current.id == 2


async def test_palette_offers_the_same_actions(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Next card", "Previous card", "Reveal / hide the answer", "Run the card's demo", "Search cards"):
            assert wanted in titles
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Next card")
        # The palette searches in the background: wait for its result, not for a guessed time.
        options = app.screen.query_one(CommandList)
        for _ in range(600):
            if options.option_count and "Next card" in str(options.get_option_at_index(0).prompt):
                break
            await pilot.pause(0.05)
        else:
            raise AssertionError("the palette never offered 'Next card'")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert study(app).current.id == 2


async def test_tip_and_checklist_lines_jump_to_their_cards(app: QuizApp, deck: Deck) -> None:
    line = deck.checklist[1]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert deck.tip is not None
        assert str(review.query_one("#tip", Static).content) == deck.tip
        checklist = review.query_one("#checklist")
        checklist.focus()
        index = next(i for i, o in enumerate(review.query_one("#checklist").options) if o.id == "line-1")  # type: ignore[attr-defined]
        checklist.highlighted = index  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert listed(app) == [c.id for c in deck.cards if c.id in line.cards]
        assert study(app).current.id == line.cards[0]
        await pilot.press("escape")
        assert len(listed(app)) == len(deck.cards)


async def test_checklist_card_line_jumps_to_that_card_even_if_filtered_out(app: QuizApp, deck: Deck) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")  # Hard only
        await pilot.press("i")
        review = app.screen
        checklist = review.query_one("#checklist")
        checklist.focus()
        target = deck.checklist[0].cards[0]
        option_ids = [o.id for o in checklist.options]  # type: ignore[attr-defined]
        checklist.highlighted = option_ids.index(f"card-{target}-0")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert study(app).current.id == target
        assert target in listed(app)


async def test_review_screen_closes_with_escape(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.press("escape")
        assert isinstance(app.screen, StudyScreen)
        assert study(app).current.id == 1


async def test_fast_keys_do_not_lose_a_reveal(app: QuizApp) -> None:
    """j j j space typed faster than the list's messages arrive: card 4, answer shown."""
    async with app.run_test(size=SIZE) as pilot:
        screen = study(app)
        screen.action_next_card()
        screen.action_next_card()
        screen.action_next_card()
        screen.action_toggle_answer()
        await pilot.pause()
        assert screen.current.id == 4
        assert screen.query_one(CardPanel).revealed


async def test_keys_typed_right_after_enter_in_search_reach_the_list(app: QuizApp, deck: Deck) -> None:
    """``/fan⏎j`` typed at once: j moves to the next card instead of landing in the search box."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"fan")
        app.post_message(events.Key("enter", "\r"))
        app.post_message(events.Key("j", "j"))
        await pilot.pause()
        await pilot.pause()
        assert study(app).query_one("#search", Input).value == "fan"
        expected = [c.id for c in deck.filter(text="fan")]
        assert study(app).current.id == expected[1]


async def test_a_closing_app_removing_the_demo_panel_does_not_fail_the_layout(app: QuizApp) -> None:
    """A run that ends before the layout is finished (a quick test, a quick `q`): the app removes the demo panel
    that ``_finish_layout`` just mounted, and the panel is then simply not there to show a card in."""
    async with app.run_test(size=SIZE):
        screen = study(app)
        await screen._finish_layout()
        await screen.query_one("#demo").remove()  # as the app does while it closes
        screen._show_demo(screen.current)  # was: NoMatches('#demo'), the app's exception on exit
        assert not screen.query("#demo")


def checklist_lines(app: QuizApp) -> list[str]:
    review = app.screen
    assert isinstance(review, ReviewScreen)
    return [str(o.prompt) for o in review.query_one("#checklist", OptionList).options if (o.id or "").startswith("l")]


async def test_a_fresh_deck_ticks_no_checklist_line(app: QuizApp, deck: Deck) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()  # every card's mastery, read from the (empty) store
        await pilot.pause()
        await pilot.press("i")
        lines = checklist_lines(app)
        assert len(lines) == len(deck.checklist)
        assert not any(line.startswith("✓") for line in lines)
        assert all(line.startswith("○") for line in lines)


async def test_a_checklist_line_is_ticked_once_all_its_cards_are_known(
    app: QuizApp, deck: Deck, data_dir: Path
) -> None:
    line = deck.checklist[0]
    with ProgressStore.in_dir(data_dir) as store:
        for card in line.cards:
            store.record_review(deck.id, card, 3)  # just recalled: recall 100 %
        store.record_review(deck.id, deck.checklist[1].cards[0], 3)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("i")
        lines = checklist_lines(app)
        assert lines[0].startswith("✓") and line.text in lines[0]
        assert lines[1].startswith("◐")
        assert "✓ every card known" in screen_text(app)


@pytest.mark.parametrize("query", ["fan in", "fan_in", "fan-in"])
async def test_search_reads_fan_in_however_it_is_written(app: QuizApp, query: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *query)
        await searched(app, pilot)
        assert 3 in listed(app) and 13 in listed(app)


@pytest.mark.parametrize(("query", "card"), [("orthgonal", 8), ("√", 7), ("sqrt", 7), ("batchnorm", 10)])
async def test_search_forgives_typos_and_reads_symbols(app: QuizApp, query: str, card: int) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *query)
        await searched(app, pilot)
        assert card in listed(app)
        assert question_shown(app) == study(app).deck.card(listed(app)[0]).question


async def test_typing_fast_applies_the_search_less_often_than_once_a_key(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        screen = study(app)
        for key in "orthogonal":  # ten keys at once, as a fast typist's arrive
            app.post_message(events.Key(key, key))
        await pilot.pause()
        await searched(app, pilot)
        assert listed(app) == [8]
        assert 1 <= screen.searches < len("orthogonal")


async def test_the_search_runs_off_the_ui_thread_and_the_last_text_wins(
    app: QuizApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search held up (a loaded machine) never holds up the keys, and a stale result never replaces a newer one."""
    import threading

    import quiz.search

    gate = threading.Event()
    real = quiz.search.search_cards

    def held(cards: object, query: str) -> object:
        if threading.current_thread() is not threading.main_thread():
            gate.wait(timeout=30)
        return real(cards, query)  # type: ignore[arg-type]

    monkeypatch.setattr(quiz.search, "search_cards", held)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"xav")
        search = study(app).query_one("#search", Input)
        for _ in range(100):  # the first text's worker is now waiting at the gate
            if any(w.group == "search" and not w.is_finished for w in app.workers):
                break
            await pilot.pause(0.01)
        await pilot.press(*"ier")
        assert search.value == "xavier"  # typed while the search waits: the keys were not held up
        assert len(listed(app)) == 15  # nothing applied yet
        gate.set()
        await searched(app, pilot)
        assert study(app).card_filter.text == "xavier"
        assert listed(app) == [c.id for c in real(study(app).deck.cards, "xavier")]


async def test_the_card_text_can_be_selected_with_the_mouse(app: QuizApp, deck: Deck) -> None:
    """A drag over the card selects its text, as in any Textual text widget (then ctrl+c copies it)."""
    card = deck.cards[0]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        panel = study(app).query_one(CardPanel)
        left = panel.region.x  # the card list left of it shows the question too
        lines = [line[left:] for line in screen_text(app).splitlines()]
        row = next(y for y, line in enumerate(lines) if card.question[:15] in line)
        start = left + lines[row].index(card.question[:15])
        await pilot.mouse_down(offset=(start, row))
        await pilot.hover(offset=(start + 14, row))
        await pilot.mouse_up(offset=(start + 14, row))
        await pilot.pause()
        assert app.screen.get_selected_text() == card.question[:15]  # as a Static selects: both ends included
        # A drag from the question into the answer takes the lines between, in the order they read.
        answer_row = next(y for y, line in enumerate(lines) if card.answer[:15] in line)
        await pilot.mouse_down(offset=(start, row))
        await pilot.hover(offset=(start + 14, answer_row))
        await pilot.mouse_up(offset=(start + 14, answer_row))
        await pilot.pause()
        selected = app.screen.get_selected_text() or ""
        assert selected.startswith(card.question) and selected.endswith(card.answer[:15])
        assert "Answer" in selected


async def test_the_card_follows_the_theme(app: QuizApp, deck: Deck) -> None:
    """``t`` redraws the card in the other theme's colors (its lines are cached: a theme change must not reuse
    them)."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        panel = study(app).query_one(CardPanel)
        row = next(y for y in range(panel.size.height) if deck.cards[0].question[:15] in panel.render_line(y).text)
        before = panel.render_line(row)
        await pilot.press("t")
        await pilot.pause()
        after = panel.render_line(row)
        assert after.text == before.text
        assert [s.style for s in after] != [s.style for s in before]
        assert all(s.style is not None and s.style.bgcolor is not None for s in after)


async def test_a_chip_looks_lit_when_on_and_unlit_when_off_again(app: QuizApp) -> None:
    """The bar keeps the lines it drew for each set of lit chips: on, off, on again must each look as they should,
    and a theme change must draw them in its colors."""
    async with app.run_test(size=SIZE) as pilot:
        bar = chip_bar(app)
        x = chip_offset(bar, "Xavier")[0] - bar.styles.padding.left

        def style_at(x: int) -> object:
            line = bar.render_line(0)
            return line.crop(x, x + 1)._segments[0].style

        unlit = style_at(x)
        await pilot.press("2")
        lit = style_at(x)
        assert lit != unlit and bar.selected == {"Xavier"}
        await pilot.press("2")
        assert style_at(x) == unlit and not bar.selected
        await pilot.press("2")
        assert style_at(x) == lit
        await pilot.press("t")
        await pilot.pause()
        assert style_at(x) != lit  # the light theme's lit chip
        await pilot.press("2")
        assert style_at(x) != unlit and not bar.selected  # the light theme's unlit chip
