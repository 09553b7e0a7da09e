"""The demo's parameters as a form: one input a parameter, with its allowed range and what it means beside it (as
``quiz demo ID --params`` prints them), and a bad value's whole message under it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from quiz.tui.styles import tcss
from quiz.tui.widgets.in_order import Field
from quiz.tui.widgets.in_place import into_view

if TYPE_CHECKING:
    from quiz.demos.base import ParamInfo


def _text(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)


def param_hint(param: ParamInfo) -> Content:
    """``integer from 2 to 60 · layers in the net``: the allowed values, then the description (if any)."""
    parts = [Content.styled(param.allowed, "$text-muted")]
    if param.description and param.description != param.name:
        parts.append(Content.styled(param.description, "italic $text-muted"))
    return Content(" · ").join(parts)


_NOTE = "Parameters appear after the first run (the demos load then)."


class ParamForm(Vertical):
    """Inputs built from a demo's :class:`ParamInfo` list. Enter in any of them posts :class:`ParamForm.Submitted`."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    class Submitted(Message):
        """The user pressed enter in the form: run the demo with these values."""

        def __init__(self, form: ParamForm) -> None:
            super().__init__()
            self.form = form

        @property
        def control(self) -> ParamForm:
            return self.form

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._inputs: dict[str, Input] = {}
        self._errors: dict[str, Static] = {}
        self._built: tuple[tuple[ParamInfo, ...], tuple[tuple[str, str], ...]] | None = None
        """What the form shows: the parameters and their values (``None``: the note)."""

    def compose(self) -> ComposeResult:
        yield Static(_NOTE, classes="note")

    def clear(self) -> None:
        """Back to the note shown before the demo's parameters are known (nothing to do if it shows already)."""
        if self._built is None:
            return
        self._built = None
        self.remove_children()
        self._inputs, self._errors = {}, {}
        self.mount(Static(_NOTE, classes="note"))

    @property
    def names(self) -> list[str]:
        """The parameters the form holds, in order (empty until built)."""
        return list(self._inputs)

    def build(self, params: Sequence[ParamInfo], values: Mapping[str, object]) -> None:
        """Replace the form with one row per parameter, filled with ``values`` (else the defaults). Showing the same
        parameters again only puts the values back."""
        texts = tuple((p.name, _text(values.get(p.name, p.default))) for p in params)
        if self._built is not None and self._built[0] == tuple(params):
            if self._built[1] != texts:
                for name, text in texts:
                    self._inputs[name].value = text
                self._built = (tuple(params), texts)
            return
        self._built = (tuple(params), texts)
        self.remove_children()
        self._inputs, self._errors = {}, {}
        rows = []
        for p, (_, text) in zip(params, texts, strict=True):
            field = Field(text, placeholder=p.allowed, id=f"param-{p.name}", compact=True)
            field.tooltip = f"{p.description or p.name} ({p.allowed})"
            error = Static("", classes="param-error", markup=False)
            self._inputs[p.name], self._errors[p.name] = field, error
            rows.append(
                Vertical(
                    Horizontal(
                        Label(p.name, classes="param-name"),
                        field,
                        Static(param_hint(p), classes="param-hint"),
                        classes="param-row",
                    ),
                    error,
                    classes="param",
                )
            )
        self.mount_all(rows)

    def values(self) -> dict[str, str]:
        """What the user typed, by parameter name."""
        return {name: field.value for name, field in self._inputs.items()}

    def show_error(self, param: str | None, message: str) -> None:
        """Show the whole ``message`` under the parameter's input (or above the form if it names none) and focus
        the input."""
        self.clear_errors()
        if param is not None and param in self._inputs:
            label = self._errors[param]
            label.update(message)
            label.add_class("-shown")
            field = self._inputs[param]
            field.add_class("-invalid")
            field.call_after_refresh(field.focus)
            row = label.parent
            if isinstance(row, Widget):
                self.call_after_refresh(into_view, row)  # the field and the whole message under it
        else:
            self.mount(Static(message, classes="param-error -shown -general", markup=False), before=0)

    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.remove_class("-shown")
        for general in self.query(".-general"):
            general.remove()
        for field in self._inputs.values():
            field.remove_class("-invalid")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self))
