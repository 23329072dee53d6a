"""Stage 5, verify: pinned source texts, and every quote found in its source text.

Everything here reads the resolved dossier and returns findings plus the evidence that render
needs (where each quote sits in its source, how many statements of each record are cited);
nothing is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING

from ..format.figures import quantity_in_words
from ..format.findings import Finding, finding_at
from ..format.guide import GuideSection, see
from ..format.kinds import SOURCES
from ..format.model import Citation, Event, Source, Statement
from ..read.locate import Locator
from ..read.record import Keys, Record
from ..utils.memo import Memo
from ..utils.quotes import FoldedText, Hints
from .coverage import Coverage
from .resolve import Dossier

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
        """The statement in a reader's words: "name", "legal status", and a figure's value
        by what it counts, "killed (figure value)" (a source page may list several)."""
        words = [FIELD_WORDS.get(k, k) for k in self.keys if isinstance(k, str)]
        if words[:1] == ["figure"] and isinstance(self.record.fact, Event):
            figure = self.record.fact.figures[int(self.keys[1])]
            return f"{quantity_in_words(figure.quantity).lower()} (figure value)"
        return " ".join(words[-1:]) or "statement"


@dataclass
class Evidence:
    """What check learned: each source's text, where each quote occurs, and which statements
    rest on which passages."""

    texts: dict[str, FoldedText] = field(default_factory=dict)
    hints: Hints = field(default_factory=Hints)  # "did you mean" passages, made once
    raw: dict[str, bytes] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    spans: dict[tuple[str, str], list[Span]] = field(default_factory=dict)
    statements: list[CitedStatement] = field(default_factory=list)
    counts: dict[str, Coverage] = field(default_factory=dict)  # per record with statements
    citers: dict[str, list[str]] = field(default_factory=dict)
    """The ids of the records citing each source, in file order."""
    by_record: dict[str, tuple[CitedStatement, ...]] = field(default_factory=dict)
    """Each record's statements, in file order."""
    support: Support | None = None
    """What the support stage found (`check.support.support`), once it has run."""

    def spans_of(self, citation: Citation) -> list[Span]:
        return self.spans.get((citation.source, citation.quote), [])

    def citing(self, source_id: str) -> list[CitedStatement]:
        """The statements citing a source, in file order (read from the records that cite
        it, not from every statement of the dossier)."""
        return [item for record_id in self.citers.get(source_id, ())
                for item in self.by_record[record_id]
                if any(c.source == source_id for c in item.statement.cite)]

    def is_verified(self, statement: Statement) -> bool:
        return any(self.spans_of(c) for c in statement.cite)


def verify(dossier: Dossier, texts: dict[str, bytes], known: Evidence | None, memo: Memo,
           locator: Locator) -> tuple[Evidence, list[Finding]]:
    """Pins, quotes and citations of the whole dossier. `known` is the evidence of an earlier
    check: a source text that is byte for byte the same keeps its folding, digest and quote
    positions from it, so only quotes in changed texts or new quotes are searched; `memo`
    keeps each record's statements, and its quotes' findings while the texts it cites are
    the same."""
    evidence, findings = Evidence(), []
    for record in dossier.of_kind(SOURCES):
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
        findings += _check_pin(dossier, record, evidence.digests[record.id], locator)
    def positions_known(key: tuple[str, str]) -> list[Span] | None:
        """Where the last check found a quote, if the text it was found in is unchanged."""
        if known is None or evidence.texts.get(key[0]) is not known.texts.get(key[0]):
            return None
        return known.spans.get(key)

    for record in sorted(dossier.records.values(), key=lambda r: r.path):
        cited = memo.of(record, "statements", (), partial(_statements, record))
        evidence.statements += cited
        evidence.by_record[record.id] = cited
        for source_id in record.cited_sources:
            evidence.citers.setdefault(source_id, []).append(record.id)
        # a record's quotes are searched again only when a text it cites changed
        cited_texts = tuple(evidence.texts.get(s) for s in record.cited_sources)
        problems, spans, counts = memo.of(record, "quotes", cited_texts, partial(
            _check_record, dossier, evidence, record, cited, positions_known, locator))
        evidence.spans.update(spans)
        if counts.total:
            evidence.counts[record.id] = counts
        if any(problem.code == "D401" for problem in problems):
            problems = _found_elsewhere(dossier, evidence, record, cited, problems, locator)
        findings += problems
    return evidence, findings


def _statements(record: Record) -> tuple[CitedStatement, ...]:
    return tuple(CitedStatement(record, keys, obj) for keys, obj in record.objects
                 if isinstance(obj, Statement))


def _check_record(dossier: Dossier, evidence: Evidence, record: Record,
                  cited: tuple[CitedStatement, ...],
                  prior: Callable[[tuple[str, str]], list[Span] | None], locator: Locator,
                  ) -> tuple[list[Finding], dict[tuple[str, str], list[Span]], Coverage]:
    """The findings about one record's citations, where each of its quotes is, and how
    many of its statements rest on a quote that was found."""
    mine, found = Evidence(evidence.texts, hints=evidence.hints), evidence.spans

    def known(key: tuple[str, str]) -> list[Span] | None:
        """Where a quote is, if this check or the last one already searched for it (a plain
        function: a ChainMap's lookups cost a third of the check at 50,000 quotes)."""
        spans = found.get(key)
        return spans if spans is not None else prior(key)
    findings = [problem for item in cited for problem in _check_statement(
        dossier, mine, record, item.keys, item.statement, known, locator)]
    verified = sum(mine.is_verified(item.statement) for item in cited)
    return findings, mine.spans, Coverage(verified, len(cited))


def _check_pin(dossier: Dossier, record: Record, actual: str,
               locator: Locator) -> list[Finding]:
    assert isinstance(record.fact, Source)
    if actual == record.fact.sha256:
        return []
    line, col = locator.locate(dossier.root / record.path, ("sha256",))
    return [finding_at(record.path, "D402",
                       f"facts/sources/{record.id}.txt changed: its sha256 is {actual}, "
                       f"not the pinned {record.fact.sha256}",
                       f"if the change is intended, run `dossier pin {record.id}`: it re-checks "
                       "every quote against the new text and pins it", line, col)]


def _check_statement(dossier: Dossier, evidence: Evidence, record: Record, keys: Keys,
                     statement: Statement,
                     known: Callable[[tuple[str, str]], list[Span] | None],
                     locator: Locator) -> list[Finding]:
    if not statement.cite:
        line, col = locator.locate(dossier.root / record.path, keys)
        return [finding_at(record.path, "D403", f"{_describe(keys)} has no citation",
                           "add `cite:` with the source and the passage that supports it: "
                           "`- source: <source-id>` and `quote: <the passage>` on the lines "
                           f"below; {see(GuideSection.CITATIONS)}",
                           line, col)]
    return [problem for index, citation in enumerate(statement.cite)
            if (problem := _check_quote(dossier, evidence, record,
                                        (*keys, "cite", index), citation, known, locator))]


def _check_quote(dossier: Dossier, evidence: Evidence, record: Record, keys: Keys,
                 citation: Citation, known: Callable[[tuple[str, str]], list[Span] | None],
                 locator: Locator) -> Finding | None:
    text = evidence.texts.get(citation.source)
    if text is None:  # an unknown source is reported by resolve
        return None
    key = (citation.source, citation.quote)
    if key not in evidence.spans:
        found = known(key)
        evidence.spans[key] = found if found is not None else text.find_all(citation.quote)
    if evidence.spans[key]:
        return None
    line, col = locator.locate(dossier.root / record.path, (*keys, "quote"))
    closest = evidence.hints.closest(citation.source, text, citation.quote)
    hint = (f"closest passage, with [-your words-] and {{+the text's words+}}: \"{closest}\""
            if closest is not None else "copy the passage from the source text again (the "
            "closest passage is shown for the first quotes of a source that are not found)")
    return finding_at(record.path, "D401", f"quote not found in source {citation.source!r}",
                      hint, line, col)


def _found_elsewhere(dossier: Dossier, evidence: Evidence, record: Record,
                     cited: tuple[CitedStatement, ...], problems: list[Finding],
                     locator: Locator) -> list[Finding]:
    """`problems`, with each quote not found in its source but found verbatim in another
    said to be there: the right passage under the wrong source id. Worked out at every
    check, not remembered with the record's other findings: it depends on every source
    text, not only on those the record cites."""
    elsewhere: dict[tuple[int, int], tuple[str, list[str]]] = {}
    for item in cited:
        for index, citation in enumerate(item.statement.cite):
            if citation.source not in evidence.texts or evidence.spans_of(citation):
                continue
            if others := evidence.hints.elsewhere(evidence.texts, citation.source,
                                                  citation.quote):
                place = locator.locate(dossier.root / record.path,
                                       (*item.keys, "cite", index, "quote"))
                elsewhere[place] = (citation.source, others)
    return [_in_other_source(p, *elsewhere[(p.line, p.col)])
            if p.code == "D401" and (p.line, p.col) in elsewhere else p for p in problems]


def _in_other_source(problem: Finding, source: str, others: list[str]) -> Finding:
    names = " and ".join(repr(o) for o in others)
    return replace(problem, hint=f"the passage is found verbatim in source {names}, not in "
                   f"{source!r}: write `source: {others[0]}`")


def _describe(keys: Keys) -> str:
    return ".".join(str(k) for k in keys) or "the file"


