"""Open data: the whole dossier as JSON (every citation and quote), CSV per kind,
FollowTheMoney entities as JSON lines, and schema.org JSON-LD for each page.

All of it is rendered into `content/data/` and so published inside the site by MkDocs.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from operator import attrgetter
from typing import Any

from ..format.model import Entity, Event, RelationType, Source
from ..check.resolve import Dossier, Record

DATA = "data"
FTM_SCHEMA = {"people": "Person", "organisations": "Organization", "places": "Address",
              "events": "Event", "sources": "Article"}
SCHEMA_ORG = {"people": "Person", "organisations": "Organization", "places": "Place",
              "events": "Event"}


CSV_KINDS = ("people", "organisations", "places", "events", "sources")


DESCRIPTIONS = {
    "dossier.json": "Every record with every statement, citation and quote, as in the fact "
                    "files, with the file each comes from",
    "ftm.jsonl": "The people, organisations, places, events and sources as FollowTheMoney "
                 "entities, with their relations as links, one JSON object a line",
    **{f"{kind}.csv": f"One row per record of {kind}: id, name, aliases, summary, date, place "
                      "and the sources it cites" for kind in CSV_KINDS},
}
"""What each data file holds, in a reader's words (the data page lists them)."""


def paths() -> list[str]:
    """The path of every data file under `content/`."""
    return [f"{DATA}/dossier.json", f"{DATA}/ftm.jsonl",
            *(f"{DATA}/{kind}.csv" for kind in CSV_KINDS)]


def exports(dossier: Dossier) -> dict[str, str]:
    """Every data file, by its path under `content/`."""
    files = {f"{DATA}/dossier.json": dossier_json(dossier),
             f"{DATA}/ftm.jsonl": "".join(_ftm_lines(dossier, r) for r in sorted(
                 dossier.records.values(), key=attrgetter("id")))}
    for kind in CSV_KINDS:
        files[f"{DATA}/{kind}.csv"] = kind_csv(dossier, kind)
    return files


def dossier_json(dossier: Dossier) -> str:
    records = sorted(dossier.records.values(), key=attrgetter("kind", "id"))
    return '{"records":[' + ",".join(r.memo("json", (), lambda r=r: _record_json(r))
                                     for r in records) + "]}\n"


def _record_json(record: Record) -> str:
    data = {"id": record.id, "kind": record.kind, "file": record.path,
            **record.fact.model_dump(mode="json", exclude_defaults=True)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _ftm_lines(dossier: Dossier, record: Record) -> str:
    """The record's FollowTheMoney entity and links, one JSON object per line (they name
    and type the records they refer to, so they are remade when one of those changes)."""
    return record.memo("ftm", record.near(dossier), lambda: "".join(
        json.dumps(e, sort_keys=True, ensure_ascii=False) + "\n"
        for e in _ftm_of(dossier, record)))


def kind_csv(dossier: Dossier, kind: str) -> str:
    """One row per record (each written once per version of its file)."""
    return _csv_line(["id", "name", "aliases", "summary", "date", "place", "sources"]) + "".join(
        record.memo("csv", (), lambda r=record: _csv_line([r.id, r.name, *_csv_fields(r)]))
        for record in dossier.of_kind(kind))


def _csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([csv_cell(c) for c in cells])
    return out.getvalue()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A cell that a spreadsheet shows as text: one starting like a formula (`=`, `+`, `-`,
    `@`, a tab or a carriage return) gets a leading apostrophe, as OWASP recommends against
    CSV injection; the data page says so."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_fields(record: Record) -> list[str]:
    fact = record.fact
    sources = "|".join(record.cited_sources)
    if isinstance(fact, Source):
        published = fact.published.value if fact.published else None
        return ["", "", published or "", "", sources]
    assert isinstance(fact, Entity)
    date = fact.date.value if isinstance(fact, Event) and fact.date else ""
    place = fact.place.to if isinstance(fact, Event) and fact.place else ""
    return ["|".join(a.value for a in fact.aliases), fact.summary.value if fact.summary else "",
            date or "", place, sources]


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
        return _entity(record.id, "Article", props)
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
    return _entity(record.id, FTM_SCHEMA[record.kind], props)


def _ftm_event(dossier: Dossier, event: Event) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {}
    if event.date and event.date.value:
        props["date"] = [event.date.value]
    if event.place:
        props["addressEntity"] = [event.place.to]
        props["location"] = [dossier.records[event.place.to].name]
    involved = [p.entity for p in event.participants
                if dossier.records[p.entity].kind in ("people", "organisations")]
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


def json_ld(dossier: Dossier, record: Record) -> dict[str, Any]:
    """schema.org data for an entity page, with an inline vocabulary (nothing to fetch)."""
    fact = record.fact
    assert isinstance(fact, Entity)
    data: dict[str, Any] = {"@context": {"@vocab": "https://schema.org/"},
                            "@type": SCHEMA_ORG[record.kind], "@id": f"#{record.id}",
                            "name": record.name,
                            "identifier": record.id}
    if fact.aliases:
        data["alternateName"] = [a.value for a in fact.aliases]
    if fact.summary:
        data["description"] = fact.summary.value
    if isinstance(fact, Event) and fact.date and fact.date.value:
        data["startDate"] = fact.date.value
    if isinstance(fact, Event) and fact.place:
        data["location"] = {"@type": "Place", "name": dossier.records[fact.place.to].name}
    data["citation"] = [{"@type": "CreativeWork", "name": dossier.records[s].name}
                        for s in record.cited_sources]
    return data


def script_json(data: dict[str, Any]) -> str:
    """JSON for inside a <script> data block: `<`, `>` and `&` as escapes, so no text can
    close the element, open a comment or start another; the line separators U+2028 and
    U+2029 too, which a JavaScript string may not hold raw."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.translate(SCRIPT_SAFE)


SCRIPT_SAFE = {ord(c): f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}
