"""Formulas read by their value: "Var = 1/(2 fan_in)" is not He's 2/fan_in, whatever words the two share.

The scorer's phrases hear words, and a formula's words can be the right ones in the wrong places: "2/fan_in" is
heard in "Var = 1/(2·fan_in)", "1/fan_in" in "std = 1/fan_in" (LeCun's *variance*), "1/n" in "N(0, 1)", "kernel
height × width" and "input channels" in "fan_in = in_channels + k_h + k_w". So a formula an answer states is read
for what it says (:func:`stated`), and compared by value with the formula a deck's key point gives (``formula =
"Var = 2 / fan_in"``, read by :func:`reference`):

- **Of the weights**: their variance (``Var``, ``Var(W)``, ``variance``, ``σ²``), their standard deviation (``std``,
  ``σ``, ``standard deviation``), a normal ``N(0, x)`` (``x`` read as a variance, or as a standard deviation: both
  are written) or a uniform ``U(−a, a)`` (variance ``a²/3``), in the fans: ``fan_in`` (also ``fan in``, ``fan-in``,
  ``n_in``, ``d_in``, ``n_l`` and a bare ``n``), ``fan_out`` (``n_out``, ``d_out``) and ``fan_avg`` (their mean).
- **A conv layer's fan_in** (``fan_in = …``), in ``in_channels`` (``C_in``, ``input channels``), ``out_channels``
  (``C_out``), the kernel's height and width (``k_h``, ``k_w``, ``kernel height``, ``width``) or a square kernel's
  side (``k``, ``kernel_size``).

An expression has numbers, ``+ − × / ^``, ``²``, parentheses, ``sqrt``/``√`` and implicit products ("2 fan_in",
"C_in k²"). It is evaluated, never run (its syntax tree is walked), at fixed settings of its names (:data:`SETTINGS`),
so two formulas of one kind are the same exactly when they agree at every setting both can be read at.
"""

from __future__ import annotations

import ast
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

Kind = Literal["weights", "fan_in"]
Quantity = Literal["variance", "std", "normal", "uniform", "fan_in"]

MAX_LENGTH = 200
"""The longest expression read (the exercises' answers have the same bound)."""

SETTINGS: dict[Kind, tuple[dict[str, float], ...]] = {
    "weights": ({"fan_in": 64.0, "fan_out": 256.0}, {"fan_in": 300.0, "fan_out": 100.0}),
    # A square kernel's side k is read only where the kernel is square (the last two); a sum and a product of the
    # sides differ at every setting (3 + 5 ≠ 15, 3 + 3 ≠ 9, 5 + 5 ≠ 25).
    "fan_in": (
        {"c_in": 16.0, "c_out": 32.0, "k_h": 3.0, "k_w": 5.0},
        {"c_in": 7.0, "c_out": 4.0, "k_h": 2.0, "k_w": 9.0},
        {"c_in": 16.0, "c_out": 32.0, "k_h": 3.0, "k_w": 3.0, "k": 3.0},
        {"c_in": 7.0, "c_out": 4.0, "k_h": 5.0, "k_w": 5.0, "k": 5.0},
    ),
}
"""The values each kind's names are evaluated at (unequal fans, so that fan_in, fan_out and their mean tell apart)."""

_NAMES: dict[Kind, tuple[tuple[str, str], ...]] = {  # (pattern, name), longest first
    "weights": (
        (r"fan[\s_-]?avg|fan[\s_-]?average", "fan_avg"),
        (r"fan[\s_-]?in(?:puts?)?|n_?\{?in\}?|d_?\{?in\}?|n_?\{?l\}?|(?<![a-z_])n(?![a-z_0-9])", "fan_in"),
        (r"fan[\s_-]?out(?:puts?)?|n_?\{?out\}?|d_?\{?out\}?", "fan_out"),
    ),
    "fan_in": (
        (r"in(?:put)?[\s_-]?channels?|c_?\{?in\}?|channels?_?in", "c_in"),
        (r"out(?:put)?[\s_-]?channels?|c_?\{?out\}?|channels?_?out", "c_out"),
        (r"kernel[\s_-]?h(?:eight)?|k_?\{?h\}?|\bheight\b", "k_h"),
        (r"kernel[\s_-]?w(?:idth)?|k_?\{?w\}?|\bwidth\b", "k_w"),
        (r"kernel[\s_-]?size|(?<![a-z_])k(?![a-z_0-9])", "k"),  # "k²" too
    ),
}
_NAME: dict[Kind, re.Pattern[str]] = {
    kind: re.compile("|".join(f"(?P<g{i}>{pattern})" for i, (pattern, _) in enumerate(names)))
    for kind, names in _NAMES.items()
}
_COVERS = {"fan_avg": {"fan_in", "fan_out"}, "k": {"k_h", "k_w"}}
"""Names that stand for others: a mean of the fans, a square kernel's side."""

_QUANTITY = re.compile(
    r"(?P<normal>\bn\s*\(\s*0\s*,)"
    r"|(?P<uniform>\bu\s*\(\s*-\s*)"
    r"|(?P<variance>(?:\bvar(?:iance)?|σ\s*²|σ\s*\^\s*2|\bsigma\s*(?:²|\^\s*2))"
    r"(?P<vw>\s*(?:\(\s*w\s*\)|\[\s*w\s*\]|\s+of\s+(?:the\s+)?weights?))?\s*(?:=|≈|~|:)\s*)"
    r"|(?P<std>(?:\bstd|\bσ|\bsigma|\bstandard\s+deviation)"
    r"(?P<sw>\s*(?:\(\s*w\s*\)|\s+of\s+(?:the\s+)?weights?))?\s*(?:=|≈|~|:)\s*)"
    r"|(?P<fan_in>\bfan[\s_-]?in(?:\s+(?:of|for)\s+(?:(?:a|an|the|one|each)\s+)?"
    r"(?:conv(?:olution(?:al)?)?|conv2d)?\s*(?:layer|filter|kernel)?)?\s*(?:=|≈|:|\bis\b|\bequals\b)\s*)"
)
_MAYBE = re.compile(r"var|std|σ|sigma|standard|fan|[nu]\s*\(", re.IGNORECASE)
"""What every stated formula has (checked before the text is folded)."""
_EXPRESSION_CHARS = re.compile(r"[0-9a-z_.+\-*/^()√²{}\s]*")
_WORDS = re.compile(r"[a-z_]+")
_FAMILIES = {  # the initializers a formula of the weights can be about, by the words that name them
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
"""Words just before a formula that say it is what the text is not."""


@dataclass(frozen=True)
class Stated:
    """A formula as stated: where, what it is of, in which names, and its value at each of its kind's
    :data:`SETTINGS` (None where it cannot be read there), once per reading (a normal's two give two)."""

    span: tuple[int, int]
    said: str
    kind: Kind
    names: frozenset[str]
    """The names it is in, each standing for what it covers (``fan_avg``: both fans; ``k``: both kernel sides)."""
    values: tuple[tuple[float | None, ...], ...]
    about: str | None = None
    """For the weights: the initializer named closest to it in its sentence (``he``, ``xavier``, ``lecun``, …)."""

    def comparable(self, other: Stated) -> bool:
        """Whether this formula says something of what ``other`` (a key point's) says: the same kind, in the same
        names. A formula of the weights is also compared when it is a constant (no scale at all) or adds a fan to
        ``other``'s ("Var = 2/(fan_in + fan_out)" is not He's 2/fan_in); in other fans only (He's fan_out mode) it is
        another formulation."""
        if self.kind != other.kind:
            return False
        if self.names == other.names:
            return True
        return self.kind == "weights" and (not self.names or other.names < self.names)

    def agrees(self, other: Stated) -> bool:
        """Whether one reading of each gives the same value at every setting both can be read at (two at least)."""
        for mine in self.values:
            for theirs in other.values:
                both = [(a, b) for a, b in zip(mine, theirs, strict=True) if a is not None and b is not None]
                if len(both) >= 2 and all(math.isclose(a, b, rel_tol=1e-6) for a, b in both):
                    return True
        return False


def _folded(text: str) -> str:
    """Lower case, Unicode compatibility forms folded (``²``, ``√`` and ``σ`` kept), the usual signs as ASCII; one
    character for each of ``text``'s, so that spans found here are spans of ``text``."""
    signs = {"−": "-", "–": "-", "×": "*", "·": "*", "⋅": "*", "∗": "*", "÷": "/"}
    out = []
    for ch in text:
        if ch in "²√σ≈":
            out.append(ch)
            continue
        mapped = signs.get(ch) or (unicodedata.normalize("NFKD", ch) or ch)[0]
        lower = mapped.lower()
        out.append(lower if len(lower) == 1 else mapped)  # ("İ" lowers to two characters)
    return "".join(out)


def _name(kind: Kind, match: re.Match[str]) -> str:
    """The name a match of ``_NAME[kind]`` stands for."""
    return next(name for i, (_, name) in enumerate(_NAMES[kind]) if match[f"g{i}"])


def _expression_at(text: str, start: int, kind: Kind, *, closing: bool) -> tuple[str, int] | None:
    """The longest expression in ``kind``'s names at ``start`` (up to the first word that is none of them and no
    ``sqrt``, or the ``,``/``)`` that closes a normal or a uniform when ``closing``), and where it ends."""
    run = _EXPRESSION_CHARS.match(text, start)
    end = run.end() if run else start
    names = [m.span() for m in _NAME[kind].finditer(text, start, end)]
    for word in _WORDS.finditer(text, start, end):
        if word.group() != "sqrt" and not any(a <= word.start() and word.end() <= b for a, b in names):
            end = word.start()
            break
    opened: list[int] = []
    for i in range(start, end):
        if text[i] == "(":
            opened.append(i)
        elif text[i] == ")":
            if not opened:
                end = i  # an unmatched ")" closes what the formula is in
                break
            opened.pop()
    if opened:
        end = opened[0]  # "2/fan_in (fan_in = …": a parenthesis the words left open is a remark, not the formula
    expression = text[start:end].rstrip()
    if expression.endswith(".") and not expression[-2:-1].isdigit():
        expression = expression[:-1].rstrip()  # the sentence's full stop
    if not expression or expression[-1] in "+-*/^(√" or len(expression) > MAX_LENGTH:
        return None  # cut short: "2/((1 + a^2) fan_in)" is no "2", "C_in·k_h·k_w / groups" no "C_in·k_h·k_w"
    after = text[start + len(expression) :].lstrip()[:1]  # (its parentheses are balanced: cut so above)
    if after and not (after.isalpha() or after in ".,;:!?()=≈"):
        return None  # "in_channels * kernel_size[0] * …": more formula than can be read
    if closing and after not in (",", ")"):
        return None
    return expression, start + len(expression)


def _value(expression: str, kind: Kind, setting: dict[str, float]) -> float | None:
    """``expression`` at ``setting``; None if it is not one, or a name in it has no value there."""
    text = expression
    for match in sorted(_NAME[kind].finditer(expression), key=lambda m: -m.start()):
        name = _name(kind, match)
        if name == "fan_avg":
            number = (setting["fan_in"] + setting["fan_out"]) / 2
        elif name in setting:
            number = setting[name]
        else:
            return None  # a square kernel's side, where the kernel is not square
        text = f"{text[: match.start()]}({number!r}){text[match.end() :]}"
    text = text.replace("^", "**").replace("²", "**2").replace("{", "(").replace("}", ")")
    text = re.sub(r"√\s*\(", "sqrt(", text)
    text = re.sub(r"√\s*(\d+(?:\.\d+)?)", r"sqrt(\1)", text)
    text = re.sub(r"(\d|\))\s*(?=\(|sqrt)", r"\1*", text)  # implicit products: 2(64), (2)(64), 2 sqrt(…)
    try:
        return _walk(ast.parse(text.strip(), mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError, OverflowError, RecursionError, MemoryError):
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
    raise ValueError("not a formula")


def _readings(quantity: Quantity, values: list[float | None]) -> tuple[tuple[float | None, ...], ...] | None:
    """The formula's values, once per reading: a variance of the weights for a standard deviation, a normal or a
    uniform; None if it gives no positive finite value anywhere, or a bad one somewhere."""
    read = [v for v in values if v is not None]
    if not read or any(not math.isfinite(v) or v <= 0 for v in read):
        return None
    given = tuple(values)
    squared = tuple(None if v is None else v * v for v in values)
    if quantity in ("variance", "fan_in"):
        return (given,)
    if quantity == "std":
        return (squared,)
    if quantity == "uniform":
        return (tuple(None if v is None else v / 3 for v in squared),)
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
    """Every formula ``text`` states, in the order said (one it says it is not, "unlike Var = 1/fan_in", left
    out)."""
    if not _MAYBE.search(text):
        return []  # (most answers: no quantity named, nothing to fold)
    folded = _folded(text)
    out: list[Stated] = []
    for match in _QUANTITY.finditer(folded):
        quantity: Quantity = next(q for q in ("normal", "uniform", "variance", "std", "fan_in") if match.group(q))
        kind: Kind = "fan_in" if quantity == "fan_in" else "weights"
        found = _expression_at(folded, match.end(), kind, closing=quantity in ("normal", "uniform"))
        if found is None:
            continue
        expression, end = found
        named = {_name(kind, m) for m in _NAME[kind].finditer(expression)}
        names = frozenset(n for name in named for n in _COVERS.get(name, {name}))
        weights_for_sure = quantity in ("normal", "uniform") or bool(match.group("vw") or match.group("sw"))
        if not names and (kind == "fan_in" or not weights_for_sure):
            continue  # "the variance stays 1" (of the activations, most likely), "fan_in = 27" (an example)
        values = _readings(quantity, [_value(expression, kind, setting) for setting in SETTINGS[kind]])
        if values is None:
            continue
        if quantity in ("normal", "uniform"):
            close = folded.find(")", end)  # the whole N(0, x) or U(-a, a) is what was said
            end = close + 1 if close != -1 and "(" not in folded[end:close] else end
        span = (match.start(), end)
        if _DENIED.search(folded, max(_sentence_start(folded, span[0]), span[0] - 24), span[0]):
            continue  # "it is not Var = 1/fan_in", "unlike Var = 1/fan_in": said as what the text is not
        about = _about(folded, span) if kind == "weights" else None
        out.append(Stated(span, text[span[0] : span[1]], kind, names, values, about))
    return out


@cache
def reference(formula: str) -> Stated | None:
    """``formula`` (a deck key point's) read as one formula in one of the kinds' names, if it is one."""
    found = stated(formula)
    return found[0] if len(found) == 1 and found[0].names and found[0].said.strip() == formula.strip() else None


def subject(question: str) -> str | None:
    """The initializer a card's question is about (``He initialization—for which activation?``: ``he``)."""
    found = _FAMILY.search(_folded(question))
    return _FAMILIES[found.group(1)] if found else None


def judged(ref: Stated, said: Sequence[Stated], about: str | None) -> tuple[Stated | None, Stated | None]:
    """(right, wrong): the first formula of ``said`` comparable with ``ref`` that agrees with it, and, if none does,
    the first that disagrees. Formulas of the weights about another initializer than ``about`` are left out."""
    wrong: Stated | None = None
    for formula in said:
        if formula.about is not None and about is not None and formula.about != about:
            continue
        if not formula.comparable(ref):
            continue
        if formula.agrees(ref):
            return formula, None
        wrong = wrong or formula
    return None, wrong
