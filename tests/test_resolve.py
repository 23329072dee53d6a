"""Stage 3: references resolve against one index; relations show from both ends."""

from __future__ import annotations

from pathlib import Path

from generator.build import check
from generator.format.model import Relation
from tests.conftest import problems, replace_in

PERSON = "facts/people/kamchybek-tashiyev.yaml"


def test_unknown_id_is_reported_at_its_line_with_a_suggestion(project: Path) -> None:
    line = replace_in(project / PERSON, "to: gknb", "to: gknbb")
    [finding] = problems(project)
    assert (finding.path, finding.line, finding.code) == (PERSON, line, "D301")
    assert "gknb" in finding.hint


def test_reference_to_the_wrong_kind_is_reported(project: Path) -> None:
    event = project / "facts/events/detention-of-the-four-gunmen.yaml"
    line = replace_in(event, "after: crocus-city-hall-attack", "after: vladimir-putin")
    [finding] = problems(project)
    assert (finding.line, finding.code) == (line, "D302")
    assert "events" in finding.message


def test_citation_of_a_missing_source_is_unknown_id(project: Path) -> None:
    line = replace_in(project / PERSON, "source: tashiyev-defends-tajik-citizens",
                      "source: no-such-source")
    assert (PERSON, line, "D301") in {(f.path, f.line, f.code)
                                      for f in problems(project)}


def test_a_relation_entered_once_is_a_backlink_of_its_other_end(project: Path) -> None:
    dossier = check(project).dossier
    backlinks = dossier.backlinks["gknb"]
    assert any(b.source_id == "kamchybek-tashiyev" and isinstance(b.statement, Relation)
               for b in backlinks)
