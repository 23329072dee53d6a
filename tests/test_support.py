"""Support: a value is published only if its cited quote says it, or the editor's reasoning
is declared. For each kind of statement: supported, unsupported (a finding at the value's
`path:line` with a hint that fixes it in one step) and derived (issue 17)."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import build
from generator.build import check
from generator.cache import BuildCache
from generator.check.coverage import coverage, coverage_table
from generator.format.findings import Finding
from generator.format.model import Event
from tests.conftest import REPO, replace_in

EVENT = "facts/events/crocus-city-hall-attack.yaml"
TASS = "facts/sources/tass-csto-anti-terror-measures.yaml"
SUPPORT = {"D411", "D412", "D413", "D414", "D415", "D416", "D417", "D418", "D419"}


def lacks(root: Path) -> list[Finding]:
    return [f for f in check(root, min_support=0).findings if f.code in SUPPORT]


def only(root: Path, code: str, path: str, line: int) -> Finding:
    """The one support finding of the dossier: its code and place are as given, and the
    gate fails on it."""
    [finding] = lacks(root)
    assert (finding.code, finding.path, finding.line) == (code, path, line), finding
    assert finding.hint, finding
    assert "D410" in {f.code for f in check(root).findings}
    return finding


def test_the_real_dossier_is_fully_supported_with_its_derivations_apart() -> None:
    checked = check(REPO)
    overall, _ = coverage(checked.evidence)
    assert checked.ok and overall.support_percent == 100.0
    assert overall.supported + overall.derived == overall.cited == overall.total > 200
    assert overall.derived == 13  # one sum, four readings, eight titles
    assert not [f for f in checked.findings if f.code in SUPPORT]


# --- figures ---------------------------------------------------------------------------------

def test_a_changed_number_is_caught_with_the_number_the_quote_has(project: Path) -> None:
    line = replace_in(project / EVENT, "value: 144\n        note:", "value: 145\n        note:")
    finding = only(project, "D411", EVENT, line)
    assert "quote has 144, value is 145" in finding.message
    assert "{+144+}" in finding.hint and "write 144" in finding.hint


def test_a_number_in_words_supports_its_figure_and_a_different_one_does_not(
        project: Path) -> None:
    path = "facts/events/detention-of-the-four-gunmen.yaml"
    assert lacks(project) == []  # "the four gunmen" says 4
    line = replace_in(project / path, "      - value: 4\n", "      - value: 5\n")
    finding = only(project, "D411", path, line)
    assert "quote has 4, value is 5" in finding.message and "{+four+}" in finding.hint


def test_a_qualifier_the_quote_has_must_be_written(project: Path) -> None:
    line = replace_in(project / EVENT, "        qualifier: more-than\n", "") - 1
    finding = only(project, "D412", EVENT, line)  # at the value: there is no qualifier key
    assert "\u201cmore than 551\u201d" in finding.message
    assert "write `qualifier: more-than`" in finding.hint


def test_a_qualifier_the_quote_lacks_must_not_be_written(project: Path) -> None:
    """\u201c551 more people were injured\u201d gives 551 alone: "more" after it is no qualifier."""
    line = replace_in(project / EVENT, "      - value: 551\n        note: according",
                      "      - value: 551\n        qualifier: more-than\n        note: according")
    finding = only(project, "D412", EVENT, line + 1)
    assert "remove `qualifier:`" in finding.hint


def test_a_sum_is_derived_and_counted_apart_and_must_add_up(project: Path) -> None:
    checked = check(project)
    assert coverage(checked.evidence)[1]["crocus-city-hall-attack"].derived == 1
    line = replace_in(project / EVENT, "      - value: 10\n", "      - value: 11\n")
    finding = only(project, "D419", EVENT, line)
    assert "add up to 11" in finding.message and "4, 6" in finding.message


def test_a_derivation_where_the_quote_says_it_is_a_finding(project: Path) -> None:
    line = replace_in(project / EVENT, "      - value: 144\n        cite:",
                      "      - value: 144\n        derived:\n          kind: sum\n"
                      "          reasoning: Added up.\n        cite:")
    finding = only(project, "D418", EVENT, line + 2)
    assert "remove `derived:`" in finding.hint


# --- dates -----------------------------------------------------------------------------------

def test_a_date_off_by_a_day_names_the_date_the_quote_gives(project: Path) -> None:
    line = replace_in(project / EVENT, 'value: "2024-03-22"\n  label',
                      'value: "2024-03-23"\n  label')
    # the detention of the gunmen, dated by the attack it follows, loses its support too
    findings = {(f.path, f.code) for f in lacks(project)}
    assert findings == {(EVENT, "D413"), ("facts/events/detention-of-the-four-gunmen.yaml",
                                          "D413")}
    [finding] = [f for f in lacks(project) if f.path == EVENT]
    assert finding.line == line and "quote has March 22, 2024" in finding.message
    assert 'write `value: "2024-03-22"`' in finding.hint


def test_a_changed_year_is_caught(project: Path) -> None:
    path = "facts/events/beslan-school-siege.yaml"
    line = replace_in(project / path, 'value: "2004"', 'value: "2005"')
    finding = only(project, "D413", path, line)
    assert "quote has 2004, the date is 2005" in finding.message


def test_a_year_may_come_from_the_cited_publication_date_and_the_page_says_so(
        project: Path) -> None:
    outcome, pages = build.render_all(project)
    checked = outcome.checked
    assert checked is not None
    session = checked.dossier.records["csto-collective-security-council-session-2024"].fact
    assert isinstance(session, Event) and checked.evidence.support is not None
    assert checked.evidence.support.year_source(session.date) == \
        "tass-csto-anti-terror-measures"  # "at the end of this year", published 2024
    page = pages["events/csto-collective-security-council-session-2024.md"]
    assert "year from the publication date of [TASS" in page
    # a publication date that is not itself cited gives no year
    text = (project / TASS).read_text("utf-8")
    start = text.index("published:")
    (project / TASS).write_text(text[:start] + 'published:\n  value: "2024-06-03"\n'
                                + text[text.index("dateline:"):], "utf-8")
    codes = {(f.path, f.code) for f in check(project, min_support=0).findings}
    assert ("facts/events/csto-collective-security-council-session-2024.yaml", "D413") in codes


# --- names -----------------------------------------------------------------------------------

def test_a_name_cited_with_another_persons_quote_is_caught(project: Path) -> None:
    path = "facts/people/alisher-kasimov.yaml"
    replace_in(project / path, "quote: as well as Alisher Kasimov, Lutfullo Nazrimada and "
               "Yakubzhoni Yusufzoda", "quote: brothers Aminchon and Dilovar Islomov")
    finding = only(project, "D414", path, 2)  # the name's value, in the first lines
    assert "“Alisher Kasimov” is not in its quote" in finding.message


def test_the_quotes_own_words_for_a_name_are_declared_and_shown(project: Path) -> None:
    page = build.render_all(project)[1]["events/crocus-city-hall-attack.md"]
    assert "Crocus City Hall attack *(in the source&#58; \u201cCrocus City Hall terror attack" \
           "\u201d)*" in page
    line = replace_in(project / EVENT, "  quoted_as: Crocus City Hall terror attack\n", "") - 1
    finding = only(project, "D414", EVENT, line)
    assert "`quoted_as: Crocus City Hall terror attack`" in finding.hint


def test_an_event_title_in_the_dossiers_words_is_derived(project: Path) -> None:
    path = "facts/events/putin-statement-on-the-attack.yaml"
    text = (project / path).read_text("utf-8")
    (project / path).write_text(text[:text.index("  derived:")] + text[text.index("summary:"):])
    finding = only(project, "D414", path, 2)
    assert "derived: {kind: title" in finding.hint


# --- relations, participants, legal steps -----------------------------------------------------

def test_a_relation_whose_quote_names_one_end_is_caught(project: Path) -> None:
    path = "facts/places/krasnogorsk.yaml"
    line = replace_in(project / path, "    to: moscow-oblast\n", "    to: moscow-oblast\n")
    text = (project / path).read_text("utf-8")
    (project / path).write_text(text.replace(
        "      - source: tashiyev-defends-tajik-citizens\n"
        "        quote: Krasnogorsk, Moscow Oblast\n"
        "      - source: tass-csto-anti-terror-measures\n"
        "        quote: Krasnogorsk, Moscow Region\n",
        "      - source: tass-csto-anti-terror-measures\n        quote: the Crocus City Hall music "
        "venue in Krasnogorsk\n"), "utf-8")
    finding = only(project, "D415", path, line)
    assert "names Krasnogorsk but not Moscow Oblast" in finding.message


def test_a_short_form_names_a_participant_in_passing(project: Path) -> None:
    path = "facts/events/tashiyev-facebook-statement.yaml"
    assert lacks(project) == []  # "Tashiyev said on a post on Facebook"
    replace_in(project / "facts/people/kamchybek-tashiyev.yaml", "short_forms: [Tashiyev]\n", "")
    [finding] = lacks(project)
    assert (finding.code, finding.path) == ("D415", path)
    assert "no cited quote names Kamchybek Tashiyev" in finding.message


def test_a_relation_read_from_an_adjective_is_a_declared_reading(project: Path) -> None:
    path = "facts/organisations/russian-investigative-committee.yaml"
    line = replace_in(project / path, "    derived:\n      kind: reading\n      reasoning: The "
                      "source calls it the Russian Investigative Committee.\n", "")
    finding = only(project, "D415", path, line - 4)
    assert "but not Russia" in finding.message


def test_a_legal_step_cited_with_another_persons_detention_is_caught(project: Path) -> None:
    path = "facts/people/alisher-kasimov.yaml"
    text = (project / path).read_text("utf-8")
    at = text.index("  - status: detained")
    (project / path).write_text(text[:at] + text[at:].replace(
        "Alisher Kasimov, Lutfullo Nazrimada and Yakubzhoni Yusufzoda - were detained",
        "the four gunmen - Dalerzhon Mirzoev, Saidakram Rachabalizoda, Shamsidin Fariduni and "
        "Muhammadsobir Faizov - were detained", 1).replace("and placed\n          under arrest\n",
                                                          "\n", 1), "utf-8")
    line = text[:at].count("\n") + 1
    finding = only(project, "D416", path, line)
    assert "names Alisher Kasimov and the step" in finding.message


# --- prose -----------------------------------------------------------------------------------

def test_a_number_or_date_in_a_summary_must_be_in_its_quotes(project: Path) -> None:
    path = "facts/people/valery-sharifulin.yaml"
    line = replace_in(project / path, "    - source: tass-csto-anti-terror-measures\n"
                      "      quote: ALMATY, June 3./TASS/.\nrelations:", "relations:")
    finding = only(project, "D417", path, 7)
    assert "\u201cJune 3\u201d" in finding.message and line > 7


def test_a_number_in_words_is_read_in_a_summary_whatever_punctuation_holds_it(
        project: Path) -> None:
    path = "facts/people/valery-sharifulin.yaml"
    replace_in(project / path, "the TASS report of June 3.",  # no digit, no month
               "the TASS report, one of \u201cseven.\u201d")
    finding = only(project, "D417", path, 7)
    assert "no cited quote has the number 7" in finding.message


# --- the gate, the reports and the command --------------------------------------------------

def test_check_fails_at_the_value_and_min_support_sets_the_gate(project: Path) -> None:
    line = replace_in(project / EVENT, "value: 144\n        note:", "value: 145\n        note:")

    def check(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "generator", "--root", str(project),
                               "check", *args], capture_output=True, text=True, check=False)

    result = check()
    assert result.returncode == 1
    assert f"{EVENT}:{line}:" in result.stdout and ": D411: " in result.stdout
    assert "hint: the quote, with the nearest number marked" in result.stdout
    assert "facts: D410: support is 99.6%" in result.stdout
    assert check("--min-support", "99").returncode == 0
    assert check("--min-support", "99.9").returncode == 1


def test_the_coverage_table_page_and_json_show_support(project: Path) -> None:
    replace_in(project / EVENT, "value: 144\n        note:", "value: 145\n        note:")
    outcome, pages = build.render_all(project, min_support=0)
    checked = outcome.checked
    assert checked is not None
    overall, per_record = coverage(checked.evidence)
    event = per_record["crocus-city-hall-attack"]
    assert (event.cited - event.supported - event.derived, event.derived) == (1, 1)
    figures = json.loads(pages["coverage.json"])
    assert (figures["supported"], figures["derived"]) == (overall.supported, overall.derived)
    assert figures["records"][0]["id"] == "crocus-city-hall-attack"  # least supported first
    assert f"{overall.support_percent:.1f}" in pages["coverage.md"].replace("&#46;", ".")
    table = coverage_table(checked.evidence).splitlines()
    assert "crocus-city-hall-attack" in table[1] and "support" in table[0]


def test_a_long_lived_check_judges_again_only_what_changed_and_agrees_with_a_fresh_one(
        project: Path) -> None:
    cache = BuildCache()
    first = check(project, cache)
    assert first.ok and first.evidence.support is not None
    kept = dict(first.evidence.support.records)
    replace_in(project / "facts/events/beslan-school-siege.yaml", 'value: "2004"',
               'value: "2005"')
    again = check(project, cache, min_support=0)
    fresh = check(project, min_support=0)
    assert again.findings == fresh.findings
    assert coverage(again.evidence) == coverage(fresh.evidence)
    assert again.evidence.support is not None
    same = [rid for rid, judged in again.evidence.support.records.items()
            if kept.get(rid) is judged]
    assert "beslan-school-siege" not in same and len(same) > 50


@pytest.mark.parametrize("edit, lost", [
    (("      - value: 551\n        note: according", "      - value: 552\n        note: according"),
     "crocus-city-hall-attack.figures[1].values[1]: quote has 551, value is 552"),
])
def test_diff_says_which_statements_lose_support(tmp_path: Path, edit: tuple[str, str],
                                                 lost: str) -> None:
    from generator.cli.diff import diff, render
    from tests.conftest import copy_project
    from tests.test_diff import git

    root = copy_project(tmp_path / "dossier")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "before")
    replace_in(root / EVENT, *edit)
    git(root, "commit", "-qam", "after")
    change = diff(root, "HEAD~1").support
    assert change.before == 100.0 and change.after < 100.0
    assert change.lost == [lost] and change.regained == []
    assert f"Statements that lose support: 1\n  {lost}" in render(diff(root, "HEAD~1"))


def test_a_date_after_an_event_is_judged_again_when_that_events_source_changes(
        project: Path) -> None:
    """The detention is dated "later that day", through the attack's date; when the text
    the attack's date is quoted from changes, a preview's check judges the detention again
    (its own file and its own sources are as they were)."""
    attack = project / "facts" / "events" / "crocus-city-hall-attack.yaml"
    replace_in(attack, "    - source: tass-csto-anti-terror-measures\n"
                       "      quote: On the evening of March 22\n", "")
    cache = BuildCache()
    assert not [f for f in check(project, cache, min_support=0).findings if f.code == "D413"]
    text = project / "facts" / "sources" / "tashiyev-defends-tajik-citizens.txt"
    replace_in(text, "Moscow Oblast on March 22, 2024", "Moscow Oblast on March 21, 2024")
    source = text.with_suffix(".yaml")
    pinned = re.search(r"sha256: (\S+)", source.read_text("utf-8"))
    assert pinned
    replace_in(source, pinned[1], hashlib.sha256(text.read_bytes()).hexdigest())
    again = [f.format() for f in check(project, cache, min_support=0).findings]
    assert again == [f.format() for f in check(project, min_support=0).findings]
    assert any("detention-of-the-four-gunmen.yaml" in f and "D413" in f for f in again)
