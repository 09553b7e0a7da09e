"""The web server behind `quiz serve`: textual-serve, which starts one app process for each browser tab."""

from __future__ import annotations

import asyncio
import logging
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any, TextIO

from aiohttp import web
from textual_serve.server import Server

from quiz.serve.address import Address, AddressError, bind_message

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""quiz's copy of textual-serve's page (see the comment at its top for what differs)."""


def app_command(deck_path: Path, data_dir: Path) -> str:
    """The shell command textual-serve runs for each visitor: this Python's `quiz` on this deck and data dir.

    Both paths are made absolute here, so every visitor's app uses the same deck and the same progress."""
    argv = [
        sys.executable,
        "-m",
        "quiz",
        "--deck",
        str(deck_path.expanduser().resolve()),
        "--data-dir",
        str(data_dir.expanduser().resolve()),
    ]
    return subprocess.list2cmdline(argv) if os.name == "nt" else shlex.join(argv)


class QuizServer(Server):
    """textual-serve's server with quiz's page and a one-line greeting instead of its banner."""

    def __init__(self, command: str, address: Address, title: str, *, out: TextIO | None = None) -> None:
        super().__init__(command, host=address.host, port=address.port, title=title, templates_path=TEMPLATES)
        self.address = address
        self._out = out or sys.stdout
        self._sessions: set[asyncio.Task[Any]] = set()
        """The tasks serving a browser tab each (its websocket and its app process)."""

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        task = asyncio.current_task()
        if task is not None:
            self._sessions.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            self._sessions.discard(task)

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C: end every tab's session now. textual-serve then tells each app to quit and waits for it; left
        alone, aiohttp would wait up to a minute for the open tabs to hang up first."""
        for task in list(self._sessions):
            task.cancel()

    def initialize_logging(self) -> None:
        super().initialize_logging()
        # textual-serve logs every HTTP request; keep its own messages (an app that failed to start) and errors.
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    async def on_startup(self, app: web.Application) -> None:
        print(
            f"Serving {self.title} at {self.address.url} — open it in a browser (each tab runs its own app). "
            "Ctrl+C stops.",
            file=self._out,
            flush=True,
        )


def serve(address: Address, command: str, title: str) -> None:
    """Serve ``command`` on ``address`` until Ctrl+C (or SIGTERM); :class:`AddressError` if it cannot listen."""
    server = QuizServer(command, address, title)
    try:
        server.serve()
    except OSError as exc:
        raise AddressError(bind_message(address, exc)) from None
