"""`ftm.jsonl`: the records as FollowTheMoney entities, their relations as link entities,
one JSON object a line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from ..check.resolve import Dossier
from ..format.kinds import by_folder
from ..format.model import ACTORS, Entity, Event, RelationType, Source
from ..read.record import Record
from ..utils.memo import Memo

FORMAT = "FollowTheMoney (JSON Lines)"


def files() -> list[tuple[str, str, Callable[[Dossier, Memo], str]]]:
    return [("ftm.jsonl", "The people, organisations, places, events and sources as "
             "FollowTheMoney entities, with their relations as links, one JSON object a line",
             ftm_jsonl)]


def ftm_jsonl(dossier: Dossier, memo: Memo) -> str:
    return "".join(_ftm_lines(dossier, r, memo) for r in sorted(dossier.records.values(),
                                                                key=lambda r: r.id))


def _ftm_lines(dossier: Dossier, record: Record, memo: Memo) -> str:
    """The record's FollowTheMoney entity and links, one JSON object per line (they name
    and type the records they refer to, so they are remade when one of those changes)."""
    return memo.of(record, "ftm", dossier.targets_of(record), lambda: "".join(
        json.dumps(e, sort_keys=True, ensure_ascii=False) + "\n"
        for e in _ftm_of(dossier, record)))


def ftm_entities(dossier: Dossier) -> Iterator[dict[str, Any]]:
    """Each record as a FollowTheMoney entity, its relations as link entities; `proof`
    points every entity at the Article entities of the sources it cites."""
    for record in sorted(dossier.records.values(), key=lambda r: r.id):
        yield from _ftm_of(dossier, record)


def _ftm_of(dossier: Dossier, record: Record) -> Iterator[dict[str, Any]]:
    yield _ftm_thing(dossier, record)
    fact = record.fact
    if isinstance(fact, Entity):
        for index, relation in enumerate(fact.relations):
            yield _ftm_link(dossier, record, relation.type, relation.to, relation.role, index)


def _ftm_thing(dossier: Dossier, record: Record) -> dict[str, Any]:
    fact = record.fact
    props: dict[str, list[str]] = {"name": [record.name]}
    if isinstance(fact, Source):
        props = {"title": [fact.title.value if fact.title else fact.label],
                 "language": [_ftm_language(fact.language)]}
        if fact.publisher:
            props["publisher"] = [dossier.records[fact.publisher.to].name]
        if fact.published and fact.published.value:
            props["publishedAt"] = [fact.published.value]
        return _entity(record.id, by_folder(record.kind).ftm_schema, props)
    assert isinstance(fact, Entity)
    if fact.aliases:
        props["alias"] = [a.value for a in fact.aliases]
    if fact.summary:
        props["summary"] = [fact.summary.value]
    props["proof"] = list(record.cited_sources)
    if isinstance(fact, Event):
        props.update(_ftm_event(dossier, fact))
    if record.kind == "places":
        props["full"] = [record.name]
    return _entity(record.id, by_folder(record.kind).ftm_schema, props)


def _ftm_event(dossier: Dossier, event: Event) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {}
    if event.date and event.date.value:
        props["date"] = [event.date.value]
    if event.place:
        props["addressEntity"] = [event.place.to]
        props["location"] = [dossier.records[event.place.to].name]
    involved = [p.entity for p in event.participants
                if dossier.records[p.entity].kind in ACTORS]
    if involved:
        props["involved"] = sorted(set(involved))
    return props


def _ftm_language(code: str) -> str:
    return {"en": "eng", "ru": "rus", "ky": "kir", "tg": "tgk", "kk": "kaz"}.get(code, code)


def _ftm_link(dossier: Dossier, record: Record, kind: RelationType, other: str,
              role: str | None, index: int) -> dict[str, Any]:
    link_id = f"{record.id}-{kind.value}-{index}"
    kinds = (record.kind, dossier.records[other].kind)
    if kind is RelationType.MEMBER_OF and kinds == ("people", "organisations"):
        return _entity(link_id, "Membership", {"member": [record.id], "organization": [other],
                                               "role": [role] if role else []})
    if kind in (RelationType.PARENT_OF, RelationType.SIBLING_OF) and kinds == ("people",
                                                                                "people"):
        word = "child" if kind is RelationType.PARENT_OF else "sibling"
        return _entity(link_id, "Family", {"person": [record.id], "relative": [other],
                                           "relationship": [word]})
    words = kind.value.replace("-", " ") + (f" ({role})" if role else "")
    return _entity(link_id, "UnknownLink", {"subject": [record.id], "object": [other],
                                            "role": [words]})


def _entity(entity_id: str, schema: str, props: dict[str, list[str]]) -> dict[str, Any]:
    return {"id": entity_id, "schema": schema,
            "properties": {k: v for k, v in sorted(props.items()) if v}}


