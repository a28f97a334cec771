"""BLAS threading for the many small matrix products of verifying and screening pairs.

The compare core and the scan's screen multiply small matrices — a few dozen sentences by a few
dozen — one pair at a time. OpenBLAS (numpy's BLAS) runs even those on all cores, and its
thread start-up and spin-waiting then cost more than the product: on a 2-core machine with
another process busy, the screen of 19,761 pairs took 23.9 s with BLAS threads and 2.1 s with
one (108 µs a pair, below the 138 µs measured earlier on a quiet machine with threads).
The stages that do such work run inside :func:`small_products`; the large blocked products
(nearest document vectors) keep every core.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from threadpoolctl import threadpool_limits


def small_products() -> AbstractContextManager[Any]:
    """A context in which BLAS uses one thread (restored on exit)."""
    return threadpool_limits(limits=1, user_api="blas")
