"""The story at a glance (issue 15): the box at the top of event, person and organisation
pages, and the legal-status badge wherever a person is listed, worded as the case allows."""

from __future__ import annotations

import itertools
import re

import pytest

from generator.build import check
from generator.check.wording import STATUS_WORDING, is_convicted, latest_step
from generator.format.model import Citation, LegalStatus, LegalStatusKind, Person, Text
from generator.format.settings import Settings
from generator.render.infobox import badge_of
from tests.golden import REPO, rendered

ATTACK = "events/crocus-city-hall-attack.md"
BADGE = re.compile(r'<span class="dossier-badge dossier-badge--([a-z]+)">'
                   r'<span class="dossier-visually-hidden">legal status: </span>([a-z]+)</span>')


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return rendered()


@pytest.fixture(scope="module")
def in_a_case() -> dict[str, LegalStatusKind]:
    """Every person of the real dossier whose file records a legal step, with the latest."""
    people = {}
    for record in check(REPO).dossier.of_kind("people"):
        assert isinstance(record.fact, Person)
        step = latest_step(record.fact)
        if step is not None:
            people[record.id] = step.status
    return people


def infobox(page: str) -> str:
    start = page.index('<div class="dossier-infobox" markdown>')
    return page[start:page.index("</div>", start)]


def test_the_attack_names_every_suspect_with_a_badge_above_the_figures(
        pages: dict[str, str], in_a_case: dict[str, LegalStatusKind]) -> None:
    assert len(in_a_case) == 10  # the four named as gunmen, the six alleged accomplices
    page = pages[ATTACK]
    box = infobox(page)
    assert page.index(box) < page.index("## Figures") < page.index("| Value | As of")
    for person, status in in_a_case.items():
        line = next(line for line in box.splitlines() if f"(../people/{person}.md)" in line)
        entry = line.split(f"(../people/{person}.md)", 1)[1]
        found = BADGE.match(entry, 1)  # after a space: the badge, then the footnotes
        assert found and found.groups() == (status.value, status.value), (person, entry)
        assert entry[found.end():].startswith('<sup id="fnref'), (person, entry)


def test_the_attacks_box_has_date_place_figures_and_roles_cited(pages: dict[str, str]) -> None:
    rows = [line for line in infobox(pages[ATTACK]).splitlines() if line.startswith("| ")][1:]
    labels = [row.split(" | ", 1)[0].removeprefix("| ") for row in rows]
    assert labels[:5] == ["Date", "Place", "Killed", "Injured", "Detained"]
    assert all('class="footnote-ref"' in row for row in rows)
    by_label = dict(zip(labels, rows, strict=True))
    assert "sources differ" not in by_label["Killed"]  # 144 in both texts
    for differing in ("Injured", "Detained"):
        assert "[sources differ](../conflicts.md#figure-crocus-city-hall-attack-" in \
            by_label[differing]
    assert "more than 551" in by_label["Injured"] and "editor&#39;s calculation" in \
        by_label["Detained"]
    roles = [label for label in labels[5:] if "*(source: [TASS](../sources/" in label]
    assert len(roles) == 2, labels  # the gunmen and the alleged accomplices, each sourced


def test_the_sources_differ_mark_lands_on_the_figure_on_the_conflicts_page(
        pages: dict[str, str]) -> None:
    anchors = re.findall(r"conflicts\.md#([a-z0-9-]+)", infobox(pages[ATTACK]))
    assert len(anchors) == 2
    for anchor in anchors:
        assert f"{{: #{anchor} }}" in pages["conflicts.md"]


def test_a_persons_header_and_box_show_the_latest_cited_step(
        pages: dict[str, str], in_a_case: dict[str, LegalStatusKind]) -> None:
    for person, status in in_a_case.items():
        page = pages[f"people/{person}.md"]
        header = next(line for line in page.splitlines() if line.startswith("<p><em "))
        assert badge_of(status) in header
        line = next(line for line in infobox(page).splitlines() if "| Legal status |" in line)
        assert badge_of(status) in line and 'class="footnote-ref"' in line
        assert STATUS_WORDING[status].lower() in line
        assert "| Roles |" in infobox(page)  # a participant of the attack and of a detention


def test_the_people_index_groups_people_by_status_with_a_status_column(
        pages: dict[str, str], in_a_case: dict[str, LegalStatusKind]) -> None:
    index = pages["people/index.md"]
    for status in set(in_a_case.values()):
        section = index.split(f"{{: #status-{status.value} }}", 1)[1].split("\n## ", 1)[0]
        assert "| Person | Legal status |" in section
        people = {p for p, s in in_a_case.items() if s is status}
        rows = [line for line in section.splitlines() if line.startswith("| [")]
        assert len(rows) == len(people)
        assert all(badge_of(status) in row and "#legal-status)" in row for row in rows)
    rest = index.split("{: #status-none }", 1)[1]
    assert "dossier-badge" not in rest and "(vladimir-putin.md)" in rest
    assert "[Not in a criminal case in the sources (4)](#status-none)" in index


def test_a_person_is_listed_with_a_badge_in_tables_and_lists(pages: dict[str, str]) -> None:
    detention = pages["events/detention-of-the-four-gunmen.md"]
    participants = detention.split("## Participants", 1)[1].split("\n## ", 1)[0]
    assert participants.count("dossier-badge--detained") == 4
    sibling = pages["people/aminchon-islomov.md"].split("## Relations", 1)[1]
    assert "(dilovar-islomov.md) " + badge_of(LegalStatusKind.ARRESTED) in sibling


def test_no_badge_states_guilt_of_someone_not_convicted() -> None:
    """Every sequence of up to three steps: the badge of a person the sources do not report
    convicted (never, or acquitted since) holds no guilt label and does not say convicted."""
    labels = Settings().guilt_labels
    for steps in (s for n in (1, 2, 3) for s in itertools.product(LegalStatusKind, repeat=n)):
        person = Person(name=Text(value="A Person"), legal_status=[
            LegalStatus(status=s, cite=[Citation(source="s", quote="a quote")]) for s in steps])
        step = latest_step(person)
        assert step is not None and step.status is steps[-1]
        words = re.sub(r"<[^>]+>", " ", badge_of(step.status)).lower()
        said = f"{words} {STATUS_WORDING[step.status].lower()}"
        if is_convicted(person):
            continue
        assert "convicted" not in said, steps
        assert not [label for label in labels if label in said], steps
    acquitted = Person(name=Text(value="A Person"), legal_status=[
        LegalStatus(status=s, cite=[Citation(source="s", quote="a quote")])
        for s in (LegalStatusKind.CONVICTED, LegalStatusKind.ACQUITTED)])
    assert "acquitted</span>" in badge_of(latest_step(acquitted).status)  # type: ignore[union-attr]


def test_every_badge_on_every_page_is_its_persons_latest_step(
        pages: dict[str, str], in_a_case: dict[str, LegalStatusKind]) -> None:
    """Wherever a person is listed with a badge, it is theirs: the link just before it."""
    shown = 0
    for path, text in pages.items():
        for found in re.finditer(r"\(([a-z./-]*/)?([a-z0-9-]+)\.md\) " + BADGE.pattern, text):
            assert found[3] == in_a_case[found[2]].value, (path, found[0])
            shown += 1
    assert shown >= 4 * len(in_a_case)  # event boxes and tables, the index, relations
