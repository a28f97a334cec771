"""BLAS threading for the many small matrix products of verifying and screening pairs.

The compare core and the scan's screen multiply small matrices — a few dozen sentences by a few
dozen — one pair at a time. OpenBLAS (numpy's BLAS) runs even those on all cores, and its
thread start-up and spin-waiting then cost more than the product: on a 2-core machine the
screen ran 3.5× faster single-threaded when the machine was quiet, and 11× faster when another
process was busy. The stages that do such work run inside :func:`small_products`; the large
blocked products (nearest document vectors) keep every core.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from threadpoolctl import threadpool_limits


def small_products() -> AbstractContextManager[Any]:
    """A context in which BLAS uses one thread (restored on exit)."""
    return threadpool_limits(limits=1, user_api="blas")
