"""The theme the user picks is the theme of the next run (saved in the data dir by a worker)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import SIZE

from quiz.deck import Deck
from quiz.settings import SETTINGS_FILE, read_theme, write_theme
from quiz.tui.app import DARK_THEME, LIGHT_THEME, QuizApp, create_app


async def test_the_chosen_theme_is_saved_and_used_next_time(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        assert not (data_dir / SETTINGS_FILE).exists()  # starting saves nothing
        await pilot.press("t")
        await app.workers.wait_for_complete()
        assert read_theme(data_dir) == LIGHT_THEME
    again = create_app(deck, data_dir, theme=read_theme(data_dir))
    async with again.run_test(size=SIZE):
        assert again.theme == LIGHT_THEME
        assert not again.current_theme.dark


async def test_a_saved_theme_that_no_longer_exists_is_ignored(deck: Deck, data_dir: Path) -> None:
    write_theme(data_dir, "a-theme-that-was-uninstalled")
    app = create_app(deck, data_dir, theme=read_theme(data_dir))
    async with app.run_test(size=SIZE):
        assert app.theme == DARK_THEME


async def test_a_theme_that_cannot_be_saved_is_reported_and_still_applied(deck: Deck, tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data dir should be", encoding="utf-8")
    app = create_app(deck, blocker)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.theme == LIGHT_THEME
        assert any("theme could not be saved" in str(n.message) for n in app._notifications)


async def test_the_palette_screenshot_is_saved_in_the_data_dir_and_its_path_shown(
    app: QuizApp, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """~/Downloads (Textual's default) does not exist here: the screenshot goes to the data dir, path shown."""
    monkeypatch.setenv("HOME", str(tmp_path / "home-without-downloads"))
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(tmp_path / "home-without-downloads" / "Downloads"))
    async with app.run_test(size=(80, 24)) as pilot:
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Screenshot")
        command.callback()
        for _ in range(200):  # the timer, then the file written by the driver's thread: a condition, not a guess
            await pilot.pause(0.02)
            if list(data_dir.glob("*.svg")) and app._notifications:
                break
        (shot,) = data_dir.glob("*.svg")
        assert shot.read_text(encoding="utf-8").startswith("<svg")
        assert any(str(shot) in n.message for n in app._notifications)
