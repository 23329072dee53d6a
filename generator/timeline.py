"""The order of events: by date at its real precision, and events known only relative to
another placed right after it."""

from __future__ import annotations

from .model import Event
from .resolve import Dossier, Record


def ordered_events(dossier: Dossier) -> list[tuple[Record, str]]:
    """Every event with a date or a relative anchor, in timeline order, each with the year
    it is listed under."""
    events = {r.id: r for r in dossier.of_kind("events")}
    keys = {i: k for i in events if (k := _key(events, i, set())) is not None}
    order = sorted(keys, key=lambda i: (keys[i], events[i].name))
    return [(events[i], keys[i][0][:4]) for i in order]


def _key(events: dict[str, Record], event_id: str,
         visiting: set[str]) -> tuple[str, int] | None:
    """(date key, steps after an anchor). An event known only as "after X" takes X's key and
    sorts right after it."""
    fact = events[event_id].fact
    assert isinstance(fact, Event)
    date = fact.date
    if date is None or event_id in visiting:
        return None
    anchor = None
    if date.after in events:
        anchor = _key(events, date.after, visiting | {event_id})
    if date.value:
        key = _period_end(date.value)
        return key, (anchor[1] + 1 if anchor and anchor[0] == key else 0)
    return (anchor[0], anchor[1] + 1) if anchor else None


def _period_end(value: str) -> str:
    """Written dates sort as text, except that a date known only to the year or month goes
    after the days of its period: "sometime in 2024" is not known to precede 22 March 2024."""
    return value if value.count("-") == 2 else value + "~"
