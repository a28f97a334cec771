"""The retold index: a persistent, incremental archive to ask "what does this article retell?".

See :class:`Index` and ``docs/index.md``.
"""

from retold.index._index import (
    INDEX_SCHEMA,
    AddReport,
    Index,
    IndexLockedError,
    IndexMatch,
    IndexStats,
)
from retold.index._store import SCHEMA_VERSION, IndexFormatError

__all__ = [
    "INDEX_SCHEMA",
    "SCHEMA_VERSION",
    "AddReport",
    "Index",
    "IndexFormatError",
    "IndexLockedError",
    "IndexMatch",
    "IndexStats",
]
