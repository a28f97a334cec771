"""retold: find every retelling of a news story.

>>> import retold
>>> result = retold.compare("wire.txt", "spun.txt")      # doctest: +SKIP
>>> result.relation, result.direction.value               # doctest: +SKIP
('rewrite', 'a_to_b')
"""

from retold._compare import compare
from retold._embed import load_embedder
from retold._exceptions import (
    EmptyDocumentError,
    InputError,
    ModelError,
    RetoldError,
    SchemaError,
)
from retold._load import load_document
from retold.model import (
    SCHEMA_VERSION,
    Comparison,
    Direction,
    Document,
    FactChange,
    Link,
    Passage,
    Scores,
    Sentence,
)

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Comparison",
    "Direction",
    "Document",
    "EmptyDocumentError",
    "FactChange",
    "InputError",
    "Link",
    "ModelError",
    "Passage",
    "RetoldError",
    "SchemaError",
    "Scores",
    "Sentence",
    "__version__",
    "compare",
    "load_document",
    "load_embedder",
]
