"""Reading Rehabilitation: small helpers the lesson notebooks import.

Only light modules are imported here, so ``import helpers`` stays quick; plotting and
widgets load when a lesson first asks for them.
"""
from helpers.corpus import Corpus, CorpusError, Document, load_corpus
from helpers.text import tokens

__all__ = ["Corpus", "CorpusError", "Document", "load_corpus", "tokens"]
