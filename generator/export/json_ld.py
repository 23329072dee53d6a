"""schema.org JSON-LD for each entity page, in a `<script>` data block."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..format.kinds import by_folder
from ..format.model import Entity, Event
from ..read.record import Record


def json_ld(records: Mapping[str, Record], record: Record) -> dict[str, Any]:
    """schema.org data for an entity page, with an inline vocabulary (nothing to fetch)."""
    fact = record.fact
    assert isinstance(fact, Entity)
    data: dict[str, Any] = {"@context": {"@vocab": "https://schema.org/"},
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
