"""Formulas an answer states, read by their value: "Var = 1/(2 fan_in)" is not He's 2/fan_in, whatever words the
two share.

Phrases hear words, and a formula's words can be the right ones in the wrong places: "2/fan_in" is heard in
"Var = 1/(2·fan_in)", "1/fan_in" in "std = 1/fan_in" (LeCun's *variance*), "1/n" in "N(0, 1)". So a formula stated
for the weights is read for what it says:

- **The quantity**: the weights' variance (``Var``, ``Var(W)``, ``variance``, ``σ²``), their standard deviation
  (``std``, ``σ``, ``standard deviation``), a normal ``N(0, x)`` (``x`` read as a variance, or as a standard
  deviation: both are written), or a uniform ``U(−a, a)`` (variance ``a²/3``).
- **The expression**, in the fans: ``fan_in`` (also ``fan in``, ``fan-in``, ``n_in``, ``d_in``, ``n_l`` and a bare
  ``n``), ``fan_out`` (``n_out``, ``d_out``) and ``fan_avg`` (their mean), with numbers, ``+ − × / ^``, parentheses,
  ``sqrt``/``√`` and implicit products ("2 fan_in"). It is evaluated, never run, at two settings of the fans, so two
  formulas are the same exactly when they agree on the weights' variance at both.

A key point whose label is such a formula (card 5's "Var = 2 / fan_in", card 7's "std = 1/√fan_in"), or the card's
formula given to the key point that names all its fans (card 4's on "scale with fan_in + fan_out"), is compared with
each formula the answer states in the same fans: one that agrees is the point heard, and one that disagrees, with
none agreeing, contradicts it. A formula in other fans (He's ``fan_out`` mode, "Var = 1/fan_in" on Xavier's card)
is no evidence either way. A constant is compared only when it is the weights' for sure (a normal, a uniform, or
``Var(W)``): "the variance stays 1" is about the activations. A formula that another initializer is named closer to,
in its sentence, is about that one ("He uses 2/fan_in; Xavier's Var = 2/(fan_in + fan_out)").
"""

from __future__ import annotations

import ast
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Quantity = Literal["variance", "std", "normal", "uniform"]

SETTINGS: tuple[dict[str, float], ...] = ({"fan_in": 64.0, "fan_out": 256.0}, {"fan_in": 300.0, "fan_out": 100.0})
"""The fans each formula is evaluated at (two, unequal, so that fan_in, fan_out and their mean tell apart)."""

MAX_LENGTH = 200
"""The longest expression read (the exercises' answers have the same bound)."""

_FANS = (  # longest first; each to the fan it names
    (r"fan[\s_-]?avg|fan[\s_-]?average", "fan_avg"),
    (r"fan[\s_-]?in(?:puts?)?|n_?\{?in\}?|d_?\{?in\}?|n_?\{?l\}?|\bn\b", "fan_in"),
    (r"fan[\s_-]?out(?:puts?)?|n_?\{?out\}?|d_?\{?out\}?", "fan_out"),
)
_FAN = re.compile("|".join(f"(?P<g{i}>{pattern})" for i, (pattern, _) in enumerate(_FANS)))
_QUANTITY = re.compile(
    r"(?P<normal>\bn\s*\(\s*0\s*,)"
    r"|(?P<uniform>\bu\s*\(\s*-\s*)"
    r"|(?P<variance>(?:\bvar(?:iance)?|σ\s*²|σ\s*\^\s*2|\bsigma\s*(?:²|\^\s*2))"
    r"(?P<vw>\s*(?:\(\s*w\s*\)|\[\s*w\s*\]|\s+of\s+(?:the\s+)?weights?))?\s*(?:=|≈|~|:)\s*)"
    r"|(?P<std>(?:\bstd|\bσ|\bsigma|\bstandard\s+deviation)"
    r"(?P<sw>\s*(?:\(\s*w\s*\)|\s+of\s+(?:the\s+)?weights?))?\s*(?:=|≈|~|:)\s*)"
)
_MAYBE = re.compile(r"var|std|σ|sigma|standard|[nu]\s*\(", re.IGNORECASE)
"""What every stated formula has (checked before the answer is folded)."""
_EXPRESSION_CHARS = re.compile(r"[0-9a-z_.+\-*/^()√{}\s]*")
_NAMES = re.compile(r"[a-z_]+")
_FAMILIES = {  # the initializers a formula can be about, by the words that name them
    "he": "he",
    "kaiming": "he",
    "xavier": "xavier",
    "glorot": "xavier",
    "lecun": "lecun",
    "orthogonal": "orthogonal",
}
_FAMILY = re.compile(r"\b(" + "|".join(_FAMILIES) + r")\b")
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)|\n")
_DENIED = re.compile(r"\b(?:not|never|no|unlike|instead\s+of|rather\s+than|than|vs\.?|versus)\b|n't\b")
"""Words just before a formula that say it is what the answer is not."""


@dataclass(frozen=True)
class Stated:
    """A formula for the weights, as stated: where, what, in which fans, and the weights' variance it gives at each
    of :data:`SETTINGS` (a normal's two readings give two)."""

    span: tuple[int, int]
    said: str
    fans: frozenset[str]
    variances: tuple[tuple[float, ...], ...]
    about: str | None = None
    """The initializer named closest to it in its sentence (``he``, ``xavier``, ``lecun``, ``orthogonal``)."""

    def agrees(self, other: Stated) -> bool:
        """Whether the two give the weights the same variance (one reading of each, at every setting)."""
        return any(
            all(math.isclose(a, b, rel_tol=1e-6) for a, b in zip(mine, theirs, strict=True))
            for mine in self.variances
            for theirs in other.variances
        )


def _folded(text: str) -> str:
    """Lower case, Unicode compatibility forms folded (``²`` stays), the usual signs as ASCII; same length as
    ``text`` wherever it can be, so that spans found here are spans of ``text``."""
    out = []
    for ch in text:
        if ch in "²√σ":
            out.append(ch)
            continue
        mapped = {"−": "-", "–": "-", "×": "*", "·": "*", "⋅": "*", "∗": "*", "÷": "/", "≈": "≈"}.get(ch)
        if mapped is None:
            decomposed = unicodedata.normalize("NFKD", ch)
            mapped = decomposed[0] if decomposed else ch
        out.append(mapped.lower() if len(mapped) == 1 else ch)
    return "".join(out)


def _expression_at(text: str, start: int, *, closing: bool) -> tuple[str, int] | None:
    """The longest expression in the fans at ``start`` (up to the first word that is no fan and no ``sqrt``, or
    the ``,``/``)`` that closes a normal or a uniform when ``closing``), and where it ends."""
    run = _EXPRESSION_CHARS.match(text, start)
    end = run.end() if run else start
    fans = [m.span() for m in _FAN.finditer(text, start, end)]
    for name in _NAMES.finditer(text, start, end):
        if name.group() != "sqrt" and not any(a <= name.start() and name.end() <= b for a, b in fans):
            end = name.start()
            break
    depth = 0
    for i in range(start, end):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            if depth == 0:
                end = i  # an unmatched ")" closes what the formula is in
                break
            depth -= 1
    opened: list[int] = []
    for i in range(start, end):
        if text[i] == "(":
            opened.append(i)
        elif text[i] == ")" and opened:
            opened.pop()
    if opened:
        end = opened[0]  # "2/fan_in (fan_in = …": a parenthesis the words left open is a remark, not the formula
    expression = text[start:end]
    while expression.rstrip() != expression.rstrip().rstrip(" .+-*/^(") or expression != expression.rstrip():
        expression = expression.rstrip().rstrip(" .+-*/^(")  # "2/fan_in (He": what the words cut short
    if not expression or len(expression) > MAX_LENGTH or expression.count("(") != expression.count(")"):
        return None
    if closing and not text[start + len(expression) :].lstrip().startswith((",", ")")):
        return None
    return expression, start + len(expression)


def _fan(match: re.Match[str]) -> str:
    """The fan a match of :data:`_FAN` names."""
    return next(name for i, (_, name) in enumerate(_FANS) if match[f"g{i}"])


def _value(expression: str, fans: dict[str, float]) -> float | None:
    """``expression`` at ``fans``; None if it is not one (never run: the syntax tree is walked)."""
    text = expression
    for match in sorted(_FAN.finditer(expression), key=lambda m: -m.start()):
        name = _fan(match)
        number = (fans["fan_in"] + fans["fan_out"]) / 2 if name == "fan_avg" else fans[name]
        text = f"{text[: match.start()]}({number!r}){text[match.end() :]}"
    text = text.replace("^", "**").replace("{", "(").replace("}", ")")
    text = re.sub(r"√\s*\(", "sqrt(", text)
    text = re.sub(r"√\s*(\d+(?:\.\d+)?)", r"sqrt(\1)", text)
    text = re.sub(r"(\d|\))\s*(?=\(|sqrt)", r"\1*", text)  # implicit products: 2(64), (2)(64), 2 sqrt(…)
    try:
        tree = ast.parse(text.strip(), mode="eval")
        return _walk(tree.body)
    except (SyntaxError, ValueError, ZeroDivisionError, OverflowError, RecursionError):
        return None


def _walk(node: ast.AST) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _walk(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        left, right = _walk(node.left), _walk(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            return left / right
        if isinstance(node.op, ast.Pow) and abs(right) <= 8:
            return float(left**right)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "sqrt"
        and len(node.args) == 1
        and not node.keywords
    ):
        return math.sqrt(_walk(node.args[0]))
    raise ValueError("not a formula in the fans")


def _variances(quantity: Quantity, expression: str) -> tuple[tuple[float, ...], ...] | None:
    values = [_value(expression, fans) for fans in SETTINGS]
    if any(v is None or not math.isfinite(v) or v <= 0 for v in values):
        return None
    given = tuple(v for v in values if v is not None)
    squared = tuple(v * v for v in given)
    if quantity == "variance":
        return (given,)
    if quantity == "std":
        return (squared,)
    if quantity == "uniform":
        return (tuple(v / 3 for v in squared),)
    return (given, squared)  # N(0, x): x is a variance in most texts, a standard deviation in some


def _sentence_start(folded: str, at: int) -> int:
    return max((m.end() for m in _SENTENCE_END.finditer(folded, 0, at)), default=0)


def _about(folded: str, span: tuple[int, int]) -> str | None:
    """The initializer named closest to ``span`` in its sentence, before it or else after it."""
    begin = _sentence_start(folded, span[0])
    end = next((m.start() for m in _SENTENCE_END.finditer(folded, span[1])), len(folded))
    before = list(_FAMILY.finditer(folded, begin, span[0]))
    if before:
        return _FAMILIES[before[-1].group(1)]
    after = _FAMILY.search(folded, span[1], end)
    return _FAMILIES[after.group(1)] if after else None


def stated(text: str) -> list[Stated]:
    """Every formula for the weights ``text`` states, in the order said."""
    if not _MAYBE.search(text):
        return []  # (most answers: no quantity named, nothing to fold)
    folded = _folded(text)
    out: list[Stated] = []
    for match in _QUANTITY.finditer(folded):
        quantity: Quantity = next(q for q in ("normal", "uniform", "variance", "std") if match.group(q))
        found = _expression_at(folded, match.end(), closing=quantity in ("normal", "uniform"))
        if found is None:
            continue
        expression, end = found
        named = {_fan(m) for m in _FAN.finditer(expression)}
        fans = frozenset({"fan_in", "fan_out"} if "fan_avg" in named else named)  # fan_avg is in both fans
        weights_for_sure = quantity in ("normal", "uniform") or bool(match.group("vw") or match.group("sw"))
        if not fans and not weights_for_sure:
            continue  # "the variance stays 1": of the activations, most likely
        variances = _variances(quantity, expression)
        if variances is None:
            continue
        if quantity in ("normal", "uniform"):
            close = folded.find(")", end)  # the whole N(0, x) or U(-a, a) is what was said
            end = close + 1 if close != -1 and "(" not in folded[end:close] else end
        span = (match.start(), end)
        if _DENIED.search(folded, max(_sentence_start(folded, span[0]), span[0] - 24), span[0]):
            continue  # "it is not Var = 1/fan_in", "unlike Var = 1/fan_in": said as what the answer is not
        out.append(Stated(span, text[span[0] : span[1]], fans, variances, _about(folded, span)))
    return out


def reference(label: str) -> Stated | None:
    """``label`` read as a formula for the weights (``Var = 2 / fan_in``), if it is one and names a fan."""
    found = stated(label)
    return found[0] if len(found) == 1 and found[0].fans else None


def subject(question: str) -> str | None:
    """The initializer a card's question is about (``He initialization—for which activation?``: ``he``)."""
    found = _FAMILY.search(_folded(question))
    return _FAMILIES[found.group(1)] if found else None


def against(references: Sequence[Stated], said: Sequence[Stated], about: str | None) -> tuple[bool, Stated | None]:
    """(heard, wrong): whether a formula of ``said`` in the fans of one of ``references`` agrees with it, and if
    none does, the first one that disagrees. Formulas about another initializer than ``about`` are left out."""
    wrong: Stated | None = None
    for formula in said:
        if formula.about is not None and about is not None and formula.about != about:
            continue
        for ref in references:
            if formula.fans and formula.fans != ref.fans:
                continue  # in other fans: another formulation (a constant is compared: it is no fan-based scale)
            if formula.agrees(ref):
                return True, None
            wrong = wrong or formula
    return False, wrong
