"""schema.org JSON-LD: for each entity page, in a `<script>` data block, and for the whole
dossier, `dossier.jsonld`, the same data of every entity in one graph."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from ..check.resolve import Dossier
from ..format.kinds import by_folder
from ..format.model import Entity, Event
from ..read.record import Record
from ..utils.memo import Memo

FORMAT = "JSON-LD (schema.org)"
CONTEXT = {"@vocab": "https://schema.org/"}  # inline: nothing for a reader's tool to fetch


def files() -> list[tuple[str, str, Callable[[Dossier, Memo], str]]]:
    return [("dossier.jsonld", "The people, organisations, places and events as schema.org "
             "data (names, aliases, summary, date, place, the sources cited), as each of their "
             "pages carries it", dossier_json_ld)]


def dossier_json_ld(dossier: Dossier, memo: Memo) -> str:
    """Every entity's data in one graph, in id order (each remade only when the record or
    a record it names changes)."""
    entities = sorted((r for r in dossier.records.values() if isinstance(r.fact, Entity)),
                      key=lambda r: r.id)
    return ('{"@context":' + json.dumps(CONTEXT) + ',"@graph":[\n' + ",\n".join(
        memo.of(r, "json-ld", dossier.targets_of(r), partial(_node, dossier.records, r))
        for r in entities) + "\n]}\n")


def _node(records: Mapping[str, Record], record: Record) -> str:
    data = json_ld(records, record)
    del data["@context"]
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def json_ld(records: Mapping[str, Record], record: Record) -> dict[str, Any]:
    """schema.org data for an entity page, with an inline vocabulary (nothing to fetch)."""
    fact = record.fact
    assert isinstance(fact, Entity)
    data: dict[str, Any] = {"@context": CONTEXT,
                            "@type": by_folder(record.kind).schema_org, "@id": f"#{record.id}",
                            "name": record.name,
                            "identifier": record.id}
    if fact.aliases:
        data["alternateName"] = [a.value for a in fact.aliases]
    if fact.summary:
        data["description"] = fact.summary.value
    if isinstance(fact, Event) and fact.date and fact.date.value:
        data["startDate"] = fact.date.value
    if isinstance(fact, Event) and fact.place:
        data["location"] = {"@type": "Place", "name": records[fact.place.to].name}
    data["citation"] = [{"@type": "CreativeWork", "name": records[s].name}
                        for s in record.cited_sources]
    return data


def script_json(data: dict[str, Any]) -> str:
    """JSON for inside a <script> data block: `<`, `>` and `&` as escapes, so no text can
    close the element, open a comment or start another; the line separators U+2028 and
    U+2029 too, which a JavaScript string may not hold raw."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.translate(SCRIPT_SAFE)


SCRIPT_SAFE = {ord(c): f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}
