"""The footer (KeyBar) and the filter chips: what shows at 40, 80 and 120 columns, and labels that follow the state."""

from __future__ import annotations

import pytest
from tui_helpers import open_drill_screen, screen_text, study

from quiz.tui.app import QuizApp
from quiz.tui.card_filter import FILTER_CHIPS
from quiz.tui.widgets.key_bar import ALWAYS, KeyBar, KeyItem, fit


def footer_line(app: QuizApp) -> str:
    return screen_text(app).splitlines()[-1]


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (120, 36), (200, 50)])
async def test_help_and_quit_always_show_and_no_key_is_cut(app: QuizApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        bar = study(app).query_one(KeyBar)
        line = footer_line(app)
        assert bar.shown[-2:] == ["help", "quit"] or bar.shown[-3:-1] == ["help", "quit"]
        assert "? Help" in line and "q Quit" in line
        for item in bar.items():
            label = f"{item.key_display} {item.label}"
            assert (label in line) == (item.id in bar.shown), label  # a key shows whole, or not at all
        assert "space Reveal" in line  # the most useful key first


async def test_at_120_columns_every_study_key_has_its_label(app: QuizApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        line = footer_line(app)
        for label in ("j Next", "k Prev", "d Demo", "/ Search", "i Tip", "r Drill", "c Cram", "s Stats", "m Mock"):
            assert label in line
        assert "t Theme" in line


async def test_at_80_columns_the_most_useful_keys_show(app: QuizApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = study(app).query_one(KeyBar).shown
        assert shown[:2] == ["next-card", "toggle-answer"]
        assert {"run-demo", "drill", "mock", "help", "quit"} <= set(shown)


async def test_space_reads_hide_once_the_answer_shows(app: QuizApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "space Reveal" in footer_line(app)
        await pilot.press("space")
        await pilot.pause()
        assert "space Hide" in footer_line(app) and "Reveal" not in footer_line(app)
        await pilot.press("j")
        await pilot.pause()
        assert "space Reveal" in footer_line(app)


async def test_clicking_a_footer_key_presses_it(app: QuizApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        line = footer_line(app)
        await pilot.click(KeyBar, offset=(line.index("j Next") + 1, 0))
        await pilot.pause()
        assert study(app).current.id == 2


def test_fit_leaves_out_the_least_useful_keys_first_and_never_help_or_quit() -> None:
    items = [
        KeyItem(k, k, label, True, key_id)
        for k, label, key_id in [
            ("a", "Alpha", "alpha"),
            ("b", "Beta", "beta"),
            ("c", "Gamma", "gamma"),
            ("?", "Help", "help"),
            ("q", "Quit", "quit"),
        ]
    ]
    shown, compact = fit(items, 200, priority=("beta", "alpha", "gamma"))
    assert [i.id for i in shown] == ["alpha", "beta", "gamma", "help", "quit"] and not compact
    shown, _ = fit(items, 34, priority=("beta", "alpha", "gamma"))
    assert [i.id for i in shown] == ["alpha", "beta", "help", "quit"]  # gamma ranks last: it goes first
    shown, _ = fit(items, 10, priority=("beta", "alpha", "gamma"))
    assert [i.id for i in shown] == list(ALWAYS)


@pytest.mark.parametrize("size", [(40, 12), (80, 24)])
async def test_the_chips_keep_their_numbers_when_narrow(app: QuizApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        text = screen_text(app)
        for chip in FILTER_CHIPS:
            assert f"{chip.key}\u00a0{chip.label}" in text  # each chip with its key, unbroken


async def test_the_footer_follows_the_keys_and_the_theme_when_drawn_again(app: QuizApp) -> None:
    """The bar keeps the lines it drew (space flips Reveal and Hide): each must still match the keys, and a theme
    change must draw them anew in its colors."""
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        for label in ["Hide", "Reveal", "Hide", "Reveal"]:
            await pilot.press("space")
            await pilot.pause()
            assert f"space {label}" in footer_line(app)
            assert f"space {label}" in bar.render_line(0).text
        styles = [segment.style for segment in bar.render_line(0)]
        await pilot.press("t")
        await pilot.pause()
        assert "space Reveal" in footer_line(app)
        assert [segment.style for segment in bar.render_line(0)] != styles
        line = footer_line(app)
        await pilot.click(KeyBar, offset=(line.index("j Next") + 1, 0))  # clicks still find their key
        await pilot.pause()
        assert study(app).current.id == 2


async def test_binding_changes_published_together_read_the_keys_once(app: QuizApp) -> None:
    """Several changes published before the footer gets to them (a drill's ctrl+r reveals, then moves the focus
    out of the answer box) are read as one, and the footer shows the keys as they are after the last."""
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_drill_screen(app, pilot)
        bar = screen.query_one(KeyBar)
        reads: list[int] = []
        items = bar.items

        def counted() -> list[KeyItem]:
            reads.append(1)
            return items()

        bar.items = counted  # type: ignore[method-assign]
        await pilot.press("a")
        await pilot.pause()
        reads.clear()
        for _ in range(5):
            screen.refresh_bindings()
        await pilot.pause()
        assert len(reads) == 1
        await pilot.press("ctrl+r")
        await pilot.pause()
        line = footer_line(app)
        assert "1 Again" in line and "Type answer" not in line and "Done typing" not in line
