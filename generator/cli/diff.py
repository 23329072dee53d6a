"""`dossier diff <git-ref>`: what a change does to the dossier, in facts rather than lines.

The dossier at the ref is taken from git into a temporary folder and checked like the working
tree; the two are compared by entity, statement (its value without citations), citation,
coverage and conflict, and by support (`support_diff`).
"""

from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from ..build import check
from ..check.coverage import coverage
from ..check.rules import Checked
from ..format.findings import Finding
from ..format.model import Citation, Statement
from ..utils.characters import code_span, printable
from .support_diff import SupportChange, render_support, support_change

CONFLICT_CODES = {"D601", "D602"}


class DiffError(Exception):
    """The ref cannot be read: not a git repository, or no such ref."""


@dataclass
class DossierDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    statements_added: list[str] = field(default_factory=list)
    statements_changed: list[str] = field(default_factory=list)
    statements_removed: list[str] = field(default_factory=list)
    citations_added: list[str] = field(default_factory=list)
    citations_lost: list[str] = field(default_factory=list)
    coverage_before: float = 100.0
    coverage_after: float = 100.0
    new_conflicts: list[str] = field(default_factory=list)
    support: SupportChange = field(default_factory=SupportChange)


def dossier_at(root: Path, ref: str, into: Path) -> Path:
    """Extract the dossier's inputs as they are at `ref` into `into`."""
    try:
        archive = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", ref,
                                  "facts", "dossier.toml"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        stderr = getattr(error, "stderr", b"") or b""
        raise DiffError(stderr.decode(errors="replace").strip() or str(error)) from None
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def diff(root: Path, ref: str) -> DossierDiff:
    with tempfile.TemporaryDirectory(prefix="dossier-diff-") as folder:
        before = check(dossier_at(root, ref, Path(folder)), min_coverage=0, min_support=0)
        return compare(before, check(root, min_coverage=0, min_support=0))


def compare(before: Checked, after: Checked) -> DossierDiff:
    result = DossierDiff()
    old_ids, new_ids = set(before.dossier.records), set(after.dossier.records)
    result.added = [_label(after, i) for i in sorted(new_ids - old_ids)]
    result.removed = [_label(before, i) for i in sorted(old_ids - new_ids)]
    old, new = _statements(before), _statements(after)
    result.statements_added = [f"{k}: {new[k]}" for k in sorted(new.keys() - old.keys())]
    result.statements_removed = [f"{k}: {old[k]}" for k in sorted(old.keys() - new.keys())]
    result.statements_changed = [f"{k}: {old[k]} \u2192 {new[k]}" for k in sorted(old.keys()
                                 & new.keys()) if old[k] != new[k]]
    old_cites, new_cites = _citations(before), _citations(after)
    result.citations_added = sorted(new_cites - old_cites)
    result.citations_lost = sorted(old_cites - new_cites)
    result.coverage_before = coverage(before.evidence)[0].percent
    result.coverage_after = coverage(after.evidence)[0].percent
    old_conflicts = {_conflict(f) for f in before.findings if f.code in CONFLICT_CODES}
    result.new_conflicts = sorted(f"{f.path}: {f.message}" for f in after.findings
                                  if f.code in CONFLICT_CODES
                                  and _conflict(f) not in old_conflicts)
    result.support = support_change(before.evidence, after.evidence)
    return result


def _conflict(finding: Finding) -> tuple[str, str, str]:
    """What a conflict is about (the figure or claim), not its current values."""
    return finding.code, finding.path, finding.message.split(":")[0]


def _label(checked: Checked, record_id: str) -> str:
    record = checked.dossier.records[record_id]
    return f"{record.kind}/{record_id} ({record.name})"


def _statements(checked: Checked) -> dict[str, str]:
    """Each statement by its place, with its value as JSON without its citations."""
    found = {}
    for record in checked.dossier.records.values():
        for keys, obj in record.objects:
            if isinstance(obj, Statement):
                value = obj.model_dump(mode="json", exclude={"cite"}, exclude_defaults=True)
                found[_place(record.id, keys)] = json.dumps(value, ensure_ascii=False,
                                                            sort_keys=True)
    return found


def _citations(checked: Checked) -> set[str]:
    found = set()
    for record in checked.dossier.records.values():
        for keys, obj in record.objects:
            if isinstance(obj, Citation):
                found.add(f"{_place(record.id, keys[:-2])}: {obj.source}: \u201c{obj.quote}\u201d")
    return found


def _place(record_id: str, keys: tuple[str | int, ...]) -> str:
    return record_id + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys)


def render(result: DossierDiff, markdown: bool = False) -> str:
    """The summary as plain text for a terminal, or Markdown for a CI job summary. Whatever
    a pull request puts in a statement or a quote is shown as written and does nothing: in
    a terminal its control characters are escaped; in Markdown it is a code span (no link,
    image, HTML or mention)."""
    sections = [("Entities added", result.added), ("Entities removed", result.removed),
                ("Statements added", result.statements_added),
                ("Statements changed", result.statements_changed),
                ("Statements removed", result.statements_removed),
                ("Citations added", result.citations_added),
                ("Citations lost", result.citations_lost),
                ("New conflicts between sources", result.new_conflicts)]
    coverage_line = (f"Citation coverage: {result.coverage_before:.1f}% \u2192 "
                     f"{result.coverage_after:.1f}%")
    lines = ["## What this change does to the dossier", "" ] if markdown else []
    lines.append(f"**{coverage_line}**" if markdown else coverage_line)
    lines += render_support(result.support, markdown)
    for title, items in sections:
        lines.append(f"\n### {title} ({len(items)})" if markdown else f"{title}: {len(items)}")
        lines += [f"- {code_span(i)}" if markdown else f"  {printable(i)}" for i in items]
    return "\n".join(lines) + "\n"
