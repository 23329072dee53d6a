"""`dossier.json`: every record with every statement, citation and quote, as in its fact file."""

from __future__ import annotations

import json
from collections.abc import Callable
from operator import attrgetter

from ..check.resolve import Dossier, Record


def files() -> list[tuple[str, str, Callable[[Dossier], str]]]:
    return [("dossier.json", "Every record with every statement, citation and quote, as in "
             "the fact files, with the file each comes from", dossier_json)]


def dossier_json(dossier: Dossier) -> str:
    records = sorted(dossier.records.values(), key=attrgetter("kind", "id"))
    return '{"records":[' + ",".join(r.memo("json", (), lambda r=r: _record_json(r))
                                     for r in records) + "]}\n"


def _record_json(record: Record) -> str:
    data = {"id": record.id, "kind": record.kind, "file": record.path,
            **record.fact.model_dump(mode="json", exclude_defaults=True)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
