"""`time_to_quality.py --continue`: budgets as points along one run."""

import pytest

from benchmarks.time_to_quality import parse_args, segments


def test_continue_turns_budgets_into_the_time_each_resume_adds():
    assert segments(["2m", "5m", "10m"]) == [("2m", "120s"), ("5m", "180s"), ("10m", "300s")]
    assert segments(["90s"]) == [("90s", "90s")]
    assert parse_args(["--continue"]).cumulative and not parse_args([]).cumulative


@pytest.mark.parametrize("budgets", [["5m", "2m"], ["2m", "2m"]])
def test_continue_refuses_budgets_that_do_not_rise(budgets):
    with pytest.raises(SystemExit, match="rising budgets"):
        segments(budgets)
