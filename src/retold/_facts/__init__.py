"""Facts in news sentences, and which of them changed between a source and its retelling.

retold links sentences of article A to sentences of article B; this package tells what *factual*
content differs inside a link: numbers and quantities, dates and time expressions, named people,
places and organisations, and quoted speech. A rewrite that only swaps synonyms ("blaze" for
"fire") must report nothing, while a spun copy that turns 42 homes into 45 must be caught.

Everything is rule-based (regular expressions and small word lists): it is pure Python, fast
enough to run on every link of a document pair, deterministic, and explainable. Each fact carries
a *key*, a normalised value, so that "forty-two" and "42", "$4.2 million" and "$4,200,000",
"Jan. 5" and "January 5" compare equal. The rules favour low noise over recall; the known limits
are listed in ``diff_facts``.

Modules, one concept each (imports only flow downwards in this list):

* ``_lexicon``: word lists shared by several extractors (number and calendar words, titles).
* ``_model``: the ``Fact`` record, claimed-span look-up, and the sentence-start test.
* ``_gate``: a cheap pre-scan for where numbers and dates may begin.
* ``numbers``, ``dates``, ``names``, ``quotes``: one extractor per kind of fact.
* ``extract``: ``extract_facts`` and ``fact_keys``, running the extractors in order.
* ``diff``: ``diff_facts``, matching and pairing the facts of two texts.

Import the public API from here (``from retold._facts import diff_facts``), not from the
submodules.
"""

from __future__ import annotations

from retold._facts._model import Fact, FactKind
from retold._facts.diff import diff_facts
from retold._facts.extract import extract_facts, fact_keys

__all__ = ["Fact", "FactKind", "diff_facts", "extract_facts", "fact_keys"]
