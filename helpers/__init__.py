"""Reading Rehabilitation: small helpers the lesson notebooks import.

Only the corpus and text modules load with ``import helpers``, so a lesson's setup cell stays
quick (see benchmarks/bench_import.py); exercises and the dossier load the first time a
lesson uses them, plotting and widgets (``exercise``) when a cell first asks for them.
"""
from importlib import import_module

from helpers.corpus import Corpus, CorpusError, Document, load_corpus
from helpers.text import dispersion, frequencies, keyness, kwic, lexicon_profile, tokens

# name -> module that defines it, imported on first use (PEP 562)
_LAZY = {"Feedback": "helpers.exercises", "check": "helpers.exercises", "exercise": "helpers.widgets",
         "hint": "helpers.exercises", "solution": "helpers.exercises", "answered": "helpers.exercises",
         "export_dossier": "helpers.dossier", "my_name": "helpers.dossier", "sources": "helpers.sources"}

__all__ = ["Corpus", "CorpusError", "Document", "load_corpus", "tokens",
           "kwic", "frequencies", "keyness", "lexicon_profile", "dispersion", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
