"""`quiz serve`: the app in a browser, through textual-serve (one app process per browser tab)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from quiz.cli.common import EXIT_OK, CliError, deck_path, get_data_dir, get_deck
from quiz.serve.address import DEFAULT_HOST, DEFAULT_PORT


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    """Add `quiz serve` to the `quiz` parser."""
    p = sub.add_parser(
        "serve",
        parents=[parent],
        help="the app in a web browser",
        description="Serve the app over HTTP: open the printed address in a browser; each tab runs its own app on "
        "the same deck and progress. Listens on this machine only (127.0.0.1) unless --host says otherwise; there "
        "is no password, so any other host prints a warning. Ctrl+C stops.",
    )
    p.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only; 0.0.0.0: every network)",
    )
    p.add_argument("--port", default=str(DEFAULT_PORT), help=f"port to listen on (default {DEFAULT_PORT})")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    from quiz.serve.address import AddressError, check_free, exposure_warning, parse_port, resolve

    deck = get_deck(args)  # a broken deck is reported here, once, not by every visitor's app
    try:
        address = resolve(args.host, parse_port(args.port))
        check_free(address)
    except AddressError as exc:
        raise CliError(str(exc)) from None
    if not address.loopback:
        print(f"quiz: warning: {exposure_warning(address)}", file=sys.stderr, flush=True)

    from quiz.serve.server import app_command, serve

    try:
        serve(address, app_command(deck_path(args), get_data_dir(args)), deck.title)
    except AddressError as exc:
        raise CliError(str(exc)) from None
    return EXIT_OK
