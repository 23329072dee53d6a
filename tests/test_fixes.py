"""Every finding code has a fix and an example in the editors' guide (issue 19), declared
once beside the catalogue, and the guide's fix says what the hint in the terminal says."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import check
from generator.format.findings import CATALOGUE
from generator.format.fixes import FIXES
from tests.conftest import replace_in
from tests.golden import rendered

EVENT = "facts/events/crocus-city-hall-attack.yaml"
SOURCE_TEXT = "facts/sources/tass-csto-anti-terror-measures.txt"


def test_every_code_of_the_catalogue_has_a_fix_and_an_example() -> None:
    assert list(FIXES) == list(CATALOGUE), set(FIXES) ^ set(CATALOGUE)
    for code, (fix, example) in FIXES.items():
        assert fix.strip() and example.strip(), code
        assert example.count("`") >= 2, f"{code}: the example has nothing to copy"


def test_the_guide_shows_each_code_with_its_fix_and_example() -> None:
    guide = rendered()["guide.md"]
    for code, (fix, example) in FIXES.items():
        block = f"**{code}** · {CATALOGUE[code][0].value} · "
        assert block in guide, code
        entry = guide[guide.index(block):].split("\n**D", 1)[0]
        assert f"\n- *How to fix:* {fix}\n" in entry, code
        assert f"\n- *Example:* {example}\n" in entry, code


AGREEMENT = [  # (code, file, what the editor wrote, instead of, said by both hint and guide)
    ("D203", EVENT, "      - value: 144\n        cite:", "      - value: at least 115\n"
     "        cite:", ("`value: 115`", "`qualifier: at-least`")),
    ("D201", EVENT, "        qualifier: more-than", "        qualifer: more-than",
     ("`qualifier",)),
    ("D106", EVENT, "      - value: 144\n        note:", "      - value: !!int 144\n"
     "        note:", ("remove the tag",)),
    ("D104", EVENT, "        qualifier: more-than\n", "        qualifier: more-than\n"
     "        qualifier: more-than\n", ("keep one of the two",)),
    ("D402", SOURCE_TEXT, "four terrorists attacked", "four gunmen attacked",
     ("`dossier pin tass-csto-anti-terror-measures`",)),
    ("D301", "facts/people/kamchybek-tashiyev.yaml", "    to: gknb",
     "    to: state-committee-for-national-security-of-kyrgyzstan",
     ("gknb", "a reference is an id, the name of a fact file")),
]


@pytest.mark.parametrize(("code", "path", "old", "new", "said"), AGREEMENT,
                         ids=[case[0] for case in AGREEMENT])
def test_the_guides_fix_says_what_the_hint_says(project: Path, code: str, path: str, old: str,
                                                new: str, said: tuple[str, ...]) -> None:
    replace_in(project / path, old, new)
    hints = [f.hint for f in check(project).findings if f.code == code]
    assert hints, code
    guide = " ".join(FIXES[code]).lower()
    for words in said:
        assert words.lower() in hints[0].lower(), (words, hints[0])
        assert words.lower() in guide, (words, FIXES[code])
