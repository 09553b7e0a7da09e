"""`quiz demo`: listing, running one or all demos, JSON output, and exit 2 with a one-line message on bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from quiz.cli import main
from quiz.deck import DEMO_IDS
from quiz.demos.base import Series
from quiz.demos.textchart import render_chart, render_charts


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["demo", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_lists_demos(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "CARD", "TITLE"]
    assert [line.split()[0] for line in lines[1:]] == list(DEMO_IDS)
    assert [int(line.split()[1]) for line in lines[1:]] == list(range(1, 16))


def test_lists_demos_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--json")
    assert code == 0
    assert [d["id"] for d in json.loads(out)] == list(DEMO_IDS)


def test_runs_one_demo(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "he-vs-xavier", "--param", "depth=12", "--seed", "3")
    assert code == 0 and err == ""
    assert "Claim:" in out and "Summary:" in out
    assert "✓ holds" in out
    assert "seed=3 depth=12" in out
    assert "Per-layer factor" in out and "Activation variance per layer" in out
    assert "* He   o Xavier" in out  # the chart's legend
    assert "(log scale)" in out


def test_text_output_lists_each_check_under_the_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    from quiz.demos.base import run_demo

    code, out, _ = run(capsys, "he-vs-xavier")
    assert code == 0
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Verdict:"))
    checks = run_demo("he-vs-xavier").checks
    assert lines[at + 1 : at + 1 + len(checks)] == [f"  {c.describe()}" for c in checks]
    assert all(" · band " in line for line in lines[at + 1 : at + 1 + len(checks)])


def test_runs_one_demo_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "he-vs-xavier", "--json", "--param", "depth=8")
    assert code == 0
    data = json.loads(out)
    assert data["demo"] == "he-vs-xavier" and data["card"] == 5 and data["holds"] is True
    assert data["params"]["depth"] == 8
    assert {s["name"] for s in data["series"]} == {"He", "Xavier"}
    assert all(len(s["y"]) == 8 for s in data["series"])
    assert data["checks"] and all(c["passed"] for c in data["checks"])
    assert {"name", "value", "low", "high", "passed"} == set(data["checks"][0])


def test_verdict_when_the_claim_does_not_hold(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "batchnorm", "--param", "scale=1")
    assert code == 0
    assert "✗ does not hold" in out


def test_a_run_too_small_to_judge_says_it_cannot_tell(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "conv-fan-in", "--param", "channels=1", "--param", "kernel=3")
    assert code == 0
    assert "Verdict: ? cannot tell at these settings" in out and "✓ holds" not in out
    wide = "He: fan_in·Var(W), fan_in = k·k·C_in vs He 10 % too wide: distance in half-widths 0.4575 · band ≥ 1.5 ✗"
    assert wide in out
    code, out, _ = run(capsys, "conv-fan-in", "--param", "channels=1", "--param", "kernel=3", "--json")
    data = json.loads(out)
    assert (data["holds"], data["verdict"]) == (False, "cannot tell")


def test_same_seed_same_json(capsys: pytest.CaptureFixture[str]) -> None:
    outs = []
    for _ in range(2):
        code, out, _ = run(capsys, "seeds", "--json", "--seed", "5")
        assert code == 0
        data = json.loads(out)
        data.pop("elapsed_ms")
        outs.append(data)
    assert outs[0] == outs[1]


def test_all_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--all", "--json")
    assert code == 0
    data = json.loads(out)
    assert [d["demo"] for d in data] == list(DEMO_IDS)
    assert all(d["holds"] for d in data)


def test_all_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--all")
    assert code == 0
    assert out.count("✓ holds") == 15
    assert "15 of 15 claims hold" in out


def test_params_listing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "he-vs-xavier", "--params")
    assert code == 0
    assert "depth" in out and "integer from 2 to 60" in out


@pytest.mark.parametrize(
    ("argv", "needles"),
    [
        (["he-vs-xavier", "--param", "depth=abc"], ["depth", "integer from 2 to 60"]),
        (["he-vs-xavier", "--param", "depth=100000"], ["depth", "integer from 2 to 60"]),
        (["he-vs-xavier", "--param", "depth=1.5"], ["depth", "integer from 2 to 60"]),
        (["he-vs-xavier", "--param", "foo=1"], ["unknown parameter 'foo'", "depth (integer from 2 to 60)"]),
        (["he-vs-xavier", "--param", "nokv"], ["'nokv'", "KEY=VALUE"]),
        (["he-vs-xavier", "--param", "=3"], ["KEY=VALUE"]),
        (["he-vs-xavier", "--seed", "-1"], ["seed", "integer from 0 to 4294967295"]),
        (["he-vs-xavier", "--seed", "x"], ["seed"]),
        (["symmetry", "--param", "lr=0"], ["lr", "number > 0 and ≤ 2"]),
        (["symmetry", "--param", "lr=nan"], ["parameter lr='nan': not a number (NaN) (allowed: number > 0 and ≤ 2)"]),
        (["transfer", "--param", "lr=NaN"], ["parameter lr='NaN': not a number (NaN)"]),
        (["he-vs-xavier", "--param", "depth=nan"], ["parameter depth='nan': not a number (NaN)"]),
        (
            ["he-vs-xavier", "--param", "depth=3", "--param", "depth=40"],
            ["--param depth is given twice (depth=3, depth=40): give it once"],
        ),
        (
            ["he-vs-xavier", "--param", " depth =3", "--param", "depth=3"],
            ["--param depth is given twice"],  # even with the same value: one of them is a slip
        ),
        (["he-vs-xavier", "--seed", "1", "--param", "seed=2"], ["the seed is given twice"]),
        (["nosuch"], ["unknown demo 'nosuch'", "he-vs-xavier"]),
        (["--all", "--param", "depth=3"], ["--param needs a demo ID"]),
        (["--all", "seeds"], ["not both"]),
        (["--param", "depth=3"], ["need a demo ID"]),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], needles: list[str]
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("quiz: error: ")
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err


def test_subprocess_exit_code_and_no_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "quiz", "demo", "he-vs-xavier", "--param", "depth=100000"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "depth" in proc.stderr and "60" in proc.stderr


def test_cli_import_is_light() -> None:
    code = (
        "import sys, quiz.cli, quiz.cli.demo_cmd\n"
        "quiz.cli.build_parser()\n"
        "assert 'numpy' not in sys.modules, 'numpy imported'\n"
        "assert 'quiz.demos.catalog' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------------------------------------------------
# The text chart


def _series(name: str, y: list[float], *, chart: str = "c", log_y: bool = False) -> Series:
    return Series(
        name=name,
        x=[float(i + 1) for i in range(len(y))],
        y=y,
        x_label="layer",
        y_label="var",
        chart=chart,
        log_y=log_y,
    )


def test_chart_axes_labels_and_legend() -> None:
    text = render_chart("Variance", [_series("He", [1.0, 1.0, 1.0]), _series("Xavier", [1.0, 0.5, 0.25])])
    lines = text.splitlines()
    assert lines[0] == "Variance" and lines[1] == "var"
    assert "layer" in text and "* He   o Xavier" in text
    assert all(ord(ch) < 128 for ch in text)


def test_chart_log_scale_skips_non_positive_and_nan() -> None:
    text = render_chart("t", [_series("a", [1.0, 0.0, float("nan"), 1e-6], log_y=True)])
    assert "(log scale)" in text and "1.0e-06" in text


def test_charts_grouped_by_title() -> None:
    text = render_charts(
        [_series("a", [1, 2], chart="one"), _series("b", [2, 1], chart="two"), _series("c", [1, 1], chart="one")]
    )
    assert text.count("\n\n") == 1
    assert "* a   o c" in text and "* b" in text


def test_chart_without_points() -> None:
    assert "no finite values" in render_chart("t", [_series("a", [float("nan")])])


def test_identical_series_both_show_and_are_said_to_coincide() -> None:
    text = render_chart("Spread", [_series("zeros", [0.0] * 30), _series("constant", [0.0] * 30)])
    bottom = next(line for line in text.splitlines() if line.startswith("0 |") or line.strip().startswith("0 |"))
    assert bottom.count("*") >= 10 and bottom.count("o") >= 10  # both markers on the shared row
    assert "& " not in bottom
    assert "o constant (coincides with zeros)" in text


def test_the_legend_wraps_at_the_chart_width_and_names_every_series() -> None:
    names = [f"Seed {i}" for i in range(12)]
    text = render_chart("Loss", [_series(n, [1.0 + i, 0.5 + i / 10]) for i, n in enumerate(names)])
    lines = text.splitlines()
    width = max(len(line) for line in lines if "|" in line or "+--" in line)
    legend = [line for line in lines if "Seed" in line]
    assert len(legend) >= 2 and all(len(line) <= width for line in legend)
    items = [item.split(" ", 1) for line in legend for item in line.strip().split("   ") if "Seed" in item]
    assert sorted(name for _, name in items) == sorted(names)  # each name once, whole
    assert len({marker for marker, _ in items}) == len(names)  # a marker of its own for each
