"""The public surface of the ``retold`` package: ``__all__`` is complete, sorted and resolvable."""

from __future__ import annotations

import importlib.metadata
from types import ModuleType

import retold


def isort_style_key(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 (enabled in pyproject.toml) enforces for ``__all__``.

    SCREAMING_SNAKE_CASE constants first, then CamelCase names, then everything else; each
    group alphabetical.
    """
    if len(name) > 1 and name.isupper():
        group = 0
    elif name[:1].isupper():
        group = 1
    else:
        group = 2
    return group, name


def exported_names() -> set[str]:
    """Public names bound in the package namespace (submodules such as ``retold.model`` aside)."""
    return {
        name
        for name, value in vars(retold).items()
        if not name.startswith("_") and not isinstance(value, ModuleType)
    }


def test_all_is_sorted() -> None:
    assert retold.__all__ == sorted(retold.__all__, key=isort_style_key)


def test_all_has_no_duplicates() -> None:
    assert len(retold.__all__) == len(set(retold.__all__))


def test_all_matches_the_public_names() -> None:
    assert set(retold.__all__) == exported_names() | {"__version__"}


def test_all_has_no_private_names() -> None:
    private = [n for n in retold.__all__ if n.startswith("_") and n != "__version__"]
    assert private == []


def test_every_name_resolves() -> None:
    for name in retold.__all__:
        assert getattr(retold, name) is not None, name


def test_star_import_gives_exactly_all() -> None:
    namespace: dict[str, object] = {}
    exec("from retold import *", namespace)
    namespace.pop("__builtins__", None)
    assert set(namespace) == set(retold.__all__)


def test_version_matches_the_installed_metadata() -> None:
    assert retold.__version__ == importlib.metadata.version("retold")


def test_core_entry_points_are_exported() -> None:
    for name in ("compare", "load_document", "load_embedder", "Comparison", "SchemaError"):
        assert name in retold.__all__
    assert callable(retold.compare)
    assert issubclass(retold.InputError, retold.RetoldError)
    assert issubclass(retold.EmptyDocumentError, retold.InputError)
