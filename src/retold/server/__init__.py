"""``retold serve``: a JSON API and a server-rendered web UI over a retold index.

>>> from retold.index import Index                          # doctest: +SKIP
>>> from retold.server import create_app                    # doctest: +SKIP
>>> app = create_app(Index("my-index"), token="s3cret")     # doctest: +SKIP

``create_app`` is imported on first use, so that importing :mod:`retold.server._command`
(which the ``retold`` command line does at start) does not load FastAPI and the index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from retold.server._app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from retold.server._app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
