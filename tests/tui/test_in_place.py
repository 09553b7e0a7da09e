"""A status line shows a new message in place, and lays out again only when its height changes."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content

from quiz.tui.widgets.drill_status import DrillStatus


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
