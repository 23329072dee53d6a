"""`dossier.json`: every record with every statement, citation and quote, as in its fact file."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from operator import attrgetter

from ..check.resolve import Dossier
from ..read.record import Record
from ..utils.memo import Memo

FORMAT = "JSON"


def files() -> list[tuple[str, str, Callable[[Dossier, Memo], str]]]:
    return [("dossier.json", "Every record with every statement, citation and quote, as in "
             "the fact files, with the file each comes from", dossier_json)]


def dossier_json(dossier: Dossier, memo: Memo) -> str:
    records = sorted(dossier.records.values(), key=attrgetter("kind", "id"))
    return '{"records":[' + ",".join(memo.of(r, "json", (), partial(_record_json, r))
                                     for r in records) + "]}\n"


def _record_json(record: Record) -> str:
    data = {"id": record.id, "kind": record.kind, "file": record.path,
            **record.fact.model_dump(mode="json", exclude_defaults=True)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
