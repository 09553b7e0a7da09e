"""`quiz drill`, `quiz stats`, `quiz export`, `quiz import`: light commands (no Textual, no NumPy).

The progress modules are imported inside each command, so `quiz list` and `quiz --help` never pay for them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from quiz.cli.common import (
    EXIT_OK,
    CliError,
    answers_input,
    get_deck,
    parse_card_ids,
    print_json,
    table,
)
from quiz.cli.common import print_notices as _print_notices
from quiz.cli.common import progress_store as _store
from quiz.plural import counted
from quiz.text_safety import printable

if TYPE_CHECKING:
    from datetime import datetime

    from quiz.deck import Card
    from quiz.progress.drill import DrillSession
    from quiz.progress.plan import Plan
    from quiz.progress.stats import Stats
    from quiz.progress.store import ProgressStore
    from quiz.scoring import Suggestion


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    """Add this module's commands to the `quiz` parser."""
    p = sub.add_parser(
        "drill",
        parents=[parent],
        help="self-quiz on the cards that are due",
        description="Drill the cards due now (new cards count as due), grading each 1-4; every grade is saved at "
        "once. --plain reads answers and grades as lines from stdin (scripts, pipes, screen readers). Without "
        "--plain, a terminal is told to use the app (`quiz`, key r); piped input runs plain mode.",
    )
    p.add_argument("--plain", action="store_true", help="line mode: no screen drawing, works with stdin from a pipe")
    p.add_argument("--cards", metavar="IDS", help="drill these cards (e.g. 1,5,9) in this order, due or not")
    p.add_argument("--cram", action="store_true", help="drill without touching the schedule (all cards by default)")
    p.set_defaults(func=cmd_drill)

    p = sub.add_parser(
        "stats",
        parents=[parent],
        help="progress figures",
        description="Reviews, accuracy by difficulty and tag, streak, mastery (fsrs retrievability) and due date of "
        "each card, weakest cards, mock interviews. Reads only: creates nothing.",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "export",
        parents=[parent],
        help="export all progress",
        description="Write every review and mock interview (all decks) as JSON (importable) or CSV (reviews only, "
        "for spreadsheets); or the mock-interview reports of the deck as Markdown (md); or the deck's cards as an "
        "Anki package (apkg, with --out), each with its demo's result; re-importing a newer one updates its notes.",
    )
    p.add_argument(
        "--format",
        choices=("json", "csv", "md", "apkg"),
        default="json",
        help="json (default), csv, md (mock-interview reports), or apkg (the deck for Anki; needs --out)",
    )
    p.add_argument("--out", metavar="PATH", help="write to this file instead of stdout (required for apkg)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import",
        parents=[parent],
        help="import a JSON export",
        description="Add the reviews and interviews of a `quiz export --format json` file. The whole file is "
        "checked first; on any error nothing is imported. Records already stored are skipped.",
    )
    p.add_argument("path", metavar="PATH", help="a JSON file written by `quiz export`")
    p.set_defaults(func=cmd_import)


# --- drill ----------------------------------------------------------------------------------------------------


def cmd_drill(args: argparse.Namespace) -> int:
    stdin = answers_input()
    if not args.plain and stdin.isatty():
        raise CliError("the full-screen drill is in the app: run `quiz` and press r (or use `quiz drill --plain`)")
    deck = get_deck(args)
    ids = parse_card_ids(args.cards, deck) if args.cards else None
    from quiz.progress.drill import DrillSession

    with _store(args) as store:
        if ids or args.cram:
            session = DrillSession.chosen(store, deck, ids or [c.id for c in deck.cards], cram=args.cram)
        else:
            session = DrillSession.due(store, deck)
        _print_notices(store)
        if not session.total:
            if session.plan is not None:
                print(
                    f"Nothing to drill for the interview today{_next_planned(session.plan)}; quiz plan shows the plan."
                )
            else:
                print(f"Nothing is due in deck {deck.id!r}{_next_due(store, deck.id, [c.id for c in deck.cards])}.")
            print("To practise anyway: quiz drill --plain --cram")
            return EXIT_OK
        return _plain_drill(session, partial(_read_line, stdin))


def _next_planned(plan: Plan) -> str:
    """``; the next drill: Fri 4 Dec (3 cards)``, or nothing if the plan has no other drill before the interview."""
    day = next((d for d in plan.days if d.cards), None)
    if day is None:
        return ""
    local = day.at.astimezone(plan.interview_at.tzinfo)
    return f"; the next drill: {local:%a} {local.day} {local:%b} ({counted(len(day.cards), 'card')})"


def _read_line(stdin: IO[str]) -> str | None:
    line = stdin.readline()
    return None if line == "" else line.rstrip("\r\n")


def _say(text: str = "") -> None:
    print(printable(text, multiline=True), flush=True)


def _plain_drill(session: DrillSession, read: Callable[[], str | None]) -> int:
    from quiz.progress.scheduling import GRADE_NAMES, parse_grade

    kind = "Cram drill (the schedule is not changed)" if session.cram else "Drill"
    _say(
        f"{kind}: {counted(session.total, 'card')} from {session.deck.title}. End of input stops; every grade is saved."
    )
    if session.plan is not None:
        _say(_planned_line(session.plan))
    while (card := session.current) is not None:
        _say()
        _say(f"[{session.done + 1}/{session.total}] Card {card.id} ({card.difficulty_label}; {', '.join(card.tags)})")
        _say(f"Q: {card.question}")
        _say("Your answer (one line; empty is fine):")
        session.restart_timer()
        answer = read()
        if answer is None:
            break
        seconds = session.elapsed()
        _say(f"Reference answer: {card.answer}")
        suggestion = _say_scored(card, answer, seconds)
        if suggestion is None:
            _say("Grade: 1 again, 2 hard, 3 good, 4 easy")
        else:
            taken = f"{suggestion.grade} ({GRADE_NAMES[suggestion.grade]})"
            _say(f"Grade: 1 again, 2 hard, 3 good, 4 easy; empty line: {taken}")
        grade = None
        while grade is None:
            line = read()
            if line is None:
                _say(session.summary())
                return EXIT_OK
            grade = suggestion.grade if suggestion is not None and not line.strip() else parse_grade(line)
            if grade is None:
                _say(f"Please type 1, 2, 3 or 4 (or again, hard, good, easy), not {line.strip()!r}:")
        review = session.grade(grade, answer)
        if session.cram:
            _say(f"saved: card {card.id} graded {GRADE_NAMES[grade]} (cram: schedule unchanged)")
        else:
            _say(f"saved: card {card.id} graded {GRADE_NAMES[grade]}; next due {_when(review.due)}")
    _say()
    _say(session.summary())
    return EXIT_OK


def _planned_line(plan: Plan) -> str:
    """What a drill for the interview serves, and why."""
    from quiz.settings import describe_moment

    line = f"For the interview ({describe_moment(plan.interview_at)}): today's cards of the plan, least ready first"
    if plan.at_risk:
        line += f"; {','.join(map(str, plan.at_risk))} not due yet but below {plan.target:.0%} on the day"
    return line + "."


def _say_scored(card: Card, answer: str, seconds: float) -> Suggestion | None:
    """What the scorer heard in a typed answer, and its suggested grade (None when nothing was typed)."""
    if not answer.strip():
        return None
    from quiz.interview import SECONDS_BY_DIFFICULTY
    from quiz.progress.scheduling import GRADE_NAMES
    from quiz.scoring import score_answer, suggest_grade

    score = score_answer(answer, card)
    if score.matched:
        _say(f"heard: {'; '.join(score.matched)}")
    if score.missed:
        _say(f"missed: {'; '.join(score.missed)}")
    for wrong in score.contradicted:
        _say(f"contradicted: you said “{wrong.said}” — {wrong.correction}")
    suggestion = suggest_grade(score, seconds, SECONDS_BY_DIFFICULTY[card.difficulty])
    _say(f"suggested grade: {suggestion.grade} ({GRADE_NAMES[suggestion.grade]}): {suggestion.reason}")
    return suggestion


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "now"
    from quiz.progress.scheduling import utc

    seconds = (moment - utc()).total_seconds()
    stamp = moment.strftime("%Y-%m-%d %H:%M UTC")
    if seconds < 3600:
        return f"{stamp} (in {max(1, round(seconds / 60))} min)"
    if seconds < 86400:
        return f"{stamp} (in {round(seconds / 3600)} h)"
    return f"{stamp} (in {round(seconds / 86400)} days)"


def _next_due(store: ProgressStore, deck: str, ids: list[int]) -> str:
    soonest = store.next_due(deck, ids)
    return f"; the next card is due {_when(soonest[1])}" if soonest else ""


# --- stats ----------------------------------------------------------------------------------------------------


def cmd_stats(args: argparse.Namespace) -> int:
    deck = get_deck(args)
    from quiz.progress import stats as progress_stats

    with _store(args) as store:
        figures = progress_stats.compute(store, deck)
    if args.json:
        print_json(figures.to_json())
        return EXIT_OK
    accuracy = f"{figures.accuracy:.0%}" if figures.accuracy is not None else "-"
    lines = [
        f"Deck {deck.id}: {counted(figures.reviews, 'review')}, accuracy {accuracy} (Hard, Good or Easy), "
        f"streak {counted(figures.streak_days, 'day')}, {figures.reviewed_today} today",
        f"Due now: {counted(figures.due_now, 'card')} ({figures.new_cards} new). "
        f"Mock interviews: {figures.mock_interviews}",
        "",
    ]
    lines.insert(2, _readiness_line(figures))
    rows = []
    for c in figures.cards:
        mastery = f"{c.retrievability:.0%}" if c.retrievability is not None else "-"
        ready = "new" if c.new else f"{c.recall_at_interview:.0%}"
        due = "new" if c.new else ("now" if c.is_due else (c.due or "")[:16].replace("T", " "))
        acc = f"{c.recalled / c.reviews:.0%}" if c.reviews else "-"
        rows.append(
            [str(c.id), c.difficulty.capitalize(), str(c.reviews), str(c.last_grade or "-"), acc, mastery, ready, due]
        )
    ready_header = "AT INTERVIEW" if figures.interview_at else "IN 24 H"
    lines.append(
        table(rows, ["ID", "DIFFICULTY", "REVIEWS", "LAST", "ACCURACY", "RECALL NOW", ready_header, "DUE (UTC)"])
    )
    groups = [(k.capitalize(), v) for k, v in figures.by_difficulty.items()] + list(figures.by_tag.items())
    parts = [f"{name} {v.accuracy:.0%} of {v.reviews}" for name, v in groups if v.accuracy is not None]
    if parts:
        lines += ["", "Accuracy: " + ", ".join(parts)]
    if figures.weakest:
        ids = ",".join(str(i) for i in figures.weakest)
        lines += ["", f"Weakest: {ids}  (drill them: quiz drill --plain --cards {ids})"]
    lines += [
        "",
        "Exercises (each kind is scheduled by FSRS; practise: quiz exercise --plain):",
        _exercise_table(figures),
    ]
    print(printable("\n".join(lines), multiline=True))
    return EXIT_OK


def _readiness_line(figures: Stats) -> str:
    """How ready the deck is: for the interview, or in 24 h when no date is set."""
    from datetime import datetime

    from quiz.settings import describe_moment

    expected = f"{figures.expected_recall:.0%}"
    if figures.interview_at:
        when = describe_moment(datetime.fromisoformat(figures.interview_at))
        return f"Interview {when}: expected recall {expected} with no more reviews (quiz plan: the plan to be ready)"
    return f"Expected recall in 24 h: {expected} (no interview date: quiz plan --date YYYY-MM-DD sets one)"


def _exercise_table(figures: Stats) -> str:
    """One row an exercise kind: attempts, right answers, accuracy, mastery (fsrs retrievability), due."""
    from datetime import datetime

    now = datetime.fromisoformat(figures.generated_at)
    rows = []
    for k in figures.exercises:
        mastery = k.retrievability(now)
        due = k.due
        when = (
            "new" if k.is_new or due is None else ("now" if k.is_due(now) else due.isoformat()[:16].replace("T", " "))
        )
        accuracy = f"{k.accuracy:.0%}" if k.accuracy is not None else "-"
        shown = f"{mastery:.0%}" if mastery is not None else "-"
        rows.append([k.kind, str(k.attempts), str(k.correct), accuracy, shown, when])
    return table(rows, ["KIND", "ATTEMPTS", "RIGHT", "ACCURACY", "MASTERY", "DUE (UTC)"])


# --- export / import ------------------------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    if args.format == "apkg":
        from quiz.cli.apkg_cmd import export_apkg

        return export_apkg(args)
    from quiz.progress import exchange

    if args.out == "":
        raise CliError("--out: the path is empty; give a file name (or leave --out out to write to stdout)")
    if args.format == "md":
        text = _interviews_markdown(args)
    else:
        with _store(args) as store:
            export = exchange.export(store)
        text = exchange.document_json(export.document) if args.format == "json" else exchange.csv_text(export.document)
        for damage in export.damaged:
            print(f'quiz: warning: exported as stored and flagged ("damaged"): {damage.describe()}', file=sys.stderr)
    if args.out is None:
        # Exact data for a file or a pipe; on a terminal, typed text's control characters are shown escaped.
        sys.stdout.write(printable(text, multiline=True) if sys.stdout.isatty() else text)
        return EXIT_OK
    written = write_export(Path(args.out), text)
    print(printable(f"exported to {written}"), file=sys.stderr)
    return EXIT_OK


def write_export(out: Path, data: str | bytes) -> Path:
    """Write an export to ``--out`` safely (``quiz.atomic.write_output``: a symlink, FIFO or device is written
    through, a file is replaced atomically and durably, keeping its mode); the file written. Errors are CliErrors."""
    from quiz.atomic import write_output

    if not out.parent.is_dir():
        raise CliError(f"--out: folder {out.parent} does not exist")
    try:
        return write_output(out, data)
    except IsADirectoryError:
        raise CliError(f"--out: {out} is a folder; give a file name") from None
    except OSError as exc:
        raise CliError(f"--out: cannot write {out}: {exc.strerror or exc}") from None


def _interviews_markdown(args: argparse.Namespace) -> str:
    """Every stored mock interview of the deck, oldest first, each compared with the ones before it (only those
    without a contradiction count for the best)."""
    from quiz.interview import report_from_record, report_markdown
    from quiz.interview.markdown import escape_inline
    from quiz.progress.exercises import attempts

    deck = get_deck(args)
    with _store(args) as store:
        stored = sorted(store.interviews(deck.id), key=lambda i: i.started_at)
        exercises = {i.id: attempts(store, interview_id=i.id) for i in stored}
    if not stored:
        title = escape_inline(deck.title)
        return f"# Mock interviews — {title}\n\nNo mock interviews yet: run `quiz` and press m, or `quiz mock`.\n"
    parts = []
    previous: list[float] = []
    clean: list[bool] = []
    for record in stored:
        report = report_from_record(
            deck,
            started_at=record.started_at,
            settings=record.settings,
            answers=record.answers,
            previous_scores=previous,
            previous_clean=clean,
            exercises=exercises[record.id],
        )
        parts.append(report_markdown(report))
        previous.append(report.score)
        clean.append(not report.contradicted)
    return "\n---\n\n".join(parts)


def cmd_import(args: argparse.Namespace) -> int:
    from quiz.progress import exchange

    with _store(args) as store:
        result = exchange.import_file(store, args.path)  # too-deep JSON is an ExchangeError, named
    print(result.summary())
    return EXIT_OK
