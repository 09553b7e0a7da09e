"""Scoring typed answers by key concepts: strong, weak, typo'd, keyword-stuffed and question-pasted answers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from quiz.deck import Anchor, Deck, KeyPoint
from quiz.scoring import check_anchors, content_words, normalize, score_answer, score_key_points

# card id -> (strong, typo'd, weak, keyword list)
ANSWERS: dict[int, tuple[str, str, str, str]] = {
    1: (
        "If every weight is zero, all neurons in a layer compute the same output and get the same gradient, so they "
        "stay identical and symmetry is never broken. Random initialization breaks it so units can specialize.",
        "Because of symetry: all the nuerons get the same gradeints and updates, so they never differentiate. You "
        "need random initalization so they learn diferent features.",
        "Weights should be random, otherwise it does not train well.",
        "symmetry, identical neurons, same gradients, random init",
    ),
    4: (
        "Xavier picks the weight variance so that the variance of activations stays stable in the forward pass and "
        "the gradient variance stays stable in the backward pass: Var(W) = 2/(fan_in + fan_out). It suits tanh or "
        "sigmoid.",
        "Glorot keeps the varience of activations stable going forward and the gradient varience going backwards, "
        "using fan in plus fan out; it is meant for tanh and sigmiod.",
        "It is a way to initialize weights for neural networks.",
        "variance, forward, backward, fan_in + fan_out, tanh, sigmoid",
    ),
    5: (
        "He init is designed for ReLU: since ReLU zeroes half the activations, the variance is doubled, "
        "Var(W) = 2/fan_in, which prevents the signal from vanishing or exploding in deep nets.",
        "It is for RELU. Half of the activatons are zero so we use variance 2 / fan-in; that keeps the signal from "
        "vanishing in deep networks.",
        "It is used for the sigmoid activation.",
        "relu, half zero, 2/fan_in, vanishing, exploding",
    ),
    13: (
        "For a conv layer fan_in is the kernel height times the kernel width times the number of input channels: "
        "k_h × k_w × in_channels, i.e. the multiply-add inputs that feed one output activation.",
        "It is the kernal height times width times the number of imput channels, so all the multiply-adds that "
        "contribute to one output.",
        "It is the number of filters in the layer.",
        "kernel size, in_channels, per filter, multiply-add",
    ),
    6: (
        "If the weights are too large the activations and gradients explode; if they are too small they vanish and "
        "the gradients are tiny, so learning is slow. A good init keeps the scale stable across layers.",
        "Too large and the activations explod; too small and they vanish so the gradients are tiny and learning is "
        "slow. You want to keep the scale the same across layers.",
        "Then the network does not work as well as it could.",
        "explode, vanish, slow learning, across layers",
    ),
    14: (
        "A seed gives reproducibility: the same initialization and data shuffling, so comparisons between runs are "
        "fair. It doesn't remove the variance across seeds, so report several seeds.",
        "For reproducability: you get the same initialisation and the same shuffling, so it is a fair comparision; "
        "still report multiple seeds.",
        "It is good practice in experiments.",
        "reproducibility, same init, fair comparison, multiple seeds",
    ),
}


@pytest.mark.parametrize("card_id", sorted(ANSWERS))
def test_strong_answer_scores_high(deck: Deck, card_id: int) -> None:
    score = score_answer(ANSWERS[card_id][0], deck.card(card_id))
    assert score.coverage == 1.0, score.missed
    assert not score.keyword_list


@pytest.mark.parametrize("card_id", sorted(ANSWERS))
def test_typos_still_count(deck: Deck, card_id: int) -> None:
    score = score_answer(ANSWERS[card_id][1], deck.card(card_id))
    assert score.coverage >= 0.75, score.missed


@pytest.mark.parametrize("card_id", sorted(ANSWERS))
def test_weak_answer_scores_low(deck: Deck, card_id: int) -> None:
    assert score_answer(ANSWERS[card_id][2], deck.card(card_id)).coverage <= 0.25


@pytest.mark.parametrize("card_id", sorted(ANSWERS))
def test_keyword_list_is_not_an_answer(deck: Deck, card_id: int) -> None:
    score = score_answer(ANSWERS[card_id][3], deck.card(card_id))
    assert score.keyword_list
    assert score.coverage <= 0.25
    assert len(score.listed) >= 2  # the concepts are reported as named, not explained
    assert set(score.listed) <= set(score.missed)


def test_keyword_list_without_commas_is_not_an_answer(deck: Deck) -> None:
    score = score_answer("symmetry identical neurons same gradients random init specialize", deck.card(1))
    assert score.keyword_list
    assert score.coverage == 0.0


def test_keywords_after_a_lead_in_count_only_inside_the_sentence(deck: Deck) -> None:
    score = score_answer("The answer is: symmetry, identical neurons, same gradients, random init", deck.card(1))
    assert score.keyword_list
    assert score.matched == ["symmetry never breaks"]
    assert score.coverage == 0.25


def test_a_short_list_inside_prose_still_counts(deck: Deck) -> None:
    answer = (
        "Neurons in a layer stay identical: same outputs, same gradients, same updates. So symmetry never breaks "
        "unless we use a random init that lets the units specialize."
    )
    score = score_answer(answer, deck.card(1))
    assert not score.keyword_list
    assert score.coverage == 1.0


@pytest.mark.parametrize("card_id", range(1, 16))
def test_question_pasted_scores_nothing(deck: Deck, card_id: int) -> None:
    card = deck.card(card_id)
    assert score_answer(card.question, card).coverage == 0.0
    assert score_answer(card.question.lower().replace("?", ""), card).coverage == 0.0


@pytest.mark.parametrize("card_id", range(1, 16))
def test_reference_answer_is_a_full_marks_answer(deck: Deck, card_id: int) -> None:
    """Saying the card's own answer hits every key point: the key points are drawn from it."""
    card = deck.card(card_id)
    assert score_answer(card.answer, card).coverage == 1.0


def test_every_concept_has_a_phrase_beyond_the_question(deck: Deck) -> None:
    """The echo rule must leave every key point reachable."""
    for card in deck.cards:
        echo = set(content_words(card.question))
        for kp in card.key_points:
            assert any(not set(content_words(p)) <= echo for p in kp.phrases), (card.id, kp.label)


def test_echo_rule_ignores_phrases_made_of_question_words(deck: Deck) -> None:
    card = deck.card(12)  # "What is a “gain” or activation-specific multiplier?"; "multiplier" is a key phrase
    assert score_answer("It is an activation-specific multiplier.", card).coverage == 0.0
    said = score_answer("It is a constant multiplier that depends on the nonlinearity.", card)
    assert said.matched == ["a constant multiplier", "depends on the nonlinearity"]


def test_match_reports_phrase_and_span(deck: Deck) -> None:
    answer = "With zero weights every hidden unit gets the same gradients, so nothing can break symmetry."
    score = score_answer(answer, deck.card(1))
    by_label = {c.label: c for c in score.concepts}
    grads = by_label["same gradients and updates"]
    assert grads.matched
    assert grads.phrase == "same gradients"
    assert grads.span is not None
    assert answer[grads.span[0] : grads.span[1]] == "same gradients" == grads.said
    sym = by_label["symmetry never breaks"]
    assert sym.said == "break symmetry"
    assert not by_label["random init lets units specialize"].matched
    assert by_label["random init lets units specialize"].span is None


def test_coverage_is_matched_over_total(deck: Deck) -> None:
    score = score_answer("Neurons stay identical because they see the same gradient.", deck.card(1))
    assert score.matched == ["neurons stay identical", "same gradients and updates"]
    assert score.missed == ["symmetry never breaks", "random init lets units specialize"]
    assert score.coverage == 0.5


def test_empty_answer(deck: Deck) -> None:
    score = score_answer("", deck.card(5))
    assert score.coverage == 0.0
    assert len(score.missed) == 4


# --- tolerance -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("fan_in", "fan in"),
        ("fan-in", "FAN IN"),
        ("fanin", "fan_in"),
        ("1/√fan_in", "1 / sqrt(fan in)"),
        ("k_h × k_w", "k h x k w"),
        ("“Xavier”—Glorot", '"xavier" - xavier'),
        ("pre-trained", "pretrained"),
        ("non-linearity", "nonlinearity"),
        ("Kaiming", "He"),
        ("initialisation", "initialization"),
        ("zeros", "zero"),
        ("Var(W) ≈ 2/fan_in", "var w approx 2 / fan-in"),
        ("ReLUs", "relu"),
        ("ｆａｎ＿ｉｎ", "fan_in"),  # full-width compatibility forms
    ],
)
def test_normalize_folds_spellings(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


def test_word_order_within_a_phrase(deck: Deck) -> None:
    card = deck.card(3)  # phrase "incoming connections"
    assert "fan-in: incoming connections" in score_answer("Fan-in counts the connections incoming.", card).matched


def test_words_of_a_phrase_must_be_near_each_other() -> None:
    kp = [KeyPoint(label="same gradients", phrases=["same gradients"])]
    assert score_key_points("They all get the same kind of gradients.", kp).coverage == 1.0
    far = "They all get the same output in the forward pass. Later on the backward pass yields gradients."
    assert score_key_points(far, kp).coverage == 0.0


@pytest.mark.parametrize(
    "answer",
    [
        "Use 1/√fan_in for the std, which is meant to preserve variance.",
        "Use 1/sqrt(fan_in) for the std, which is meant to preserve variance.",
        "Use 1 / sqrt(fan-in) for the std, which is meant to preserve variance.",
        "Use one over root fan in for the std, which is meant to preserve variance.",
    ],
)
def test_unicode_and_ascii_formulas_match(deck: Deck, answer: str) -> None:
    score = score_answer(answer, deck.card(7))
    assert "std = 1/√fan_in" in score.matched
    assert "preserves variance" in score.matched


def test_typographic_punctuation(deck: Deck) -> None:
    answer = "It’s the kernel’s height × width × “input channels” — the inputs to one output activation."
    assert score_answer(answer, deck.card(13)).coverage == 1.0


def test_typos_need_long_words_and_the_right_first_letter() -> None:
    kp = [KeyPoint(label="weights", phrases=["weight scale"])]
    assert score_key_points("The wieght scale is what matters here.", kp).coverage == 1.0
    assert score_key_points("The height scale is what matters here.", kp).coverage == 0.0
    relu = [KeyPoint(label="relu", phrases=["relu"])]
    assert score_key_points("It is the selu that matters here.", relu).coverage == 0.0  # short words: exact


# --- anchors -------------------------------------------------------------------------------------------------------


def test_anchors_across_the_interview(deck: Deck) -> None:
    answers = [
        "All neurons get the same gradient, so the symetry never breaks.",
        "It depends on the number of inputs.",
        "Nothing about the third anchor here.",
    ]
    check = check_anchors(answers, deck.anchors)
    assert [a.label for a in check.anchors] == ["fan_in", "activation", "symmetry"]
    assert check.said == ["fan_in", "symmetry"]
    assert check.missing == ["activation"]
    assert check.as_dict() == {"fan_in": True, "activation": False, "symmetry": True}
    sym = check.anchors[2]
    assert sym.answer_index == 0
    assert sym.span is not None and answers[0][sym.span[0] : sym.span[1]] == "symetry"


@pytest.mark.parametrize("said", ["fan_in", "fan-in", "Fan In", "FAN_OUT", "fan_avg"])
def test_anchor_fan_in_spellings(deck: Deck, said: str) -> None:
    assert check_anchors([f"scale by {said} here"], deck.anchors).said == ["fan_in"]


def test_anchors_first_answer_wins_and_empty_interview(deck: Deck) -> None:
    check = check_anchors(["tanh is fine", "and ReLU too"], deck.anchors)
    assert check.anchors[1].answer_index == 0
    assert check.anchors[1].phrase == "tanh"
    assert check_anchors([], deck.anchors).said == []
    custom = [Anchor(label="gain", phrases=["gain"])]
    assert check_anchors(["Use the gain."], custom).said == ["gain"]


def test_domain_modules_import_no_textual_nor_numpy() -> None:
    code = (
        "import sys, quiz.scoring, quiz.interview\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'numpy')]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
