"""The home page tells the dossier at a glance, from its facts alone: the subject event's
summary, date, place and figures (every value where sources differ, marked so), everyone in
a criminal case with the latest step, who took part, the latest events, what is disputed
and where to start; each line cited. Nothing of the real dossier is written in a template:
a synthetic dossier gets the same page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import build
from generator.check.resolve import resolve
from generator.format.model import Event, Person
from generator.read.locate import Locator
from generator.read.record import Record
from generator.render.home import subject
from generator.render.infobox import badge_of
from tests.conftest import REPO, problems, replace_in, synthetic_dossier


def home_of(root: Path) -> tuple[str, build.Outcome]:
    outcome, pages = build.render_all(root, min_support=0)
    assert outcome.ok, [f.format() for f in outcome.findings if f.severity.name == "ERROR"]
    return pages["index.md"], outcome


def first_screen(page: str) -> str:
    """What comes before the first section heading: the lede and the table at a glance."""
    return page.split("\n## ", 1)[0]


def test_the_real_home_page_tells_what_when_where_and_the_toll() -> None:
    page, outcome = home_of(REPO)
    checked = outcome.checked
    assert checked is not None
    attack = checked.dossier.records["crocus-city-hall-attack"]
    assert isinstance(attack.fact, Event) and attack.fact.date and attack.fact.place
    top = first_screen(page)
    assert top.startswith(f"# {attack.name}: a fact dossier {{: #top }}")
    assert "](events/crocus-city-hall-attack.md)" in top
    assert "| Date | 22 March 2024" in top
    place = checked.dossier.records[attack.fact.place.to]
    assert f"| Place | [{place.name}](places/{place.id}.md)" in top
    killed = next(f for f in attack.fact.figures if f.quantity == "killed")
    assert re.search(rf"\| Killed \| {killed.values[0].value}<sup", top)
    # where sources differ: every value, and the mark that leads to the conflicts page
    injured = next(f for f in attack.fact.figures if f.quantity == "injured")
    row = next(line for line in top.splitlines() if line.startswith("| Injured |"))
    assert all(f"{v.value}<sup" in row for v in injured.values)
    assert "[sources differ](conflicts.md#figure-crocus-city-hall-attack-" in row
    assert re.search(r"<sup id=\"fnref:c1\">", top)  # the lede is cited, from footnote 1
    for gunman in ("dalerzhon-mirzoev", "muhammadsobir-faizov"):  # who took part, with badges
        assert re.search(rf"\(people/{gunman}\.md\) <span class=\"dossier-badge ", top)


def test_the_home_page_links_to_everyone_in_a_criminal_case_with_the_latest_step() -> None:
    page, outcome = home_of(REPO)
    assert outcome.checked is not None
    cases = [r for r in outcome.checked.dossier.of_kind("people")
             if isinstance(r.fact, Person) and r.fact.legal_status]
    assert len(cases) >= 10
    section = page.split("## People in a criminal case", 1)[1].split("\n## ", 1)[0]
    for record in cases:
        assert isinstance(record.fact, Person)
        line = next(line for line in section.splitlines()
                    if f"[{record.name}](people/{record.id}.md)" in line)
        assert f"| {badge_of(record.fact.legal_status[-1].status)} |" in line  # the step
        assert "<sup id=" in line  # the step is cited


def test_the_home_page_lists_what_is_disputed_and_where_to_start() -> None:
    page, outcome = home_of(REPO)
    assert outcome.checked is not None
    conflicts = outcome.checked.conflicts
    section = page.split("## What the sources give differently", 1)[1].split("\n## ", 1)[0]
    assert len([line for line in section.splitlines() if line.startswith("- ")]) == len(
        conflicts.figures) + len(conflicts.claims)
    start = page.split("## Where to start", 1)[1].split("\n## ", 1)[0]
    for target in ("people/index.md", "timeline.md", "network.md", "conflicts.md",
                   "data/index.md"):
        assert f"]({target})" in start


def test_without_a_setting_the_subject_is_the_event_the_dossier_hangs_on() -> None:
    outcome, _ = build.render_all(REPO, min_support=0)
    assert outcome.checked is not None
    dossier = outcome.checked.dossier
    named = subject(dossier, "detention-of-the-four-gunmen")
    assert named is not None and named.id == "detention-of-the-four-gunmen"
    chosen = subject(dossier, "")
    assert chosen is not None and isinstance(chosen.fact, Event) and chosen.fact.figures

    def weight(record: Record) -> int:
        fact = record.fact
        assert isinstance(fact, Event)
        return len(dossier.backlinks.get(record.id, ())) + len(fact.participants)
    assert weight(chosen) == max(weight(r) for r in dossier.of_kind("events")
                                 if isinstance(r.fact, Event) and r.fact.figures)
    assert subject(dossier, "vladimir-putin") == chosen  # a person is no subject
    empty, _ = resolve(REPO, [], frozenset(), Locator())
    assert subject(empty, "") is None


def test_a_subject_that_is_no_event_is_a_finding_with_its_fix(project: Path) -> None:
    replace_in(project / "dossier.toml", 'subject = "crocus-city-hall-attack"',
               'subject = "vladimir-putin"')
    found = [f for f in problems(project) if f.code == "D114"]
    assert len(found) == 1 and found[0].path == "dossier.toml"
    assert "'vladimir-putin'" in found[0].message and "facts/events/" in found[0].hint
    replace_in(project / "dossier.toml", 'subject = "vladimir-putin"', 'subject = "Not An Id"')
    found = [f for f in problems(project) if f.code == "D114"]
    assert found and "home.subject must be the id of an event" in found[0].message


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_dossier(tmp_path_factory, "home", 120, 5)


def test_a_synthetic_dossier_gets_the_same_home_page(synthetic: Path) -> None:
    page, outcome = home_of(synthetic)
    assert outcome.checked is not None
    about = subject(outcome.checked.dossier, "")
    assert about is not None
    top = first_screen(page)
    assert top.startswith(f"# {about.name}: a fact dossier {{: #top }}")
    assert "| At a glance |" in top
    assert "<sup id=\"fnref:c1\">" in top
    for heading in ("## People in a criminal case", "## Latest events", "## Where to start"):
        assert heading in page
