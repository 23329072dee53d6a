"""Builds that redo only what changed.

A `Builder` belongs to one dossier and lives as long as the process that builds it again and
again (the live preview keeps one). Between two builds it keeps each fact file as loaded and
validated while the file's stamp is unchanged (`pipeline.Memory`), the quote positions of
unchanged source texts, and for every page the ids of the records it read while it was
rendered (`page.DossierView`). A build then

- returns at once when no input changed (fact files, source texts, templates, settings)
  and every page is still in `content/`;
- otherwise checks the whole dossier (cheap with the memory: it is the references between
  files and the rules over all of them that must be checked again), and re-renders only the
  pages that read a record that changed, the records it refers to or referred to, the
  events placed relative to it, the summaries that mention a name that changed, and the
  pages that depend on the whole dossier (index, timeline, coverage, conflicts, exports).

Its output is the output of a full build, byte for byte: `tests/test_incremental.py` edits
a dossier in many ways and compares.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .findings import Finding, cannot_write, has_errors
from .journal import building
from .mentions import names as mention_names
from .model import Event
from .page import EVERYTHING, pointing_at
from .paths import CONFLICTS, COVERAGE, COVERAGE_JSON, DATA_PAGE, GUIDE, HOME, NETWORK, \
    REFERENCE, TIMELINE, index_page, record_page
from .pipeline import Checked, Memory, Progress, run_checks, settle
from .render import ENTITY_KINDS, Rendered, render_pages, template_problem, template_problems
from .resolve import Dossier, Record
from .settings import SETTINGS
from .stamps import TEMPLATES, Scan, Stamp, files_under, scan, stamp_of, templates
from .write import Pages, WriteReport, plan_conflicts, write_pages
from . import exports


def no_progress(stage: str, count: int) -> None:
    """No progress reports."""


@dataclass
class Outcome:
    checked: Checked | None
    findings: list[Finding]
    report: WriteReport | None = None
    up_to_date: bool = False  # nothing changed since the last build: nothing was done

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


@dataclass
class _Last:
    """What the last successful build rendered from, and what each of its pages read."""

    inputs: dict[str, Stamp | None]
    checked: Checked
    names: dict[str, str]
    reads: dict[str, frozenset[str]]
    keys: dict[str, object]  # see `render.Rendered.keys`


@dataclass
class Plan:
    """The pages one build renders, and the ones it keeps as they are."""

    rendered: Rendered
    keep: frozenset[str]
    inputs: dict[str, Stamp | None]


class Builder:
    def __init__(self, root: Path, min_coverage: float = 100.0, min_support: float = 100.0):
        self.root, self.min_coverage, self.min_support = root, min_coverage, min_support
        self.memory = Memory()
        self.last: _Last | None = None
        self.site_from: dict[str, Stamp | None] | None = None  # the inputs `site/` was built from

    def plan(self, progress: Progress = no_progress) -> tuple[Outcome, Plan | None]:
        """Check, then render what changed since the last build (everything the first
        time). No plan when the dossier has errors, or when nothing changed."""
        scanned = scan(self.root)
        inputs = self._inputs(scanned)
        if self.last is not None and inputs == self.last.inputs and not self._missing():
            return Outcome(self.last.checked, self.last.checked.findings, up_to_date=True), None
        checked = run_checks(self.root, self.min_coverage, progress, self.memory, scanned,
                             self.min_support)
        outcome = Outcome(checked, checked.findings)
        if not outcome.ok:
            return outcome, None
        dossier = checked.dossier
        progress("select", len(dossier.records))  # the pages to render again
        expected = _page_paths(dossier)
        present = _present(self.root / "content")
        wanted = self._wanted(checked, expected, inputs, present)
        # what pages over the whole dossier were made from, for those still in content/
        before = {p: k for p, k in self.last.keys.items() if p in present} if (
            self.last is not None and wanted is not None) else {}
        settle()
        progress("render", len(dossier.records))
        outcome.findings += template_problems(self.root)
        if not outcome.ok:
            return outcome, None
        try:
            rendered = render_pages(self.root, dossier, checked.evidence, checked.settings,
                                    wanted.__contains__ if wanted is not None else _everything,
                                    before)
        except Exception as error:  # a template's mistake is a finding; anything else a bug
            problem = template_problem(self.root, error)
            if problem is None:
                raise
            outcome.findings.append(problem)
            return outcome, None
        outcome.findings += plan_conflicts(self.root / "content", rendered.pages)
        if not outcome.ok:
            return outcome, None
        return outcome, Plan(rendered, frozenset(expected - rendered.pages.keys()), inputs)

    def generate(self, progress: Progress = no_progress) -> Outcome:
        """Facts → `content/`, writing only the pages whose bytes changed, all at once."""
        return self._locked(self._generate, progress)

    def build(self, progress: Progress = no_progress) -> Outcome:
        """Facts → `content/` → `site/`, all or nothing (`site.build_site`)."""
        return self._locked(self._build, progress)

    def _locked(self, run: Callable[[Progress], Outcome], progress: Progress) -> Outcome:
        """`run` while holding the build lock, once what a killed build left is finished
        (`journal.building`); an error of the system on the way is a finding (D505), and
        then `content/` and `site/` are as they were."""
        try:
            with building(self.root):
                return run(progress)
        except OSError as error:
            return Outcome(None, [cannot_write(self.root, error)])

    def _generate(self, progress: Progress) -> Outcome:
        outcome, plan = self.plan(progress)
        if plan is not None:
            progress("write", len(plan.rendered.pages))
            outcome.report = write_pages(self.root, plan.rendered.pages, plan.keep)
            self.remember(outcome, plan)
        elif outcome.up_to_date and self.last is not None:
            outcome.report = WriteReport([], [], len(self.last.reads))
        return outcome

    def _build(self, progress: Progress) -> Outcome:
        from .audit import origins_of
        from .site import build_site

        outcome, plan = self.plan(progress)
        if outcome.up_to_date and self.last is not None:
            if self.site_from == self.last.inputs and (self.root / "site").is_dir():
                outcome.report = WriteReport([], [], len(self.last.reads))
                return outcome
            plan = Plan(Rendered(Pages(), {}), frozenset(self.last.reads), self.last.inputs)
        if plan is None:
            return outcome
        progress("site", len(plan.rendered.pages))
        assert outcome.checked is not None
        outcome.report, problems = build_site(self.root, plan.rendered.pages, plan.keep,
                                              origins_of(self.root, outcome.checked.dossier))
        outcome.findings += problems
        if outcome.report is not None:
            self.remember(outcome, plan)
            self.site_from = self.last.inputs if self.last else None
        return outcome

    def remember(self, outcome: Outcome, plan: Plan) -> None:
        """Take a build that was written as the base of the next one."""
        checked = outcome.checked
        assert checked is not None
        reads = {path: self.last.reads[path] for path in plan.keep} if self.last else {}
        reads.update(plan.rendered.reads)
        keys = {p: k for p, k in self.last.keys.items() if p in plan.keep} if self.last else {}
        keys.update(plan.rendered.keys)
        settle()  # what a build keeps lives as long as the Builder
        self.last = _Last(plan.inputs, checked, mention_names(checked.dossier), reads, keys)

    def inputs(self) -> dict[str, Stamp | None]:
        """The stamp of every input now (what the live preview polls)."""
        return self._inputs(scan(self.root))

    def _inputs(self, scanned: Scan) -> dict[str, Stamp | None]:
        """The stamp of every input: fact files and texts, templates, settings."""
        stamps: dict[str, Stamp | None] = dict(scanned.stamps)
        stamps.update(templates(self.root))
        settings = self.root / SETTINGS
        if settings.is_file():
            stamps[SETTINGS] = stamp_of(settings.stat())
        return stamps

    def _missing(self) -> bool:
        """Whether a page of the last build is no longer in `content/`."""
        assert self.last is not None
        return not self.last.reads.keys() <= _present(self.root / "content")

    def _wanted(self, checked: Checked, expected: set[str], inputs: dict[str, Stamp | None],
                present: set[str]) -> set[str] | None:
        """The pages to render: None for all of them."""
        last = self.last
        if last is None or last.checked.settings != checked.settings or _templates_changed(
                last.inputs, inputs):
            return None
        changed = _changed(last, checked)
        dirty = _affected(last, checked, changed)
        return {path for path in expected
                if (reads := last.reads.get(path)) is None
                or (EVERYTHING in reads and changed) or not reads.isdisjoint(dirty)
                or path not in present}


def _present(content: Path) -> set[str]:
    """Every file under `content/`: which pages an editor or a tool deleted."""
    return {path for path, _ in files_under(content)}


def _everything(path: str) -> bool:
    return True


def _templates_changed(before: dict[str, Stamp | None], now: dict[str, Stamp | None]) -> bool:
    def templates(stamps: dict[str, Stamp | None]) -> dict[str, Stamp | None]:
        return {p: s for p, s in stamps.items() if p.startswith(TEMPLATES + "/")}
    return templates(before) != templates(now)


def _changed(last: _Last, checked: Checked) -> set[str]:
    """Ids of records added, removed or different, and of sources whose text changed."""
    old, new = last.checked.dossier.records, checked.dossier.records
    changed = {i for i in old.keys() | new.keys()
               if old.get(i) is not new.get(i) and not _same(old.get(i), new.get(i))}
    before, texts = last.checked.evidence.raw, checked.evidence.raw
    return changed | {i for i in before.keys() | texts.keys() if before.get(i) != texts.get(i)}


def _same(a: Record | None, b: Record | None) -> bool:
    return (a is not None and b is not None and a.kind == b.kind and a.path == b.path
            and a.fact == b.fact)


def _affected(last: _Last, checked: Checked, changed: set[str]) -> set[str]:
    """What a page must have read to need rendering again: the changed records; what points
    at what they refer to or referred to (backlinks, graph edges, timelines); the lists of
    their kinds; events placed after a changed event (their place in every timeline moves
    with it); and every record whose summary holds a name that now links elsewhere."""
    old, new = last.checked.dossier, checked.dossier
    dirty = set(changed)
    for record_id in changed:
        for record in (old.records.get(record_id), new.records.get(record_id)):
            if record is not None:  # what it points at has different backlinks now
                dirty |= {pointing_at(target) for target in record.targets}
                dirty.add(f"kind:{record.kind}")
    dirty |= _placed_after(old, dirty) | _placed_after(new, dirty)
    names = mention_names(new)
    renamed = {n for n in last.names.keys() | names.keys() if last.names.get(n) != names.get(n)}
    if renamed:
        for record in new.records.values():
            summary = getattr(record.fact, "summary", None)
            if summary is not None and any(n in summary.value for n in renamed):
                dirty.add(record.id)
    return dirty


def _placed_after(dossier: Dossier, anchors: set[str]) -> set[str]:
    """Events whose date is relative to one of `anchors`, directly or through others."""
    after: dict[str, list[str]] = {}
    for record in dossier.of_kind("events"):
        fact = record.fact
        if isinstance(fact, Event) and fact.date is not None and fact.date.after:
            after.setdefault(fact.date.after, []).append(record.id)
    found: set[str] = set()
    frontier = [a for a in anchors if a in after]
    while frontier:
        for event_id in after.get(frontier.pop(), []):
            if event_id not in found:
                found.add(event_id)
                frontier.append(event_id)
    return found


def _page_paths(dossier: Dossier) -> set[str]:
    """The path of every page a build of `dossier` writes."""
    paths = {record_page(r.kind, r.id) for r in dossier.records.values()}
    paths |= {index_page(kind) for kind in (*ENTITY_KINDS, "sources")}
    paths |= {HOME, TIMELINE, NETWORK, CONFLICTS, COVERAGE, COVERAGE_JSON, GUIDE, REFERENCE,
              DATA_PAGE}
    return paths | set(exports.paths())

