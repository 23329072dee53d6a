"""Wording that follows the legal status: what the dossier may call a person in a criminal
case in its own voice, and the check that it never states guilt that no conviction supports."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from ..format.findings import Finding, finding_at
from ..format.model import Event, LegalStatus, LegalStatusKind, Participant, Person, Value
from ..read.locate import Locator
from ..read.record import Keys, Record
from ..utils.memo import Memo
from .resolve import Dossier

STATUS_WORDING = {
    LegalStatusKind.SUSPECTED: "Suspect",
    LegalStatusKind.DETAINED: "Detained as a suspect",
    LegalStatusKind.ARRESTED: "Under arrest as a suspect",
    LegalStatusKind.CHARGED: "Accused: charged",
    LegalStatusKind.CONVICTED: "Convicted",
    LegalStatusKind.ACQUITTED: "Acquitted",
    LegalStatusKind.RELEASED: "Released",
}
QUOTED = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019")


def current_wording(person: Person) -> str | None:
    """How the dossier describes a person's place in the case: from the latest step."""
    if not person.legal_status:
        return None
    return STATUS_WORDING[person.legal_status[-1].status]


def latest_step(person: Person) -> LegalStatus | None:
    """The latest cited step of a person's criminal case (the list is in date order): what
    their badge shows, in the step's own word ("detained"). A badge says "convicted" only
    when that is the latest step, so only of a person `is_convicted` holds for; no other
    step word is a guilt label."""
    return person.legal_status[-1] if person.legal_status else None


def is_convicted(person: Person) -> bool:
    """Whether the latest verdict the sources report is a conviction (an acquittal or no
    verdict at all leaves a person unconvicted)."""
    verdicts = [s.status for s in person.legal_status
                if s.status in (LegalStatusKind.CONVICTED, LegalStatusKind.ACQUITTED)]
    return bool(verdicts) and verdicts[-1] is LegalStatusKind.CONVICTED


def check_wording(dossier: Dossier, labels: tuple[str, ...], allowed: tuple[str, ...],
                  memo: Memo, locator: Locator) -> list[Finding]:
    """Every guilt label in the dossier's own words about a person who is not convicted.
    Quotations and the `allowed` phrases ("terrorist attack") do not count. Each record's
    findings are remembered (`memo`) while it, the people it names and the rules hold."""
    if not labels:
        return []
    rules = _rules(labels, allowed)
    findings = []
    for record in dossier.of_kind("people"):
        findings += memo.of(record, "wording", rules, partial(
            _findings, dossier, rules, _own_words_of_person(record), locator))
    for record in dossier.of_kind("events"):
        findings += memo.of(record, "wording", (*rules, *dossier.targets_of(record)), partial(
            _findings, dossier, rules, _roles_in_event(dossier, record), locator))
    return findings


def _rules(labels: tuple[str, ...], allowed: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The guilt labels as one pattern, and what exempts a passage (quotations, `allowed`)."""
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in labels) + r")(e?s)?\b",
                         re.IGNORECASE)
    exempt = re.compile("|".join([QUOTED.pattern] + [re.escape(p) for p in allowed]),
                        re.IGNORECASE)
    return pattern, exempt


def _findings(dossier: Dossier, rules: tuple[re.Pattern[str], ...],
              texts: Iterator[tuple[Record, Keys, str]], locator: Locator) -> list[Finding]:
    pattern, exempt = rules
    findings = []
    for record, keys, text in texts:
        blanked = exempt.sub(lambda m: " " * len(m.group(0)), text)
        found = pattern.search(blanked)
        if found:
            earlier = len(re.findall(re.escape(found.group(0)), text[:found.start()], re.I))
            line, col = locator.locate_words(dossier.root / record.path, keys, found.group(0),
                                             earlier)
            findings.append(finding_at(
                record.path, "D603", f"{found.group(0)!r} states guilt, but no source reports "
                "a conviction", "describe by legal status (suspect, accused, charged with …) "
                "or quote the source in quotation marks", line, col))
    return findings


def _unconvicted(record: Record | None) -> bool:
    return record is not None and isinstance(record.fact, Person) and not is_convicted(
        record.fact)


def _own_words_of_person(record: Record) -> Iterator[tuple[Record, Keys, str]]:
    """The dossier's own text about an unconvicted person in their file: summary, names,
    roles, the details of their legal steps and the reasoning behind derived values."""
    fact = record.fact
    if not _unconvicted(record):
        return
    assert isinstance(fact, Person)
    if fact.summary:
        yield record, ("summary", "value"), fact.summary.value
    for index, alias in enumerate(fact.aliases):
        yield record, ("aliases", index, "value"), alias.value
    for index, relation in enumerate(fact.relations):
        if relation.role:
            yield record, ("relations", index, "role"), relation.role
    for index, step in enumerate(fact.legal_status):
        if step.detail:
            yield record, ("legal_status", index, "detail"), step.detail
    for keys, obj in record.objects:  # the editor's reasoning is the dossier's words too
        if isinstance(obj, Value) and obj.derived is not None:
            yield record, (*keys, "derived", "reasoning"), obj.derived.reasoning


def _roles_in_event(dossier: Dossier, record: Record) -> Iterator[tuple[Record, Keys, str]]:
    """The roles an event gives the unconvicted people taking part in it; and, when any
    take part, its name and summary, which tell what they did (the home page leads with
    the summary of its subject)."""
    fact = record.fact
    assert isinstance(fact, Event)
    about_someone = False
    for index, participant in enumerate(fact.participants):
        if isinstance(participant, Participant) and _unconvicted(
                dossier.records.get(participant.entity)):
            about_someone = True
            yield record, ("participants", index, "role"), participant.role
    if about_someone:
        yield record, ("name", "value"), fact.name.value
        if fact.summary:
            yield record, ("summary", "value"), fact.summary.value


def steps_out_of_order(dossier: Dossier, locator: Locator) -> list[Finding]:
    """D604 at each dated step of a person's case that is dated before a step listed above
    it: the list is in date order (`Person.legal_status`), and the last step is what the
    badge shows and what `is_convicted` reads, so an acquittal listed before a later-dated
    conviction must not make a person look convicted. Dates are compared at the precision
    both give ("2024" is not before "2024-03-22")."""
    found = []
    for record in dossier.of_kind("people"):
        person = record.fact
        if not isinstance(person, Person):
            continue
        latest: tuple[int, str] | None = None
        for index, step in enumerate(person.legal_status):
            if not step.when:
                continue
            if latest is not None:
                common = min(len(step.when), len(latest[1]))
                if step.when[:common] < latest[1][:common]:
                    line, col = locator.locate(dossier.root / record.path,
                                               ("legal_status", index, "when"))
                    found.append(finding_at(
                        record.path, "D604", f"legal_status[{index}] ({step.status.value}, "
                        f"{step.when}) is listed after legal_status[{latest[0]}], dated "
                        f"{latest[1]}", "list the steps oldest first: move this one above "
                        f"the {person.legal_status[latest[0]].status.value} step", line, col))
                    continue
            latest = (index, step.when)
    return found
