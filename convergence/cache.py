"""Django's Redis cache, made to degrade: with Redis down every call answers as a miss.

The cache only ever holds what can be recomputed (dashboard panels, the join-code limiter's
counters), so an outage must cost speed, never a page: a read answers its default, a write
stores nothing, and each failure is logged. Short socket timeouts (settings.CACHES) keep a
hung Redis from holding a request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def degrading[**P, T](miss: Callable[..., T]) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Run the wrapped cache call; on a Redis error log it and answer `miss(*args, **kwargs)`."""

    def decorate(method: Callable[P, T]) -> Callable[P, T]:
        @wraps(method)
        def call(*args: P.args, **kwargs: P.kwargs) -> T:
            try:
                return method(*args, **kwargs)
            except (RedisError, OSError) as error:
                logger.warning("Cache unavailable (%s): %s", method.__name__, error)
                return miss(*args, **kwargs)

        return call

    return decorate


def _default(self: Any, key: Any, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None


def _false(*args: Any, **kwargs: Any) -> bool:
    return False


def _empty(*args: Any, **kwargs: Any) -> dict[Any, Any]:
    return {}


def _all_failed(self: Any, data: dict[Any, Any], *args: Any, **kwargs: Any) -> list[Any]:
    return list(data)


def _unchanged(self: Any, key: Any, delta: int = 1, *args: Any, **kwargs: Any) -> int:
    return 0


class DegradingRedisCache(RedisCache):
    """RedisCache whose every call survives Redis being down (see the module docstring).

    `add` answers False and `incr` 0 without Redis: a counter built on them (the join limiter)
    counts nothing and so refuses no one while Redis is away.
    """

    get = degrading(_default)(RedisCache.get)
    set = degrading(_nothing)(RedisCache.set)
    add = degrading(_false)(RedisCache.add)
    touch = degrading(_false)(RedisCache.touch)
    delete = degrading(_false)(RedisCache.delete)
    has_key = degrading(_false)(RedisCache.has_key)
    incr = degrading(_unchanged)(RedisCache.incr)
    get_many = degrading(_empty)(RedisCache.get_many)
    set_many = degrading(_all_failed)(RedisCache.set_many)
    delete_many = degrading(_nothing)(RedisCache.delete_many)
    clear = degrading(_nothing)(RedisCache.clear)
