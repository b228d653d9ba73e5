"""Reading Rehabilitation: small helpers the lesson notebooks import.

Only light modules are imported here, so ``import helpers`` stays quick; plotting and
widgets load when a lesson first asks for them.
"""
from helpers.corpus import Corpus, CorpusError, Document, load_corpus
from helpers.text import dispersion, frequencies, keyness, kwic, lexicon_profile, tokens

__all__ = ["Corpus", "CorpusError", "Document", "load_corpus", "tokens",
           "kwic", "frequencies", "keyness", "lexicon_profile", "dispersion"]

# Exercises, journal and dossier: light imports (ipywidgets loads only inside exercise()).
from helpers.exercises import Feedback, check, exercise, hint, solution  # noqa: E402
from helpers.dossier import export_dossier  # noqa: E402

__all__ += ["Feedback", "check", "exercise", "hint", "solution", "export_dossier"]
