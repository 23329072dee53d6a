"""The whole dossier pipeline, top to bottom: gather every input and check it, then render.

Nothing is written here; `write` and `site` do that only after this has found no error.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .characters import REFUSED_HINT, first_refused
from .check import Evidence, check, coverage_gate
from .conflicts import conflict_findings
from .findings import Finding, finding_at, has_errors
from .load import RawFile, load_file
from .model import SLUG_PATTERN, FactModel
from .resolve import Dossier, Record, resolve
from .settings import Settings, load_settings
from .stamps import Scan, Stamp, scan
from .support import SupportCache, check_support, support_gate
from .validate import validate_file
from .wording import check_wording

Progress = Callable[[str, int], None]
RESERVED_IDS = {"index"}


@dataclass
class Checked:
    """The outcome of every stage but render and write."""

    dossier: Dossier
    evidence: Evidence
    findings: list[Finding]
    settings: Settings

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


@dataclass
class Memory:
    """What a process that builds the same dossier again and again (the live preview)
    keeps between builds: each file as loaded and validated, and each source text, while
    its stamp is unchanged; and the evidence of the last check, whose quote positions hold
    while a source text is unchanged. Nothing here is written to disk."""

    files: dict[str, tuple[Stamp, RawFile | Finding]] = field(default_factory=dict)
    validated: dict[str, tuple[RawFile, Record | list[Finding]]] = field(default_factory=dict)
    texts: dict[str, tuple[Stamp, bytes]] = field(default_factory=dict)
    evidence: Evidence | None = None
    stamps: dict[str, Stamp] = field(default_factory=dict)
    support: SupportCache = field(default_factory=SupportCache)


def run_checks(root: Path, min_coverage: float = 100.0,
               progress: Progress = lambda stage, count: None,
               memory: Memory | None = None, scanned: Scan | None = None,
               min_support: float = 100.0) -> Checked:
    """Every stage but render and write; `progress(stage, count)` is told as each starts.
    With `memory`, files whose stamp did not change since the last run are not read again."""
    long_lived = memory is not None  # a process that checks again: keep what saves time then
    memory = memory if memory is not None else Memory()
    progress("load", 0)
    raws, texts, findings = gather(root, memory, scanned)
    settle()
    progress("validate", len(raws))
    records: list[Record] = []
    validated: dict[str, tuple[RawFile, Record | list[Finding]]] = {}
    for raw in raws:
        known = memory.validated.get(raw.path)
        if known is not None and known[0] is raw:  # the same load, so the same result
            result = known[1]
        else:
            fact = validate_file(root, raw)
            result = Record(raw.id, raw.kind, raw.path, fact) if isinstance(
                fact, FactModel) else fact
        validated[raw.path] = (raw, result)
        if isinstance(result, Record):
            records.append(result)
        else:
            findings += result
    for path, (_, before) in memory.validated.items():  # versions of files now replaced
        if isinstance(before, Record) and validated.get(path, (None, None))[1] is not before:
            before.release()
    memory.validated = validated
    broken = frozenset(Path(f.path).stem for f in findings) - {r.id for r in records}
    settle()
    progress("resolve", len(records))
    dossier, problems = resolve(root, records, broken)
    findings += problems
    settle()
    progress("check", len(records))
    evidence, problems = check(dossier, {k: v for k, v in texts.items() if k in dossier.records},
                               memory.evidence)
    memory.evidence = evidence
    findings += problems
    progress("support", len(records))
    findings += check_support(dossier, evidence, memory.support if long_lived else None)
    progress("rules", len(records))
    settings, problems = load_settings(root)
    findings += problems + check_wording(dossier, settings.guilt_labels,
                                         settings.allowed_phrases)
    findings += conflict_findings(dossier)
    if not has_errors(findings):
        findings += coverage_gate(evidence, min_coverage) + support_gate(evidence, min_support)
    return Checked(dossier, evidence, sorted(findings), settings)


def settle() -> None:
    """Between two stages: what the stages so far made lives until the build ends (files,
    records, the resolved dossier), so the cyclic garbage collector's full passes need not
    walk it again and again while later stages allocate: at 10,000 entities this saves a
    tenth of a full build. (Only reference cycles among these objects are then left to the
    end of the process; everything else is freed as usual.)"""
    gc.freeze()


def tidy() -> None:
    """Collect the garbage in reference cycles, frozen by `settle` or not, and freeze what
    is left: for a long-lived process at a quiet moment, such as the live preview once it
    has built the whole site (MkDocs leaves garbage that the next build's `settle` would
    otherwise freeze for good, slowing every later rebuild). At 10,000 entities this takes
    a second or two."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def gather(root: Path, memory: Memory | None = None, scanned: Scan | None = None,
           ) -> tuple[list[RawFile], dict[str, bytes], list[Finding]]:
    """Load every fact file and source text; one bad file never hides the others. Files
    whose stamp is the one `memory` holds are taken from it instead of read again;
    `scanned` is a scan of facts/ just made (made here when not given)."""
    memory = memory if memory is not None else Memory()
    raws: list[RawFile] = []
    texts: dict[str, bytes] = {}
    scanned = scanned if scanned is not None else scan(root)
    findings: list[Finding] = list(scanned.findings)
    seen: dict[str, str] = {}
    stamps = scanned.stamps
    files: dict[str, tuple[Stamp, RawFile | Finding]] = {}
    for relative, stamp in stamps.items():
        if not relative.endswith(".yaml"):
            continue
        stem = relative.rpartition("/")[2].removesuffix(".yaml")
        if problem := _id_problem(relative, stem, seen):
            findings.append(problem)
            continue
        seen[stem] = relative
        known = memory.files.get(relative)
        loaded = known[1] if known and known[0] == stamp else load_file(
            root, relative, relative.split("/")[1])
        files[relative] = (stamp, loaded)
        if isinstance(loaded, Finding):
            findings.append(loaded)
            continue
        raws.append(loaded)
        if loaded.kind == "sources":
            findings += _read_text(root, relative, texts, stamps, memory)
    memory.files, memory.stamps = files, stamps
    memory.texts = {path: known for path, known in memory.texts.items() if path in stamps}
    return raws, texts, findings


VALID_ID = re.compile(SLUG_PATTERN)


def _id_problem(relative: str, stem: str, seen: dict[str, str]) -> Finding | None:
    if not VALID_ID.fullmatch(stem) or stem in RESERVED_IDS or len(stem) > 80:
        return finding_at(relative, "D110", f"{stem!r} is not a valid id",
                          "name the file with lowercase ASCII letters, digits and single "
                          "hyphens, like `crocus-city-hall.yaml` (`index` is reserved)", 1, 1)
    if stem in seen:
        return finding_at(relative, "D111", f"id {stem!r} is also used by {seen[stem]}",
                          "ids are unique across all kinds: rename one file", 1, 1)
    return None


def _read_text(root: Path, relative: str, texts: dict[str, bytes], stamps: dict[str, Stamp],
               memory: Memory) -> list[Finding]:
    text_path = relative.removesuffix(".yaml") + ".txt"  # facts/sources/<id>.yaml
    if text_path not in stamps:
        if (root / text_path).is_symlink():
            return []  # reported by the scan as a symbolic link; never followed
    record_id = text_path.rpartition("/")[2].removesuffix(".txt")
    known = memory.texts.get(text_path)
    if known and known[0] == stamps.get(text_path):
        texts[record_id] = known[1]
        return []
    try:
        raw = (root / text_path).read_bytes()
        text = raw.decode("utf-8")
    except FileNotFoundError:
        return [finding_at(relative, "D113", f"{text_path} is missing",
                           "store the source's verbatim text beside its metadata", 1, 1)]
    except IsADirectoryError:
        return [finding_at(text_path, "D113", f"{text_path} is a folder, not the source's text",
                           "move the folder out of facts/sources/ and store the verbatim text "
                           "as a file of that name", 1, 1)]
    except OSError as error:  # unreadable: no permission, an I/O error
        return [finding_at(text_path, "D113", f"{text_path} cannot be read: "
                           f"{error.strerror or error}",
                           "give yourself read access to it (chmod u+r), or store it again", 1, 1)]
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return [finding_at(text_path, "D101", f"byte {error.start} is not UTF-8",
                           "save the source text as UTF-8", line, 1)]
    if refused := first_refused(text):
        line, col, what = refused
        return [finding_at(text_path, "D115", f"{what} is not allowed in a source text",
                           REFUSED_HINT, line, col)]
    texts[record_id] = raw
    if text_path in stamps:
        memory.texts[text_path] = (stamps[text_path], raw)
    return []
