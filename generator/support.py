"""Stage 4b, support: after `check` found each quote in its source, whether the quotes say
what their statements say (`support_rules`), counted per record beside citation coverage,
with a finding at each value that its quotes do not support and a gate (`--min-support`).

A quote is first looked at as written (most statements are settled so); only where that
cannot settle it is it read as a `Passage`, once per distinct quote, its numbers and dates
worked out when first asked. In a long-lived process a record is judged again only when it,
a record it refers to, or a text it cites changed (`SupportCache`).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field

from .check import CitedStatement, Coverage, Evidence, coverage
from .findings import Finding, finding_at
from .model import Date, Entity, Event, Source, Statement
from .passage import Passage
from .quotes import fold
from .resolve import Dossier, Keys, Record
from .support_parts import Ground, Quotes
from .support_rules import SUPPORTED, Verdict, judge


class RecordSupport:
    """One record's judgement: the verdicts of its statements that are not simply supported
    (unsupported, derived, or with a note for the page), and how many are supported and how
    many derived. (A plain class: one is made per record and check.)"""

    __slots__ = ("verdicts", "supported", "derived")

    def __init__(self, verdicts: tuple[tuple[CitedStatement, Verdict], ...], supported: int,
                 derived: int):
        self.verdicts, self.supported, self.derived = verdicts, supported, derived


@dataclass
class Support:
    """What the support stage found: each record's verdicts, and for a statement whose year
    came from a source's publication date, that source (by `id` of the statement)."""

    records: dict[str, RecordSupport] = field(default_factory=dict)
    year_from: dict[int, str] = field(default_factory=dict)

    def year_source(self, statement: object) -> str | None:
        return self.year_from.get(id(statement))

    def unsupported(self) -> list[tuple[CitedStatement, Verdict]]:
        """Every cited statement its quotes do not support, record by record."""
        return [(item, verdict) for rid in sorted(self.records)
                for item, verdict in self.records[rid].verdicts if verdict.lacks]


@dataclass
class SupportCache:
    """What a process that checks the same dossier again and again keeps between checks:
    each quote as read (by source and quote), and each record's judgement with what it was
    made from. Plain data, owned by the caller (`pipeline.Memory`)."""

    passages: dict[tuple[str, str], Passage] = field(default_factory=dict)
    records: dict[str, tuple[tuple[object, ...], RecordSupport]] = field(default_factory=dict)


def check_support(dossier: Dossier, evidence: Evidence,
                  cache: SupportCache | None = None) -> list[Finding]:
    """Judge every cited statement; put each record's counts into `evidence.counts` and the
    whole judgement into `evidence.support`; return the findings. With `cache` (a process
    that checks again and again), a record whose inputs are the same objects as last time
    keeps its judgement; without, nothing is kept (and what a record depends on is not even
    gathered).

    The cyclic garbage collector is paused meanwhile: what the stage makes (passages, quotes,
    verdicts) holds no reference cycle, so its passes over those many small objects find
    nothing, and at 10,000 entities they cost a quarter of the stage. Everything is freed as
    usual when its last reference goes."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _check_support(dossier, evidence, cache)
    finally:
        if paused:
            gc.enable()


def _check_support(dossier: Dossier, evidence: Evidence,
                   cache: SupportCache | None) -> list[Finding]:
    known = cache if cache is not None else SupportCache()
    fresh = SupportCache()
    reader = _Reader(dossier, evidence, known.passages, fresh.passages)
    support, findings = Support(), []
    for record in dossier.records.values():  # the findings are sorted by the caller
        cited = evidence.of_record(record.id)
        if not cited:
            continue
        if cache is None:
            judged = _judge_record(record, cited, reader)
        else:
            depends = (record, *record.near(dossier),
                       *(evidence.texts.get(s) for s in record.cited_sources))
            before = known.records.get(record.id)
            judged = before[1] if before is not None and _same(before[0], depends) else \
                _judge_record(record, cited, reader)
            fresh.records[record.id] = (depends, judged)
        findings += _record(dossier, evidence, support, record, judged)
    if cache is not None:
        cache.passages, cache.records = fresh.passages, fresh.records
    evidence.support = support
    return findings


def _record(dossier: Dossier, evidence: Evidence, support: Support, record: Record,
            judged: RecordSupport) -> list[Finding]:
    """Put a record's judgement where the pages and the counts read it; its findings."""
    support.records[record.id] = judged
    if (c := evidence.counts.get(record.id)) is not None:
        evidence.counts[record.id] = Coverage(c.cited, c.total, judged.supported,
                                              judged.derived)
    for item, verdict in judged.verdicts:
        if verdict.year_from:
            support.year_from[id(item.statement)] = verdict.year_from
    found = _findings(dossier, record, judged) if judged.verdicts else []
    if getattr(record.fact, "short_forms", None):
        found += _short_form_findings(dossier, record)
    return found


def _same(before: tuple[object, ...], now: tuple[object, ...]) -> bool:
    return len(before) == len(now) and all(a is b for a, b in zip(before, now))


def _judge_record(record: Record, cited: tuple[CitedStatement, ...],
                  reader: _Reader) -> RecordSupport:
    kept, supported, derived = [], 0, 0
    quotes_of, ground, owner = reader.quotes, reader.ground, record.id
    for item in cited:
        quotes = quotes_of(item.statement)
        if quotes is None:  # no quote found: not cited, reported by check
            continue
        verdict = judge(item.statement, quotes, owner, ground)
        if verdict is SUPPORTED:
            supported += 1
            continue
        if verdict.supported:
            derived += verdict.derived
            supported += not verdict.derived
        kept.append((item, verdict))
    return RecordSupport(tuple(kept), supported, derived)


class _Reader:
    """Reads the passages of statements (each distinct quote once) and answers the rules'
    questions about the rest of the dossier (`support_parts.Ground`)."""

    def __init__(self, dossier: Dossier, evidence: Evidence,
                 known: dict[tuple[str, str], Passage], read: dict[tuple[str, str], Passage]):
        self.dossier, self.evidence, self.known, self.read = dossier, evidence, known, read
        self._names: dict[str, tuple[str, ...]] = {}
        # a clean dossier (the usual case): no quote to leave out, so none is looked up
        self.every_quote_found = all(evidence.spans.values()) and {
            s for record in dossier.records.values() for s in record.cited_sources
        } <= evidence.texts.keys()
        self._published: dict[str, int | None] = {}
        self.ground = Ground(self.names, self.published, self.event_date)

    def quotes(self, statement: Statement) -> Quotes | None:
        """The verified quotes of a statement, or None when it has none, or cites a source
        that could not be read (reported where it is: its quotes are unknown, not wrong).
        When the check found every quote of the dossier, they are the statement's own."""
        if self.every_quote_found:
            return Quotes(statement.cite, self.passage) if statement.cite else None
        texts, spans, found = self.evidence.texts, self.evidence.spans, []
        for citation in statement.cite:
            if spans.get((citation.source, citation.quote)):
                found.append(citation)
            elif citation.source not in texts:
                return None
        return Quotes(found, self.passage) if found else None

    def passage(self, source: str, quote: str) -> Passage:
        """A quote read once per check (or taken from the last check's reading)."""
        key = (source, quote)
        found = self.read.get(key) or self.known.get(key)
        if found is None:
            fact = self.dossier.records[source].fact
            found = Passage(quote, getattr(fact, "language", "en"))
        self.read[key] = found
        return found

    def unreadable(self, statement: object) -> bool:
        """Whether a statement cites a source whose text the check could not read."""
        return any(c.source not in self.evidence.texts for c in getattr(statement, "cite", ()))

    def names(self, record_id: str) -> tuple[str, ...]:
        if record_id not in self._names:
            record = self.dossier.records.get(record_id)
            self._names[record_id] = names_of(record.fact) if record is not None and \
                isinstance(record.fact, Entity) else ()
        return self._names[record_id]

    def published(self, source_id: str) -> int | None:
        if source_id not in self._published:
            record = self.dossier.records.get(source_id)
            date = record.fact.published if record is not None and isinstance(
                record.fact, Source) else None
            cited = date is not None and date.value and self.evidence.is_verified(date)
            self._published[source_id] = int(date.value[:4]) if cited and date and \
                date.value else None
        return self._published[source_id]

    def event_date(self, event_id: str) -> tuple[Date | None, Quotes | None] | None:
        """An event's date and its quotes; None when there is no such event (resolve, or
        the event's own file, reports that: the dates placed after it are not judged)."""
        record = self.dossier.records.get(event_id)
        if record is None or not isinstance(record.fact, Event):
            return None
        date = record.fact.date
        if date is not None and self.unreadable(date):
            return None
        return date, self.quotes(date) if date is not None else None


def names_of(entity: Entity) -> tuple[str, ...]:
    """The names a thing goes by, its name first: its name and aliases, as written and as
    quoted, and the short forms made of their words."""
    if not (entity.aliases or entity.short_forms or entity.name.quoted_as):
        return (entity.name.value,)
    names = [entity.name.value, entity.name.quoted_as]
    for alias in entity.aliases:
        names += [alias.value, alias.quoted_as]
    full = [n for n in dict.fromkeys(names) if n]
    return tuple(full) + tuple(s for s in entity.short_forms if _made_of(s, full)
                               and s not in full)


def _made_of(short: str, names: list[str]) -> bool:
    words = {w for name in names for w in fold(name).casefold().split()}
    return bool(short.split()) and all(w in words for w in fold(short).casefold().split())


def _findings(dossier: Dossier, record: Record, judged: RecordSupport) -> list[Finding]:
    found = []
    for item, verdict in judged.verdicts:
        for lack in verdict.lacks:
            line, col = record.place(dossier.root, (*item.keys, *lack.keys))
            found.append(finding_at(record.path, lack.code, f"{item.what}: {lack.message}",
                                    lack.hint, line, col))
    return found


def _short_form_findings(dossier: Dossier, record: Record) -> list[Finding]:
    fact = record.fact
    if not isinstance(fact, Entity) or not fact.short_forms:
        return []
    names = names_of(fact)
    found = []
    for index, short in enumerate(fact.short_forms):
        if short not in names:
            line, col = record.place(dossier.root, ("short_forms", index))
            found.append(finding_at(record.path, "D414", f"short form \u201c{short}\u201d is "
                                    "not made of words of the name or an alias, so no quote "
                                    "is read through it", "write it with words of the name "
                                    "or an alias, or add the longer form as a cited alias",
                                    line, col))
    return found


def support_gate(evidence: Evidence, minimum: float) -> list[Finding]:
    """D410 when fewer cited statements than `minimum` percent are supported or derived."""
    overall, _ = coverage(evidence)
    if overall.support_percent + 1e-9 >= minimum:
        return []
    backed = overall.supported + overall.derived
    return [finding_at("facts", "D410", f"support is {overall.support_percent:.1f}% ({backed} "
                       f"of {overall.cited} cited statements, {overall.derived} of them "
                       f"derived); the minimum is {minimum:g}%",
                       "make each value say what its quote says, as the findings above show")]


def unsupported_places(evidence: Evidence) -> dict[str, str]:
    """Each cited statement that its quotes do not support, by its place (`record.keys`),
    with what its quotes lack: what `dossier diff` compares."""
    if evidence.support is None:
        return {}
    return {_place(item.record.id, item.keys): "; ".join(lack.message for lack in verdict.lacks)
            for item, verdict in evidence.support.unsupported()}


def _place(record_id: str, keys: Keys) -> str:
    return record_id + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys)
