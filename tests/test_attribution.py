"""Who says what: attributed claims, figures side by side, conflicts, and wording that never
states guilt for people who are not convicted."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import check
from generator.cache import BuildCache
from generator.format.model import Event
from generator.utils.escape import md_text
from tests.conftest import replace_in
from tests.golden import rendered

SUSPECTS = ["dalerzhon-mirzoev", "saidakram-rachabalizoda", "shamsidin-fariduni",
            "muhammadsobir-faizov", "aminchon-islomov", "dilovar-islomov", "isroil-islomov",
            "alisher-kasimov", "lutfullo-nazrimada", "yakubzhoni-yusufzoda"]
REQUIRED_CLAIMS = [  # (event page, claimant, words of the claim, channel)
    ("is-k-claim-of-responsibility", "islamic-state-khorasan-province",
     "claimed responsibility", "amaq"),
    ("putin-statement-on-the-attack", "vladimir-putin", "barbaric terrorist act", None),
    ("putin-statement-on-the-attack", "vladimir-putin", "gunmen had been arrested", None),
    ("putin-statement-on-the-attack", "vladimir-putin", "to Ukraine", None),
    ("investigative-committee-statement-on-ukrainian-link", "russian-investigative-committee",
     "Ukrainian nationalists", None),
    ("tashiyev-facebook-statement", "kamchybek-tashiyev", "special services of the Republic",
     None),
    ("csto-parliamentary-assembly-meeting-almaty", "imangali-tasmagambetov",
     "quick to react", None),
]


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return rendered()


@pytest.mark.parametrize("event, by, words, via", REQUIRED_CLAIMS)
def test_required_claims_carry_both_levels_of_attribution(pages: dict[str, str], event: str,
                                                          by: str, words: str,
                                                          via: str | None) -> None:
    lines = [line for line in pages[f"events/{event}.md"].splitlines()
             if md_text(words) in line and line.startswith("> ")]
    assert lines, f"{words!r} not on the page of {event}"
    for line in lines:
        assert line.startswith("> According to [") and "(../sources/" in line
        assert f"{by}.md)" in line and 'class="footnote-ref"' in line
        if via:
            assert "through [" in line and f"{via}.md)" in line


def test_no_claim_is_rendered_as_a_plain_statement(pages: dict[str, str]) -> None:
    checked = check(Path(__file__).resolve().parent.parent)
    for record in checked.dossier.of_kind("events"):
        assert isinstance(record.fact, Event)
        for claim in record.fact.claims:
            for path, text in pages.items():
                if path.startswith("sources/") or not path.endswith(".md"):  # texts, data
                    continue
                for line in _outside_code_blocks(text):
                    if md_text(claim.content) in line and not line.startswith("<p>\u201c"):
                        assert line.startswith(("> According to", "According to",
                                                "- According to")), (path, line)


def _outside_code_blocks(page: str) -> list[str]:
    """The page's lines but those of fenced code blocks: the editors' guide shows a claim
    as it is written in a fact file, which is no statement."""
    lines, fenced = [], False
    for line in page.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def test_figures_show_every_value_side_by_side(pages: dict[str, str]) -> None:
    attack = pages["events/crocus-city-hall-attack.md"]
    assert "### Injured" in attack and "| more than 551 |" in attack and "| 551 |" in attack
    assert "### Detained" in attack and "| 11 |" in attack and "| 10 |" in attack
    assert attack.count("as&#45;of date not stated") >= 4
    conflicts = pages["conflicts.md"]
    assert "### Injured" in conflicts and "### Detained" in conflicts
    assert "### Killed" not in conflicts  # 144 in both texts: no conflict


def test_conflicts_are_information_not_errors() -> None:
    checked = check(Path(__file__).resolve().parent.parent)
    assert checked.ok
    assert {f.code for f in checked.findings} == {"D601", "D602"}


@pytest.mark.parametrize("person", SUSPECTS)
def test_every_suspect_page_shows_a_cited_status_sequence(pages: dict[str, str],
                                                          person: str) -> None:
    page = pages[f"people/{person}.md"]
    assert "## Legal status" in page and "| Legal status | " in page  # and at a glance
    section = page.split("## Legal status", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "**" in line]
    assert rows and all('class="footnote-ref"' in row for row in rows)


def test_a_guilt_label_in_the_dossiers_own_words_fails(project: Path) -> None:
    path = "facts/people/dalerzhon-mirzoev.yaml"
    line = replace_in(project / path, "One of the four men", "One of the four terrorists")
    findings = [f for f in check(project).findings if f.code == "D603"]
    assert [(f.path, f.line) for f in findings] == [(path, line)]
    assert "terrorists" in findings[0].message


def test_the_same_word_in_quotation_marks_or_a_citation_is_accepted(project: Path) -> None:
    path = project / "facts/people/dalerzhon-mirzoev.yaml"
    replace_in(path, "One of the four men", "One of the “four terrorists”")
    assert "four terrorists attacked" in path.read_text()  # in a citation's quote
    assert not [f for f in check(project).findings if f.code == "D603"]


def test_the_word_list_is_configurable(project: Path) -> None:
    replace_in(project / "facts/people/dalerzhon-mirzoev.yaml", "One of the four men",
               "One of the four gunmen")
    assert not [f for f in check(project).findings if f.code == "D603"]
    (project / "dossier.toml").write_text('[wording]\nguilt_labels = ["gunmen"]\n')
    flagged = [f for f in check(project).findings if f.code == "D603"]
    assert "facts/people/dalerzhon-mirzoev.yaml" in {f.path for f in flagged}


def test_a_role_in_an_event_is_checked_against_the_persons_case(project: Path) -> None:
    """An event's participant role is the dossier's own words about that person; and when
    the person is later reported convicted, the remembered finding about the event goes
    (a long-lived build keeps each record's findings only while the people it names hold)."""
    event = "facts/events/detention-of-six-alleged-accomplices.yaml"
    line = replace_in(project / event, "role: detained and placed under arrest on suspicion",
                      "role: terrorist detained and placed under arrest on suspicion")
    cache = BuildCache()
    flagged = [f for f in check(project, cache).findings if f.code == "D603"]
    assert [(f.path, f.line) for f in flagged] == [(event, line)]
    replace_in(project / "facts/people/aminchon-islomov.yaml", "- status: suspected",
               "- status: convicted")
    assert not [f for f in check(project, cache).findings if f.code == "D603"]


def test_the_summary_of_an_event_people_not_convicted_take_part_in_is_checked(
        project: Path) -> None:
    """The summary of an event is the dossier's own words about the people in it (the home
    page leads with its subject's): a guilt label there fails while one of them is not
    convicted, as in their own files."""
    event = "facts/events/detention-of-the-four-gunmen.yaml"
    line = replace_in(project / event, "the four men it names as the gunmen",
                      "the four terrorists it names")
    flagged = [f for f in check(project).findings if f.code == "D603"]
    assert [(f.path, f.line) for f in flagged] == [(event, line)]
    assert "terrorists" in flagged[0].message
