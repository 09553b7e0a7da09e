"""The `quiz` command line. Light: Textual and NumPy are imported only by the commands that need them."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence

from quiz import __version__
from quiz.cli.common import EXIT_USAGE, CliError, QuizArgumentParser, error_line, get_data_dir, get_deck

_GLOBAL_OPTIONS = ("--deck", "--data-dir")


def _common_parent() -> argparse.ArgumentParser:
    # Global options accepted before or after the command name. SUPPRESS keeps a value given before the
    # command from being overwritten by the subparser's default.
    parent = QuizArgumentParser(add_help=False)
    parent.add_argument(
        "--deck",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="deck file (default: questions/weight-initialization.toml)",
    )
    parent.add_argument(
        "--data-dir",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="where progress is kept (default: $QUIZ_DATA_DIR, else the platform's user data dir)",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    parent = _common_parent()
    parser = QuizArgumentParser(
        prog="quiz",
        parents=[parent],
        description="Weight-initialization interview prep: cards, live NumPy demos, spaced repetition, "
        "mock interviews. With no command, opens the terminal app.",
    )
    parser.add_argument("--version", action="version", version=f"quiz {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # Command modules, each with ``register(subparsers, parent)``, in the order --help lists them.
    from quiz.cli import deck_cmds, demo_cmd, doctor_cmd, exercise_cmd, mock_cmd, plan_cmd, progress_cmds, serve_cmd

    for module in (deck_cmds, demo_cmd, exercise_cmd, progress_cmds, plan_cmd, mock_cmd, serve_cmd, doctor_cmd):
        module.register(sub, parent)
    return parser


def _only_global_options(argv: Sequence[str]) -> bool:
    """True when ``argv`` holds nothing but ``--deck``/``--data-dir``: `quiz` then opens the app straight away,
    without building (and importing) every command's parser: first paint comes sooner."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _GLOBAL_OPTIONS and i + 1 < len(argv) and not argv[i + 1].startswith("-"):
            i += 2
        elif arg.startswith(tuple(f"{o}=" for o in _GLOBAL_OPTIONS)):
            i += 1
        else:
            return False
    return True


def _run_tui(args: argparse.Namespace) -> int:
    if sys.stdin is None:  # Textual's driver would fail on it with AttributeError
        raise CliError("standard input is closed: the app needs a terminal to read keys from")
    deck = get_deck(args, cached=True)
    from quiz.tui.app import run_app

    return run_app(deck, data_dir=get_data_dir(args))


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = _common_parent() if _only_global_options(argv) else build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", _run_tui)
    try:
        return int(func(args))
    except CliError as exc:
        print(error_line(exc), file=sys.stderr)
        return EXIT_USAGE
    except RecursionError:  # a last guard: the readers refuse too-deep input themselves, naming the file
        print(error_line("the input is nested too deeply to read"), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("quiz: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def entry() -> None:
    # Text that the terminal's encoding cannot write (a lone surrogate from undecodable input) is shown escaped,
    # never a UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    sys.exit(main())
