"""Reading a typed answer: a number or a small arithmetic expression, evaluated safely. Never ``eval``.

What can be typed::

    0.0589    5.89e-2    sqrt(2/576)    √(6/512)    2/(384+128)    5/3·√(2/1024)    2^-19    64*3*3

The grammar, loosest binding first (``^`` is right-associative and binds tighter than a leading sign, so
``-2^2`` is −4 and ``2^-3`` is 0.125; ``√`` takes the number, parenthesis or ``sqrt(…)`` right after it, so
``√2/√576`` is (√2)/(√576))::

    expression := term (("+" | "-") term)*
    term       := signed (("*" | "/") signed | group)*      # "2√2", "2(3+4)": a group right after multiplies
    signed     := ("+" | "-") signed | power
    power      := atom ("^" signed)?
    atom       := number | group
    group      := "(" expression ")" | "sqrt" "(" expression ")" | "√" atom

Unicode forms are read too: ``−`` (minus), ``×`` ``·`` ``⋅`` (times), ``÷`` (divided by) and ``**`` for ``^``.

Limits, checked before or while reading, never after: at most :data:`MAX_LENGTH` characters, at most
:data:`MAX_DEPTH` levels of nesting (parentheses, roots, signs and powers; so recursion stays shallow), and every
number and every intermediate result at most :data:`MAX_MAGNITUDE` in size (a power is checked by its logarithm
before it is computed, so ``9^9^9^9`` is refused at once). Anything else, a letter other than ``sqrt`` included,
is an :class:`ExpressionError` whose message names the problem and where it is.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "MAX_MAGNITUDE", "ExpressionError", "evaluate"]

MAX_LENGTH = 200
"""Characters an answer may have (spaces included)."""
MAX_DEPTH = 32
"""Levels of nesting an answer may have: parentheses, ``sqrt``/``√``, leading signs and powers each add one."""
MAX_MAGNITUDE = 1e100
"""The largest size a number or an intermediate result may have. Real answers are far below (a fan is < 10⁷)."""

HINT = "type a number such as 0.0589 or an expression such as sqrt(2/576), with + − × / ^, parentheses and sqrt/√"

_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
_SYMBOLS: dict[str, str] = {
    "+": "+",
    "-": "-",
    "−": "-",
    "–": "-",
    "*": "*",
    "×": "*",
    "·": "*",
    "⋅": "*",
    "∗": "*",
    "/": "/",
    "÷": "/",
    "^": "^",
    "(": "(",
    ")": ")",
    "√": "√",
}
_FUNCTIONS = ("sqrt",)


class ExpressionError(ValueError):
    """The answer is not a number or an expression this grammar reads; the message says why (one line)."""


@dataclass(frozen=True)
class _Token:
    kind: str
    """``number``, ``name``, one of ``+ - * / ^ ( ) √``, or ``end``."""
    text: str
    position: int
    """0-based index in the answer."""
    value: float = 0.0


def _describe(token: _Token) -> str:
    if token.kind == "end":
        return "the end of the answer"
    return f"{token.text!r} at character {token.position + 1}"


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if text.startswith("**", i):
            out.append(_Token("^", "**", i))
            i += 2
            continue
        number = _NUMBER.match(text, i)
        if number and (ch.isdigit() or ch == "."):
            literal = number.group()
            value = float(literal)
            if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
                raise ExpressionError(f"the number {_short(literal)} is too large (at most {MAX_MAGNITUDE:g})")
            out.append(_Token("number", literal, i, value))
            i = number.end()
            continue
        name = _NAME.match(text, i)
        if name:
            word = name.group()
            if word.lower() not in _FUNCTIONS:
                raise ExpressionError(f"unknown name {_short(word)!r} at character {i + 1}: the only function is sqrt")
            out.append(_Token("name", word.lower(), i))
            i = name.end()
            continue
        if ch in _SYMBOLS:
            out.append(_Token(_SYMBOLS[ch], ch, i))
            i += 1
            continue
        if ch == ",":
            raise ExpressionError(f"unexpected ',' at character {i + 1}: write decimals with a dot (0.0589)")
        raise ExpressionError(f"unexpected {ch!r} at character {i + 1}: {HINT}")
    out.append(_Token("end", "", len(text)))
    return out


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _checked(value: float, what: str) -> float:
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise ExpressionError(f"{what} is too large (at most {MAX_MAGNITUDE:g})")
    return value


def _number_text(value: float) -> str:
    text = f"{value:.6g}"
    return f"({text})" if value < 0 else text


class _Parser:
    """Recursive descent over the tokens, evaluating as it goes. ``depth`` bounds the recursion."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def _advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"the expression nests too deep (more than {MAX_DEPTH} levels)")

    def _leave(self) -> None:
        self.depth -= 1

    def parse(self) -> float:
        value = self.expression()
        if self.token.kind != "end":
            raise ExpressionError(f"unexpected {_describe(self.token)}: {HINT}")
        return value

    def expression(self) -> float:
        value = self.term()
        while self.token.kind in ("+", "-"):
            op = self._advance().kind
            right = self.term()
            value = _checked(value + right if op == "+" else value - right, "a sum")
        return value

    def term(self) -> float:
        value = self.signed()
        while True:
            kind = self.token.kind
            if kind in ("*", "/"):
                op = self._advance()
                right = self.signed()
            elif kind in ("(", "√", "name"):
                op = _Token("*", "", self.token.position)  # "2√2", "2(3+4)": the group multiplies
                right = self.signed()
            else:
                return value
            if op.kind == "*":
                value = _checked(value * right, "a product")
            else:
                if right == 0:
                    raise ExpressionError(f"division by zero ({_describe(op)})")
                value = _checked(value / right, "a quotient")

    def signed(self) -> float:
        if self.token.kind in ("+", "-"):
            sign = -1.0 if self._advance().kind == "-" else 1.0
            self._enter()
            value = sign * self.signed()
            self._leave()
            return value
        return self.power()

    def power(self) -> float:
        base = self.atom()
        if self.token.kind != "^":
            return base
        op = self._advance()
        self._enter()
        exponent = self.signed()
        self._leave()
        return _power(base, exponent, op)

    def atom(self) -> float:
        token = self.token
        if token.kind == "number":
            self._advance()
            return token.value
        if token.kind in ("(", "√", "name"):
            return self.group()
        raise ExpressionError(f"expected a number or '(' but found {_describe(token)}: {HINT}")

    def group(self) -> float:
        token = self._advance()
        self._enter()
        try:
            if token.kind == "(":
                value = self.expression()
                self._close(token)
                return value
            if token.kind == "√":
                return _sqrt(self.atom(), token)
            if self.token.kind != "(":
                raise ExpressionError(f"{token.text} needs parentheses: {token.text}(2/576)")
            opening = self._advance()
            value = self.expression()
            self._close(opening)
            return _sqrt(value, token)
        finally:
            self._leave()

    def _close(self, opening: _Token) -> None:
        if self.token.kind != ")":
            raise ExpressionError(
                f"expected ')' to close the '(' at character {opening.position + 1}, found {_describe(self.token)}"
            )
        self._advance()


def _sqrt(value: float, token: _Token) -> float:
    if value < 0:
        raise ExpressionError(f"the square root ({_describe(token)}) of a negative number ({_number_text(value)})")
    return math.sqrt(value)


def _power(base: float, exponent: float, op: _Token) -> float:
    where = f"{_number_text(base)}^{_number_text(exponent)}"
    if base == 0:
        if exponent < 0:
            raise ExpressionError(f"division by zero ({where})")
        return 1.0 if exponent == 0 else 0.0
    if base < 0 and not exponent.is_integer():
        raise ExpressionError(f"{where} is not a real number (a negative number to a fractional power)")
    if exponent * math.log10(abs(base)) > math.log10(MAX_MAGNITUDE):
        raise ExpressionError(f"{where} is too large (at most {MAX_MAGNITUDE:g})")
    try:
        return _checked(math.pow(base, exponent), where)
    except (OverflowError, ValueError):
        raise ExpressionError(f"{where} cannot be computed ({_describe(op)})") from None


def evaluate(text: str) -> float:
    """The value of a typed answer; :class:`ExpressionError` (one line, naming the problem) if it is not one.

    >>> round(evaluate("sqrt(2/576)"), 4), evaluate("2/(384+128)"), evaluate("2^-3")
    (0.0589, 0.00390625, 0.125)
    """
    if not isinstance(text, str):
        raise ExpressionError(f"the answer must be text, not {type(text).__name__}")
    stripped = text.strip()
    if not stripped:
        raise ExpressionError(f"no answer: {HINT}")
    if len(stripped) > MAX_LENGTH:
        raise ExpressionError(f"the answer is too long ({len(stripped):,} characters; at most {MAX_LENGTH})")
    return _Parser(_tokens(stripped)).parse()
