"""The examples in lessons/README.md are valid banks whose model answers are judged right."""
from __future__ import annotations

import re

from helpers.banks import KINDS, load_bank
from helpers.exercises import grade, model_answer, normalize
from notebook_source import ROOT

README = ROOT / "lessons" / "README.md"


def test_every_kind_has_a_valid_example_in_the_lessons_readme(tmp_path):
    blocks = re.findall(r"```toml\n(.*?)```", README.read_text("utf-8"), flags=re.S)
    bank = tmp_path / "lessons" / "09_readme_examples.toml"
    bank.parent.mkdir()
    bank.write_text("\n".join(blocks), "utf-8")
    exercises = load_bank(bank).exercises.values()
    assert sorted({ex.kind for ex in exercises}) == sorted(KINDS)
    for ex in exercises:
        correct, text = grade(ex, normalize(ex, model_answer(ex)))
        assert correct in (True, None) and text, ex.id
