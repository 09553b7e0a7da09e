"""The interview date and the desired retention, as a small modal (``p`` on the study and stats screens).

Every change is checked at once with the CLI's own rules (``quiz.settings``): a past or malformed date, or a
retention outside 0.7–0.97, is explained under the form and Save stays disabled. Dismisses with a
:class:`PlanChoice` (saving it is the app's job, in a worker: ``quiz.tui.launch.open_plan``), or ``None``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from quiz.settings import (
    DEFAULT_RETENTION,
    MAX_RETENTION,
    MIN_RETENTION,
    Settings,
    SettingsError,
    describe_moment,
    parse_interview_moment,
    parse_retention,
)
from quiz.tui.widgets.in_order import Field

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class PlanChoice:
    """What to save: the interview moment (None: no date) and the desired retention."""

    interview_at: datetime | None
    desired_retention: float


def date_text(moment: datetime | None) -> str:
    """A saved moment as the form shows it: ``2026-12-08T14:00`` in its own offset (``+01:00`` unless local)."""
    if moment is None:
        return ""
    local = moment.astimezone()
    if local.utcoffset() == moment.utcoffset():
        return local.strftime("%Y-%m-%dT%H:%M")
    return moment.isoformat(timespec="minutes")


class PlanSetupScreen(ModalScreen[PlanChoice | None]):
    """Interview date and desired retention. Enter (or Save) saves; ``ctrl+d`` clears the date; esc cancels."""

    CSS_PATH = "plan_setup.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id="plan-cancel"),
        Binding("ctrl+s", "save", "Save", tooltip="Save the interview date and the retention", id="plan-save"),
        Binding("ctrl+d", "clear_date", "Clear date", tooltip="Remove the interview date", id="plan-clear"),
    ]
    AUTO_FOCUS = "#plan-date"

    def __init__(self, settings: Settings, *, clock: Clock | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.clock = clock or (lambda: datetime.now().astimezone())
        self.choice: PlanChoice | None = None
        self.problem = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="plan-box") as box:
            box.border_title = "Interview date"
            box.border_subtitle = "enter: save · ctrl+d: clear the date · esc: cancel"
            with Horizontal(classes="row"):
                yield Label("Date", classes="field")
                yield Field(
                    date_text(self.settings.interview_at),
                    id="plan-date",
                    compact=True,
                    placeholder="2026-12-08 or 2026-12-08T14:00",
                    max_length=40,
                )
            yield Static(
                "Local time unless an offset is given (+01:00, Z); a date alone is 09:00.",
                id="plan-date-hint",
                markup=False,
            )
            with Horizontal(classes="row"):
                yield Label("Retention", classes="field")
                yield Field(f"{self.settings.desired_retention:g}", id="plan-retention", compact=True, max_length=8)
                yield Label(
                    f"{MIN_RETENTION:g}–{MAX_RETENTION:g} (default {DEFAULT_RETENTION:g}): the recall fsrs aims for",
                    id="plan-retention-hint",
                )
            yield Static("", id="plan-status", markup=False)
            with Horizontal(id="plan-buttons"):
                yield Button("Cancel", id="plan-cancel-button")
                yield Button("Clear date", id="plan-clear-button")
                yield Button("Save", id="plan-save-button", variant="primary")

    def on_mount(self) -> None:
        self._check()

    def _check(self) -> None:
        """Validate the form: :attr:`choice` is what Save would save, or None with :attr:`problem` saying why."""
        date = self.query_one("#plan-date", Input)
        retention = self.query_one("#plan-retention", Input)
        moment: datetime | None = None
        problem = ""
        bad_date = bad_retention = False
        try:
            if date.value.strip():
                moment = parse_interview_moment(date.value, self.clock())
        except SettingsError as exc:
            problem, bad_date = f"Date: {exc}", True
        try:
            value = parse_retention(retention.value)
        except SettingsError as exc:
            value = DEFAULT_RETENTION
            if not problem:
                problem = f"Retention: {exc}"
            bad_retention = True
        date.set_class(bad_date, "-invalid")
        retention.set_class(bad_retention, "-invalid")
        self.problem = problem
        self.choice = None if problem else PlanChoice(moment, value)
        status = self.query_one("#plan-status", Static)
        status.set_class(bool(problem), "-error")
        if problem:
            status.update(problem)
        elif moment is None:
            status.update(f"No date: readiness is the recall 24 h from now. Target {round(value * 100)}%.")
        else:
            days = (moment - self.clock()).total_seconds() / 86400
            status.update(
                f"{describe_moment(moment)}, in {days:.1f} days. Every card should reach {round(value * 100)}%."
            )
        self.query_one("#plan-save-button", Button).disabled = self.choice is None

    @on(Input.Changed)
    def _changed(self) -> None:
        self._check()

    @on(Input.Submitted)
    @on(Button.Pressed, "#plan-save-button")
    def _save_asked(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#plan-clear-button")
    def _clear_pressed(self) -> None:
        self.action_clear_date()

    @on(Button.Pressed, "#plan-cancel-button")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        self._check()
        if self.choice is None:
            self.app.bell()
            return
        self.dismiss(self.choice)

    def action_clear_date(self) -> None:
        date = self.query_one("#plan-date", Input)
        date.value = ""
        date.focus()
        self._check()

    def action_cancel(self) -> None:
        self.dismiss(None)
