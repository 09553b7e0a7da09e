"""The app's progress store: one :class:`ProgressStore` per app, opened in a worker thread, its notices shown.

The store is made lazily (no disk access until a worker reads or writes) and closed when the app is collected.
Anything that touches the disk (:func:`open_store`, :func:`card_mastery`, the drill's grades, the stats) runs in a
thread worker; :func:`show_notices` tells the user, with a long-lived warning, when a corrupt or foreign
``progress.db`` was moved aside, a damaged row was left out, or the file was deleted while the app ran.
``App.notify`` posts a message, so it is safe to call from a worker thread. A worker wraps its disk work in
:func:`using_store` (which shows the notices however it ends), or hands it to :func:`post_outcome` when its screen
waits for a message with the result or the error.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import Worker

from quiz.deck import Deck
from quiz.paths import data_dir
from quiz.progress import ProgressError, ProgressStore

NOTICE_TIMEOUT = 30.0
"""Seconds a "your progress file was moved aside" warning stays up: long enough to read the path."""

_STORES: weakref.WeakKeyDictionary[App[Any], ProgressStore] = weakref.WeakKeyDictionary()

T = TypeVar("T")


def store_dir(app: App[Any]) -> Path:
    """The app's data dir (``QuizApp.data_dir``), else the default one (``--data-dir`` / ``QUIZ_DATA_DIR``)."""
    return data_dir(getattr(app, "data_dir", None))


def store_for(app: App[Any]) -> ProgressStore:
    """The app's store, made on first use. Cheap: nothing is opened or created until a worker reads or writes."""
    store = _STORES.get(app)
    if store is None:
        store = ProgressStore.in_dir(store_dir(app))
        _STORES[app] = store
        weakref.finalize(app, store.close)
    return store


def show_notices(app: App[Any], store: ProgressStore) -> None:
    """Show the store's notices (a damaged file moved aside and where to, a damaged row left out...) as warnings;
    safe from any thread."""
    for notice in store.take_notices():
        title = "Progress file moved aside" if "moved to" in notice else "Progress store"
        app.notify(notice, title=title, severity="warning", timeout=NOTICE_TIMEOUT, markup=False)


@contextmanager
def using_store(app: App[Any]) -> Iterator[ProgressStore]:
    """The app's store, for a worker to read or write; its notices are shown when the block ends, however it ends."""
    store = store_for(app)
    try:
        yield store
    finally:
        show_notices(app, store)


def post_outcome(
    node: MessagePump, store: ProgressStore, work: Callable[[], T], message: Callable[[T | None, str], Message]
) -> None:
    """Run ``work`` (in a thread worker: it reads or writes ``store``), then post ``message(result, "")`` to ``node``,
    or ``message(None, why)`` if it raised; the store's notices are shown either way, before the message is posted
    (what the worker still has to do once it is posted competes for the interpreter with the frame it brings)."""
    try:
        result = work()
    except Exception as exc:  # the store says why (busy, damaged, read-only): shown on the screen, never a crash
        outcome = message(None, str(exc))
    else:
        outcome = message(result, "")
    finally:
        show_notices(node.app, store)
    node.post_message(outcome)


def open_store(app: App[Any], on_open: Callable[[ProgressStore], None] | None = None) -> Worker[ProgressStore | None]:
    """Open and check the app's store in a thread worker (moving a corrupt file aside), then show any notice.

    ``on_open`` is called on the UI thread with the store once it is usable. A store that cannot be opened at all
    (a read-only folder...) is reported with an error notification; the app carries on.
    """
    store = store_for(app)

    def _open() -> ProgressStore | None:
        try:
            store.review_count()  # opens the file if there is one; a missing store is not created by reading
        except ProgressError as exc:
            app.notify(str(exc), title="Progress store", severity="error", timeout=NOTICE_TIMEOUT, markup=False)
            return None
        finally:
            show_notices(app, store)
        if on_open is not None:
            app.call_from_thread(on_open, store)
        return store

    return app.run_worker(_open, name="open progress store", group="progress-store", thread=True, exit_on_error=False)


def card_mastery(store: ProgressStore, deck: Deck, now: datetime | None = None) -> dict[int, float | None]:
    """Each card's readiness (:class:`CardStatus`; None: never scheduled). Reads the disk: call from a worker."""
    return {card: status.readiness for card, status in card_status(store, deck, now).items()}


def card_lapses(store: ProgressStore, deck: Deck) -> dict[int, int]:
    """Each card's reviews graded Again (cards with none absent). Reads the disk: call from a worker."""
    from quiz.progress.readiness import lapses

    return lapses(store, deck.id)


def readiness_label(store: ProgressStore, now: datetime | None = None) -> str:
    """What the readiness badges measure: ``ready for Tue 8 Dec`` or ``recall in 24 h``. Reads the settings file."""
    from quiz.progress.readiness import store_horizon

    horizon = store_horizon(store, now or datetime.now().astimezone())
    if horizon.interview_at is None:
        return "recall in 24 h"
    at = horizon.interview_at
    return f"ready for {at:%a} {at.day} {at:%b}"


class CardStatus(NamedTuple):
    """Where a card stands: its readiness (fsrs' recall at the interview moment saved beside the store, or 24 h from
    now without one; ``None``: never scheduled) and whether a drill serves it now (fsrs calls it due, new cards
    included; with an interview date, it is one of today's cards of the plan)."""

    readiness: float | None
    due: bool


def card_status(store: ProgressStore, deck: Deck, now: datetime | None = None) -> dict[int, CardStatus]:
    """Each card's :class:`CardStatus` at ``now``. Reads the disk: call from a worker."""
    from quiz.progress.plan import store_plan
    from quiz.progress.readiness import readiness, store_horizon

    moment = now or datetime.now().astimezone()
    horizon = store_horizon(store, moment)
    states = store.card_states(deck.id, [card.id for card in deck.cards])
    plan = store_plan(store, deck, moment) if horizon.dated else None
    today = set(plan.today) if plan is not None else None
    return {
        card: CardStatus(
            readiness(state.state, horizon.at) if state.state else None,
            card in today if today is not None else state.is_due(moment),
        )
        for card, state in states.items()
    }


def read_card_status(app: App[Any], deck: Deck) -> dict[int, CardStatus] | None:
    """Every card's status, read in the calling thread (a worker); ``None`` if the store cannot be read, which is
    said once in an error notification. Notices (a file moved aside) are shown either way."""
    with using_store(app) as store:
        try:
            return card_status(store, deck)
        except Exception as exc:  # busy, damaged, unreadable: the badges stay as they were, the app carries on
            app.notify(str(exc), title="Progress store", severity="error", timeout=NOTICE_TIMEOUT, markup=False)
            return None


def read_mastery(app: App[Any], deck: Deck) -> dict[int, float | None] | None:
    """Every card's readiness (:func:`read_card_status`'s), read in the calling thread (a worker)."""
    status = read_card_status(app, deck)
    return None if status is None else {card: s.readiness for card, s in status.items()}


def load_mastery(
    app: App[Any], deck: Deck, on_loaded: Callable[[dict[int, float | None]], None]
) -> Worker[dict[int, float | None] | None]:
    """Read every card's mastery in a thread worker, then call ``on_loaded`` with it on the UI thread.

    For the study list (``mastery_badge(mastery[card.id])``); call again when the list comes back from a drill.
    A store that cannot be read leaves the badges as they were and says why once.
    """

    def _load() -> dict[int, float | None] | None:
        mastery = read_mastery(app, deck)
        if mastery is not None:
            app.call_from_thread(on_loaded, mastery)
        return mastery

    return app.run_worker(
        _load, name="load card mastery", group="progress-mastery", thread=True, exclusive=True, exit_on_error=False
    )
