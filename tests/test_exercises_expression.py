"""The answer parser: what can be typed, what it means, and hostile input refused with one clear line."""

from __future__ import annotations

import math
import sys

import pytest

from quiz.exercises.expression import MAX_DEPTH, MAX_LENGTH, ExpressionError, evaluate


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.0589", 0.0589),
        ("5.89e-2", 0.0589),
        ("5.89E-2", 0.0589),
        (".5", 0.5),
        ("576", 576.0),
        ("sqrt(2/576)", math.sqrt(2 / 576)),
        ("2/(384+128)", 2 / 512),
        ("√(6/512)", math.sqrt(6 / 512)),
        ("√2/√576", math.sqrt(2) / 24),
        ("5/3·√(2/1024)", 5 / 3 * math.sqrt(2 / 1024)),
        ("64*3*3", 576.0),
        ("64 × 3 × 3", 576.0),
        ("64·3·3", 576.0),
        ("1152 ÷ 2", 576.0),
        ("2 − 1", 1.0),
        ("2^-19", 2.0**-19),
        ("0.5^19", 0.5**19),
        ("2**10", 1024.0),
        ("2^3^2", 512.0),  # right-associative
        ("-2^2", -4.0),  # the power binds tighter than the sign
        ("(-2)^2", 4.0),
        ("(-8)^(1/1)", -8.0),
        ("2√2", 2 * math.sqrt(2)),  # a root right after a number multiplies
        ("2(3+4)", 14.0),
        ("(5/3)√(2/512)", 5 / 3 * math.sqrt(2 / 512)),
        ("√√16", 2.0),
        ("√2^2", 2.0),  # √ takes the atom right after it: (√2)^2
        ("SQRT(4)", 2.0),
        ("  1e-3  ", 0.001),
        ("1-2-3", -4.0),  # left-associative
        ("8/4/2", 1.0),
        ("+-+5", -5.0),
    ],
)
def test_numbers_and_expressions(text: str, value: float) -> None:
    assert evaluate(text) == pytest.approx(value, rel=1e-15)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no answer"),
        ("   ", "no answer"),
        ("__import__('os')", "unknown name '__import__' at character 1"),
        ("__import__('os').system('rm -rf /')", "unknown name '__import__'"),
        ("os.system(1)", "unknown name 'os'"),
        ("lambda: 1", "unknown name 'lambda'"),
        ("exp(1)", "unknown name 'exp'"),
        ("[1]", "unexpected '['"),
        ("1;2", "unexpected ';'"),
        ("'1'", 'unexpected "\'"'),
        ("0,0589", "write decimals with a dot"),
        ("5 89", "unexpected '89' at character 3"),
        ("1)", "unexpected ')' at character 2"),
        ("(1", "expected ')' to close the '(' at character 1"),
        ("2^", "expected a number or '(' but found the end of the answer"),
        ("sqrt 2", "sqrt needs parentheses"),
        ("1/0", "division by zero"),
        ("1/(2-2)", "division by zero"),
        ("0^-1", "division by zero"),
        ("sqrt(-1)", "of a negative number"),
        ("√(1-2)", "of a negative number"),
        ("(-8)^(1/3)", "is not a real number"),
        ("9^9^9^9", "is too large"),
        ("10^101", "is too large"),
        ("1e999", "the number 1e999 is too large"),
        ("1" * 150, "is too large"),
        ("1e100*10", "a product is too large"),
        ("2×", "expected a number"),
    ],
)
def test_bad_answers_get_one_clear_line(text: str, message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        evaluate(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, ValueError)  # callers may catch ValueError


def test_ten_thousand_nested_parentheses_are_refused_by_length() -> None:
    text = "(" * 10_000 + "1" + ")" * 10_000
    with pytest.raises(ExpressionError, match=r"too long \(20,001 characters; at most 200\)"):
        evaluate(text)


def test_deep_nesting_within_the_length_limit_is_refused_without_recursing() -> None:
    depth = MAX_DEPTH + 1
    text = "(" * depth + "1" + ")" * depth
    assert len(text) <= MAX_LENGTH
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(400)  # the parser stays far below this whatever it is given
    try:
        with pytest.raises(ExpressionError, match="nests too deep"):
            evaluate(text)
        with pytest.raises(ExpressionError, match="nests too deep"):
            evaluate("-" * 150 + "1")
        with pytest.raises(ExpressionError, match="nests too deep"):
            evaluate("2^" * 60 + "1")
        with pytest.raises(ExpressionError, match="nests too deep"):
            evaluate("√" * 60 + "4")
        assert evaluate("(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH) == 1.0
    finally:
        sys.setrecursionlimit(limit)


def test_the_length_limit_is_exact() -> None:
    at_limit = "1+" * (MAX_LENGTH // 2 - 1) + "1"
    assert len(at_limit) == MAX_LENGTH - 1
    assert evaluate(at_limit) == MAX_LENGTH // 2
    with pytest.raises(ExpressionError, match="too long"):
        evaluate(at_limit + "+1")


def test_power_towers_are_refused_at_once_not_computed() -> None:
    # 9^(9^(9^9)): the exponent alone has 369 million digits. Refused from its logarithm, before any pow.
    with pytest.raises(ExpressionError, match=r"9\^3\.8742e\+08 is too large"):
        evaluate("9^9^9^9")
    with pytest.raises(ExpressionError, match="too large"):
        evaluate("9**9**9**9")
    assert evaluate("9^9") == 387_420_489.0  # a big but legal answer
    assert evaluate("2^-300") == 2.0**-300  # tiny is fine


def test_non_text_is_refused() -> None:
    with pytest.raises(ExpressionError, match="must be text"):
        evaluate(123)  # type: ignore[arg-type]


def test_nothing_is_ever_evaluated_as_python(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval/exec/compile must never be called")

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    monkeypatch.setattr(builtins, "compile", refuse)
    assert evaluate("sqrt(2/576)") == pytest.approx(0.0589, abs=1e-4)
    with pytest.raises(ExpressionError):
        evaluate("__import__('os').system('true')")
