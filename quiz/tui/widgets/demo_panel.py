"""The card's live demo: prediction, parameters, run button, a loading indicator, then the result or the error.

Moving to another card (``j``) touches only what differs: the title, and the form when the parameters do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, LoadingIndicator, Static

from quiz.deck import Card
from quiz.tui.demo_runner import DemoFailed, DemoFinished, DemoOutcome, DemoRejected
from quiz.tui.styles import tcss
from quiz.tui.widgets.demo_result_view import DemoResultView
from quiz.tui.widgets.in_order import Field
from quiz.tui.widgets.param_form import ParamForm

if TYPE_CHECKING:
    from quiz.demos.base import ParamInfo


class DemoPanel(Vertical):
    """Everything about one card's demo. Asks for a run with :class:`DemoPanel.RunRequested`; never runs it."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    class RunRequested(Message):
        """The user asked to run the demo (button, or enter in a field)."""

        def __init__(self, panel: DemoPanel) -> None:
            super().__init__()
            self.panel = panel

        @property
        def control(self) -> DemoPanel:
            return self.panel

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.card_id: int | None = None
        # The same title on every card: a new one would repaint the whole panel on every j (the card's position
        # line names the demo).
        self.border_title = "Live demo"

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(
                "Predict, then run: ",
                ("d", "bold $text-accent"),
                " runs this card's NumPy experiment; change a parameter and run again.",
            ),
            id="demo-intro",
        )
        with Horizontal(id="predict-row"):
            yield Label("Predict", classes="param-name")
            yield Field(placeholder="what do you expect the numbers to show?", id="prediction", compact=True)
        yield ParamForm(id="params")
        yield Button("Run demo  d", id="run", variant="primary", compact=True)
        yield LoadingIndicator(id="loading")
        yield Static("", id="demo-status")
        yield DemoResultView(id="result")

    @property
    def prediction(self) -> str:
        return self.query_one("#prediction", Input).value

    def values(self) -> dict[str, str]:
        """The parameter values typed in the form (empty before the form is built)."""
        return self.query_one(ParamForm).values()

    def show_card(
        self,
        card: Card,
        *,
        params: Sequence[ParamInfo] | None,
        values: Mapping[str, object],
        prediction: str,
        outcome: DemoOutcome | None,
        running: bool,
    ) -> None:
        """Show the demo of ``card`` as it last stood: form, prediction, and the last outcome if any."""
        self.card_id = card.id
        field = self.query_one("#prediction", Input)
        if field.value != prediction:
            field.value = prediction
        form = self.query_one(ParamForm)
        if params is not None:
            form.build(params, values)
        else:
            form.clear()
        self._set_status(None)
        self.set_class(False, "-has-result")
        if running:
            self.show_running()
        elif outcome is not None:
            self.call_later(self.show_outcome, outcome, prediction, rebuild_form=False)
        else:
            self.set_class(False, "-running")

    def show_running(self) -> None:
        """The loading indicator, at once."""
        self.query_one(ParamForm).clear_errors()
        self._set_status(None)
        self.set_class(True, "-running")

    async def show_outcome(self, outcome: DemoOutcome, prediction: str, *, rebuild_form: bool = True) -> None:
        """The result, the rejected parameter's message (inline), or the error; returns once it is mounted."""
        if outcome.card_id != self.card_id:
            return  # the panel moved on to another card meanwhile
        self.set_class(False, "-running")
        form = self.query_one(ParamForm)
        if isinstance(outcome, DemoFinished):
            if rebuild_form and form.names != [p.name for p in outcome.params]:
                form.build(outcome.params, outcome.result.params)
            form.clear_errors()
            self._set_status(None)
            self.set_class(True, "-has-result")
            await self.query_one(DemoResultView).show(outcome.result, prediction)
        elif isinstance(outcome, DemoRejected):
            if form.names != [p.name for p in outcome.params]:
                typed = self.values()
                form.build(outcome.params, typed)
            form.show_error(outcome.param, outcome.message)
            self._set_status(Content.assemble(("Not run: ", "bold $text-error"), "fix the parameter and press d."))
        elif isinstance(outcome, DemoFailed):
            self._set_status(Content.assemble(("✗ The demo failed: ", "bold $text-error"), outcome.message))

    def _set_status(self, content: Content | None) -> None:
        status = self.query_one("#demo-status", Static)
        if content is None and not status.display:
            return
        status.update(content or "")
        status.display = content is not None

    @on(Button.Pressed, "#run")
    @on(ParamForm.Submitted)
    @on(Input.Submitted, "#prediction")
    def _run_asked(self, event: Message) -> None:
        event.stop()
        self.post_message(self.RunRequested(self))
