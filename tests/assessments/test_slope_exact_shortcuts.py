"""The engine's shortcuts give what the plain Fraction arithmetic gives, to the last digit."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from assessments.slope.dimensions import exact_mean
from assessments.slope.model import Subject, natural_parts, touch_point_key
from assessments.slope.output import percent

fractions = st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=10**9)


@given(st.text() | st.integers(0, 10**12).map(str))
def test_a_touch_points_key_is_the_natural_key_of_its_name(touch_point_id: str) -> None:
    assert touch_point_key(touch_point_id) == natural_parts(f"touch point {touch_point_id}")


def test_a_touch_point_subject_without_an_id_sorts_by_its_name() -> None:
    subject = Subject("touch_point")
    assert subject.sort_key == (natural_parts(subject.name),)
    assert Subject("touch_point", touch_point_id="10").sort_key > (natural_parts("touch point 9"),)


@given(fractions)
def test_percent_is_the_float_of_a_hundred_times_the_fraction(value: Fraction) -> None:
    assert percent(value) == float(100 * value)


def test_percent_of_nothing_is_nothing() -> None:
    assert percent(None) is None


@given(st.lists(fractions, min_size=1, max_size=40))
def test_the_exact_mean_is_the_fraction_mean(values: list[Fraction]) -> None:
    assert exact_mean(values) == Fraction(sum(values), len(values))


def test_the_mean_of_no_score_is_none() -> None:
    assert exact_mean([]) is None
