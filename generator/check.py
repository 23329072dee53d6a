"""Stage 4, check: pinned source texts, quotes found in them, and citation coverage.

Everything here reads the resolved dossier and returns findings plus the evidence that render
needs (where each quote sits in its source); nothing is written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .findings import Finding, finding_at
from .load import locate
from .model import Citation, Source, Statement
from .quotes import FoldedText
from .resolve import Dossier, Keys, Record

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
    spans: dict[tuple[str, str], list[Span]] = field(default_factory=dict)
    statements: list[CitedStatement] = field(default_factory=list)
    _by_source: dict[str, list[CitedStatement]] = field(default_factory=dict)

    def spans_of(self, citation: Citation) -> list[Span]:
        return self.spans.get((citation.source, citation.quote), [])

    def citing(self, source_id: str) -> list[CitedStatement]:
        """The statements citing a source, in file order (indexed on first use)."""
        if not self._by_source:
            for item in self.statements:
                for source in {c.source for c in item.statement.cite}:
                    self._by_source.setdefault(source, []).append(item)
        return self._by_source.get(source_id, [])

    def is_verified(self, statement: Statement) -> bool:
        return any(self.spans_of(c) for c in statement.cite)


def check(dossier: Dossier, texts: dict[str, bytes]) -> tuple[Evidence, list[Finding]]:
    evidence, findings = Evidence(), []
    for record in dossier.of_kind("sources"):
        if record.id not in texts:  # reported by gather as missing
            continue
        findings += _check_pin(dossier, record, texts)
        evidence.texts[record.id] = FoldedText(texts[record.id].decode("utf-8"))
    for record in sorted(dossier.records.values(), key=lambda r: r.path):
        for keys, obj in record.objects:
            if isinstance(obj, Statement):
                evidence.statements.append(CitedStatement(record, keys, obj))
                findings += _check_statement(dossier, evidence, record, keys, obj)
    return evidence, findings


def _check_pin(dossier: Dossier, record: Record, texts: dict[str, bytes]) -> list[Finding]:
    assert isinstance(record.fact, Source)
    actual = hashlib.sha256(texts[record.id]).hexdigest()
    if actual == record.fact.sha256:
        return []
    line, col = locate(dossier.root / record.path, ("sha256",))
    return [finding_at(record.path, "D402",
                       f"facts/sources/{record.id}.txt changed: its sha256 is {actual}, "
                       f"not the pinned {record.fact.sha256}",
                       f"if the change is intended, run `dossier pin {record.id}`: it re-checks "
                       "every quote against the new text and pins it", line, col)]


def _check_statement(dossier: Dossier, evidence: Evidence, record: Record, keys: Keys,
                     statement: Statement) -> list[Finding]:
    if not statement.cite:
        line, col = locate(dossier.root / record.path, keys)
        return [finding_at(record.path, "D403", f"{_describe(keys)} has no citation",
                           "add `cite:` with the source and the passage that supports it",
                           line, col)]
    return [problem for index, citation in enumerate(statement.cite)
            if (problem := _check_quote(dossier, evidence, record,
                                        (*keys, "cite", index), citation))]


def _check_quote(dossier: Dossier, evidence: Evidence, record: Record, keys: Keys,
                 citation: Citation) -> Finding | None:
    text = evidence.texts.get(citation.source)
    if text is None:  # an unknown source is reported by resolve
        return None
    key = (citation.source, citation.quote)
    if key not in evidence.spans:
        evidence.spans[key] = text.find_all(citation.quote)
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
    """Cited statements over all statements, for one record or the whole dossier."""

    cited: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.cited / self.total if self.total else 100.0


def coverage_json(evidence: Evidence) -> str:
    """The coverage figures as published in the site (`coverage.json`)."""
    import json

    overall, per_record = coverage(evidence)
    kinds = {s.record.id: s.record.kind for s in evidence.statements}
    return json.dumps({
        "cited": overall.cited, "total": overall.total, "percent": round(overall.percent, 2),
        "records": [{"id": rid, "kind": kinds[rid], "cited": c.cited, "total": c.total,
                     "percent": round(c.percent, 2)} for rid, c in worst_first(per_record)],
    }, indent=1) + "\n"


def worst_first(per_record: dict[str, Coverage]) -> list[tuple[str, Coverage]]:
    return sorted(per_record.items(), key=lambda item: (item[1].percent, item[0]))


def coverage_table(evidence: Evidence, rows: int = 8) -> str:
    """The compact table `dossier check` prints: the least covered records first."""
    overall, per_record = coverage(evidence)
    ordered = worst_first(per_record)
    lines = [f"{'coverage':>9}  {'cited':>5}  record"]
    lines += [f"{c.percent:8.1f}%  {c.cited:>2}/{c.total:<2}  {rid}" for rid, c in ordered[:rows]]
    if len(ordered) > rows:
        lines.append(f"{'':>9}  ({len(ordered) - rows} more records, all at or above "
                     f"{ordered[rows][1].percent:.1f}%)")
    lines.append(f"{overall.percent:8.1f}%  {overall.cited}/{overall.total} statements in all")
    return "\n".join(lines)


def coverage(evidence: Evidence) -> tuple[Coverage, dict[str, Coverage]]:
    per_record: dict[str, list[int]] = {}
    for item in evidence.statements:
        counts = per_record.setdefault(item.record.id, [0, 0])
        counts[0] += evidence.is_verified(item.statement)
        counts[1] += 1
    overall = Coverage(sum(c for c, _ in per_record.values()),
                       sum(t for _, t in per_record.values()))
    return overall, {rid: Coverage(c, t) for rid, (c, t) in per_record.items()}


def coverage_gate(evidence: Evidence, minimum: float) -> list[Finding]:
    overall, _ = coverage(evidence)
    if overall.percent + 1e-9 >= minimum:
        return []
    return [finding_at("facts", "D404", f"citation coverage is {overall.percent:.1f}% "
                       f"({overall.cited} of {overall.total} statements); "
                       f"the minimum is {minimum:g}%",
                       "cite the statements reported as uncited above")]
