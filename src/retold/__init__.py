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
from retold._scan import scan
from retold._scan_output import read_scan, write_scan
from retold.index import Index, IndexFormatError, IndexLockedError, IndexMatch
from retold.model import (
    SCHEMA_VERSION,
    Comparison,
    Direction,
    Document,
    FactChange,
    Link,
    Match,
    Passage,
    ProvenanceEdge,
    ScanResult,
    Scores,
    Sentence,
    Skip,
    Story,
)
from retold.sources import Columns, iter_documents

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Columns",
    "Comparison",
    "Direction",
    "Document",
    "EmptyDocumentError",
    "FactChange",
    "Index",
    "IndexFormatError",
    "IndexLockedError",
    "IndexMatch",
    "InputError",
    "Link",
    "Match",
    "ModelError",
    "Passage",
    "ProvenanceEdge",
    "RetoldError",
    "ScanResult",
    "SchemaError",
    "Scores",
    "Sentence",
    "Skip",
    "Story",
    "__version__",
    "compare",
    "iter_documents",
    "load_document",
    "load_embedder",
    "read_scan",
    "scan",
    "write_scan",
]
