"""Formulas are read by value: a wrong formula that reuses the card's words is contradicted, a right one in other
notation is heard, and one about another initializer, in other fans, or of the activations is no evidence."""

from __future__ import annotations

import pytest

from quiz import formulas
from quiz.deck import Deck
from quiz.scoring import score_answer

KEY_POINT = {
    4: "scale with fan_in + fan_out",
    5: "Var = 2 / fan_in",
    7: "std = 1/√fan_in",
    13: "times input channels",
}

WRONG = [
    (5, "He init is designed for ReLU because ReLU doubles the variance: Var = 1/(2 fan_in).", "Var = 1/(2 fan_in)"),
    (5, "He init, for ReLU: std = 2/fan_in.", "std = 2/fan_in"),
    (5, "He draws N(0, 4/fan_in) for ReLU.", "N(0, 4/fan_in)"),
    (7, "LeCun uses std = 1/fan_in to preserve variance.", "std = 1/fan_in"),
    (7, "LeCun normal samples weights from N(0, 1), which preserves variance.", "N(0, 1)"),
    (7, "LeCun: Var = 1/(fan_in)^2, fan-in based.", "Var = 1/(fan_in)^2"),
    (4, "Xavier keeps variance stable both ways with Var(W) = 1/(fan_in + fan_out).", "Var(W) = 1/(fan_in + fan_out)"),
    (4, "Xavier: Var = 2/(fan_in·fan_out), for tanh.", "Var = 2/(fan_in·fan_out)"),
    (
        5,
        "He uses Var = 2/(fan_in + fan_out) for ReLU because half the activations are zero.",
        "Var = 2/(fan_in + fan_out)",
    ),
    (7, "LeCun: std = 1/√fan_avg, to preserve variance.", "std = 1/√fan_avg"),
    (
        13,
        "fan_in for a conv is in_channels + k_h + k_w, the inputs to one output activation.",
        "fan_in for a conv is in_channels + k_h + k_w",
    ),
    (13, "fan_in = C_in · k + k for a k×k kernel: the inputs of one output.", "fan_in = C_in · k + k"),
]

RIGHT = [
    (5, "He uses σ² = 2/n for ReLU."),
    (5, "He init: std = sqrt(2/fan_in)."),
    (5, "He draws W ~ N(0, 2/fan_in)."),
    (5, "He uniform is U(−√(6/fan_in), √(6/fan_in))."),
    (5, "He: Var[W] = 2 / fan-in"),
    (5, "He: Var = 2/fan_in (fan_in = the inputs of a unit)."),
    (7, "LeCun: Var = 1/n."),
    (7, "LeCun: std = 1/sqrt(n_in)."),
    (4, "Xavier: Var = 1/fan_avg."),
    (4, "Glorot: W ~ U(-√(6/(fan_in+fan_out)), √(6/(fan_in+fan_out)))."),
    (13, "fan_in = C_in·k² for a square kernel."),
    (13, "The fan_in of a conv layer = kernel height × width × input channels."),
]


@pytest.mark.parametrize(("card_id", "answer", "said"), WRONG)
def test_a_wrong_formula_with_the_cards_words_is_contradicted(deck: Deck, card_id: int, answer: str, said: str) -> None:
    score = score_answer(answer, deck.card(card_id))
    point = next(c for c in score.scored if c.label == KEY_POINT[card_id])
    assert not point.matched and point.contradiction is not None, point
    assert point.contradiction.kind in ("formula", "misconception"), point.contradiction
    if point.contradiction.kind == "formula":
        assert point.contradiction.said == said
        assert answer[slice(*point.contradiction.span)] == said
    assert score.coverage <= 0.25 or score.contradicted


@pytest.mark.parametrize(("card_id", "answer"), RIGHT)
def test_a_right_formula_in_other_notation_is_heard(deck: Deck, card_id: int, answer: str) -> None:
    score = score_answer(answer, deck.card(card_id))
    point = next(c for c in score.scored if c.label == KEY_POINT[card_id])
    assert point.matched, point
    assert not score.contradicted, score.contradicted


@pytest.mark.parametrize(
    ("card_id", "answer"),
    [
        (5, "He: Var = 2/fan_in, unlike Xavier's Var = 2/(fan_in + fan_out)."),
        (5, "Var = 1/fan_in is LeCun's; He doubles it for ReLU: Var = 2/fan_in."),
        (7, "LeCun: std = 1/√fan_in, so the variance stays 1 and Var(y) = 1 layer after layer."),
        (7, "LeCun scales by fan_in; He uses Var = 2/fan_in for ReLU instead."),
        (5, "He isn't Var = 1/fan_in: it doubles that, 2/fan_in, for ReLU."),
        (5, "For ReLU, He uses 2/fan_in rather than Var = 1/fan_in."),
        (5, "He for ReLU: Var(W) = 2/fan_in, and for leaky ReLU Var(W) = 2/((1 + a^2) fan_in)."),
        (13, "fan_in = in_channels * kernel_size[0] * kernel_size[1], the inputs of one output."),
        (13, "fan_in = in_channels × k_h × k_w / groups for a grouped conv."),
        (7, "LeCun: σ² = 1/n (n = fan_in), to preserve variance, like Xavier/He with another constant."),
        (5, "He init: Var = 2/fan_in for ReLU; with fan_out mode it's Var = 2/fan_out, for the backward pass."),
    ],
)
def test_a_formula_of_another_initializer_or_of_the_activations_is_no_contradiction(
    deck: Deck, card_id: int, answer: str
) -> None:
    score = score_answer(answer, deck.card(card_id))
    assert not score.contradicted, score.contradicted


def test_without_the_formula_reader_the_wrong_formulas_pass(deck: Deck, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: phrases alone hear "2/fan_in" in "Var = 1/(2 fan_in)" and "1/n" in "N(0, 1)"."""
    monkeypatch.setattr(formulas, "stated", lambda text: [])
    scores = [(answer, score_answer(answer, deck.card(card_id)), KEY_POINT[card_id]) for card_id, answer, _ in WRONG]
    passed = [
        answer
        for answer, score, label in scores
        if not score.contradicted and next(c for c in score.scored if c.label == label).matched
    ]
    assert len(passed) >= 4, passed


@pytest.mark.parametrize(
    "text",
    [
        "Var = __import__('os').system('true')",
        "Var = 9^9^9^9 fan_in",
        "std = 2/0",
        "Var = (((((fan_in",
        "N(0, ",
        "Var = 2/fan_in" + ")" * 500,
        "σ = " + "(" * 300 + "fan_in" + ")" * 300,
        "Var = " + "1+" * 5000 + "fan_in",
        "İİİ Var = 2/fan_in İ",
    ],
)
def test_anything_typed_is_read_safely(text: str) -> None:
    """Never run, never an exception: what is not a formula in the fans is simply not one."""
    for stated in formulas.stated(text):
        assert stated.names <= {"fan_in", "fan_out"}
        assert text[slice(*stated.span)] == stated.said


def test_two_formulas_agree_exactly_when_they_give_the_weights_the_same_variance() -> None:
    (he,) = formulas.stated("Var = 2/fan_in")
    assert [s.agrees(he) for s in formulas.stated("std = √(2/fan_in); σ² = 2/n; Var = 2/fan_out; std = 2/fan_in")] == [
        True,
        True,
        False,
        False,
    ]
    assert formulas.reference("Var = 2 / fan_in") is not None
    assert formulas.reference("designed for ReLU") is None
    assert formulas.subject("He initialization—for which activation?") == "he"


def test_a_formula_between_a_pairings_words_does_not_push_them_apart(deck: Deck) -> None:
    """A stated formula is one thing said: its words do not count toward the window a phrase's words must fall in
    (they did, and "Xavier … for tanh" around a formula was not heard)."""
    answer = "He: Var = 2/fan_in for ReLU; Xavier: Var = 2/(fan_in+fan_out) for tanh; frameworks default to kaiming."
    score = score_answer(answer, deck.card(15))
    assert {"He for ReLU", "Xavier for tanh/sigmoid"} <= set(score.matched), score.matched
    assert not score.contradicted
