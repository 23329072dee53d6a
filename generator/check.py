"""Stage 4, check: pinned source texts, quotes found in them, and citation coverage.

Everything here reads the resolved dossier and returns findings plus the evidence that render
needs (where each quote sits in its source); nothing is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .findings import Finding, finding_at
from .load import locate
from .model import Citation, Source, Statement
from .quotes import FoldedText
from .resolve import Dossier, Keys, Record

if TYPE_CHECKING:
    from .support import Support

Span = tuple[int, int]


FIELD_WORDS = {"legal_status": "legal status", "figures": "figure", "values": "value",
               "relations": "relation", "participants": "participant", "claims": "claim",
               "aliases": "alias"}


@dataclass(frozen=True)
class CitedStatement:
    """A statement of one record, where it is in the file, and its citations."""

    record: Record
    keys: Keys
    statement: Statement

    @property
    def what(self) -> str:
        """The statement in a reader's words: "name", "figure value", "legal status"."""
        words = [FIELD_WORDS.get(k, k) for k in self.keys if isinstance(k, str)]
        return " ".join(words[-2:] if words[:1] == ["figure"] else words[-1:]) or "statement"


@dataclass
class Evidence:
    """What check learned: each source's text, where each quote occurs, and which statements
    rest on which passages."""

    texts: dict[str, FoldedText] = field(default_factory=dict)
    raw: dict[str, bytes] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    spans: dict[tuple[str, str], list[Span]] = field(default_factory=dict)
    statements: list[CitedStatement] = field(default_factory=list)
    counts: dict[str, Coverage] = field(default_factory=dict)  # per record with statements
    # the ids of the records citing each source, and each record's statements, in file order
    _citers: dict[str, list[str]] = field(default_factory=dict)
    _of_record: dict[str, tuple[CitedStatement, ...]] = field(default_factory=dict)
    _coverage: tuple[Coverage, dict[str, Coverage]] | None = None
    support: Support | None = None  # what the support stage found (`support.check_support`)

    def of_record(self, record_id: str) -> tuple[CitedStatement, ...]:
        """A record's statements, in file order."""
        return self._of_record.get(record_id, ())

    def spans_of(self, citation: Citation) -> list[Span]:
        return self.spans.get((citation.source, citation.quote), [])

    def citing(self, source_id: str) -> list[CitedStatement]:
        """The statements citing a source, in file order (read from the records that cite
        it, not from every statement of the dossier)."""
        return [item for record_id in self._citers.get(source_id, ())
                for item in self._of_record[record_id]
                if any(c.source == source_id for c in item.statement.cite)]

    def is_verified(self, statement: Statement) -> bool:
        return any(self.spans_of(c) for c in statement.cite)


def check(dossier: Dossier, texts: dict[str, bytes],
          known: Evidence | None = None) -> tuple[Evidence, list[Finding]]:
    """Pins, quotes and citations of the whole dossier. `known` is the evidence of an earlier
    check: a source text that is byte for byte the same keeps its folding, digest and quote
    positions from it, so only quotes in changed texts or new quotes are searched."""
    evidence, findings = Evidence(), []
    for record in dossier.of_kind("sources"):
        if record.id not in texts:  # reported by gather as missing
            continue
        raw = texts[record.id]
        if known is not None and known.raw.get(record.id) == raw:
            evidence.texts[record.id] = known.texts[record.id]
            evidence.digests[record.id] = known.digests[record.id]
        else:
            evidence.texts[record.id] = FoldedText(raw.decode("utf-8"))
            evidence.digests[record.id] = hashlib.sha256(raw).hexdigest()
        evidence.raw[record.id] = raw
        findings += _check_pin(dossier, record, evidence.digests[record.id])
    def positions_known(key: tuple[str, str]) -> list[Span] | None:
        """Where the last check found a quote, if the text it was found in is unchanged."""
        if known is None or evidence.texts.get(key[0]) is not known.texts.get(key[0]):
            return None
        return known.spans.get(key)

    for record in sorted(dossier.records.values(), key=lambda r: r.path):
        cited = record.memo("statements", (), lambda record=record: tuple(
            CitedStatement(record, keys, obj) for keys, obj in record.objects
            if isinstance(obj, Statement)))
        evidence.statements += cited
        evidence._of_record[record.id] = cited
        for source_id in record.cited_sources:
            evidence._citers.setdefault(source_id, []).append(record.id)
        # a record's quotes are searched again only when a text it cites changed
        texts = tuple(evidence.texts.get(s) for s in record.cited_sources)
        problems, spans, counts = record.memo("quotes", texts, lambda record=record,
                                              cited=cited: (
            _check_record(dossier, evidence, record, cited, positions_known)))
        evidence.spans.update(spans)
        if counts.total:
            evidence.counts[record.id] = counts
        findings += problems
    return evidence, findings


def _check_record(dossier: Dossier, evidence: Evidence, record: Record,
                  cited: tuple[CitedStatement, ...],
                  prior: Callable[[tuple[str, str]], list[Span] | None],
                  ) -> tuple[list[Finding], dict[tuple[str, str], list[Span]], Coverage]:
    """The findings about one record's citations, where each of its quotes is, and how
    many of its statements rest on a quote that was found."""
    mine, found = Evidence(evidence.texts), evidence.spans

    def known(key: tuple[str, str]) -> list[Span] | None:
        """Where a quote is, if this check or the last one already searched for it (a plain
        function: a ChainMap's lookups cost a third of the check at 50,000 quotes)."""
        spans = found.get(key)
        return spans if spans is not None else prior(key)
    findings = [problem for item in cited for problem in _check_statement(
        dossier, mine, record, item.keys, item.statement, known)]
    verified = sum(mine.is_verified(item.statement) for item in cited)
    return findings, mine.spans, Coverage(verified, len(cited))


def _check_pin(dossier: Dossier, record: Record, actual: str) -> list[Finding]:
    assert isinstance(record.fact, Source)
    if actual == record.fact.sha256:
        return []
    line, col = locate(dossier.root / record.path, ("sha256",))
    return [finding_at(record.path, "D402",
                       f"facts/sources/{record.id}.txt changed: its sha256 is {actual}, "
                       f"not the pinned {record.fact.sha256}",
                       f"if the change is intended, run `dossier pin {record.id}`: it re-checks "
                       "every quote against the new text and pins it", line, col)]


def _check_statement(dossier: Dossier, evidence: Evidence, record: Record, keys: Keys,
                     statement: Statement,
                     known: Callable[[tuple[str, str]], list[Span] | None]) -> list[Finding]:
    if not statement.cite:
        line, col = locate(dossier.root / record.path, keys)
        return [finding_at(record.path, "D403", f"{_describe(keys)} has no citation",
                           "add `cite:` with the source and the passage that supports it",
                           line, col)]
    return [problem for index, citation in enumerate(statement.cite)
            if (problem := _check_quote(dossier, evidence, record,
                                        (*keys, "cite", index), citation, known))]


def _check_quote(dossier: Dossier, evidence: Evidence, record: Record, keys: Keys,
                 citation: Citation,
                 known: Callable[[tuple[str, str]], list[Span] | None]) -> Finding | None:
    text = evidence.texts.get(citation.source)
    if text is None:  # an unknown source is reported by resolve
        return None
    key = (citation.source, citation.quote)
    if key not in evidence.spans:
        found = known(key)
        evidence.spans[key] = found if found is not None else text.find_all(citation.quote)
    if evidence.spans[key]:
        return None
    line, col = locate(dossier.root / record.path, (*keys, "quote"))
    closest = text.closest(citation.quote)
    return finding_at(record.path, "D401",
                      f"quote not found in source {citation.source!r}",
                      f"closest passage, with [-your words-] and {{+the text's words+}}: "
                      f"\"{closest}\"", line, col)


def _describe(keys: Keys) -> str:
    return ".".join(str(k) for k in keys) or "the file"


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


def coverage_json(evidence: Evidence) -> str:
    """The coverage figures as published in the site (`coverage.json`)."""
    import json

    overall, per_record = coverage(evidence)
    records = {s.record.id: s.record for s in evidence.statements}
    head = json.dumps({**_figures(overall), "records": []}, indent=1)
    if not per_record:
        return head + "\n"
    # json.dumps(..., indent=1) of the whole, made of each record's part, remembered with
    # the record while its figures hold
    rows = ",\n".join(records[rid].memo("coverage-json", (c,), lambda rid=rid, c=c: "\n".join(
        "  " + line for line in json.dumps(
            {"id": rid, "kind": records[rid].kind, **_figures(c)}, indent=1).split("\n")))
        for rid, c in worst_first(per_record))
    return head.removesuffix("[]\n}") + "[\n" + rows + "\n ]\n}\n"


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
    """Overall and per record (counted once per check: the gate, the table, the page and
    coverage.json all ask)."""
    if evidence._coverage is None:
        evidence._coverage = _count(evidence)
    return evidence._coverage


def _count(evidence: Evidence) -> tuple[Coverage, dict[str, Coverage]]:
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
                       f"the minimum is {minimum:g}%",
                       "cite the statements reported as uncited above")]
