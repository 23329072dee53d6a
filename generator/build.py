"""The whole build, top to bottom: gather every input and check it, then render, then write.

    scan → load → validate → resolve → verify → support → rules → render → write → site → audit

Each stage is a function of its own package (`read`, `check`, `render`, `output`); `build`
calls them in order and stops at the first stage that finds an error, before anything is
written. A fresh build and the live preview run the same functions: what a long-lived
process keeps between builds is a `BuildCache` it hands in (`cache.py`), not a second
pipeline. `progress(stage, count)` is told as each stage starts (the CLI prints it, and sets
its garbage-collector policy there).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .cache import BuildCache
from .check.resolve import broken_ids, resolve
from .check.rules import Checked, rules
from .check.support import support
from .check.verify import verify
from .format.findings import Finding, cannot_write, has_errors
from .format.settings import load_settings
from .output.audit import origins_of
from .output.journal import building
from .output.site import build_site
from .output.write import WriteReport, plan_conflicts, write_pages
from .read.load import load
from .read.scan import Scan, Stamp, input_stamps, scan
from .read.validate import validate
from .render.environment import template_problem, template_problems
from .render.pages import render as render_pages
from .render.rendered import Rendered
from .render.select import page_paths

Progress = Callable[[str, int], None]


def quiet(stage: str, count: int) -> None:
    """No progress reports."""


@dataclass
class Outcome:
    """What a build did: what it checked, what it found, what it wrote."""

    checked: Checked | None
    findings: list[Finding]
    report: WriteReport | None = None
    up_to_date: bool = False  # nothing changed since the last build: nothing was done
    inputs: dict[str, Stamp | None] | None = None  # the stamps of what was read

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def build(root: Path, cache: BuildCache | None = None, *, site: bool = True,
          min_coverage: float = 100.0, min_support: float = 100.0,
          progress: Progress = quiet, engine: str | None = None) -> Outcome:
    """Facts → `content/` → `site/` (without `site`, `content/` only), all or nothing, one
    build of the folder at a time; an error of the system on the way is a finding (D505).
    The minimums are percentages of statements cited, and of cited statements supported.
    `engine` builds the site with that engine instead of the settings' (`dossier.toml`)."""
    try:
        with building(root):  # the build lock, once what a killed build left is finished
            return _build(root, cache if cache is not None else BuildCache(), site,
                          (min_coverage, min_support), progress, engine)
    except OSError as error:
        return Outcome(None, [cannot_write(root, error)])


def _build(root: Path, cache: BuildCache, site: bool, gates: tuple[float, float],
           progress: Progress, engine: str | None) -> Outcome:
    """scan → (nothing changed?) → load … rules (`check`) → render → write, or site + audit."""
    scanned = scan(root)
    inputs = input_stamps(root, scanned)
    if engine is None and cache.up_to_date(root, inputs, site):
        return _unchanged(cache)
    checked = check(root, cache, min_coverage=gates[0], min_support=gates[1],
                    progress=progress, scanned=scanned)
    if not checked.ok:
        return Outcome(checked, checked.findings, inputs=inputs)
    rendered, problems = render(root, checked, cache, inputs, progress)
    if rendered is None:
        return Outcome(checked, checked.findings + problems, inputs=inputs)
    kept = frozenset(page_paths(checked.dossier) - rendered.pages.keys())
    progress("site" if site else "write", len(rendered.pages))
    report, problems = (_site(engine or checked.settings.engine) if site else _write)(
        root, checked, rendered, kept)
    if report is not None:
        cache.remember(inputs, checked, rendered, kept, site)
    return Outcome(checked, checked.findings + problems, report, inputs=inputs)


def check(root: Path, cache: BuildCache | None = None, *, min_coverage: float = 100.0,
          min_support: float = 100.0, progress: Progress = quiet,
          scanned: Scan | None = None) -> Checked:
    """Every stage that reads and checks the dossier, from the scan to the rules; nothing
    is written. With `cache`, files whose stamp did not change are not read again."""
    cache = cache if cache is not None else BuildCache()
    scanned = scanned if scanned is not None else scan(root)
    progress("load", 0)
    raws, texts, findings = load(root, scanned, cache.files)
    progress("validate", len(raws))
    records, problems = validate(root, raws, cache.files, cache.locator)
    findings += problems
    progress("resolve", len(records))
    dossier, problems = resolve(root, records, broken_ids(findings, records), cache.locator)
    progress("check", len(records))
    evidence, verified = verify(dossier, {k: v for k, v in texts.items()
                                          if k in dossier.records},
                                cache.evidence, cache.memo, cache.locator)
    progress("support", len(records))
    verified += support(dossier, evidence, cache.memo, cache.locator)
    progress("rules", len(records))
    settings, found = load_settings(root)
    findings += problems + verified + found
    conflicts, found = rules(dossier, evidence, settings, (min_coverage, min_support),
                             findings, cache.memo, cache.locator)
    checked = Checked(dossier, evidence, conflicts, settings, sorted(findings + found))
    cache.checked(checked)
    return checked


def render(root: Path, checked: Checked, cache: BuildCache,
           inputs: dict[str, Stamp | None],
           progress: Progress = quiet) -> tuple[Rendered | None, list[Finding]]:
    """The pages of a checked dossier that changed since the last build (all of them the
    first time), or the findings that stop it: a template's mistake (D503), a generated
    page in the way of a hand-written file (D501)."""
    progress("select", len(checked.dossier.records))
    wanted, before = cache.pages_to_render(root, checked, inputs)
    progress("render", len(checked.dossier.records))
    env = cache.templates.environment(root)
    if problems := template_problems(root, env):
        return None, problems
    try:
        rendered = render_pages(root, checked, env, cache.memo, wanted, before)
    except Exception as error:  # a template's mistake is a finding; anything else a bug
        problem = template_problem(root, error)
        if problem is None:
            raise
        return None, [problem]
    problems = plan_conflicts(root / "content", rendered.pages)
    return (None if has_errors(problems) else rendered), problems


def _write(root: Path, checked: Checked, rendered: Rendered,
           kept: frozenset[str]) -> tuple[WriteReport | None, list[Finding]]:
    return write_pages(root, rendered.pages, kept), []


def _site(engine: str) -> Callable[[Path, Checked, Rendered, frozenset[str]],
                                    tuple[WriteReport | None, list[Finding]]]:
    """Write the pages and build the site with `engine`, then index and audit it
    (`output.site`)."""
    def with_engine(root: Path, checked: Checked, rendered: Rendered,
                    kept: frozenset[str]) -> tuple[WriteReport | None, list[Finding]]:
        return build_site(root, rendered.pages, kept, origins_of(root, checked.dossier),
                          engine)
    return with_engine


def _unchanged(cache: BuildCache) -> Outcome:
    """The outcome of a build that found nothing changed since the last one."""
    last = cache.last
    assert last is not None
    return Outcome(last.checked, last.checked.findings, WriteReport([], [], len(last.reads)),
                   up_to_date=True, inputs=last.inputs)


def generate(root: Path, cache: BuildCache | None = None, *, min_coverage: float = 100.0,
             min_support: float = 100.0, progress: Progress = quiet) -> Outcome:
    """Facts → `content/` only (`dossier generate`, and what the live preview needs)."""
    return build(root, cache, site=False, min_coverage=min_coverage, min_support=min_support,
                 progress=progress)


def render_all(root: Path, min_coverage: float = 100.0,
               min_support: float = 100.0) -> tuple[Outcome, dict[str, str]]:
    """Check, then render every page in memory, writing nothing (the golden tests); no page
    is rendered from a dossier with errors."""
    cache = BuildCache()
    scanned = scan(root)
    checked = check(root, cache, min_coverage=min_coverage, min_support=min_support,
                    scanned=scanned)
    if not checked.ok:
        return Outcome(checked, checked.findings), {}
    rendered, problems = render(root, checked, cache, input_stamps(root, scanned))
    outcome = Outcome(checked, checked.findings + problems)
    return outcome, dict(rendered.pages) if rendered is not None else {}
