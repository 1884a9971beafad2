"""Scope arithmetic (auditor.spans) gives exactly the answers of the plain loops it replaced."""

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.spans import Containers, Ranges, subtract
from tests.makers import old_subtract

span = st.tuples(st.integers(0, 40), st.integers(0, 40))  # empty and reversed ranges included
spans = st.lists(span, max_size=12)




@settings(max_examples=600)
@given(spans, spans)
def test_subtract_equals_cutting_one_range_at_a_time(ranges, cut):
    ranges = [(lo, hi) for lo, hi in ranges if lo <= hi]  # scopes are never reversed
    cut = [(lo, hi) for lo, hi in cut if lo <= hi]
    assert subtract(ranges, cut) == old_subtract(ranges, cut)


def test_subtract_cases():
    assert subtract(((0, 10),), [(2, 4), (4, 6)]) == ((0, 2), (6, 10))
    assert subtract(((0, 10), (20, 30)), [(5, 25)]) == ((0, 5), (25, 30))
    assert subtract(((5, 5),), [(0, 5), (5, 10)]) == ((5, 5),)  # touching cuts do not surround 5
    assert subtract(((5, 5),), [(0, 10)]) == ()
    assert subtract(((0, 10),), [(4, 4)]) == ((0, 4), (4, 10))  # an empty cut splits


@settings(max_examples=400)
@given(spans, st.lists(st.integers(-2, 42), max_size=20))
def test_membership_equals_any(ranges, offsets):
    found = Ranges(ranges)
    for x in offsets:
        assert (x in found) == any(lo <= x < hi for lo, hi in ranges)


@settings(max_examples=400)
@given(spans, st.lists(span, max_size=20))
def test_containment_equals_any(ranges, hits):
    holders = Containers(ranges)
    assert bool(holders) == bool(ranges)
    for start, end in hits:
        assert holders.holds(start, end) == any(lo <= start and end <= hi for lo, hi in ranges)
