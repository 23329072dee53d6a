"""What the check says to an editor: each message in the dossier's words and each hint a
fix that can be made in one step, pointing only at places that exist."""

from __future__ import annotations

from pathlib import Path

from generator.build import check
from generator.format.findings import Finding
from tests.conftest import replace_in

EVENT = "facts/events/crocus-city-hall-attack.yaml"


def findings_of(root: Path, code: str) -> list[Finding]:
    return [f for f in check(root).findings if f.code == code]


def test_differing_figures_are_listed_in_numeric_order_as_the_sources_say_them(
        project: Path) -> None:
    """'99, 144', not '144, 99' (as text), nor 'exactly 99': no source said "exactly";
    a qualifier is written as the source words it ('more than')."""
    replace_in(project / EVENT, "      - value: 144\n        cite:", "      - value: 99\n"
               "        cite:")
    messages = {f.message for f in findings_of(project, "D601")}
    assert messages == {"sources differ on 'killed': 99, 144",
                        "sources differ on 'injured': 551, more than 551",
                        "sources differ on 'detained': 10, 11"}
