"""The timeline leaves nothing out: every event and every step of a criminal case in the facts
is on it once, the dated in order at their date, the others under "Date not stated"; a step
several people reached on the same date on the same sources' word is one line naming them all
(and the steps the same people reached on one date, or with none, share it).
Each entity's own timeline follows the same rules. What is expected is worked out from the
facts, for the real dossier and a synthetic one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import build
from generator.check.resolve import Dossier
from generator.format.dates import in_words
from generator.format.model import Event, LegalStatusKind, Person
from generator.read.record import Record
from tests.conftest import REPO, synthetic_dossier

UNDATED_HEADING = "Date not stated"
LINK = re.compile(r"\[(?:[^\]\\]|\\.)*\]\(([^)]+)\.md\)")
SUBJECT = re.compile(r"\[(?:[^\]\\]|\\.)*\]\(([^)]+)\.md\)(?=<sup|$)")
STEP = re.compile(r"^(?:\*\*(?P<when>[^*]+)\*\*: )?(?P<who>.*?): legal status (?P<steps>\*.*)$")
STATUS = re.compile(r"(?:^|; )\*([a-z]+)\*")  # each step of a line ("*detained*; *arrested*")


@dataclass(frozen=True)
class Line:
    dated: bool
    text: str

    @property
    def step(self) -> re.Match[str] | None:
        return STEP.match(self.text)

    def subjects(self) -> list[str]:
        """The record ids the line is about: the people of a step, or the event."""
        step = self.step
        if step is not None:
            return [_id(target) for target in LINK.findall(step["who"])]
        return [_id(target) for target in SUBJECT.findall(self.text.split("<sup")[0] + "<sup")]


def _id(target: str) -> str:
    return target.rsplit("/", 1)[-1]


def timeline_lines(markdown: str, undated_heading: str) -> list[Line]:
    """The list items of a timeline, each with whether it comes before `undated_heading`."""
    lines, dated = [], True
    for raw in markdown.splitlines():
        if raw.lstrip("#").strip() == UNDATED_HEADING and raw.startswith(undated_heading):
            dated = False
        elif raw.startswith("- "):
            lines.append(Line(dated, raw[2:]))
    return lines


def missing(events: list[Record], people: list[Record], lines: list[Line]) -> list[str]:
    """What of `events` and of the legal steps of `people` the timeline `lines` do not
    show exactly once, in its section (dated or not), at its date."""
    wrong = []
    for event in events:
        assert isinstance(event.fact, Event)
        dated = event.fact.date is not None and bool(event.fact.date.value)
        found = [line for line in lines if line.step is None and line.subjects() == [event.id]]
        if [line.dated for line in found] != [dated]:
            wrong.append(f"event {event.id}: {len(found)} lines, expected 1 "
                         f"{'dated' if dated else 'undated'}")
    for person in people:
        assert isinstance(person.fact, Person)
        for step in person.fact.legal_status:
            found = [line for line in lines if (match := line.step) is not None
                     and person.id in line.subjects()
                     and step.status.value in STATUS.findall(match["steps"])
                     and match["when"] == (in_words(step.when) if step.when else None)]
            if [line.dated for line in found] != [bool(step.when)]:
                wrong.append(f"step {person.id} {step.status.value} {step.when}: "
                             f"{len(found)} lines")
    return wrong


@pytest.fixture(scope="module", params=["real", "synthetic"])
def rendered(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> tuple[Dossier, dict[str, str]]:
    root = REPO if request.param == "real" else synthetic_dossier(
        tmp_path_factory, "timeline", 120, seed=5)
    outcome, pages = build.render_all(Path(root))
    assert outcome.ok and outcome.checked is not None, [f.format() for f in outcome.findings]
    return outcome.checked.dossier, pages


def test_the_timeline_shows_every_event_and_every_legal_step_once(
        rendered: tuple[Dossier, dict[str, str]]) -> None:
    dossier, pages = rendered
    lines = timeline_lines(pages["timeline.md"], "## ")
    events, people = dossier.of_kind("events"), dossier.of_kind("people")
    assert missing(events, people, lines) == []
    kinds = {"dated": False, "relative": False, "undated": False, "undated step": False}
    for event in events:
        date = getattr(event.fact, "date", None)
        kinds["dated" if date and date.value else "relative" if date else "undated"] = True
    kinds["undated step"] = any(not step.when for person in people
                                if isinstance(person.fact, Person)
                                for step in person.fact.legal_status)
    assert all(kinds.values()), kinds  # both dossiers have each kind of line to test


def test_taking_any_line_out_of_the_timeline_is_noticed(
        rendered: tuple[Dossier, dict[str, str]]) -> None:
    dossier, pages = rendered
    lines = timeline_lines(pages["timeline.md"], "## ")
    events, people = dossier.of_kind("events"), dossier.of_kind("people")
    for gone in range(len(lines)):
        assert missing(events, people, lines[:gone] + lines[gone + 1:]), lines[gone].text


def test_steps_on_the_same_date_and_sources_are_one_line_naming_everyone(
        rendered: tuple[Dossier, dict[str, str]]) -> None:
    dossier, pages = rendered
    lines = timeline_lines(pages["timeline.md"], "## ")
    shared = shared_steps(dossier)
    assert any(len(people) > 1 for people in shared)
    for people, steps in shared.items():
        for when, status in steps:
            named = [set(line.subjects()) for line in lines if (match := line.step) is not None
                     and status in STATUS.findall(match["steps"])
                     and match["when"] == (in_words(when) if when else None)
                     and people & set(line.subjects())]
            assert named == [people], (people, named)


def test_every_entity_timeline_puts_the_dated_first_and_leaves_out_none_of_its_own(
        rendered: tuple[Dossier, dict[str, str]]) -> None:
    dossier, pages = rendered
    for record in (*dossier.of_kind("events"), *dossier.of_kind("people")):
        page = pages[record.page]
        section = page.split("\n## Timeline\n", 1)[1].split("\n## ", 1)[0] \
            if "\n## Timeline\n" in page else ""
        lines = timeline_lines(section, "### ")
        own = ([record], []) if record.kind == "events" else ([], [record])
        assert missing(*own, lines) == [], record.page
        if "### " + UNDATED_HEADING in section:
            assert section.index("### " + UNDATED_HEADING) > max(
                (section.index(f"- {line.text}") for line in lines if line.dated), default=0)


def test_the_steps_the_same_people_reached_on_one_date_share_a_line(
        rendered: tuple[Dossier, dict[str, str]]) -> None:
    dossier, pages = rendered
    lines = timeline_lines(pages["timeline.md"], "## ")
    together: dict[tuple[str | None, frozenset[str]], set[str]] = {}
    for people, steps in shared_steps(dossier).items():
        for when, status in steps:
            together.setdefault((when, people), set()).add(status)
    for (when, people), statuses in together.items():
        found = [set(STATUS.findall(match["steps"])) for line in lines
                 if (match := line.step) is not None and set(line.subjects()) == people
                 and match["when"] == (in_words(when) if when else None)]
        assert found == [statuses], (people, found)


def shared_steps(dossier: Dossier) -> dict[frozenset[str], set[tuple[str | None, str]]]:
    """For each set of people who reached a step together (same date, step, detail and
    sources), the (date, step) of each step they reached together."""
    shared: dict[tuple[str | None, LegalStatusKind, str | None, tuple[str, ...]], set[str]] = {}
    for person in dossier.of_kind("people"):
        assert isinstance(person.fact, Person)
        for step in person.fact.legal_status:
            key = (step.when, step.status, step.detail,
                   tuple(sorted({c.source for c in step.cite})))
            shared.setdefault(key, set()).add(person.id)
    steps: dict[frozenset[str], set[tuple[str | None, str]]] = {}
    for (when, status, _, _), people in shared.items():
        steps.setdefault(frozenset(people), set()).add((when, status.value))
    return steps
