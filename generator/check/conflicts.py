"""Where sources disagree: figures with differing values, and claims an editor has marked as
differing from others. Reported as information and listed on the conflicts page; the dossier
shows every side and decides nothing."""

from __future__ import annotations

from dataclasses import dataclass

from ..format.findings import Finding, finding_at
from ..format.model import Claim, Event, Figure
from .resolve import Dossier, Record


@dataclass(frozen=True)
class FigureConflict:
    event: Record
    index: int
    figure: Figure


@dataclass(frozen=True)
class ClaimConflict:
    event: Record
    claim: Claim
    other: Record

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
    found = []
    for record in dossier.of_kind("events"):
        assert isinstance(record.fact, Event)
        for claim in record.fact.claims:
            found += [ClaimConflict(record, claim, dossier.records[other])
                      for other in claim.differs_from if other in dossier.records]
    return found


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
    for item in claim_conflicts(dossier):
        assert isinstance(item.event.fact, Event)
        index = item.event.fact.claims.index(item.claim)
        line, col = item.event.place(dossier.root, ("claims", index, "differs_from"))
        findings.append(finding_at(item.event.path, "D602",
                                   f"a claim differs from the claims of {item.other.id!r}",
                                   "listed on the conflicts page", line, col))
    return findings
