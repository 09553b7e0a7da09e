"""Contradictions: negation, swapped pairings, wrong quantities and the deck's misconceptions; the 25 % cap; the
user's overrides; one key point at a time (the API follow-up questions use); the suggested grade."""

from __future__ import annotations

import pytest

from quiz.deck import Deck, KeyPoint, Misconception
from quiz.scoring import (
    CONTRADICTION_CAP,
    reference_spans,
    score_answer,
    score_key_point,
    score_key_points,
    suggest_grade,
)
from quiz.scoring.polarity import cue_strengths, phrase_polarity, polarity
from quiz.scoring.text import tokenize

# --- the issue's examples ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("card_id", "answer", "key_point"),
    [
        (15, "He init is for tanh and sigmoid, Xavier is for ReLU, and use the framework defaults.", "He for ReLU"),
        (
            1,
            "Zero weights are actually fine, the neurons do not stay identical... symmetry breaks by itself; random "
            "init is not needed.",
            "neurons stay identical",
        ),
        (11, "It is not because the block starts as identity; the skip path just helps deep nets.", None),
        (12, "It scales the learning rate rather than adjusting the variance, per nonlinearity.", "adjusts variance"),
        (5, "He init is for sigmoid, and it uses 2/fan_in.", "designed for ReLU"),
        (13, "fan_in is C_in only; the kernel height × width doesn't matter", "kernel height × width"),
        # The card's own words with zeros (or the biases) doing the breaking: found by hand in a drill.
        (1, "zeros break symmetry", "symmetry never breaks"),
        (1, "All zeros breaks the symmetry between neurons, so it trains fine.", "symmetry never breaks"),
        (1, "With zero weights the symmetry is broken by the biases.", "symmetry never breaks"),
        # A negative key point's problem said as the effect of the card's own remedy.
        (5, "He init makes the signal vanish in deep ReLU nets.", "prevents vanishing or exploding signal"),
        (2, "Biases start at zero; a small positive bias kills ReLU units.", "avoid dead ReLU neurons"),
        (2, "For ReLU set the biases negative so the activations are sparse.", "small positive bias for ReLU"),
        (11, "The last conv is zeroed so the block starts far from identity.", "block starts as identity"),
        (
            4,
            "Xavier makes the activation variance unstable forward and the gradient variance unstable backward.",
            "activation variance stable forward",
        ),
        (11, "Zeroing it means the skip path is ignored at the start.", "skip path dominates"),
    ],
)
def test_the_issues_wrong_answers_are_contradicted(
    deck: Deck, card_id: int, answer: str, key_point: str | None
) -> None:
    score = score_answer(answer, deck.card(card_id))
    assert score.contradicted, score
    assert score.coverage <= CONTRADICTION_CAP
    if key_point is not None:
        assert key_point in {x.key_point for x in score.contradicted}
        assert key_point not in score.matched  # a contradicted key point never counts as heard
    for wrong in score.contradicted:
        assert answer[wrong.span[0] : wrong.span[1]] == wrong.said
        assert wrong.correction


def test_a_contradiction_is_never_quoted_as_evidence(deck: Deck) -> None:
    answer = "He init is for tanh and sigmoid, Xavier is for ReLU."
    score = score_answer(answer, deck.card(15))
    he = next(c for c in score.concepts if c.label == "He for ReLU")
    assert not he.matched and he.contradiction is not None
    assert he.contradiction.said == "He init is for tanh"
    assert he.contradiction.correction == "He is for ReLU; Xavier for tanh/sigmoid."


@pytest.mark.parametrize(
    ("card_id", "answer"),
    [
        (
            1,
            "With zero weights the neurons stay identical and get the same gradients; they remain clones forever, "
            "symmetry is never broken, so we need random init for the units to specialize.",
        ),
        (
            1,
            "With zero init the units can't specialize: nothing breaks the symmetry, every neuron gets the same "
            "gradient. Random weights fix it.",
        ),
        (1, "Zeros can't break the symmetry, and zeros do not break it later either: you need random init."),
        (5, "For ReLU, He: 2/fan_in. Xavier makes the signal vanish in deep ReLU nets; He fixes that."),
        (2, "Usually zero; for ReLU some use a small positive bias like 0.01 so fewer units are dead at the start."),
        (2, "Zero is standard. A negative bias causes dead ReLU units, a small positive one avoids that."),
        (
            11,
            "At init the residual branch is ignored and only the skip path carries the signal, so each block starts "
            "as the identity and not far from it; very deep nets then train easily.",
        ),
        (
            9,
            "You start from a network already trained on a big dataset, re-initialize just the new head, and use a "
            "small learning rate so you don't destroy the pretrained weights.",
        ),
        (
            5,
            "He is for ReLU: half of the activations are zero, so Var = 2/fan_in and the signal neither dies nor "
            "blows up with depth.",
        ),
        (15, "Use He for ReLU and Xavier for tanh; framework defaults are matched to the activation."),
        (
            4,
            "Xavier is for tanh and sigmoid, not for ReLU: it keeps the variance stable forward and the gradient "
            "variance backward with 2/(fan_in + fan_out).",
        ),
        (
            14,
            "Reproducibility: the same init and shuffling make comparisons fair; it doesn't remove the variance "
            "across seeds, so report several seeds.",
        ),
        (9, "Load pretrained weights; a large learning rate would destroy them, so fine-tune with a small one."),
    ],
)
def test_good_answers_in_own_words_keep_credit_and_are_not_contradicted(deck: Deck, card_id: int, answer: str) -> None:
    score = score_answer(answer, deck.card(card_id))
    assert not score.contradicted, score.contradicted
    assert score.coverage >= 0.5, score.missed


@pytest.mark.parametrize(
    ("card_id", "paraphrase", "key_point"),
    [
        (1, "All the neurons remain clones forever, so nothing can differ.", "neurons stay identical"),
        (9, "You start from a network already trained on ImageNet.", "pretrained weights instead of random"),
        (
            5,
            "With He the signal neither dies nor blows up in a deep ReLU net.",
            "prevents vanishing or exploding signal",
        ),
    ],
)
def test_the_issues_paraphrases_are_heard(deck: Deck, card_id: int, paraphrase: str, key_point: str) -> None:
    assert key_point in score_answer(paraphrase, deck.card(card_id)).matched


# --- negation ------------------------------------------------------------------------------------------------------

KP = [KeyPoint(label="neurons stay identical", phrases=["neurons identical"])]


@pytest.mark.parametrize(
    "answer",
    [
        "The neurons do not stay identical.",
        "The neurons don't stay identical.",
        "The neurons never stay identical.",
        "The neurons aren’t identical.",
        "No: the neurons are not really identical.",
    ],
)
def test_negation_contradicts(answer: str) -> None:
    score = score_key_points(answer, KP)
    assert [x.kind for x in score.contradicted] == ["negation"], answer
    assert score.coverage == 0.0


@pytest.mark.parametrize(
    "answer",
    [
        "The neurons stay identical.",
        "The neurons are not only identical, they get the same gradients too.",
        "The neurons are identical, not different.",
        "No matter what, the neurons stay identical.",
        "Nothing changes: the neurons stay identical.",
        "Random weights, not zeros, otherwise the neurons stay identical.",
    ],
)
def test_what_is_not_a_negation_of_the_point(answer: str) -> None:
    score = score_key_points(answer, KP)
    assert not score.contradicted, (answer, score.contradicted)
    assert score.coverage == 1.0, answer


@pytest.mark.parametrize(
    "answer",
    [
        "Without random init the neurons can't be anything but identical… so they can't differ.",
        "Random init prevents the neurons from being identical.",
        "If the neurons weren't identical it would be fine, but with zeros they are.",
    ],
)
def test_weak_cues_and_hypotheticals_deny_without_contradicting(answer: str) -> None:
    assert not score_key_points(answer, KP).contradicted, answer


def test_predicate_negation_after_the_phrase() -> None:
    kp = [KeyPoint(label="kernel size", phrases=["kernel size"])]
    assert score_key_points("The kernel size doesn't matter here.", kp).contradicted
    assert score_key_points("The kernel size is irrelevant.", kp).contradicted
    assert not score_key_points("The kernel size, not the image size, matters.", kp).contradicted
    assert not score_key_points("Use the kernel size and not the stride.", kp).contradicted


def test_double_negation_is_positive() -> None:
    kp = [KeyPoint(label="variance remains", phrases=["variance across seeds"])]
    score = score_key_points("A seed doesn't remove the variance across seeds.", kp)
    assert score.coverage == 1.0 and not score.contradicted


def test_polarity_of_phrases_and_contractions() -> None:
    assert phrase_polarity("symmetry is not broken")
    assert phrase_polarity("symmetry never breaks")
    assert not phrase_polarity("break symmetry")
    tokens = tokenize("it doesn't can't won't")
    assert [s for t, s in zip(tokens, cue_strengths(tokens), strict=True) if t.raw == "t"] == [2, 1, 1]
    tokens = tokenize("neurons do not stay identical")
    assert polarity(tokens, cue_strengths(tokens), 0, len(tokens) - 1).negated


def test_a_negative_key_point_is_heard_either_way(deck: Deck) -> None:
    card = deck.card(5)  # "prevents vanishing or exploding signal"
    for answer in ("It prevents the signal from vanishing.", "The signal doesn't vanish.", "No vanishing signal."):
        score = score_answer(f"He is for ReLU. {answer}", card)
        assert "prevents vanishing or exploding signal" in score.matched, answer
        assert not score.contradicted


# --- swaps and pairings --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("card_id", "answer", "said"),
    [
        (15, "Xavier for ReLU networks.", "Xavier for ReLU"),
        (5, "It is designed for ReLU, with variance 2/fan_out.", "2/fan_out"),
        (7, "LeCun uses std = 1/sqrt(fan_out).", "1/sqrt(fan_out"),
        (9, "Load pretrained weights and fine-tune with a large learning rate.", "large learning rate"),
        (3, "Fan-in is the number of outputs of a neuron.", "Fan-in is the number of outputs"),
        (13, "It's k_h × k_w × out_channels.", "out_channels"),
        (6, "Too small weights explode, too large ones vanish.", "small weights explode"),
    ],
)
def test_swaps_and_wrong_quantities_contradict(deck: Deck, card_id: int, answer: str, said: str) -> None:
    score = score_answer(answer, deck.card(card_id))
    assert said in [x.said for x in score.contradicted], score.contradicted


@pytest.mark.parametrize(
    ("card_id", "answer"),
    [
        (15, "He for ReLU and Xavier for tanh."),
        (15, "ReLU nets use He, tanh nets use Xavier."),
        (15, "Xavier is not for ReLU; He is."),
        (3, "Fan-in is the number of inputs and fan-out the number of outputs."),
        (12, "The gain is sqrt(2) for ReLU or 5/3 for tanh."),
        (6, "Too large and they blow up, too small and they vanish."),
    ],
)
def test_right_pairings_are_not_swaps(deck: Deck, card_id: int, answer: str) -> None:
    assert not score_answer(answer, deck.card(card_id)).contradicted


def test_a_denied_misconception_is_right() -> None:
    kp = [KeyPoint(label="He for ReLU", phrases=["he for relu"])]
    wrong = [Misconception(label="He for tanh", key_point="He for ReLU", phrases=["he for tanh"], correction="No.")]
    assert score_key_points("He is for tanh.", kp, misconceptions=wrong).contradicted
    assert not score_key_points("He is not for tanh.", kp, misconceptions=wrong).contradicted
    assert not score_key_points(
        "Pasting it: he for tanh?", kp, question="he for tanh", misconceptions=wrong
    ).contradicted


# --- the cap, overrides, one key point ----------------------------------------------------------------------------


def test_the_cap_and_what_is_still_heard(deck: Deck) -> None:
    answer = (
        "Neurons stay identical with the same gradients, random init lets units specialize, symmetry breaks by itself."
    )
    score = score_answer(answer, deck.card(1))
    assert score.heard_share == 0.75
    assert score.coverage == CONTRADICTION_CAP
    assert [x.label for x in score.contradicted] == ["something else breaks the symmetry"]


def test_overrides_replace_the_scorers_verdict(deck: Deck) -> None:
    score = score_answer("He init is for tanh. Use the framework defaults.", deck.card(15))
    assert score.contradicted and score.coverage == 0.25
    fixed = score.toggled("He for ReLU")  # the user says it was heard after all
    assert fixed.overrides == {"He for ReLU": True}
    assert not fixed.contradicted and fixed.coverage == 0.5
    assert next(c for c in fixed.concepts if c.label == "He for ReLU").overridden
    back = fixed.toggled("He for ReLU")
    assert back.overrides == {} and back.contradicted and back.coverage == 0.25
    dropped = score.toggled("framework defaults")
    assert dropped.matched == [] and dropped.overrides == {"framework defaults": False}
    assert score.with_overrides({"no such point": True, "framework defaults": True}).overrides == {}
    with pytest.raises(KeyError):
        score.toggled("no such point")


def test_score_one_key_point(deck: Deck) -> None:
    card = deck.card(15)
    heard = score_key_point("He for ReLU nets.", card, "He for ReLU")
    assert heard.matched and heard.said == "He for ReLU" and heard.contradiction is None
    wrong = score_key_point("He is for tanh nets.", card, "He for ReLU")
    assert not wrong.matched and wrong.contradiction is not None and wrong.contradiction.said == "He is for tanh"
    with pytest.raises(KeyError):
        score_key_point("x", card, "nope")


@pytest.mark.parametrize(
    ("answer", "contradicted"),
    [
        ("Xavier makes the activation variance grow forward and the gradient variance shrink backward.", True),
        ("Xavier keeps the activation variance stable forward instead of letting it grow or shrink; for tanh.", False),
        ("Without Xavier the activation variance would grow or shrink layer by layer; Glorot keeps it stable.", False),
        ("Xavier stops the variance from growing or shrinking: it stays stable in both passes, for tanh.", False),
    ],
)
def test_a_variance_said_to_grow_or_shrink_where_it_stays_stable(deck: Deck, answer: str, contradicted: bool) -> None:
    """Growing and shrinking are the opposites of "stable" (card 4): said of Xavier's variance they contradict it,
    said as what Xavier prevents they do not."""
    score = score_answer(answer, deck.card(4))
    assert bool(score.contradicted) is contradicted, score.contradicted


@pytest.mark.parametrize(
    ("answer", "contradicted"),
    [
        ("A small positive bias helps ReLU units not die.", False),
        ("Zeros are fine; a small positive bias for ReLU helps to not have dead units at the start.", False),
        ("ReLU units can't die, so no bias is needed.", True),
        ("A small positive bias helps, since ReLU units can't die anyway.", True),
    ],
)
def test_not_as_a_purpose_claims_nothing_wrong(deck: Deck, answer: str, contradicted: bool) -> None:
    """ "Helps them not die" says what the bias is for (as "prevents dying" does), not "ReLU units can't die"."""
    score = score_answer(answer, deck.card(2))
    assert bool(score.contradicted) is contradicted, score.contradicted


def test_a_formula_said_in_words_is_a_clause_not_a_keyword_list(deck: Deck) -> None:
    """ "Kernel height times width times input channels" relates its terms: it is heard, not just listed."""
    score = score_answer("Kernel height times width times input channels.", deck.card(13))
    assert {"kernel height × width", "times input channels"} <= set(score.matched), score.matched


# --- advice --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "seconds", "grade"),
    [
        ("He is for tanh.", 10, 1),
        ("Something unrelated entirely.", 10, 1),
        ("It is for ReLU networks.", 10, 2),
        ("It is for ReLU since half of the activations are zero.", 10, 3),
        ("He is for ReLU: half of the activations are zero, so Var = 2/fan_in keeps the signal from vanishing.", 10, 4),
        ("He is for ReLU: half of the activations are zero, so Var = 2/fan_in keeps the signal from vanishing.", 95, 3),
        ("It is for ReLU networks.", 500, 2),
    ],
)
def test_suggested_grade(deck: Deck, answer: str, seconds: float, grade: int) -> None:
    assert suggest_grade(score_answer(answer, deck.card(5)), seconds, 90).grade == grade


def test_reference_spans_are_the_missed_points_words(deck: Deck) -> None:
    card = deck.card(5)
    spans = reference_spans(card, ["designed for ReLU", "half the activations are zero"])
    assert [card.answer[a:b] for a, b in spans] == ["ReLU", "half of activations are zero"]
    assert reference_spans(card, []) == []
