"""Stage 4: every quote is found in its pinned source, and coverage is counted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import build, commands
from generator.build import check
from generator.check.coverage import coverage
from tests.conftest import problems, replace_in

EVENT = "facts/events/crocus-city-hall-attack.yaml"
TASS = "facts/sources/tass-csto-anti-terror-measures"


@pytest.mark.parametrize("old, new", [
    ("quote: The death toll is 144", "quote: The death toll was 144"),        # changed word
    ("quote: The death toll is 144", "quote: The toll is 144"),               # dropped word
    ("quote: The death toll is 144",
     "quote: The death toll is 144 detaining the suspects"),                  # stitched
    ("quote: The death toll is 144", "quote: the death toll is 144"),         # case
])
def test_damaged_quote_fails_at_its_line_with_the_closest_passage(project: Path, old: str,
                                                                  new: str) -> None:
    line = replace_in(project / EVENT, old, new)
    [finding] = problems(project)
    assert (finding.path, finding.line, finding.code) == (EVENT, line, "D401")
    text_side = re.sub(r"\[-.*?-\] ?", "", finding.hint).replace("{+", "").replace("+}", "")
    assert "The death toll is 144" in text_side
    replace_in(project / EVENT, new, old)
    assert problems(project) == []


def test_changed_source_text_fails_until_pinned(project: Path) -> None:
    text = project / f"{TASS}.txt"
    text.write_text(text.read_text("utf-8").replace("Meanwhile,", "Meanwhile"), "utf-8")
    [finding] = problems(project)
    assert finding.code == "D402" and f"dossier pin {TASS.split('/')[-1]}" in finding.hint
    assert commands.pin(project, TASS.split("/")[-1]) == []
    assert problems(project) == []


def test_pin_refuses_a_text_that_breaks_a_quote(project: Path) -> None:
    text = project / f"{TASS}.txt"
    before = (project / f"{TASS}.yaml").read_text()
    text.write_text(text.read_text("utf-8").replace("The death toll is 144", "The toll is 144"))
    findings = commands.pin(project, TASS.split("/")[-1])
    assert "D401" in {f.code for f in findings}
    assert (project / f"{TASS}.yaml").read_text() == before


def test_real_dossier_is_fully_covered(project: Path) -> None:
    overall, per_record = coverage(check(project).evidence)
    assert overall.percent == 100.0 and overall.total > 200
    assert all(c.percent == 100.0 for c in per_record.values())


def test_removing_a_citation_drops_coverage_and_fails(project: Path) -> None:
    path = project / "facts/people/kamchybek-tashiyev.yaml"
    text = path.read_text()
    start = text.index("name:")
    block = text[start:text.index("search_terms:")]
    path.write_text(text.replace(block, "name:\n  value: Kamchybek Tashiyev\n"))
    checked = check(project)
    codes = sorted(f.code for f in problems(project))
    assert codes == ["D403", "D404"]
    overall, per_record = coverage(checked.evidence)
    assert overall.percent < 100 and per_record["kamchybek-tashiyev"].percent < 100
    assert check(project, min_coverage=90).ok


def test_coverage_page_json_and_table_agree(project: Path) -> None:
    import json

    from generator.check.coverage import coverage_table

    path = project / "facts/people/kamchybek-tashiyev.yaml"
    text = path.read_text()
    block = text[text.index("name:"):text.index("search_terms:")]
    path.write_text(text.replace(block, "name:\n  value: Kamchybek Tashiyev\n"))
    outcome, pages = build.render_all(project, min_coverage=0)
    checked = outcome.checked
    assert checked is not None
    figures = json.loads(pages["coverage.json"])
    overall, per_record = coverage(checked.evidence)
    assert (figures["cited"], figures["total"]) == (overall.cited, overall.total)
    assert figures["records"][0]["id"] == "kamchybek-tashiyev"  # worst first
    assert figures["records"][0]["cited"] == per_record["kamchybek-tashiyev"].cited
    table = coverage_table(checked.evidence).splitlines()
    assert "kamchybek-tashiyev" in table[1]
    assert f"{overall.cited}/{overall.total}" in table[-1]
    assert f"**{overall.percent:.1f}%**" in pages["coverage.md"].replace("&#46;", ".")


def test_legal_steps_out_of_date_order_are_an_error_at_the_later_listed_step(
        project: Path) -> None:
    """The badge and the wording rules read the last step listed: a step dated before one
    listed above it (an acquittal listed first, a conviction dated earlier after it) would
    show a person as convicted whom the sources last reported acquitted."""
    person = project / "facts" / "people" / "dalerzhon-mirzoev.yaml"
    text = person.read_text("utf-8")
    step = text[text.index("  - status: detained"):]
    earlier = step.replace("status: detained", "status: suspected").replace(
        'when: "2024-03-22"', 'when: "2024-03-21"')
    person.write_text(text + earlier, "utf-8")
    found = [f for f in problems(project) if f.code == "D604"]
    assert len(found) == 1
    line = (text + earlier).splitlines().index('    when: "2024-03-21"') + 1
    assert found[0].path == "facts/people/dalerzhon-mirzoev.yaml" and found[0].line == line
    assert "legal_status[1] (suspected, 2024-03-21)" in found[0].message
    assert "move this one above the detained step" in found[0].hint
    # the same precision rule both ways: a year alone is not before a day of that year
    person.write_text(text + earlier.replace('"2024-03-21"', '"2024"'), "utf-8")
    assert not [f for f in problems(project) if f.code == "D604"]
