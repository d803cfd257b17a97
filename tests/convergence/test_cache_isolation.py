"""The suite's own guarantee: tests share the real cache server, never its keys."""

import pytest
from django.core.cache import cache


@pytest.mark.parametrize("turn", range(2))
def test_each_test_starts_with_an_empty_cache(turn: int) -> None:
    assert cache.get("probe") is None
    cache.set("probe", turn, 600)
    assert cache.get("probe") == turn
