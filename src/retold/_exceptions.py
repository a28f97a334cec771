"""retold's exceptions, one rooted tree so callers can catch what they can handle.

RetoldError
├── InputError          a file or record cannot be read as a document (names the file)
│   └── EmptyDocumentError   readable, but nothing is left to compare
├── ModelError          the embedding model cannot be found, built or loaded
└── SchemaError         JSON that is not a retold result of a known version
"""

from __future__ import annotations


class RetoldError(Exception):
    """Base class of every error retold raises on purpose."""


class InputError(RetoldError):
    """A file or record cannot be read as a document; the message names it and says why."""

    def __init__(self, source: str, reason: str, *, hint: str | None = None) -> None:
        self.source = source
        self.reason = reason
        self.hint = hint
        message = f"{source}: {reason}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


class EmptyDocumentError(InputError):
    """The input was readable but holds no text to compare."""


class ModelError(RetoldError):
    """The sentence-embedding model cannot be found, built or loaded."""


class SchemaError(RetoldError):
    """A JSON document is not a retold result, or comes from an incompatible version."""
