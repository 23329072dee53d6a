"""The order of things in time, with nothing left out: events by date at their real
precision and the dated steps of people's criminal cases; then, in their own sections, events
the sources place only relative to another, and the events and steps they give no date for.
A step that several people reached on the same date, on the same sources' word, is one line."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from ..check.resolve import Dossier
from ..format.dates import MONTHS
from ..format.model import Date, Event, LegalStatus, LegalStatusKind, Person
from ..read.record import Record

Key = tuple[str, int]
STATUS_STEP = 50  # a legal step sorts after the events of its day: they are what it follows
STEPS = list(LegalStatusKind)  # undated steps of one day or person in the order they come
NO_ANCHOR = "\uffff"  # a relative event whose chain of anchors reaches no date: after the rest


class Section(IntEnum):
    """Where a line goes, in this order."""

    DATED = 0  # at its date
    RELATIVE = 1  # only "after" another event
    UNDATED = 2  # the sources give no date


@dataclass(frozen=True)
class Item:
    """One line of a timeline: an event, or steps of criminal cases (`steps`, each with its
    person; `record` is the first of them): one step that several people reached on the same
    date on the same sources' word, or several steps that the same people reached so."""

    section: Section
    key: Key
    record: Record
    steps: tuple[tuple[Record, LegalStatus], ...] = ()

    @property
    def step(self) -> LegalStatus | None:
        """The first step of the line (None for an event)."""
        return self.steps[0][1] if self.steps else None

    @property
    def people(self) -> list[Record]:
        """Everyone the line names, each once, in order (none for an event)."""
        return list({person.id: person for person, _ in self.steps}.values())

    @property
    def kinds(self) -> list[list[LegalStatus]]:
        """The line's steps by what they share (`same_step`), in order: each is one step,
        with each person's statement of it."""
        kinds: dict[tuple[object, ...], list[LegalStatus]] = {}
        for _, step in self.steps:
            kinds.setdefault(same_step(step), []).append(step)
        return list(kinds.values())

    @property
    def year(self) -> str:
        return self.key[0][:4]

    @property
    def month(self) -> str:
        written = self.key[0]
        if len(written) >= 7 and written[4] == "-" and written[5:7].isdigit():
            return f"{MONTHS[int(written[5:7]) - 1]} {written[:4]}"
        return "Month not stated"


def timeline(dossier: Dossier) -> list[Item]:
    """Every event and every legal step: the dated in order, then the relative, then the
    undated (events by name, then steps by the first person named, in the order of a case)."""
    events = {r.id: r for r in dossier.of_kind("events")}
    keys: dict[str, Key | None] = {}
    items = [_event_item(events, i, keys) for i in events]
    steps = [(person, step) for person in dossier.of_kind("people")
             if isinstance(person.fact, Person) for step in person.fact.legal_status]
    items += _grouped(steps)
    return sorted(items, key=lambda item: (item.section, item.key, item.record.name,
                                           STEPS.index(item.step.status) if item.step else 0))


def _event_item(events: dict[str, Record], event_id: str, keys: dict[str, Key | None]) -> Item:
    record, date = events[event_id], _date(events[event_id])
    if date is not None and date.value:
        return Item(Section.DATED, _key(events, event_id, keys) or ("", 0), record)
    if date is not None and date.after:
        return Item(Section.RELATIVE, _key(events, event_id, keys) or (NO_ANCHOR, 0),
                    record)
    return Item(Section.UNDATED, ("", 0), record)


def same_step(step: LegalStatus) -> tuple[object, ...]:
    """What steps share to be told on one line: date, step, detail and cited sources."""
    return (step.when, step.status, step.detail, tuple(sorted({c.source for c in step.cite})))


def step_read(step: LegalStatus) -> str:
    """What a page that shows a step reads: who else reached the same step (`same_step`), so
    that a person added to its line or taken from it renders the page again."""
    return f"step:{same_step(step)!r}"


def _grouped(steps: list[tuple[Record, LegalStatus]]) -> list[Item]:
    """One item per step reached on the same date on the same sources' word, naming each
    person who reached it (in order of their names); the steps the same people reached on
    the same date (or with none) go on one line, in the order of a case."""
    groups: dict[tuple[object, ...], list[tuple[Record, LegalStatus]]] = {}
    for person, step in sorted(steps, key=lambda s: (s[0].name, s[0].id)):
        groups.setdefault(same_step(step), []).append((person, step))
    lines: dict[tuple[object, ...], list[tuple[Record, LegalStatus]]] = {}
    for group in sorted(groups.values(), key=lambda g: STEPS.index(g[0][1].status)):
        when = group[0][1].when
        lines.setdefault((when, *(person.id for person, _ in group)), []).extend(group)
    items = []
    for line in lines.values():
        person, step = line[0]
        section, key = ((Section.DATED, _period_end(step.when)) if step.when
                        else (Section.UNDATED, ""))
        items.append(Item(section, (key, STATUS_STEP), person, tuple(line)))
    return items


def _key(events: dict[str, Record], event_id: str, keys: dict[str, Key | None]) -> Key | None:
    """(date key, steps after an anchor), memoised in `keys`. An event known only as "after
    X" takes X's key and sorts right after it. The chain of anchors is followed in a loop,
    not by recursion: a chain of thousands of events is as good as a short one. An anchor
    that leads back into the chain (a cycle) counts as no anchor; one with no date of its
    own or before it puts the chain after every event placed from a date."""
    chain: list[str] = []
    on_chain: set[str] = set()
    anchor_id: str | None = event_id
    while anchor_id in events and anchor_id not in keys and anchor_id not in on_chain:
        chain.append(anchor_id)
        on_chain.add(anchor_id)
        date = _date(events[anchor_id])
        anchor_id = date.after if date is not None else None
    anchor = keys.get(anchor_id) if anchor_id is not None else None
    for chained in reversed(chain):
        date, key = _date(events[chained]), None
        if date is not None and date.value:
            own = _period_end(date.value)
            key = (own, anchor[1] + 1 if anchor and anchor[0] == own else 0)
        elif date is not None and date.after:  # after no dated event: kept in chain order
            key = (anchor[0], anchor[1] + 1) if anchor else (NO_ANCHOR, 0)
        keys[chained] = anchor = key
    return keys[event_id]


def _date(record: Record) -> Date | None:
    assert isinstance(record.fact, Event)
    return record.fact.date


def _period_end(value: str) -> str:
    """Written dates sort as text, except that a date known only to the year or month goes
    after the days of its period: "sometime in 2024" is not known to precede 22 March 2024."""
    return value if value.count("-") == 2 else value + "~"
