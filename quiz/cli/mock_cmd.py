"""`quiz mock --plain`: a timed mock interview in line mode (pipes, scripts, screen readers). Light: no Textual.

Each question is printed, then one line is read as the answer within the question's time limit. Lines are read by
a daemon thread into a queue, so the main loop can wait with a timeout on any stdin (terminal or pipe, any
platform): a question with no line in time is recorded as ``timed_out`` and the interview goes on. End of input
ends the interview early; the report covers the questions answered. Every interview with at least one answer is
saved to the progress store; self-grades are not asked in plain mode. After an answer that misses key points with
a follow-up question, up to ``--follow-ups N`` of them are asked (default 1), each on its own prompt line, timed
(half the question's time), one line read for each.
"""

from __future__ import annotations

import argparse
import queue
import sqlite3
import sys
import threading
from typing import IO, TYPE_CHECKING, Any

from quiz.cli.common import (
    EXIT_OK,
    CliError,
    answers_input,
    error_line,
    get_data_dir,
    get_deck,
    parse_card_ids,
    print_json,
)
from quiz.deck import Card
from quiz.plural import counted
from quiz.text_safety import printable

if TYPE_CHECKING:
    from quiz.interview import FollowUpResult, InterviewReport, MockInterview

EXIT_NOT_SAVED = 1
_EOF = None


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    """Add this module's commands to the `quiz` parser."""
    p = sub.add_parser(
        "mock",
        parents=[parent],
        help="timed mock interview",
        description="A timed mock interview: questions one after another, typed answers scored by the key concepts "
        "an interviewer listens for, then a report (coverage, matched and missed concepts, the tip's anchors, "
        "comparison with your previous interviews). Every interview is saved. --plain reads one line per answer "
        "from stdin (works with a pipe); a question left without a line in time is marked timed out. Without "
        "--plain, a terminal is told to use the app (`quiz`, key m); piped input runs plain mode.",
    )
    p.add_argument("--plain", action="store_true", help="line mode: no screen drawing, works with stdin from a pipe")
    p.add_argument("--questions", metavar="N", help="number of questions (default 5, or as many as --cards)")
    p.add_argument(
        "--seconds",
        metavar="S",
        help="time limit per question: seconds (90) or m:ss (1:30), from 5 s to 4 hours "
        "(default by difficulty: Easy 60, Medium 90, Hard 120)",
    )
    p.add_argument("--cards", metavar="IDS", help="ask these cards (e.g. 1,5,9) in this order")
    p.add_argument(
        "--exercises",
        metavar="N",
        help="one question in every N is an exercise graded by computation (default 5; 0: none; not with --cards)",
    )
    p.add_argument("--seed", metavar="N", help="seed for the random choice and order of questions")
    p.add_argument(
        "--follow-ups",
        metavar="N",
        help="at most N follow-up questions after each answer, on key points it missed (default 1; 0: none)",
    )
    p.add_argument(
        "--json", action="store_true", help="prompts to stderr; stdout gets only the report as one JSON object"
    )
    p.set_defaults(func=cmd_mock)


def _positive_int(value: str, option: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise CliError(f"{option}: {value!r} is not a whole number") from None
    if number <= 0:
        raise CliError(f"{option}: must be at least 1, got {number}")
    return number


def _seconds(value: str) -> float:
    from quiz.interview import parse_seconds  # the app's rule too: 5 s to 4 hours

    try:
        return parse_seconds(value)
    except ValueError as exc:
        raise CliError(f"--seconds: {exc}") from None


def _exercise_every(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise CliError(f"--exercises: {value!r} is not a whole number (one question in every N; 0: none)") from None
    if not 0 <= number <= 100:
        raise CliError(f"--exercises: must be from 0 (none) to 100, got {number}")
    return number


def _follow_ups(value: str) -> int:
    from quiz.interview.settings import MAX_FOLLOW_UPS

    try:
        number = int(value)
    except ValueError:
        raise CliError(f"--follow-ups: {value!r} is not a whole number") from None
    if not 0 <= number <= MAX_FOLLOW_UPS:
        raise CliError(f"--follow-ups: must be from 0 to {MAX_FOLLOW_UPS}, got {number}")
    return number


def _seed(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise CliError(f"--seed: {value!r} is not a whole number") from None


def _start_reader(stream: IO[str]) -> queue.Queue[str | None]:
    """A daemon thread that puts each line of ``stream`` (without its newline) on a queue, then ``None`` at EOF."""
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        try:
            for line in stream:
                lines.put(line.rstrip("\r\n"))
        except (OSError, ValueError, UnicodeDecodeError):
            pass
        lines.put(_EOF)

    threading.Thread(target=read, name="quiz-mock-stdin", daemon=True).start()
    return lines


def _fmt_seconds(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds == int(seconds) else f"{seconds:.1f} s"


def cmd_mock(args: argparse.Namespace) -> int:
    stdin = answers_input()
    if not args.plain and stdin.isatty():
        raise CliError("the full-screen mock interview is in the app: run `quiz` and press m (or `quiz mock --plain`)")
    questions = _positive_int(args.questions, "--questions") if args.questions is not None else None
    seconds = _seconds(args.seconds) if args.seconds is not None else None
    seed = _seed(args.seed) if args.seed is not None else None
    follow_ups = _follow_ups(args.follow_ups) if args.follow_ups is not None else None
    every = _exercise_every(args.exercises) if args.exercises is not None else None
    deck = get_deck(args)
    ids = parse_card_ids(args.cards, deck, unique=True) if args.cards is not None else []
    if ids and every:
        raise CliError("--exercises: not with --cards (--cards asks exactly those cards)")

    from quiz.interview import (
        DEFAULT_EXERCISE_EVERY,
        DEFAULT_FOLLOW_UPS,
        DEFAULT_QUESTIONS,
        InterviewSettings,
        MockInterview,
    )

    settings = InterviewSettings(
        questions=questions or (len(ids) if ids else DEFAULT_QUESTIONS),
        seconds_per_question=seconds,
        cards=tuple(ids),
        seed=seed,
        follow_ups=DEFAULT_FOLLOW_UPS if follow_ups is None else follow_ups,
        exercise_every=DEFAULT_EXERCISE_EVERY if every is None else every,
    )
    previous, clean, kinds = _history(args, deck.id)
    interview = MockInterview.from_deck(deck, settings, exercise_kinds=kinds)
    out = sys.stderr if args.json else sys.stdout
    _run(interview, _start_reader(stdin), out, echo_answers=not stdin.isatty())
    report = interview.report(previous_scores=previous, previous_clean=clean)
    saved = _save(args, report)
    if args.json:
        print_json(report.to_json())
    else:
        from quiz.interview import report_markdown

        print()
        print(printable(report_markdown(report), multiline=True), end="", flush=True)
    if saved is None and report.anything_said:
        return EXIT_NOT_SAVED
    if saved is not None:
        print(f"Saved as interview #{saved}.", file=out, flush=True)
    return EXIT_OK


def _say(out: IO[str], text: str = "", end: str = "\n") -> None:
    print(printable(text), file=out, end=end, flush=True)


def _run(interview: MockInterview, lines: queue.Queue[str | None], out: IO[str], *, echo_answers: bool) -> None:
    """Ask every question (and its follow-ups), one line per answer within its time limit; EOF ends early."""
    from quiz.interview import ExerciseResult, FollowUpResult

    _say(
        out,
        f"Mock interview: {counted(interview.total, 'question')} from {interview.deck_title}. "
        "One line per answer; end of input stops.",
    )
    interview.start()
    while (question := interview.current) is not None:
        _say(out)
        limit = _fmt_seconds(interview.time_limit())
        number = f"[{interview.position + 1}/{interview.total}]"
        follow_up = interview.follow_up
        if follow_up is not None:
            assert isinstance(question, Card)
            _say(out, f"Follow-up {interview.follow_up_number} on card {question.id} · {limit}: {follow_up.question}")
        elif isinstance(question, Card):
            _say(out, f"{number} Card {question.id} · {question.difficulty_label} · {limit}")
            _say(out, f"Q: {question.question}")
        else:
            kind, tolerance = question.kind, question.tolerance.text
            _say(out, f"{number} Exercise · {kind} · graded {tolerance} · {limit} · a number or an expression")
            _say(out, f"Q: {question.question}")
        _say(out, "> ", end="")
        try:
            line = lines.get(timeout=max(0.0, interview.remaining()))
        except queue.Empty:
            interview.time_out("")
            _say(out)
            _say(out, f"(time is up: {limit}; recorded as timed out)")
            continue
        if line is _EOF:
            _say(out)
            interview.end()
            _say(out, "(end of input: the interview ends here)")
            break
        if echo_answers:
            _say(out, line)  # input from a pipe is not echoed by a terminal: keep the transcript readable
        result = interview.submit(line)
        if isinstance(result, FollowUpResult):
            _say(out, _follow_up_verdict(result))
            continue
        note = " (over time)" if result.timed_out else ""
        spent = _fmt_seconds(round(result.time_s, 1))
        if isinstance(result, ExerciseResult):
            _say(out, f"Recorded in {spent}{note}: it is graded in the report.")
        else:
            wrong = f"; contradicted: {', '.join(x.label for x in result.contradicted)}" if result.contradicted else ""
            _say(out, f"Coverage {result.coverage:.0%} in {spent}{note}{wrong}.")


def _follow_up_verdict(result: FollowUpResult) -> str:
    over = " (over time)" if result.timed_out else ""
    if result.matched:
        return f"Heard{over}: “{result.said}” ({result.key_point}; counts half)."
    if result.contradiction is not None:
        wrong = result.contradiction
        return f"Contradicted{over}: you said “{wrong.said}” — {wrong.correction}"
    return f"Not heard{over} ({result.key_point})."


def _history(args: argparse.Namespace, deck_id: str) -> tuple[list[float], list[bool], list[str]]:
    """Scores of the user's earlier interviews with this deck, oldest first, whether each was free of
    contradictions, and the exercise kinds in the order they are due (none if the store can't be read)."""
    from quiz.progress import ProgressError, ProgressStore
    from quiz.progress.exercises import due_order, kind_states

    store = ProgressStore.in_dir(get_data_dir(args))
    try:
        scored = [i for i in store.interviews(deck_id) if i.score is not None]
        scores = [i.score for i in scored if i.score is not None]
        return scores, [i.clean for i in scored], due_order(kind_states(store))
    except (ProgressError, sqlite3.Error, OSError):
        return [], [], []
    finally:
        _print_notices(store.take_notices())
        store.close()


def _save(args: argparse.Namespace, report: InterviewReport) -> int | None:
    """Store the interview; its id, or None when there was nothing to save or saving failed (said on stderr)."""
    if not report.anything_said:
        print("quiz: nothing was answered, so this interview is not saved", file=sys.stderr)
        return None
    from quiz.progress import ProgressError, ProgressStore
    from quiz.progress.interviews import record_report

    store = ProgressStore.in_dir(get_data_dir(args))
    try:
        return record_report(store, report, mode="plain")
    except (ProgressError, sqlite3.Error, OSError) as exc:
        print(error_line(f"could not save the interview: {exc}"), file=sys.stderr)
        return None
    finally:
        _print_notices(store.take_notices())
        store.close()


def _print_notices(notices: list[str]) -> None:
    for notice in notices:
        print(f"quiz: {printable(notice)}", file=sys.stderr)
