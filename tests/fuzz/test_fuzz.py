"""The bounded fuzz sample CI runs: 35 cases per class (315 in all), drawn by Hypothesis with a fixed
derandomised seed so that every run checks the same cases. Each must be refused cleanly or be valid and
accepted; `python -m tests.fuzz.run --cases 10000` runs the large sample and prints the table."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .cases import CLASSES
from .harness import run_case

SAMPLE = settings(max_examples=35, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.mark.parametrize("name", list(CLASSES))
@SAMPLE
@given(rnd=st.randoms(use_true_random=False), cli=st.integers(0, 9))
def test_fuzz_case_is_refused_cleanly_or_valid_and_accepted(tmp_path_factory, name, rnd, cli):
    case = CLASSES[name](random.Random(rnd.getrandbits(64)))
    verdict, detail = run_case(case, tmp_path_factory.mktemp("fuzz"), cli=cli == 0)
    assert verdict in ("clean", "accepted"), f"{name}: {verdict}: {detail}"


def test_the_oracle_tells_valid_from_invalid():
    """The fuzz verdicts are only as good as the independent reading of the docs they rest on."""
    from .cases import GOLD, lines, perfect
    from .oracle import file_is_valid

    good = [perfect(d) for d in GOLD]
    assert file_is_valid(lines(good), GOLD)
    bad = [dict(good[0], claims=[dict(good[0]["claims"][0], actor=[])])] + good[1:]
    assert not file_is_valid(lines(bad), GOLD)
    cyclic = [dict(good[0], claims=[dict(good[0]["claims"][0], subset_of="c2"), good[0]["claims"][1]])] + good[1:]
    assert not file_is_valid(lines(cyclic), GOLD)
    assert not file_is_valid(lines(good[:2]), GOLD)
