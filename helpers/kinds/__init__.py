"""The registry of exercise kinds: one module per kind, each defining ``KIND``, an instance of
:class:`helpers.kinds.base.Kind`.

Adding a kind is one file plus a test: write ``helpers/kinds/<name>.py`` with a Kind subclass
and ``KIND = ...``, and add its name to ``BUILTIN`` (or call :func:`register` at run time,
as tests/test_kind_registry.py does with a toy kind). Banks, ``check()``, the widget and the
dossier all ask the registry, so nothing else changes.
"""
from __future__ import annotations

from importlib import import_module

from helpers.kinds.base import AnswerError, Kind, Removed

__all__ = ["Kind", "AnswerError", "Removed", "register", "unregister", "get", "names", "BUILTIN"]

BUILTIN = ("choice", "multi", "classify", "select", "number", "order", "reflect", "sourcing", "essay")
_REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add (or replace) a kind under ``kind.name``; return it."""
    if not isinstance(kind, Kind) or not isinstance(kind.name, str) or not kind.name:
        raise TypeError(f"expected a Kind instance with a name, found {kind!r}")
    _REGISTRY[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Remove a kind added at run time (built-in kinds stay)."""
    if name not in BUILTIN:
        _REGISTRY.pop(name, None)


def _load_builtin() -> None:
    for name in BUILTIN:
        if name not in _REGISTRY:
            register(import_module(f"helpers.kinds.{name}").KIND)


def get(name: str) -> Kind:
    """The kind called ``name``; KeyError if there is none."""
    _load_builtin()
    return _REGISTRY[name]


def names() -> tuple[str, ...]:
    """Every kind's name, built-in first, in registration order."""
    _load_builtin()
    return tuple(_REGISTRY)
