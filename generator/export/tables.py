"""One CSV file per kind: a row per record (id, name, aliases, summary, date, place and the
sources it cites), for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from functools import partial

from ..check.resolve import Dossier
from ..format.kinds import in_page_order
from ..format.model import Entity, Event, Source
from ..read.record import Record
from ..utils.memo import Memo

FORMAT = "CSV"


def files() -> list[tuple[str, str, Callable[[Dossier, Memo], str]]]:
    return [(f"{kind.folder}.csv", f"One row per record of {kind.folder}: id, name, aliases, "
             "summary, date, place and the sources it cites", partial(kind_csv, kind=kind.folder))
            for kind in in_page_order()]


def kind_csv(dossier: Dossier, memo: Memo, kind: str) -> str:
    """One row per record (each written once per version of its file, `memo`)."""
    return _csv_line(["id", "name", "aliases", "summary", "date", "place", "sources"]) + "".join(
        memo.of(record, "csv", (), partial(_csv_row, record)) for record in dossier.of_kind(kind))


def _csv_row(record: Record) -> str:
    return _csv_line([record.id, record.name, *_csv_fields(record)])


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


