"""Stage 5b, support: after `verify` found each quote in its source, whether the quotes say
what their statements say (`support_rules`), counted per record beside citation coverage,
with a finding at each value that its quotes do not support and a gate (`--min-support`).

A quote is first looked at as written (most statements are settled so); only where that
cannot settle it is it read as a `Passage`, once per distinct quote and check, its numbers
and dates worked out when first asked. Each record's judgement, findings included, is
remembered with the record in the build cache's `memo` while the records it names and the
texts it cites are the same: a live preview judges again only what an edit touched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..format.findings import Finding, finding_at
from ..format.model import Date, Entity, Event, Source, Statement
from ..read.locate import Locator
from ..read.record import Keys, Record
from ..utils.memo import Memo
from ..utils.numbers import NumberWords
from ..utils.passage import Passage
from ..utils.quotes import fold
from .coverage import Coverage, coverage
from .resolve import Dossier
from .support_parts import Ground, Quotes
from .support_rules import RULES, SUPPORTED, Verdict, judge
from .verify import CitedStatement, Evidence

DOSSIER_LANGUAGE = "en"  # the language of the dossier's own words (its templates, its guide)


class RecordSupport:
    """One record's judgement: the verdicts of its statements that are not simply supported
    (unsupported, derived, or with a note for the page), how many are supported and how
    many derived, and the findings at its values. (A plain class: one is made per record
    and version.)"""

    __slots__ = ("derived", "findings", "supported", "verdicts")

    def __init__(self, verdicts: tuple[tuple[CitedStatement, Verdict], ...], supported: int,
                 derived: int, findings: list[Finding]):
        self.verdicts, self.supported, self.derived = verdicts, supported, derived
        self.findings = findings


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


def support(dossier: Dossier, evidence: Evidence, memo: Memo,
            locator: Locator) -> list[Finding]:
    """Judge every cited statement; put each record's counts into `evidence.counts` and the
    whole judgement into `evidence.support`; return the findings (sorted by the caller)."""
    reader = _Reader(dossier, evidence, memo)
    found, findings = Support(), []
    texts, records, counts = evidence.texts, dossier.records, evidence.counts
    for record_id, cited in evidence.by_record.items():
        if not cited:
            continue
        record = records[record_id]
        depends = (dossier.targets_of(record), tuple(map(texts.get, record.cited_sources)),
                   _followed_texts(record, records, texts))
        judged = memo.known(record, "support", depends, RecordSupport)
        if judged is None:
            judged = memo.put(record, "support", depends,
                              _judge_record(dossier, record, cited, reader, locator))
        found.records[record_id] = judged
        if (c := counts.get(record_id)) is not None and (
                c.supported != judged.supported or c.derived != judged.derived):
            counts[record_id] = Coverage(c.cited, c.total, judged.supported, judged.derived)
        for item, verdict in judged.verdicts:  # most records: none
            if verdict.year_from:
                found.year_from[id(item.statement)] = verdict.year_from
        findings += judged.findings
    evidence.support = found
    return findings


def _followed_texts(record: Record, records: Mapping[str, Record],
                    texts: Mapping[str, object]) -> tuple[object, ...]:
    """The texts cited by the event whose date a record's date follows (`after`): a date
    placed after an event is judged through that event's quotes, which are found or not in
    those texts (the event's record is among the record's targets; the texts are not)."""
    date = record.fact.__dict__.get("date")  # only an event has one; no pydantic lookup
    anchor = records.get(date.after) if isinstance(date, Date) and date.after else None
    return tuple(map(texts.get, anchor.cited_sources)) if anchor is not None else ()


def _judge_record(dossier: Dossier, record: Record, cited: tuple[CitedStatement, ...],
                  reader: _Reader, locator: Locator) -> RecordSupport:
    kept, supported, derived = [], 0, 0
    quotes_of, ground, owner = reader.quotes, reader.ground, record.id
    plain, read, rule_of = reader.every_quote_found, reader.passage, RULES.get
    for item in cited:
        statement = item.statement
        # `reader.quotes`, written out for a clean dossier (the usual case, once a statement)
        quotes = (Quotes(statement.cite, read) if statement.cite else None) if plain \
            else quotes_of(statement)
        if quotes is None:  # no quote found: not cited, reported by verify
            continue
        # `judge`'s commonest answer, written out: the rule finds nothing lacking, and
        # there is no derivation or year from elsewhere to tell
        rule = rule_of(type(statement))
        if (rule is None or not rule(statement, quotes, owner, ground)) and \
                not quotes.year_from and statement.__dict__.get("derived") is None:
            supported += 1
            continue
        verdict = judge(statement, quotes, owner, ground)
        if verdict is SUPPORTED:
            supported += 1
            continue
        if verdict.supported:
            derived += verdict.derived
            supported += not verdict.derived
        kept.append((item, verdict))
    findings = _findings(dossier, record, kept, locator) if kept else []
    if isinstance(record.fact, Entity) and record.fact.short_forms:  # (no `getattr` with a
        # default: on a model without the field it goes through pydantic's `__getattr__`)
        findings += _short_form_findings(dossier, record, locator)
    return RecordSupport(tuple(kept), supported, derived, findings)


class _Reader:
    """Reads the passages of statements (each distinct quote once per check) and answers
    the rules' questions about the rest of the dossier (`support_parts.Ground`)."""

    def __init__(self, dossier: Dossier, evidence: Evidence, memo: Memo):
        self.dossier, self.evidence, self.memo = dossier, evidence, memo
        self.read: dict[tuple[str, str], Passage] = {}
        self._words: dict[str, NumberWords] = {}
        self._names: dict[str, tuple[str, ...]] = {}
        self._published: dict[str, int | None] = {}
        # a clean dossier (the usual case): no quote to leave out, so none is looked up
        self.every_quote_found = all(evidence.spans.values()) and {
            s for record in dossier.records.values() for s in record.cited_sources
        } <= evidence.texts.keys()
        self.ground = Ground(self.names, self.published, self.event_date,
                             self.words(DOSSIER_LANGUAGE))

    def words(self, language: str) -> NumberWords:
        """The number words of a language, worked out once for as long as the build cache
        lives (they depend on nothing in the dossier)."""
        found = self._words.get(language)
        if found is None:
            found = self._words[language] = self.memo.last(
                f"number-words {language}", language, lambda: NumberWords(language))
        return found

    def quotes(self, statement: Statement) -> Quotes | None:
        """The verified quotes of a statement, or None when it has none, or cites a source
        that could not be read (reported where it is: its quotes are unknown, not wrong).
        When verify found every quote of the dossier, they are the statement's own."""
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
        """A quote read once per check, in its source's language."""
        key = (source, quote)
        found = self.read.get(key)
        if found is None:
            fact = self.dossier.records[source].fact
            language = fact.language if isinstance(fact, Source) else DOSSIER_LANGUAGE
            found = self.read[key] = Passage(quote, self.words(language))
        return found

    def unreadable(self, statement: object) -> bool:
        """Whether a statement cites a source whose text verify could not read."""
        return any(c.source not in self.evidence.texts for c in getattr(statement, "cite", ()))

    def names(self, record_id: str) -> tuple[str, ...]:
        found = self._names.get(record_id)
        if found is None:
            record = self.dossier.records.get(record_id)
            found = self._names[record_id] = goes_by(record.fact) if record is not None and \
                isinstance(record.fact, Entity) else ()
        return found

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


def goes_by(entity: Entity) -> tuple[str, ...]:
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


def _findings(dossier: Dossier, record: Record,
              verdicts: list[tuple[CitedStatement, Verdict]], locator: Locator) -> list[Finding]:
    found = []
    for item, verdict in verdicts:
        for lack in verdict.lacks:
            line, col = locator.locate(dossier.root / record.path, (*item.keys, *lack.keys))
            found.append(finding_at(record.path, lack.code, f"{item.what}: {lack.message}",
                                    lack.hint, line, col))
    return found


def _short_form_findings(dossier: Dossier, record: Record, locator: Locator) -> list[Finding]:
    fact = record.fact
    if not isinstance(fact, Entity) or not fact.short_forms:
        return []
    names = goes_by(fact)
    found = []
    for index, short in enumerate(fact.short_forms):
        if short not in names:
            line, col = locator.locate(dossier.root / record.path, ("short_forms", index))
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
