"""`quiz plan`: the interview date, the desired retention, and the plan that gets every card ready by the date.

Light: no Textual, no NumPy (fsrs and the progress store only, imported inside the command).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from quiz.cli.common import EXIT_OK, CliError, get_data_dir, get_deck, print_json, table
from quiz.plural import counted

if TYPE_CHECKING:
    from quiz.progress.plan import Plan
    from quiz.settings import Settings


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    """Add this module's command to the `quiz` parser."""
    p = sub.add_parser(
        "plan",
        parents=[parent],
        help="the interview date and the plan to be ready for it",
        description="Set the interview moment (--date), then see which cards to drill today and the expected "
        "recall day by day until the interview, so that every card is at least at the desired retention on the "
        "day. The plan replays the days with fsrs' own scheduler. Without options, shows the date and the plan.",
    )
    when = p.add_mutually_exclusive_group()
    when.add_argument(
        "--date",
        metavar="WHEN",
        help="the interview: YYYY-MM-DD (09:00) or YYYY-MM-DDTHH:MM, local time unless an offset (+01:00, Z) is given",
    )
    when.add_argument("--clear", action="store_true", help="remove the interview date")
    p.add_argument(
        "--retention",
        metavar="R",
        help="desired retention: the recall fsrs schedules for and the target for the date, 0.7-0.97 "
        "(default 0.9); e.g. 0.85 or 85%%",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_plan)


def cmd_plan(args: argparse.Namespace) -> int:
    from quiz.progress.scheduling import utc
    from quiz.settings import SettingsError, load_settings, parse_interview_moment, parse_retention, update_settings

    folder = get_data_dir(args)
    now = datetime.now().astimezone()
    changes: dict[str, Any] = {}
    try:
        if args.date is not None:
            changes["interview_at"] = parse_interview_moment(args.date, now)
        if args.retention is not None:
            changes["desired_retention"] = parse_retention(args.retention)
    except SettingsError as exc:
        option = "--date" if args.date is not None and "interview_at" not in changes else "--retention"
        raise CliError(f"{option}: {exc}") from None
    if args.clear:
        changes["interview_at"] = None
    deck = get_deck(args)
    if changes:
        if folder.exists() and not folder.is_dir():
            raise CliError(f"cannot save the settings: the data dir {folder} is a file, not a folder")
        try:
            update_settings(folder, **changes)
        except SettingsError as exc:
            raise CliError(str(exc)) from None
        except OSError as exc:
            raise CliError(f"cannot save the settings in {folder}: {exc.strerror or exc}") from None
    settings = load_settings(folder)
    for problem in settings.problems:
        print(f"quiz: note: {problem}", file=sys.stderr)
    if not args.json:
        _say_changes(changes, args.date)

    from quiz.cli.common import progress_store
    from quiz.progress import stats as progress_stats
    from quiz.progress.plan import store_plan

    with progress_store(args) as store:
        plan = store_plan(store, deck, utc(now))
        figures = progress_stats.compute(store, deck, utc(now)) if plan is None else None
    if args.json:
        if plan is not None:
            print_json({"desired_retention": settings.desired_retention, **plan.to_json()})
        else:
            assert figures is not None
            print_json(
                {
                    "interview_at": None,
                    "desired_retention": settings.desired_retention,
                    "readiness_at": figures.readiness_at,
                    "expected_recall": round(figures.expected_recall, 4),
                    "today": [c.id for c in figures.cards if c.is_due],
                    "days": [],
                }
            )
        return EXIT_OK
    if plan is None:
        assert figures is not None
        _print_undated(settings, figures.expected_recall, [c.id for c in figures.cards if c.is_due], now)
    else:
        _print_plan(plan)
    return EXIT_OK


def _say_changes(changes: dict[str, Any], typed: str | None) -> None:
    from quiz.settings import describe_moment

    if "interview_at" in changes:
        moment = changes["interview_at"]
        if moment is None:
            print("The interview date is cleared: readiness is the recall 24 h from now.")
        else:
            assert typed is not None
            how = "at the offset given" if datetime.fromisoformat(typed.strip()).tzinfo else "your local time"
            print(f"Interview date saved: {describe_moment(moment)}, {how}.")
    if "desired_retention" in changes:
        print(
            f"Desired retention saved: {_percent(changes['desired_retention'])} "
            "(fsrs schedules the next reviews for it)."
        )


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def _ids(cards: tuple[int, ...] | list[int]) -> str:
    return ",".join(str(c) for c in cards)


def _until(moment: datetime, now: datetime) -> str:
    """``in 6 days 3 h``, ``in 5 h``, ``in 20 min``."""
    left = moment - now
    if left < timedelta(hours=1):
        return f"in {max(1, round(left.total_seconds() / 60))} min"
    days, hours = left.days, round(left.seconds / 3600)
    if hours == 24:
        days, hours = days + 1, 0
    if days == 0:
        return f"in {hours} h"
    return f"in {days} day{'s' if days != 1 else ''}" + (f" {hours} h" if hours else "")


def _print_undated(settings: Settings, expected: float, due: list[int], now: datetime) -> None:
    from quiz.settings import describe_moment

    passed = settings.interview_at
    if passed is not None and passed <= now:
        print(f"The interview date saved ({describe_moment(passed)}) has passed, so it is ignored.")
    print("No interview date is set: readiness is the recall 24 h from now.")
    print("Set one with: quiz plan --date 2026-12-08 (09:00) or --date 2026-12-08T14:00 (local time; or give an")
    print("offset such as +01:00).")
    print(f"Desired retention: {_percent(settings.desired_retention)} (quiz plan --retention 0.85 changes it).")
    print(f"Expected recall in 24 h: {_percent(expected)} over the deck (new cards count 0).")
    print(f"Due now: {_ids(due)} (quiz drill --plain)" if due else "Nothing is due now.")


def _print_plan(plan: Plan) -> None:
    from quiz.settings import describe_moment

    zone = plan.interview_at.tzinfo
    now = plan.now.astimezone(zone)
    target = _percent(plan.target)
    print(
        f"Interview: {describe_moment(plan.interview_at)}, {_until(plan.interview_at, now)}. "
        f"Target: every card at {target} or more (the desired retention)."
    )
    ready = "every card at the target" if not plan.below_target else f"below {target}: {_ids(plan.below_target)}"
    print(
        f"Expected recall at the interview: {_percent(plan.expected_recall)} with no more reviews; "
        f"{_percent(plan.planned_recall)} following the plan ({ready})."
    )
    print()
    if plan.today:
        print(f"Today: drill {counted(len(plan.today), 'card')}, weakest first: {_ids(plan.today)}")
        print("  quiz drill --plain serves them in this order (or press r in the app).")
        if plan.at_risk:
            print(
                f"  At risk: {_ids(plan.at_risk)}: fsrs does not call them due yet, but they would be below "
                f"{target} at the interview."
            )
    else:
        upcoming = next((d for d in plan.days if d.cards), None)
        later = f"; next: {upcoming.at.astimezone(zone):%a} {upcoming.at.astimezone(zone).day}" if upcoming else ""
        print(f"Today: nothing to drill for the interview{later}.")
    print()
    rows = []
    for day in plan.days:
        local = day.at.astimezone(zone)
        drill = f"{len(day.cards)}: {_ids(day.cards)}" if day.cards else "-"
        rows.append([f"{local:%a} {local.day} {local:%b}", drill, _percent(day.recall), _percent(day.readiness)])
    local = plan.interview_at
    rows.append([f"{local:%a} {local.day} {local:%b} {local:%H:%M}", "interview", _percent(plan.planned_recall), ""])
    print(table(rows, ["DAY", "DRILL (CARDS)", "RECALL THAT DAY", "READINESS AFTER"]))
    print()
    print("Recall that day: the deck's mean recall before that day's drill. Readiness after: its mean recall at the")
    print("interview if you stopped after that day's drill. The plan replays the days with fsrs, each planned review")
    print("recalled, at this time of day; grade Again or drill on other days and it adapts: run quiz plan again.")
