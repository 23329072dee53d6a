"""The order of things in time: events by date at their real precision, events known only
relative to another placed right after it, and the dated steps of people's criminal cases."""

from __future__ import annotations

from dataclasses import dataclass

from ..check.resolve import Dossier
from ..format.dates import MONTHS
from ..format.model import Date, Event, LegalStatus, Person
from ..read.record import Record

Key = tuple[str, int]
STATUS_STEP = 50  # a legal step sorts after the events of its day: they are what it follows


@dataclass(frozen=True)
class Item:
    """One line of a timeline: an event, or one dated step of a person's criminal case."""

    key: Key
    record: Record
    step: LegalStatus | None = None

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
    """Every dated or relatively placed event, and every dated legal step, in order."""
    events = {r.id: r for r in dossier.of_kind("events")}
    keys: dict[str, Key | None] = {}
    items = [Item(key, events[i]) for i in events if (key := _key(events, i, keys))]
    for person in dossier.of_kind("people"):
        assert isinstance(person.fact, Person)
        items += [Item((_period_end(step.when), STATUS_STEP), person, step)
                  for step in person.fact.legal_status if step.when]
    return sorted(items, key=lambda item: (item.key, item.record.name,
                                           item.step.status.value if item.step else ""))


def _key(events: dict[str, Record], event_id: str, keys: dict[str, Key | None]) -> Key | None:
    """(date key, steps after an anchor), memoised in `keys`. An event known only as "after
    X" takes X's key and sorts right after it. The chain of anchors is followed in a loop,
    not by recursion: a chain of thousands of events is as good as a short one. An anchor
    that leads back into the chain (a cycle) counts as no anchor."""
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
        elif date is not None and anchor:
            key = (anchor[0], anchor[1] + 1)
        keys[chained] = anchor = key
    return keys[event_id]


def _date(record: Record) -> Date | None:
    assert isinstance(record.fact, Event)
    return record.fact.date


def _period_end(value: str) -> str:
    """Written dates sort as text, except that a date known only to the year or month goes
    after the days of its period: "sometime in 2024" is not known to precede 22 March 2024."""
    return value if value.count("-") == 2 else value + "~"
