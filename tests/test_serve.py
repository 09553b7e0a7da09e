"""`quiz serve` without a browser: its options, its messages, and the command each visitor's app runs.

The served app itself, in a real browser, is tested in ``test_serve_browser.py``.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from quiz.cli import main
from quiz.deck import default_deck_path
from quiz.serve.address import Address, AddressError, parse_port, resolve
from quiz.serve.server import app_command


@pytest.mark.parametrize(("text", "port"), [("8000", 8000), (" 1 ", 1), ("65535", 65535)])
def test_parse_port(text: str, port: int) -> None:
    assert parse_port(text) == port


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x", "--port: 'x' is not a whole number"),
        ("80.5", "--port: '80.5' is not a whole number"),
        ("0", "--port: 0 is out of range"),
        ("65536", "--port: 65536 is out of range"),
        ("-1", "--port: -1 is out of range"),
    ],
)
def test_parse_port_rejects(text: str, message: str) -> None:
    with pytest.raises(AddressError, match="^" + re.escape(message)):
        parse_port(text)


@pytest.mark.parametrize(
    ("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("127.0.0.2", True), ("0.0.0.0", False)]
)
def test_resolve_tells_loopback_from_the_rest(host: str, loopback: bool) -> None:
    assert resolve(host, 8000).loopback is loopback


def test_resolve_rejects_an_unknown_host() -> None:
    with pytest.raises(AddressError, match=r"^--host: 'no-such-host\.invalid' is not an address of this machine"):
        resolve("no-such-host.invalid", 8000)
    with pytest.raises(AddressError, match=r"^--host: empty"):
        resolve("  ", 8000)


def test_the_printed_address_is_one_a_browser_opens() -> None:
    assert Address("127.0.0.1", 8000, True).url == "http://127.0.0.1:8000"
    assert Address("0.0.0.0", 8080, False).url == "http://127.0.0.1:8080"
    assert Address("::1", 8000, True).url == "http://[::1]:8000"


def test_app_command_runs_this_python_on_absolute_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my decks").mkdir()
    command = app_command(Path("my decks/deck.toml"), Path("data dir"))
    assert shlex.split(command) == [
        sys.executable,
        "-m",
        "quiz",
        "--deck",
        str(tmp_path / "my decks" / "deck.toml"),
        "--data-dir",
        str(tmp_path / "data dir"),
    ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("quiz: error: "), err
    return err.strip()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "eighty"], "quiz: error: --port: 'eighty' is not a whole number (give a port from 1 to 65535)"),
        (["--port", "70000"], "quiz: error: --port: 70000 is out of range (give a port from 1 to 65535)"),
        (["--host", "no-such-host.invalid"], "quiz: error: --host: 'no-such-host.invalid' is not an address"),
        (["--host", "192.0.2.1"], "quiz: error: --host: 192.0.2.1 is not an address of this machine"),
    ],
)
def test_bad_port_or_host_is_one_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", *args]) == 2
    assert _one_error_line(capsys).startswith(message)


def test_a_port_in_use_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    assert _one_error_line(capsys) == (
        f"quiz: error: --port: 127.0.0.1:{port} is already in use; stop what uses it or give another port with --port"
    )


def test_a_broken_deck_is_reported_before_serving(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "x"\ntitle = "t"\n', encoding="utf-8")
    assert main(["--deck", str(broken), "serve", "--port", str(_free_port())]) == 2
    assert _one_error_line(capsys).startswith(f"quiz: error: {broken}: ")


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Address, str, str]]:
    """Record what `quiz serve` would serve, instead of serving it."""
    calls: list[tuple[Address, str, str]] = []
    monkeypatch.setattr("quiz.serve.server.serve", lambda *args: calls.append(args))
    return calls


def test_serve_defaults_to_loopback_without_a_warning(
    served: list[Any], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--port", str(_free_port())]) == 0
    assert capsys.readouterr().err == ""
    [(address, command, title)] = served
    assert address.host == "127.0.0.1" and address.loopback
    assert title == "Weight Initialization — 15 Interview Questions"
    argv = shlex.split(command)
    assert argv[argv.index("--deck") + 1] == str(default_deck_path().resolve())
    assert argv[argv.index("--data-dir") + 1] == str(data_dir.resolve())  # $QUIZ_DATA_DIR, for every tab


def test_any_other_host_prints_a_warning(served: list[Any], capsys: pytest.CaptureFixture[str]) -> None:
    port = _free_port()
    assert main(["serve", "--host", "0.0.0.0", "--port", str(port)]) == 0
    err = capsys.readouterr().err
    assert err == (
        f"quiz: warning: --host 0.0.0.0 is not a loopback address: anyone who can reach this machine on port {port} "
        "gets the app, with no password, and can read and change your progress\n"
    )
    assert served[0][0].loopback is False


def test_a_served_app_ends_when_its_server_is_gone(tmp_path: Path) -> None:
    """If the server is killed, nobody tells its apps to quit: each notices its input pipe hang up and ends."""
    env = dict(os.environ, TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver", COLUMNS="100", ROWS="30")
    app = subprocess.Popen(
        [sys.executable, "-m", "quiz", "--data-dir", str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert app.stdin is not None and app.stdout is not None
    started = threading.Event()

    def drain(out: Any = app.stdout) -> None:  # read the app's frames, as the server would
        while out.read1(65536):
            started.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        assert started.wait(timeout=90), "the app never drew anything"
        app.stdin.close()  # the server is gone
        assert app.wait(timeout=90) is not None
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
