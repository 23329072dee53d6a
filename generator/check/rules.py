"""Stage 6, rules: what holds over the whole dossier once every quote is verified and
judged: the dossier's own wording about people not convicted, the conflicts between
sources, and the minimum citation coverage and support. `Checked` is what every stage up to
here found."""

from __future__ import annotations

from dataclasses import dataclass

from ..format.findings import Finding, finding_at, has_errors
from ..format.model import Event
from ..format.settings import SETTINGS, Settings
from ..read.locate import Locator
from ..utils.memo import Memo
from .conflicts import Conflicts, conflict_findings, find_conflicts
from .coverage import coverage_gate
from .resolve import Dossier, broken_ids
from .support import support_gate
from .verify import Evidence
from .wording import check_wording, steps_out_of_order


@dataclass
class Checked:
    """The dossier as checked: every stage but render, write and site."""

    dossier: Dossier
    evidence: Evidence
    conflicts: Conflicts
    settings: Settings
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def rules(dossier: Dossier, evidence: Evidence, settings: Settings,
          gates: tuple[float, float], findings: list[Finding], memo: Memo, locator: Locator,
          ) -> tuple[Conflicts, list[Finding]]:
    """The conflicts between sources, and the findings of the rules. The gates (the
    minimum coverage and support, in percent) are judged only when no other stage
    (`findings`) found an error: an error says more."""
    found = check_wording(dossier, settings.guilt_labels, settings.allowed_phrases, memo,
                          locator) + steps_out_of_order(dossier, locator)
    conflicts = find_conflicts(dossier)
    found += conflict_findings(dossier, conflicts, memo, locator) + _home_subject(
        dossier, settings, findings)
    if not has_errors(findings + found):
        min_coverage, min_support = gates
        found += coverage_gate(evidence, min_coverage) + support_gate(evidence, min_support)
    return conflicts, found


def _home_subject(dossier: Dossier, settings: Settings,
                  findings: list[Finding]) -> list[Finding]:
    """The event the home page tells first (`[home] subject`) must be one."""
    wanted = settings.home_subject
    record = dossier.records.get(wanted) if wanted else None
    if not wanted or (record is not None and isinstance(record.fact, Event)):
        return []
    if record is None and wanted in broken_ids(findings, []):
        return []  # the event's file is there but could not be read: its findings say why
    return [finding_at(SETTINGS, "D114", f"home.subject names no event of the dossier: "
                       f"'{wanted}'", "write the id of an event (the name of its file in "
                       "facts/events/ without .yaml), or remove the line and the home page "
                       "chooses the event of its own")]
