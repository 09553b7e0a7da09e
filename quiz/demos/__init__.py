"""Live NumPy demonstrations behind every card's answer.

``quiz.demos.base`` (the framework) is light; the demos themselves, in ``quiz.demos.catalog``, import NumPy and
load only when a demo is first asked for.
"""

from quiz.demos.base import (
    Demo,
    DemoError,
    DemoParams,
    DemoResult,
    Outcome,
    ParamError,
    ParamInfo,
    Series,
    Table,
    all_demos,
    get_demo,
    make_params,
    param_info,
    run_demo,
)

__all__ = [
    "Demo",
    "DemoError",
    "DemoParams",
    "DemoResult",
    "Outcome",
    "ParamError",
    "ParamInfo",
    "Series",
    "Table",
    "all_demos",
    "get_demo",
    "make_params",
    "param_info",
    "run_demo",
]
