"""Pausing Python's cycle collector while a large file becomes objects.

Reading 50,000 people allocates a few hundred thousand objects that all stay alive until the
import ends; the collector kept walking them (a quarter of the parse, measured). They hold no
reference cycles worth collecting early, so the collector waits until the work is done.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection inside the block; it is enabled again after, if it was before
    (a nested pause leaves it to the outer one)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
