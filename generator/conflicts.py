"""Where sources disagree: figures with differing values, and claims an editor has marked as
differing from others. Reported as information and listed on the conflicts page; the dossier
shows every side and decides nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .findings import Finding, finding_at
from .model import Claim, Event, Figure
from .resolve import Dossier, Record


@dataclass(frozen=True)
class FigureConflict:
    event: Record
    index: int
    figure: Figure


@dataclass(frozen=True)
class ClaimConflict:
    """The claims recorded on one event (`other`), and every claim marked as differing from
    them, with the event it is recorded on. Grouped by the event whose claims are disputed,
    each of its claims is listed once however many claims differ from them: a page of pairs
    would grow as their product."""

    other: Record
    differing: tuple[tuple[Record, Claim], ...]

    @property
    def other_claims(self) -> list[Claim]:
        assert isinstance(self.other.fact, Event)  # differs_from refers to events only
        return list(self.other.fact.claims)


def figure_conflicts(dossier: Dossier) -> list[FigureConflict]:
    return dossier.derived("figure-conflicts", _figure_conflicts)


def claim_conflicts(dossier: Dossier) -> list[ClaimConflict]:
    return dossier.derived("claim-conflicts", _claim_conflicts)


def _figure_conflicts(dossier: Dossier) -> list[FigureConflict]:
    found = []
    for record in dossier.of_kind("events"):
        assert isinstance(record.fact, Event)
        for index, figure in enumerate(record.fact.figures):
            if len({(v.value, v.qualifier) for v in figure.values}) > 1:
                found.append(FigureConflict(record, index, figure))
    return found


def _claim_conflicts(dossier: Dossier) -> list[ClaimConflict]:
    """Each disputed event in the order it is first named, with what differs from it."""
    differing: dict[str, list[tuple[Record, Claim]]] = {}
    for record, _, claim, other in _differing(dossier):
        differing.setdefault(other, []).append((record, claim))
    return [ClaimConflict(dossier.records[other], tuple(items))
            for other, items in differing.items()]


def _differing(dossier: Dossier) -> Iterator[tuple[Record, int, Claim, str]]:
    """(event, index, claim, id of the event it differs from) for every claim marked so."""
    for record in dossier.of_kind("events"):
        assert isinstance(record.fact, Event)
        for index, claim in enumerate(record.fact.claims):
            for other in claim.differs_from:
                if other in dossier.records:
                    yield record, index, claim, other


def conflict_findings(dossier: Dossier) -> list[Finding]:
    findings = []
    for conflict in figure_conflicts(dossier):
        line, col = conflict.event.place(dossier.root, ("figures", conflict.index))
        values = ", ".join(sorted({f"{v.qualifier.value} {v.value}"
                                   for v in conflict.figure.values}))
        findings.append(finding_at(conflict.event.path, "D601",
                                   f"sources differ on {conflict.figure.quantity!r}: {values}",
                                   "shown side by side on the event and conflicts pages; set "
                                   "`preferred_because` on one value only with a reason",
                                   line, col))
    for record, index, _, other in _differing(dossier):
        line, col = record.place(dossier.root, ("claims", index, "differs_from"))
        findings.append(finding_at(record.path, "D602",
                                   f"a claim differs from the claims of {other!r}",
                                   "listed on the conflicts page", line, col))
    return findings
