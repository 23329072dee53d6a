"""What the check says to an editor: each message in the dossier's words and each hint a
fix that can be made in one step, pointing only at places that exist."""

from __future__ import annotations

import html
import re
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


def test_a_figure_written_in_words_is_sent_to_the_qualifier(project: Path) -> None:
    replace_in(project / EVENT, "      - value: 144\n        cite:",
               "      - value: at least 115\n        cite:")
    [finding] = findings_of(project, "D203")
    assert finding.message.endswith("value: not a whole number (found 'at least 115')")
    assert finding.hint.startswith("write `value: 115` and, on a line of its own, "
                                   "`qualifier: at-least`")
    assert "\u201cFigures\u201d in the editors' guide" in finding.hint


def test_a_date_in_words_gets_its_form_not_a_regular_expression(project: Path) -> None:
    replace_in(project / EVENT, "      - value: 144\n        cite:",
               "      - value: 144\n        as_of: 23 March 2024\n        cite:")
    [finding] = findings_of(project, "D203")
    assert finding.message == "figures.0.values.1.as_of: not a date (found '23 March 2024')"
    assert finding.hint.startswith('write `"2024-03-23"`: year first, quoted')
    assert "\u201cDates\u201d in the editors' guide" in finding.hint
    assert "[0-9]" not in finding.message + finding.hint


def test_the_format_reference_calls_dates_dates() -> None:
    from generator.render.format_docs import fact_format

    forms = {(m["name"], f["name"]): f["type"] for m in fact_format() for f in m["fields"]}
    assert forms[("FigureValue", "`as_of`")] == forms[("Claim", "`when`")] == "date"
    assert forms[("Date", "`value`")] == forms[("LegalStatus", "`when`")] == "date"
    assert forms[("Relation", "`to`")] == "id" and forms[("Source", "`url`")] == "web address"


def test_an_unknown_id_that_is_a_name_suggests_its_entity(project: Path) -> None:
    """`fsb` is no id, but it is the FSB's alias written as one."""
    (project / "facts/organisations/federal-security-service.yaml").write_text(
        "name:\n  value: Federal Security Service\n  cite: []\n"
        "aliases:\n  - value: FSB\n    cite: []\n", "utf-8")
    replace_in(project / "facts/people/kamchybek-tashiyev.yaml", "    to: gknb", "    to: fsb")
    [finding] = findings_of(project, "D301")
    assert finding.message == "unknown id 'fsb'"
    assert finding.hint.startswith("did you mean `federal-security-service`, which has the "
                                   "name 'FSB'?")


def test_a_quote_under_the_wrong_source_names_the_source_it_is_in(project: Path) -> None:
    line = replace_in(project / EVENT, "    - source: tass-csto-anti-terror-measures\n"
                      "      quote: four terrorists attacked",
                      "    - source: tashiyev-defends-tajik-citizens\n"
                      "      quote: four terrorists attacked")
    [finding] = findings_of(project, "D401")
    assert finding.line == line + 1
    assert finding.hint == ("the passage is found verbatim in source "
                            "'tass-csto-anti-terror-measures', not in "
                            "'tashiyev-defends-tajik-citizens': write "
                            "`source: tass-csto-anti-terror-measures`")


def test_the_coverage_gate_says_where_to_cite_even_when_quiet(project: Path) -> None:
    """With -q the D403 warnings that list each uncited statement are not printed: D404
    names the files itself."""
    import subprocess
    import sys

    replace_in(project / "facts/people/kamchybek-tashiyev.yaml",
               "  cite:\n    - source: tashiyev-defends-tajik-citizens\n"
               "      quote: Kamchybek Tashiyev has stood up for citizens of Tajikistan\n",
               "  cite: []\n")
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "check",
                           "-q"], capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "D403" not in done.stdout.split("hint")[0]
    assert "hint: cite the 1 statement without a verified citation, in " \
           "facts/people/kamchybek-tashiyev.yaml (1); `dossier check` without -q lists " \
           "each (D403)" in done.stdout, done.stdout


def test_a_source_page_names_the_figure_each_value_it_supports_counts(project: Path) -> None:
    """"Crocus City Hall attack: figure value", listed three times, said nothing of which."""
    from generator.build import render_all

    _, pages = render_all(project)
    page = html.unescape(pages["sources/tass-csto-anti-terror-measures.md"])
    lines = [line for line in page.splitlines()
             if "(figure value)" in line and "crocus-city-hall-attack" in line]
    assert [line.rpartition(": ")[2] for line in lines] == [
        "killed (figure value)", "injured (figure value)", "detained (figure value)",
        "detained (figure value)"]


def test_told_is_a_verb_of_attribution(project: Path) -> None:
    """A source's "told President Putin" needed `said` to stand in for it."""
    from generator.build import render_all

    replace_in(project / EVENT, "  - by: russian-foreign-ministry\n    verb: called",
               "  - by: russian-foreign-ministry\n    verb: told")
    outcome, pages = render_all(project)
    assert outcome.ok, outcome.findings
    page = html.unescape(pages["events/crocus-city-hall-attack.md"])
    assert "Foreign Ministry](../organisations/russian-foreign-ministry.md) told the " \
           "incident a terrorist attack" in page, page


def guide() -> str:
    from generator.build import render_all
    from tests.conftest import REPO

    return render_all(REPO)[1]["guide.md"]


def test_every_guide_section_a_hint_names_is_in_the_guide() -> None:
    """Hints name guide sections only through `GuideSection`: each is a heading."""
    from generator.format.guide import GuideSection

    headings = {re.sub(r"^#+ (\d+\. )?", "", line) for line in guide().splitlines()
                if line.startswith("#")}
    missing = [s.value for s in GuideSection if s.value not in headings]
    assert missing == [], headings


def test_the_guides_examples_pass_the_check_as_they_stand() -> None:
    """Each YAML example of the guide is a valid piece of a fact file, names ids the
    dossier has and quotes passages its sources hold: it cannot drift from the format."""
    import yaml

    from generator.format.model import Citation, Event, FactModel, Organisation, Person
    from generator.read.record import walk
    from generator.utils.quotes import FoldedText
    from tests.conftest import REPO

    examples = re.findall(r"```yaml\n(.*?)```", guide(), re.DOTALL)
    assert len(examples) >= 9
    ids = {p.stem for p in (REPO / "facts").glob("*/*.yaml")}
    for example in examples:
        data = yaml.safe_load(example)
        data.setdefault("name", {"value": "Example", "cite": []})
        model = Person if "legal_status" in data else Event if {
            "date", "place", "figures", "claims"} & data.keys() else Organisation
        fact: FactModel = model.model_validate(data)
        for _, item in walk(fact):
            for name in ("source", "to", "by", "after"):
                target = getattr(item, name, None)
                assert target is None or target in ids, (target, example)
            if isinstance(item, Citation):
                text = (REPO / "facts/sources" / f"{item.source}.txt").read_text("utf-8")
                assert FoldedText(text).find_all(item.quote), (item.quote, example)


def test_the_guide_lists_every_qualifier() -> None:
    from generator.format.model import Qualifier

    text = guide()
    assert all(f"| `{q.value}` |" in text for q in Qualifier)
    assert "| `more-than` | more than 551 |" in text
