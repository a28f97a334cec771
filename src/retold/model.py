"""retold's data model: the plain, immutable values that flow between the pipeline stages.

Every stage is a pure function over these types, so they carry no behaviour beyond small
derived properties and conversion to and from JSON-ready dicts (see ``docs/json-schema.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Relation = Literal[
    "duplicate", "near_duplicate", "rewrite", "partial_reuse", "same_story", "unrelated"
]
"""How document B relates to document A (see ``docs/verdicts.md`` for the rule)."""

DERIVED_RELATIONS: frozenset[str] = frozenset(
    {"duplicate", "near_duplicate", "rewrite", "partial_reuse"}
)
"""The relations that mean one text was made from the other."""

RELATION_ORDER: tuple[str, ...] = (
    "duplicate",
    "near_duplicate",
    "rewrite",
    "partial_reuse",
    "same_story",
    "unrelated",
)
"""Relations from the strongest reuse to none; reports and results sort pairs in this order."""


def relation_rank(relation: str) -> int:
    """Position of a relation in :data:`RELATION_ORDER` (unknown ones last)."""
    return RELATION_ORDER.index(relation) if relation in RELATION_ORDER else len(RELATION_ORDER)


LinkKind = Literal["copied", "edited", "paraphrased"]
"""How a linked group of B sentences reuses its A sentences."""

ChangeKind = Literal["number", "date", "name", "quote"]
"""What kind of fact differs between two linked sentences."""

DirectionValue = Literal["a_to_b", "b_to_a", "unknown"]
"""``a_to_b``: A is the likely source and B derives from it; ``b_to_a``: the reverse."""

SCHEMA_VERSION = "1.0"
"""Version of the JSON form of a :class:`Comparison`; bumped on any incompatible change."""


@dataclass(frozen=True, slots=True)
class Document:
    """One article after loading and cleaning.

    ``text`` is the cleaned body that sentence offsets point into; ``removed`` holds the page
    chrome lines cut from the raw text, kept so reports can show what was dropped and why.
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    removed: tuple[str, ...] = ()
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document as character offsets into its cleaned text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Link:
    """B sentences ``b`` derived from A sentences ``a`` (1:1, merges and splits alike)."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    kind: LinkKind
    score: float


@dataclass(frozen=True, slots=True)
class FactChange:
    """A fact worded differently in a linked pair of sentences (``a_text`` → ``b_text``).

    Either side may be empty: a number in A that B leaves out, or a name B adds.
    """

    kind: ChangeKind
    a_text: str
    b_text: str
    link: int


@dataclass(frozen=True, slots=True)
class Passage:
    """A run of linked sentences that forms one contiguous reused passage in both texts.

    Offsets are characters in the cleaned texts; ``links`` index into ``Comparison.links``.
    A pair judged derived always has at least one (its heaviest run of links, when no run
    has the summed link score of a passage: ``docs/verdicts.md``, step 7).
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    links: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Scores:
    """The numbers a verdict rests on, each in [0, 1].

    ``coverage_a``: share of A's characters in sentences B reuses; ``coverage_b``: share of B's
    characters that come from A. ``lexical``: word-5-gram containment of the shorter text in the
    longer. ``semantic``: cosine of the two documents' mean sentence vectors. ``link_mean``:
    mean link score. ``retelling``: the single ranking score of how likely B retells A (or A
    retells B), used for thresholds and ROC curves.
    """

    coverage_a: float
    coverage_b: float
    lexical: float
    semantic: float
    link_mean: float
    shared_facts: float
    retelling: float


@dataclass(frozen=True, slots=True)
class Direction:
    """Which document is the likely source, and the evidence for that call."""

    value: DirectionValue
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything ``retold.compare(a, b)`` found: verdict, scores, alignment and fact changes."""

    a: Document
    b: Document
    a_sentences: tuple[Sentence, ...]
    b_sentences: tuple[Sentence, ...]
    relation: Relation
    direction: Direction
    scores: Scores
    links: tuple[Link, ...]
    added: tuple[int, ...]
    dropped: tuple[int, ...]
    changes: tuple[FactChange, ...]
    passages: tuple[Passage, ...] = field(default=())
    reasons: tuple[str, ...] = field(default=())

    @property
    def derived(self) -> bool:
        """True when one text was made from the other (any derived relation)."""
        return self.relation in DERIVED_RELATIONS

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form documented in ``docs/json-schema.md``."""
        from retold._serialize import comparison_to_dict

        return comparison_to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Comparison:
        """Rebuild a comparison from :meth:`to_dict` output (checks the schema version)."""
        from retold._serialize import comparison_from_dict

        return comparison_from_dict(data)


# --------------------------------------------------------------------------- corpus scans

SCAN_SCHEMA_VERSION = "1.0"
"""Version of ``matches.jsonl`` / ``stories.jsonl`` records; bumped on incompatible changes."""


@dataclass(frozen=True, slots=True)
class Skip:
    """A record a reader could not turn into a document, and why.

    ``location`` names the file and, where it applies, the line (``feed.jsonl:17``), the
    record offset in a WARC file (``crawl.warc.gz@104857``) or the entry of a feed.
    """

    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Match:
    """A related pair a scan found: documents ``a`` and ``b`` (ids) and the verdict on them.

    ``a`` is the document the scan saw first in the input order (so the pair reads the same
    way whatever the batch size); ``direction`` says which one is the likely source.
    ``found_by`` names the candidate routes that proposed the pair (``minhash``, ``shingles``,
    ``words``, ``vectors``, ``windows``; see ``docs/scan.md``), and ``comparison`` holds the
    full alignment.
    """

    a: str
    b: str
    relation: Relation
    direction: Direction
    scores: Scores
    found_by: tuple[str, ...]
    comparison: Comparison | None = None

    @property
    def derived(self) -> bool:
        """True when one text was made from the other (any derived relation)."""
        return self.relation in DERIVED_RELATIONS


@dataclass(frozen=True, slots=True)
class ProvenanceEdge:
    """``target`` derives from ``source`` (or, for ``same_story``, reports the same event).

    ``directed`` is False when the evidence could not tell which came first; the edge then
    runs from the earlier-listed document and only says the two are connected.
    """

    source: str
    target: str
    relation: Relation
    directed: bool


@dataclass(frozen=True, slots=True)
class Story:
    """Documents that tell one story, with the likely origin and who derived from whom.

    ``members`` are ordered by date (undated last), then input position; ``origin`` is the
    member no directed edge points into from which most members derive (see ``docs/scan.md``).
    """

    id: str
    members: tuple[str, ...]
    origin: str
    edges: tuple[ProvenanceEdge, ...]


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What a scan keeps about each document it read (the text stays in its scratch store)."""

    id: str
    title: str | None
    date: str | None
    url: str | None
    source: str | None
    path: str | None
    chars: int


@dataclass(frozen=True, slots=True)
class ScanResult:
    """Everything ``retold.scan`` found in a corpus.

    ``documents`` are in input order; ``matches`` are sorted by (a, b) input position;
    ``stories`` by size (largest first), then by their first member. ``stats`` holds counts
    (``documents``, ``skipped``, ``candidates``, pairs per relation) and seconds per stage.
    """

    documents: tuple[DocumentInfo, ...]
    matches: tuple[Match, ...]
    stories: tuple[Story, ...]
    skipped: tuple[Skip, ...]
    stats: dict[str, float] = field(default_factory=dict)
