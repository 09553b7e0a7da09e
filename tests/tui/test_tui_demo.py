"""The demo panel: run in a worker, loading at once, restart, results, parameters, errors."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static
from tui_helpers import SIZE, study, widget_text

from quiz.demos import base
from quiz.tui.app import QuizApp
from quiz.tui.widgets.card_panel import CardPanel
from quiz.tui.widgets.chart import Chart
from quiz.tui.widgets.demo_panel import DemoPanel
from quiz.tui.widgets.demo_result_view import DemoResultView
from quiz.tui.widgets.demo_table import DemoTable

HE_VS_XAVIER = 5  # the card whose demo is "he-vs-xavier"


def panel(app: QuizApp) -> DemoPanel:
    return study(app).query_one(DemoPanel)


def verdict(app: QuizApp) -> str:
    return str(panel(app).query_one("#verdict", Static).content)


async def go_to(pilot: object, card_id: int) -> None:
    await pilot.press(*["j"] * (card_id - 1))  # type: ignore[attr-defined]


async def run_and_wait(app: QuizApp, pilot: object) -> None:
    await pilot.press("d")  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def test_d_runs_the_demo_with_loading_at_once_then_the_result(gated_app: QuizApp, gated_runner: object) -> None:
    app = gated_app
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, HE_VS_XAVIER)
        await pilot.press("d")
        assert panel(app).has_class("-running")  # the worker is still waiting at the gate
        assert panel(app).query_one("#loading").display
        gated_runner.gate.set()  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not panel(app).has_class("-running")
        assert "holds" in verdict(app) and verdict(app).startswith("✓ holds")
        checks = str(panel(app).query_one("#checks", Static).content).splitlines()
        assert len(checks) == len(gated_runner.last_result.checks)  # type: ignore[attr-defined]
        assert all(" · band " in line and line.startswith("✓ ") for line in checks)
        view = panel(app).query_one(DemoResultView)
        assert "Xavier" in str(view.query_one("#claim", Static).content)
        assert str(view.query_one("#summary", Static).content).startswith("Per layer")
        tables = list(view.query(DemoTable))
        assert tables and len(tables[0].rows) >= 2
        charts = list(view.query(Chart))
        assert [s.name for s in charts[0].series] == ["He", "Xavier"]
        assert charts[0].log_scale  # Xavier's variance falls through several decades


async def test_the_form_holds_the_demo_params_after_a_run(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, HE_VS_XAVIER)
        await run_and_wait(app, pilot)
        values = panel(app).values()
        assert values["depth"] == "20" and values["seed"] == "0"


async def test_edited_parameter_is_used_for_the_next_run(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, HE_VS_XAVIER)
        await run_and_wait(app, pilot)
        panel(app).query_one("#param-depth", Input).value = "8"
        await run_and_wait(app, pilot)
        chart = panel(app).query_one(Chart)
        assert len(chart.series[0].x) == 8
        assert "8 layers" in str(panel(app).query_one("#summary", Static).content)


async def test_bad_parameter_shows_its_message_inline_and_does_not_run(app: QuizApp, runner: object) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, HE_VS_XAVIER)
        await run_and_wait(app, pilot)
        runs = runner.runs  # type: ignore[attr-defined]
        depth = panel(app).query_one("#param-depth", Input)
        depth.value = "100000"
        depth.focus()
        await pilot.press("enter")  # enter in a field runs, like d
        await app.workers.wait_for_complete()
        await pilot.pause()
        errors = [str(lbl.content) for lbl in panel(app).query(".param-error.-shown").results(Static)]
        assert len(errors) == 1 and "depth" in errors[0] and "allowed" in errors[0]
        assert depth.has_class("-invalid")
        assert runner.runs == runs  # type: ignore[attr-defined]
        assert verdict(app).startswith("✓ holds")  # the last good result stays
        assert depth.has_focus  # the field to fix; enter runs again
        depth.value = "abc"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        errors = [str(lbl.content) for lbl in panel(app).query(".param-error.-shown").results(Static)]
        assert "depth" in errors[0] and "integer" in errors[0]
        depth.value = "6"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not list(panel(app).query(".param-error.-shown"))
        assert runner.runs == runs + 1  # type: ignore[attr-defined]


async def test_second_d_restarts_instead_of_queueing(gated_app: QuizApp, gated_runner: object) -> None:
    app = gated_app
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, HE_VS_XAVIER)
        await pilot.press("d")
        first = study(app)._demo_worker
        await pilot.press("d")
        second = study(app)._demo_worker
        assert first is not None and second is not None and first is not second
        assert first.is_cancelled and not second.is_cancelled
        assert panel(app).has_class("-running")
        gated_runner.gate.set()  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert verdict(app).startswith("✓ holds")
        assert len([w for w in app.workers if w.group == "demos" and not w.is_finished]) == 0


async def test_ui_stays_responsive_while_a_demo_runs(gated_app: QuizApp, gated_runner: object) -> None:
    app = gated_app
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, HE_VS_XAVIER)
        await pilot.press("d", "space")
        assert study(app).query_one(CardPanel).revealed  # keys work while the demo runs
        await pilot.press("j")  # move away while it runs: the result is kept for card 5
        assert not panel(app).has_class("-running")  # card 6's demo is not running
        gated_runner.gate.set()  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert study(app).current.id == HE_VS_XAVIER + 1
        await pilot.press("k")
        assert verdict(app).startswith("✓ holds")
        assert panel(app).has_class("-has-result")


async def test_prediction_is_shown_beside_the_result(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, HE_VS_XAVIER)
        prediction = panel(app).query_one("#prediction", Input)
        prediction.focus()
        await pilot.press(*"xavier halves")
        await pilot.press("enter")  # enter in the prediction runs the demo
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = panel(app).query_one(DemoResultView)
        assert view.query_one("#prediction-box").display
        assert str(view.query_one("#prediction", Static).content) == "xavier halves"


async def test_a_failing_demo_is_shown_and_the_app_carries_on(app: QuizApp, monkeypatch: pytest.MonkeyPatch) -> None:
    base.get_demo("symmetry")  # load the real demos, then break one

    def explode(params: base.DemoParams) -> base.Outcome:
        raise ZeroDivisionError("boom")

    real = base.REGISTRY["symmetry"]
    monkeypatch.setitem(
        base.REGISTRY,
        "symmetry",
        base.Demo(id=real.id, card=real.card, title=real.title, claim=real.claim, Params=real.Params, fn=explode),
    )
    async with app.run_test(size=SIZE) as pilot:
        await run_and_wait(app, pilot)
        status = str(panel(app).query_one("#demo-status", Static).content)
        assert "failed" in status and "ZeroDivisionError: boom" in status
        assert app.is_running
        await pilot.press("j")
        assert study(app).current.id == 2


@pytest.mark.parametrize("first", [0, 5, 10])
async def test_every_card_demo_runs_and_draws_in_the_panel(app: QuizApp, deck: object, first: int) -> None:
    """All 15 demos through the panel at 100×30, five to a test (so the test workers share them): a verdict, and
    every chart renders with the real data."""
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(first):
            await pilot.press("j")
        for index in range(first, first + 5):
            await run_and_wait(app, pilot)
            card = study(app).current
            assert card.id == index + 1
            assert panel(app).has_class("-has-result"), str(panel(app).query_one("#demo-status", Static).content)
            assert "holds" in verdict(app)
            for chart in panel(app).query(Chart):
                chart.plot.render()
            await pilot.press("j")


def visible_text(app: QuizApp) -> str:
    """The words the card area shows (the list beside it left out; words wrap across lines)."""
    return widget_text(app, study(app).query_one("#detail"))


async def test_each_parameter_shows_its_range_and_meaning(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await run_and_wait(app, pilot)  # card 1: symmetry
        infos = {p.name: p for p in app.demo_runner.params("symmetry")}
        for name, info in infos.items():
            hint = str(panel(app).query_one(f"#param-{name}", Input).parent.query_one(".param-hint", Static).render())
            assert info.allowed in hint, name
            if info.description:
                assert info.description in hint, name
        steps = panel(app).query_one("#param-steps", Input)
        for _ in range(10):  # Tab through the card area to the field
            if app.screen.focused is steps:
                break
            await pilot.press("tab")
        assert app.screen.focused is steps
        assert " ".join(f"{infos['steps'].allowed} · {infos['steps'].description}".split()) in visible_text(app)


async def test_a_bad_value_shows_its_whole_message_at_120x36(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await run_and_wait(app, pilot)  # card 1: symmetry
        field = panel(app).query_one("#param-lr", Input)
        field.value = "abc"
        field.focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        (error,) = panel(app).query(".param-error.-shown").results(Static)
        message = str(error.render())
        assert "lr" in message and "allowed" in message and message.rstrip().endswith(")")
        assert " ".join(message.split()) in visible_text(app)  # every word of it on screen, none cut off


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_tab_and_shift_tab_bring_the_focused_field_into_view(app: QuizApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await run_and_wait(app, pilot)  # the view is scrolled down to the result
        detail = study(app).query_one("#detail")
        seen = set()
        for key in ["tab"] * 8 + ["shift+tab"] * 8:
            await pilot.press(key)
            await pilot.pause()  # the frame: the regions compared below are where the last layout put the widgets
            focused = app.screen.focused
            if isinstance(focused, Input):
                seen.add(focused.id)
                assert detail.region.contains_region(focused.region), (key, focused.id)
        assert {"prediction", "param-seed", "param-lr"} <= seen


def test_the_verdict_reads_each_of_its_three_ways() -> None:
    """The demo panel's verdict line: holds (green), does not hold (red), cannot tell at these settings (amber)."""
    from quiz.tui.widgets.demo_result_view import verdict

    small = base.run_demo("conv-fan-in", {"channels": "1", "kernel": "3"})
    wrong = base.run_demo("batchnorm", {"scale": "1"})
    right = base.run_demo("he-vs-xavier")
    shown = {r.verdict: verdict(r) for r in (small, wrong, right)}
    assert shown["cannot tell"].plain.startswith("? cannot tell at these settings")
    assert shown["does not hold"].plain.startswith("✗ does not hold")
    assert shown["holds"].plain.startswith("✓ holds")
    styles = {k: str(v.spans[0].style) for k, v in shown.items()}
    assert "$text-warning" in styles["cannot tell"] and "$text-error" in styles["does not hold"]
