"""Citation coverage: cited statements over all statements, per record and for the whole
dossier, and of the cited ones those supported and derived (counted by `support`); the gate
that fails a build below the minimum coverage, the table `dossier check` prints, and
`coverage.json`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from ..format.findings import Finding, finding_at
from ..utils.memo import Memo

if TYPE_CHECKING:
    from .verify import Evidence


@dataclass(frozen=True)
class Coverage:
    """Cited statements over all statements, for one record or the whole dossier; and of
    the cited ones, how many their quotes support and how many rest on the editor's declared
    reasoning (counted apart, by `support`)."""

    cited: int
    total: int
    supported: int = 0
    derived: int = 0

    @property
    def percent(self) -> float:
        return 100.0 * self.cited / self.total if self.total else 100.0

    @property
    def support_percent(self) -> float:
        """Supported or derived, over cited: an uncited statement counts against coverage."""
        return 100.0 * (self.supported + self.derived) / self.cited if self.cited else 100.0


def coverage_json(evidence: Evidence, memo: Memo) -> str:
    """The coverage figures as published in the site (`coverage.json`)."""
    overall, per_record = coverage(evidence)
    records = {s.record.id: s.record for s in evidence.statements}
    head = json.dumps({**_figures(overall), "records": []}, indent=1)
    if not per_record:
        return head + "\n"
    # json.dumps(..., indent=1) of the whole, made of each record's part, remembered with
    # the record while its figures hold
    rows = ",\n".join(memo.of(records[rid], "coverage-json", (c,), partial(
        _json_row, rid, records[rid].kind, c)) for rid, c in worst_first(per_record))
    return head.removesuffix("[]\n}") + "[\n" + rows + "\n ]\n}\n"


def _json_row(record_id: str, kind: str, counted: Coverage) -> str:
    """One record's part of `coverage.json`, indented as `json.dumps(..., indent=1)` of the
    whole would indent it."""
    return "\n".join("  " + line for line in json.dumps(
        {"id": record_id, "kind": kind, **_figures(counted)}, indent=1).split("\n"))


def _figures(c: Coverage) -> dict[str, object]:
    """One record's or the whole dossier's figures, as coverage.json gives them."""
    return {"cited": c.cited, "total": c.total, "percent": round(c.percent, 2),
            "supported": c.supported, "derived": c.derived,
            "support_percent": round(c.support_percent, 2)}


def worst_first(per_record: dict[str, Coverage]) -> list[tuple[str, Coverage]]:
    return sorted(per_record.items(), key=lambda item: (item[1].percent,
                                                        item[1].support_percent, item[0]))


def coverage_table(evidence: Evidence, rows: int = 8) -> str:
    """The compact table `dossier check` prints: the least covered records first."""
    overall, per_record = coverage(evidence)
    ordered = worst_first(per_record)
    lines = [f"{'coverage':>9}  {'support':>8}  {'cited':>9}  {'supported':>9}  "
             f"{'derived':>7}  record"]
    lines += [_row(c, rid) for rid, c in ordered[:rows]]
    if len(ordered) > rows:
        lines.append(f"{'':>9}  ({len(ordered) - rows} more records, all at or above "
                     f"{ordered[rows][1].percent:.1f}% coverage)")
    lines.append(_row(overall, "statements in all"))
    return "\n".join(lines)


def _row(c: Coverage, what: str) -> str:
    """A line of the coverage table: of the cited statements, `supported` counts those the
    quotes support and those derived (also counted apart)."""
    return (f"{c.percent:8.1f}%  {c.support_percent:7.1f}%  {f'{c.cited}/{c.total}':>9}  "
            f"{c.supported + c.derived:>9}  {c.derived:>7}  {what}")


def coverage(evidence: Evidence) -> tuple[Coverage, dict[str, Coverage]]:
    """Overall and per record."""
    per_record = evidence.counts  # each record's, counted as its quotes were checked
    overall = Coverage(*(sum(getattr(c, name) for c in per_record.values())
                         for name in ("cited", "total", "supported", "derived")))
    return overall, dict(per_record)


def coverage_gate(evidence: Evidence, minimum: float) -> list[Finding]:
    overall, _ = coverage(evidence)
    if overall.percent + 1e-9 >= minimum:
        return []
    return [finding_at("facts", "D404", f"citation coverage is {overall.percent:.1f}% "
                       f"({overall.cited} of {overall.total} statements); "
                       f"the minimum is {minimum:g}%", _uncited_hint(evidence, overall))]


def _uncited_hint(evidence: Evidence, overall: Coverage, named: int = 5) -> str:
    """Which files to cite statements in, said here: with -q, the D403 warnings that list
    each statement are not printed."""
    files = [(evidence.by_record[rid][0].record.path, c.total - c.cited)
             for rid, c in worst_first(evidence.counts) if c.cited < c.total]
    listed = ", ".join(f"{path} ({count})" for path, count in files[:named])
    more = f" and {len(files) - named} more files" if len(files) > named else ""
    missing = overall.total - overall.cited
    return (f"cite the {missing} statement{'s' if missing > 1 else ''} without a verified "
            f"citation, in {listed}{more}; `dossier check` without -q lists each (D403)")
