"""`quiz exercise`: one exercise with fresh numbers, graded by computation; or a round of them in line mode.

Light for fan, scale and gain (no Textual, no NumPy); an experiment imports NumPy when its demo runs.

    quiz exercise [--kind K] [--seed N] [--json]                 print one exercise
    quiz exercise --kind K --seed N --answer "…" [--json]         grade one answer (exit 0, right or wrong)
    quiz exercise --plain [--kind K] [--count N] [--seed N]       ask N in line mode, save each, report

Bad input (an unknown kind, a bad seed, an answer that is not a number or does not parse) is one line on stderr
and exit code 2; nothing is ever evaluated as code.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from quiz.cli.common import EXIT_OK, CliError, print_json, progress_store

if TYPE_CHECKING:
    from quiz.exercises import Exercise, Grade

DEFAULT_COUNT = 5
MAX_COUNT = 1000


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    """Add `quiz exercise` to the `quiz` parser."""
    p = sub.add_parser(
        "exercise",
        parents=[parent],
        help="an exercise with fresh numbers, graded by computation",
        description="Print an exercise (fan, scale, gain or experiment) drawn from a seed, or grade an answer to "
        "one: a number or an expression such as sqrt(2/576). Tolerances: exact for a fan, 2% for a std, bound or "
        "gain, a factor of 2 for an experiment (answered by running the demo). --plain asks several in line mode "
        "and saves each answer (each kind is scheduled by FSRS).",
    )
    p.add_argument("--kind", metavar="K", help="fan, scale, gain or experiment (default: chosen by the seed)")
    p.add_argument("--seed", metavar="N", help="the exercise's seed: the same seed repeats it (default: a fresh one)")
    p.add_argument("--answer", metavar="TEXT", help='grade this answer (needs --seed), e.g. --answer "sqrt(2/576)"')
    p.add_argument("--json", action="store_true", help="print JSON (with --plain: prompts to stderr, report to stdout)")
    p.add_argument("--plain", action="store_true", help="ask exercises in line mode (stdin), save and report")
    p.add_argument("--count", metavar="N", help=f"with --plain: how many (default {DEFAULT_COUNT})")
    p.set_defaults(func=cmd_exercise)


def _count(text: str | None) -> int:
    if text is None:
        return DEFAULT_COUNT
    try:
        count = int(text)
    except ValueError:
        raise CliError(f"--count: {text!r} is not a whole number") from None
    if not 1 <= count <= MAX_COUNT:
        raise CliError(f"--count: must be from 1 to {MAX_COUNT}, got {count}")
    return count


def cmd_exercise(args: argparse.Namespace) -> int:
    from quiz.exercises import ExerciseError, check_kind, parse_seed

    try:
        kind = check_kind(args.kind) if args.kind is not None else None
    except ExerciseError as exc:
        raise CliError(f"--kind: {exc}") from None
    try:
        seed = parse_seed(args.seed) if args.seed is not None else None
    except ExerciseError as exc:
        raise CliError(f"--seed: {exc}") from None
    if args.count is not None and not args.plain:
        raise CliError("--count needs --plain (quiz exercise --plain --count 10)")
    if args.plain:
        if args.answer is not None:
            raise CliError("--answer grades one exercise; in --plain mode answers are read from stdin")
        return _plain(args, kind, seed, _count(args.count))
    if args.answer is not None and seed is None:
        raise CliError('--answer needs --seed N: the exercise to grade (quiz exercise --kind K --seed N --answer "…")')
    try:
        exercise = _exercise(kind, seed)
        if args.answer is not None:
            return _grade_one(exercise, args.answer, as_json=args.json)
        if args.json:
            print_json(exercise.to_json())
        else:
            print(_show(exercise))
    except ExerciseError as exc:
        raise CliError(str(exc)) from None
    return EXIT_OK


def _exercise(kind: str | None, seed: int | None) -> Exercise:
    from quiz.exercises import fresh_seed, kind_for_seed, make_exercise

    chosen_seed = fresh_seed() if seed is None else seed
    return make_exercise(kind or kind_for_seed(chosen_seed), chosen_seed)


def _show(exercise: Exercise) -> str:
    return "\n".join(
        [
            f"{exercise.kind} exercise · seed {exercise.seed} · graded {exercise.tolerance.text}",
            exercise.question,
            "",
            f'Answer with: quiz exercise --kind {exercise.kind} --seed {exercise.seed} --answer "…"',
            "(a number or an expression: 0.0589, 5.89e-2, sqrt(2/576), 2/(384+128), √(6/512), 2^-19)",
        ]
    )


def _grade_one(exercise: Exercise, answer: str, *, as_json: bool) -> int:
    from quiz.exercises import ExpressionError

    try:
        grade = exercise.grade(answer)
    except ExpressionError as exc:
        raise CliError(f"--answer: {exc}") from None
    if as_json:
        print_json(grade.to_json())
    else:
        print(exercise.question)
        print(feedback(grade))
    return EXIT_OK


def verdict_line(grade: Grade) -> str:
    """``✓ Right: the answer is 0.05893; you said sqrt(2/576) = 0.05893 (0.0% off; graded within 2%).``"""
    mark = {"Right": "✓", "Wrong": "✗", "No answer": "✗"}[grade.verdict]
    return f"{mark} {grade.verdict}: {grade.summary()}."


def feedback(grade: Grade) -> str:
    """``✓ Right`` / ``✗ Wrong``, the answer, how far off, the computation, and an experiment's chart."""

    lines = [verdict_line(grade), f"How: {grade.solution.explanation}"]
    if grade.solution.series:
        from quiz.demos.textchart import render_charts

        lines += ["", render_charts(list(grade.solution.series))]
    return "\n".join(lines)


# --- line mode ------------------------------------------------------------------------------------------------------


def _read_line() -> str | None:
    line = sys.stdin.readline()
    return None if line == "" else line.rstrip("\r\n")


def _plain(args: argparse.Namespace, kind: str | None, seed: int | None, count: int) -> int:
    out = sys.stderr if args.json else sys.stdout
    with progress_store(args) as store:
        results = run_plain(store, kind, seed, count, _read_line, out)
    right = sum(g.correct for g in results)
    if args.json:
        print_json({"asked": len(results), "right": right, "exercises": [g.to_json() for g in results]})
    return EXIT_OK


def run_plain(
    store: Any,
    kind: str | None,
    seed: int | None,
    count: int,
    read: Callable[[], str | None],
    out: IO[str],
    clock: Callable[[], float] = time.monotonic,
) -> list[Grade]:
    """Ask up to ``count`` exercises, each read as one line; save each graded answer; end of input stops."""
    from quiz.cli.progress_cmds import _when
    from quiz.exercises import ExerciseError, ExpressionError, fresh_seed, make_exercise
    from quiz.progress.exercises import kind_states, next_kind, record_grade

    def say(text: str = "") -> None:
        print(text, file=out, flush=True)

    which = f"{kind} exercises" if kind else "exercises, the kind due first (each kind is scheduled by FSRS)"
    say(f"{count} {which}. One line per answer; an empty line shows the answer; end of input stops.")
    results: list[Grade] = []
    for number in range(count):
        chosen = kind or next_kind(kind_states(store))
        exercise = make_exercise(chosen, fresh_seed() if seed is None else (seed + number) % 2**63)
        say()
        say(f"[{number + 1}/{count}] {exercise.kind} · seed {exercise.seed} · graded {exercise.tolerance.text}")
        say(f"Q: {exercise.question}")
        started = clock()
        grade = None
        while grade is None:
            line = read()
            if line is None:
                say()
                say(_summary(results, ended=True))
                return results
            try:
                grade = exercise.grade(line) if line.strip() else exercise.no_answer()
            except ExpressionError as exc:
                say(f"Could not read that: {exc}. Try again (an empty line shows the answer):")
            except ExerciseError as exc:
                raise CliError(str(exc)) from None
        say(feedback(grade))
        attempt = record_grade(store, grade, duration_s=max(0.0, clock() - started))
        state = "good" if attempt.grade == 3 else "again"
        say(f"saved: {exercise.kind} graded {state}; next due {_when(attempt.due)}")
        results.append(grade)
    say()
    say(_summary(results, ended=False))
    return results


def _summary(results: list[Grade], *, ended: bool) -> str:
    if not results:
        return "No exercise answered." + (" (end of input)" if ended else "")
    right = sum(g.correct for g in results)
    by_kind: dict[str, list[bool]] = {}
    for g in results:
        by_kind.setdefault(g.exercise.kind, []).append(g.correct)
    kinds = ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in by_kind.items())
    stop = " (end of input)" if ended else ""
    return f"{right} of {len(results)} right ({kinds}){stop}. Progress by kind: quiz stats."
