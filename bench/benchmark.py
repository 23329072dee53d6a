"""How the generator and MkDocs scale, measured against the targets of issue 7.

    python -m bench.benchmark [--sizes 100,1000,10000] [--out bench/results.json]

For each size N: a synthetic dossier of N entities (`bench.synth`) in a temporary folder; then,
in a fresh Python process (so that memory figures belong to that size alone), every generator
stage timed on its own with `time.perf_counter` by calling the library in-process — load
(`read.load`, with the scan), validate, resolve, check (`check.verify`), support
(`check.support`: whether each quote says its value), rules (wording, conflicts, coverage),
render (`render.pages.render`), plan (`output.write.plan_conflicts`), write
(`output.write.write_pages`): the stage functions `generator.build.build` calls — then
MkDocs (`output.site.run_mkdocs`) into a temporary site folder, the audit of that site
(`output.audit.audit_site`), a no-op rebuild and a rebuild after editing one fact file, each
by stage. Around that process:
`dossier check` and `dossier generate` as an editor runs them (fresh processes: the first
with no receipt of an earlier build, then one with nothing changed, then one after an edit;
receipts go to a cache folder of this run), and the live preview (`dossier serve`): seconds
from saving a fact file until the served page shows the change.

Prints one table (a row per measurement, a column per N; the targets of the issue hold at
N = 10,000, so each is judged, pass or miss, in that column only), writes every figure as
JSON (`--out`) and the table beside it (`.txt`).

    python -m bench.benchmark --profile STAGE --root DIR [--top 25]

profiles one stage (cProfile, sorted by cumulative time) on an existing dossier; STAGE is a
generator stage or `mkdocs`.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import platform
import pstats
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from bench import search, synth

REPO = Path(__file__).resolve().parent.parent
STAGES = ("load", "validate", "resolve", "check", "support", "rules", "render", "plan",
          "write")
STAGE_LABELS = {"load": "load (scan + read.load)", "validate": "validate (read.validate)",
                "resolve": "resolve", "check": "check (pins + quote verification)",
                "support": "support (check.support)",
                "rules": "rules (wording, conflicts, coverage)",
                "render": "render (render.pages.render)", "plan": "plan (write.plan_conflicts)",
                "write": "write (write.write_pages)"}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": os.pathsep.join(
    p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)}
RUN_IN = {"cwd": str(REPO)}  # `python -m` imports from its working folder first
TARGET_SIZE = 10_000  # the size at which the targets are measured


# --- the generator, one stage at a time: the stage functions `generator.build.build` calls,
# --- each timed on its own ------------------------------------------------------------------


class BrokenDossier(Exception):
    """The dossier has errors: nothing after `rules` would run in a real build."""


@dataclass
class State:
    root: Path
    cache: Any = None  # a fresh `BuildCache`, as a one-off build makes
    seconds: dict[str, float] = field(default_factory=dict)
    raws: list[Any] = field(default_factory=list)
    texts: dict[str, bytes] = field(default_factory=dict)
    findings: list[Any] = field(default_factory=list)
    records: list[Any] = field(default_factory=list)
    dossier: Any = None
    evidence: Any = None
    checked: Any = None
    pages: Any = field(default_factory=dict)
    report: Any = None


def _load(s: State) -> None:
    from generator.cache import BuildCache
    from generator.read.load import load
    from generator.read.scan import scan

    s.cache = BuildCache()
    s.raws, s.texts, s.findings = load(s.root, scan(s.root), s.cache.files)


def _validate(s: State) -> None:
    from generator.read.validate import validate

    s.records, problems = validate(s.root, s.raws, s.cache.files, s.cache.locator)
    s.findings += problems


def _resolve(s: State) -> None:
    from generator.check.resolve import broken_ids, resolve

    s.dossier, problems = resolve(s.root, s.records, broken_ids(s.findings, s.records),
                                  s.cache.locator)
    s.findings += problems


def _check(s: State) -> None:
    from generator.check.verify import verify

    s.evidence, problems = verify(s.dossier, {k: v for k, v in s.texts.items()
                                              if k in s.dossier.records},
                                  s.cache.evidence, s.cache.memo, s.cache.locator)
    s.findings += problems


def _support(s: State) -> None:
    from generator.check.support import support

    s.findings += support(s.dossier, s.evidence, s.cache.memo, s.cache.locator)


def _rules(s: State) -> None:
    from generator.check.rules import Checked, rules
    from generator.format.findings import has_errors
    from generator.format.settings import load_settings

    settings, problems = load_settings(s.root)
    s.findings += problems
    conflicts, found = rules(s.dossier, s.evidence, settings, (100.0, 100.0), s.findings,
                             s.cache.memo, s.cache.locator)
    s.findings = sorted(s.findings + found)
    s.checked = Checked(s.dossier, s.evidence, conflicts, settings, s.findings)
    if has_errors(s.findings):
        raise BrokenDossier("\n".join(f"{f.path}:{f.line}: {f.code}: {f.message}"
                                      for f in s.findings[:20]))


def _render(s: State) -> None:
    from generator.render.pages import render

    env = s.cache.templates.environment(s.root)
    s.pages = render(s.root, s.checked, env, s.cache.memo).pages


def _plan(s: State) -> None:
    from generator.output.write import plan_conflicts

    if problems := plan_conflicts(s.root / "content", s.pages):
        raise BrokenDossier(problems[0].message)


def _write(s: State) -> None:
    from generator.output.write import write_pages

    s.report = write_pages(s.root, s.pages)


STAGE_FUNCTIONS: dict[str, Callable[[State], None]] = {
    "load": _load, "validate": _validate, "resolve": _resolve, "check": _check,
    "support": _support, "rules": _rules, "render": _render, "plan": _plan, "write": _write}


def run_stages(root: Path, profile: str = "", top: int = 25) -> tuple[State, str]:
    """Every stage of a build up to `content/`, each timed; with `profile`, that stage runs
    under cProfile and its top lines (by cumulative time) come back as text."""
    import gc

    state, report = State(root), ""
    for name in STAGES:
        profiler = cProfile.Profile() if name == profile else None
        start = time.perf_counter()
        if profiler is not None:
            profiler.runcall(STAGE_FUNCTIONS[name], state)
        else:
            STAGE_FUNCTIONS[name](state)
        state.seconds[name] = time.perf_counter() - start
        gc.freeze()  # as the command line does between the stages (`cli.main.frozen`)
        if profiler is not None:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
            report = out.getvalue()
    return state, report


def profile_stage(root: Path, stage: str, top: int) -> str:
    """One stage of a build of `root` under cProfile (MkDocs too), with what was measured."""
    state, report = run_stages(root, "" if stage == "mkdocs" else stage, top)
    if stage == "mkdocs":
        from generator.output.site import run_mkdocs

        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.runcall(run_mkdocs, root, root / "content", root / ".bench-site")
        state.seconds["mkdocs"] = time.perf_counter() - start
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
        report = out.getvalue()
    code = _code_version()
    return (f"Profile of stage {stage} on {root} ({len(state.dossier.records)} fact files, "
            f"{len(state.pages)} generated files): {state.seconds[stage]:.2f} s under cProfile. "
            f"All stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in state.seconds.items())
            + f".\nCode: commit {code['commit']}"
            + (f" with changes in {', '.join(code['uncommitted_changes'])}"
               if code["uncommitted_changes"] else "")
            + f"; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; load average {_load_average()}.\n"
            + report)


# --- one size, inside a fresh process -------------------------------------------------------


def memory_kb(key: str) -> int:
    """VmHWM (peak resident set) or VmRSS of this process, in kB. VmHWM belongs to this
    process image alone; ru_maxrss can carry over the parent's peak across fork and exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def measure(root: Path) -> dict[str, Any]:
    """Everything measured in-process for one dossier; run in a fresh process per size."""
    from generator.build import generate
    from generator.cache import BuildCache
    from generator.output.audit import origins_of

    result: dict[str, Any] = {"rss_mb_before": memory_kb("VmRSS") / 1024}
    state, _ = run_stages(root)
    _progress("  generator stages: " + ", ".join(f"{k} {v:.2f} s"
                                                  for k, v in state.seconds.items()))
    result["peak_rss_mb_generator"] = memory_kb("VmHWM") / 1024
    result["stages_s"] = dict(state.seconds)
    result["generator_s"] = sum(state.seconds.values())
    result["files_written"] = len(state.report.written)
    result["generated_files"] = len(state.pages)
    result["fact_files"] = len(state.dossier.records)
    result["statements"] = len(state.evidence.statements)
    result["quotes_verified"] = len(state.evidence.spans)
    result["citations"] = sum(len(s.statement.cite) for s in state.evidence.statements)
    result["findings_info"] = len(state.findings)
    origins = origins_of(root, state.dossier)
    del state
    _forget_earlier_measurements()
    result.update(measure_mkdocs(root))
    _progress(f"  MkDocs {result['mkdocs_s']:.1f} s for {result['pages']} pages")
    result.update(search.measure_search(root, root / ".bench-site"))
    _progress(f"  Pagefind {result['search_index_s']:.1f} s; first search "
              f"{result.get('first_search')}")
    result.update(measure_audit(root, origins))
    _forget_earlier_measurements()
    result["total_s"] = result["generator_s"] + result["mkdocs_s"] + result["search_index_s"]
    result.update(search.measure_search_plugin(root))
    _progress(f"  MkDocs with its search plugin {result['mkdocs_search_plugin_s']:.1f} s")
    result["baseline_total_s"] = result["generator_s"] + result["mkdocs_search_plugin_s"]
    _forget_earlier_measurements()
    result.update(search.measure_zensical(root, 3600))
    _progress(f"  Zensical {result['zensical']}")

    # the rebuilds a long-lived process makes (what `dossier serve` does at each save): one
    # build cache, its first build full, then a build with nothing changed and one after an
    # edit, each told the stages as the live preview tells them (`preview.serve`)
    from generator.preview.serve import freeze_at_stages

    cache = BuildCache()
    start = time.perf_counter()
    outcome = generate(root, cache, progress=freeze_at_stages)
    result["first_build_s"] = time.perf_counter() - start
    start = time.perf_counter()
    outcome = generate(root, cache, progress=freeze_at_stages)
    result["noop"] = {"seconds": time.perf_counter() - start, "ok": outcome.ok,
                      "files_written": len(outcome.report.written) if outcome.report else None}
    _progress(f"  no-op rebuild {result['noop']['seconds']:.2f} s")
    edited = fact_file_to_edit(root, 0)
    synth.edit_summary(edited, "Edited for the benchmark, first revision.")
    stages = _StageClock()
    outcome = generate(root, cache, progress=stages)
    written = outcome.report.written if outcome.report else []
    result["edit"] = {"seconds": stages.stop(), "ok": outcome.ok,
                      "file": edited.relative_to(root).as_posix(),
                      "pages_rewritten": len(written), "pages": written[:50],
                      "stages_s": stages.seconds}
    result["peak_rss_mb_process"] = memory_kb("VmHWM") / 1024
    return result


def _forget_earlier_measurements() -> None:
    """Free what a measurement left behind before the next one in this process: the full
    build's stages froze a whole dossier for the collector (as the command line does), a
    million objects in reference cycles, and MkDocs leaves its site model. Left in place
    they slow the long-lived measurements by a third, in a process unlike `dossier serve`'s."""
    from generator.preview.serve import collect_garbage

    collect_garbage()


class _StageClock:
    """A build's `progress` callback that times each stage (from the start to the first
    report is the scan of every input's stamp), and freezes what the stages so far made,
    as the live preview's does (`preview.serve.freeze_at_stages`)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.stage, self.since = "scan", time.perf_counter()
        self.start = self.since

    def __call__(self, stage: str, count: int) -> None:
        import gc

        gc.freeze()
        now = time.perf_counter()
        self.seconds[self.stage] = self.seconds.get(self.stage, 0.0) + now - self.since
        self.stage, self.since = stage, now

    def stop(self) -> float:
        self("", 0)
        self.seconds.pop("", None)
        return self.since - self.start


def measure_mkdocs(root: Path) -> dict[str, Any]:
    from generator.output.site import run_mkdocs

    site = root / ".bench-site"
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    problems = run_mkdocs(root, root / "content", site)
    seconds = time.perf_counter() - start
    pages = sorted(p for p in (root / "content").rglob("*.md"))
    html = [p for p in site.rglob("*.html")]
    html_bytes = sum(p.stat().st_size for p in html)
    search = site / "search" / "search_index.json"
    return {"mkdocs_s": seconds, "mkdocs_problems": [f.message for f in problems][:20],
            "pages": len(pages), "html_files": len(html), "html_bytes": html_bytes,
            "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
            "search_index_bytes": search.stat().st_size if search.exists() else 0,
            "bytes_per_page": html_bytes / max(1, len(pages)),
            "mkdocs_s_per_page": seconds / max(1, len(pages))}


def measure_audit(root: Path, origins: Any) -> dict[str, Any]:
    """The audit of the site MkDocs just built (`measure_mkdocs`), as `dossier build` runs it."""
    from generator.output.audit import audit_site

    start = time.perf_counter()
    refused = audit_site(root / ".bench-site", root / "content", origins)
    seconds = time.perf_counter() - start
    _progress(f"  audit {seconds:.2f} s, {len(refused)} pages refused")
    return {"audit_s": seconds, "audit_refused_pages": len(refused)}


def fact_file_to_edit(root: Path, which: int) -> Path:
    """A person's fact file, a different one for each edit, picked the same way every run."""
    people = sorted((root / "facts" / "people").glob("*.yaml"))
    return people[(len(people) // 2 + which * 7) % len(people)]


# --- one size, from outside: the commands an editor runs --------------------------------


def run_cli(root: Path, *args: str, timeout: float = 7200) -> dict[str, Any]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          capture_output=True, text=True, env=ENV, timeout=timeout,
                          cwd=RUN_IN["cwd"])
    seconds = time.perf_counter() - start
    written = re.search(r"(\d+) pages written", done.stderr)
    return {"seconds": seconds, "exit": done.returncode,
            "files_written": int(written.group(1)) if written else None,
            "last_line": (done.stderr.strip().splitlines() or [""])[-1][:300]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8", "replace"))


def wait_for(url: str, needle: str, seconds: float, server: subprocess.Popen[bytes]) -> float:
    """Seconds until `url` serves a page containing `needle`; raises after `seconds`."""
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if server.poll() is not None:
            raise RuntimeError(f"dossier serve exited with {server.returncode}")
        try:
            if needle in fetch(url):
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{needle!r} not served at {url} within {seconds:.0f} s")


def measure_serve(root: Path, timeout: float) -> dict[str, Any]:
    """Live preview: start `dossier serve`, wait for a page, save an edit to its fact file,
    and time until the served page shows it."""
    port = free_port()
    log = (root / ".bench-serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(root), "serve",
         "--dev-addr", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT, env=ENV,
        cwd=RUN_IN["cwd"])
    edited = fact_file_to_edit(root, 2)
    url = f"http://127.0.0.1:{port}/people/{edited.stem}/"
    result: dict[str, Any] = {"file": edited.relative_to(root).as_posix()}
    try:
        result["startup_s"] = wait_for(url, "</html>", timeout, server)
        words = "Edited for the live preview, third revision."
        synth.edit_summary(edited, words)
        result["edit_to_preview_s"] = wait_for(url, words, timeout, server)
    except (TimeoutError, RuntimeError) as error:
        result["error"] = str(error)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(30)
        log.close()
    if "error" in result:
        lines = (root / ".bench-serve.log").read_text("utf-8", "replace").splitlines()
        result["log_tail"] = lines[-15:]
    return result


def measure_size(n: int, args: argparse.Namespace) -> dict[str, Any]:
    root = Path(tempfile.mkdtemp(prefix=f"dossier-bench-{n}-", dir=args.workdir))
    result: dict[str, Any] = {"n": n, "root": str(root), "load_average_before": _load_average()}
    try:
        start = time.perf_counter()
        result["synthetic"] = synth.generate(n, root, args.seed, args.code)
        result["synthetic"]["seconds"] = time.perf_counter() - start
        result["synthetic"]["quotes_not_verbatim"] = len(synth.missing_quotes(root))
        _progress(f"N={n}: synthetic dossier in {result['synthetic']['seconds']:.1f} s")
        result.update(_measure_in_fresh_process(root, args.timeout))
        _progress(f"N={n}: generator {result['generator_s']:.2f} s, "
                  f"MkDocs {result['mkdocs_s']:.1f} s")
        result["cli_check"] = run_cli(root, "check", timeout=args.timeout)
        result["cli_first"] = run_cli(root, "generate", timeout=args.timeout)
        result["cli_noop"] = run_cli(root, "generate", timeout=args.timeout)
        synth.edit_summary(fact_file_to_edit(root, 1), "Edited for the benchmark, second revision.")
        result["cli_edit"] = run_cli(root, "generate", timeout=args.timeout)
        _progress(f"N={n}: dossier check exit {result['cli_check']['exit']} in "
                  f"{result['cli_check']['seconds']:.1f} s")
        if not args.no_serve:
            result["serve"] = measure_serve(root, args.serve_timeout or 120 + 0.12 * n)
            _progress(f"N={n}: serve {result['serve']}")
        result["load_average_after"] = _load_average()
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return result


def snapshot_code(workdir: Path | None) -> Path:
    """A copy of the generator, this package and the project's templates and configuration,
    which every measuring process uses: an edit to the working tree during a long run cannot
    mix two versions of the code into one table."""
    code = Path(tempfile.mkdtemp(prefix="dossier-bench-code-", dir=workdir))
    for part in ("generator", "bench", *synth.PROJECT_PARTS):
        source, target = REPO / part, code / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    ENV["PYTHONPATH"] = os.pathsep.join([str(code), ENV["PYTHONPATH"]])
    RUN_IN["cwd"] = str(code)
    return code


def code_digest(code: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in code.rglob("*") if p.is_file()):
        digest.update(path.relative_to(code).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _measure_in_fresh_process(root: Path, timeout: float) -> dict[str, Any]:
    out = root / ".bench-measure.json"
    done = subprocess.run([sys.executable, "-m", "bench.benchmark", "--measure", str(root),
                           "--json", str(out)], env=ENV, timeout=timeout, cwd=RUN_IN["cwd"])
    if done.returncode != 0:
        raise RuntimeError(f"measuring {root} failed (exit {done.returncode}; see stderr)")
    return dict(json.loads(out.read_text("utf-8")))


def _load_average() -> list[float] | None:
    """The machine's load average (1, 5, 15 min): other work on the two cores skews timings."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _progress(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# --- the machine ----------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    from importlib import metadata

    import yaml

    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    memory = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.M)
    versions: dict[str, str | None] = {}
    for package in ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "PyYAML",
                    "pydantic", "Jinja2"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "cpu": model.group(1).strip() if model else platform.processor(),
        "cores": os.cpu_count(), "cores_usable": len(os.sched_getaffinity(0)),
        "memory_gb": round(int(memory.group(1)) / 1024 / 1024, 1) if memory else None,
        "python": platform.python_version(), "implementation": platform.python_implementation(),
        "platform": platform.platform(), "libyaml": bool(getattr(yaml, "__with_libyaml__", 0)),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average": _load_average(),
        "packages": versions, "code": _code_version(),
    }


def _code_version() -> dict[str, Any]:
    """The commit measured, and which files of the generator differ from it (read-only git)."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", "--no-optional-locks", *args], cwd=REPO,
                              capture_output=True, text=True)
        return done.stdout.rstrip("\n") if done.returncode == 0 else ""

    changed = git("status", "--porcelain", "--", "generator", "templates", "mkdocs.yml")
    return {"commit": git("rev-parse", "HEAD").strip() or None,
            "uncommitted_changes": [line[3:] for line in changed.splitlines()]}


# --- targets and the table ------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    value: Callable[[dict[str, Any]], Any]
    unit: str = ""
    target: str = ""
    passes: Callable[[Any], bool] | None = None


def _get(result: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if not isinstance(result, dict) or key not in result:
            return None
        result = result[key]
    return result


def _ratio(results: dict[str, dict[str, Any]], n: str, key: str) -> float | None:
    """This size's figure over the next smaller size's (10,000 over 1,000)."""
    sizes = sorted(int(k) for k in results)
    smaller = [s for s in sizes if s < int(n)]
    if not smaller:
        return None
    now, before = _get(results[n], key), _get(results[str(smaller[-1])], key)
    return now / before if now is not None and before else None


def _stage_seconds(name: str, result: dict[str, Any]) -> Any:
    return _get(result, "stages_s", name)


def rows(results: dict[str, dict[str, Any]]) -> list[Row]:
    stage = [Row(f"  {STAGE_LABELS[name]}", partial(_stage_seconds, name), "s",
                 "≤ 2 s" if name == "check" else "",
                 (lambda v: v <= 2.0) if name == "check" else None) for name in STAGES]
    return [
        Row("fact files (entities + sources)", lambda r: _get(r, "fact_files")),
        Row("statements / citations", lambda r: f"{_get(r, 'statements')} / "
                                                f"{_get(r, 'citations')}"),
        Row("pages (Markdown) / generated files", lambda r: f"{_get(r, 'pages')} / "
                                                           f"{_get(r, 'generated_files')}"),
        Row("synthetic dossier written in", lambda r: _get(r, "synthetic", "seconds"), "s"),
        Row("generator stages (full build):", lambda r: ""),
        *stage,
        Row("  support / check (same run)", lambda r: _share(r, "support", "check"), "%",
            "≤ 25%", lambda v: v <= 25.0),
        Row("generator total (load..write)", lambda r: _get(r, "generator_s"), "s"),
        Row("MkDocs build (no search plugin)", lambda r: _get(r, "mkdocs_s"), "s"),
        Row("search index: Pagefind (output.search)", lambda r: _get(r, "search_index_s"), "s"),
        Row("  Pagefind / MkDocs", lambda r: _pct(r, "search_index_s"), "%", "≤ 10%",
            lambda v: v <= 10.0),
        Row("  Pagefind peak memory (RSS)", lambda r: _get(r, "pagefind_peak_rss_mb"), "MB"),
        Row("  Pagefind index: MB / files", lambda r: _pair(
            _mb(_get(r, "pagefind_bytes")), _get(r, "pagefind_files"))),
        Row("  first search in Chromium: KB fetched", lambda r: _kb(_get(
            r, "first_search", "bytes")), "KB", "≤ 300 KB", lambda v: v <= 300),
        Row("  first search: files fetched / right page first", lambda r: _pair(
            _get(r, "first_search", "files"), _get(r, "first_search",
                                                   "first_result_is_the_page"))),
        Row("total (generator + MkDocs + Pagefind)", lambda r: _get(r, "total_s"), "s"),
        Row("baseline: MkDocs with Material's search plugin", lambda r: _get(
            r, "mkdocs_search_plugin_s"), "s"),
        Row("  baseline: its search_index.json (read whole)", lambda r: _mb(_get(
            r, "search_plugin_index_bytes")), "MB"),
        Row("  baseline total (generator + MkDocs with plugin)", lambda r: _get(
            r, "baseline_total_s"), "s"),
        Row("total / baseline total", lambda r: _div(_get(r, "total_s"), _get(
            r, "baseline_total_s")), "×", "≤ 0.8×", lambda v: v <= 0.8),
        Row("Zensical 0.0.73 build: seconds / exit", lambda r: _pair(
            _get(r, "zensical", "seconds"), _get(r, "zensical", "exit"))),
        Row("generator / MkDocs", lambda r: _pct(r), "%", "≤ 10%", lambda v: v <= 10.0),
        Row("audit of the built site (audit.audit_site)", lambda r: _get(r, "audit_s"), "s"),
        Row("  audit / MkDocs", lambda r: _pct(r, "audit_s"), "%"),
        Row("  audit: pages refused", lambda r: _get(r, "audit_refused_pages"), "", "0",
            lambda v: v == 0),
        Row("HTML bytes / page", lambda r: _get(r, "bytes_per_page"), "B"),
        Row("  HTML bytes / page vs next smaller N",
            lambda r: _ratio(results, str(r["n"]), "bytes_per_page"),
            "×", "≤ 1.2×", lambda v: v <= 1.2),
        Row("MkDocs time / page", lambda r: _ms(_get(r, "mkdocs_s_per_page")), "ms"),
        Row("  MkDocs time / page vs next smaller N",
            lambda r: _ratio(results, str(r["n"]), "mkdocs_s_per_page"),
            "×", "≤ 1.2×", lambda v: v <= 1.2),
        Row("files written (full build)", lambda r: _get(r, "files_written")),
        Row("peak memory, generator (RSS)", lambda r: _get(r, "peak_rss_mb_generator"), "MB",
            "≤ 500 MB", lambda v: v <= 500),
        Row("  peak incl. MkDocs + rebuilds", lambda r: _get(r, "peak_rss_mb_process"), "MB"),
        Row("first build in a long-lived process (serve)", lambda r: _get(r, "first_build_s"),
            "s"),
        Row("no-op rebuild, generator in a long-lived process",
            lambda r: _get(r, "noop", "seconds"), "s", "≤ 1 s", lambda v: v <= 1.0),
        Row("  no-op rebuild, files written", lambda r: _get(r, "noop", "files_written"), "",
            "0", lambda v: v == 0),
        Row("  first `dossier generate`, fresh process, no receipt",
            lambda r: _get(r, "cli_first", "seconds"), "s"),
        Row("  no-op `dossier generate`, fresh process", lambda r: _get(r, "cli_noop",
                                                                        "seconds"), "s",
            "≤ 1 s", lambda v: v <= 1.0),
        Row("one-file edit, generator in a long-lived process",
            lambda r: _get(r, "edit", "seconds"), "s", "≤ 1.5 s", lambda v: v <= 1.5),
        Row("  one-file edit, pages rewritten", lambda r: _get(r, "edit", "pages_rewritten")),
        Row("  one-file edit `dossier generate`, fresh process",
            lambda r: _get(r, "cli_edit", "seconds"), "s", "≤ 1.5 s", lambda v: v <= 1.5),
        Row("`dossier check` exit / seconds", lambda r: f"{_get(r, 'cli_check', 'exit')} / "
            f"{_fmt(_get(r, 'cli_check', 'seconds'))} s", "", "exit 0",
            lambda v: v.startswith("0 ")),
        Row("serve: first page served after", lambda r: _get(r, "serve", "startup_s"), "s"),
        Row("serve: save → changed page served", lambda r: _get(r, "serve", "edit_to_preview_s"),
            "s", "≤ 3 s", lambda v: v <= 3.0),
    ]


def _share(r: dict[str, Any], part: str, whole: str) -> float | None:
    """One stage's time as a percentage of another's, both from the same run."""
    a, b = _get(r, "stages_s", part), _get(r, "stages_s", whole)
    return 100.0 * a / b if a is not None and b else None


def _pct(r: dict[str, Any], key: str = "generator_s") -> float | None:
    g, m = _get(r, key), _get(r, "mkdocs_s")
    return 100.0 * g / m if g is not None and m else None


def _ms(v: float | None) -> float | None:
    return None if v is None else 1000 * v


def _mb(v: float | None) -> float | None:
    return None if v is None else v / 1024 / 1024


def _kb(v: float | None) -> float | None:
    return None if v is None else v / 1024


def _div(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _pair(a: Any, b: Any) -> str | None:
    return None if a is None and b is None else f"{_fmt(a)} / {_fmt(b)}"


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}" if abs(value) < 10 \
            else f"{value:.1f}"
    return str(value)


def evaluate(results: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Every target, per size: the figure and whether it passes."""
    found = []
    for row in rows(results):
        if row.passes is None:
            continue
        per_size = {}
        for n, result in results.items():
            value = row.value(result)
            if value is not None and value != "":
                per_size[n] = {"value": value, "pass": bool(row.passes(value)) if int(
                    n) == TARGET_SIZE else None}
        found.append({"measurement": row.label.strip(), "target": row.target,
                      "unit": row.unit, "per_size": per_size})
    return found


def table(results: dict[str, dict[str, Any]]) -> str:
    sizes = sorted(results, key=int)
    header = ["measurement", f"target at N={TARGET_SIZE:,}", *(f"N={int(n):,}" for n in sizes)]
    lines = []
    for row in rows(results):
        cells = [row.label, row.target]
        for n in sizes:
            value = row.value(results[n])
            cell = f"{_fmt(value)} {row.unit}".strip() if value not in (None, "") else \
                ("" if value == "" else "—")
            if row.passes is not None and value not in (None, "") and int(n) == TARGET_SIZE:
                cell += "  pass" if row.passes(value) else "  MISS"
            cells.append(cell)
        lines.append(cells)
    widths = [max(len(str(c)) for c in col) for col in zip(header, *lines, strict=True)]
    out = [" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    out.append("-+-".join("-" * w for w in widths))
    out += [" | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
            for cells in lines]
    for n in sizes:
        if stages := _get(results[n], "edit", "stages_s"):
            out.append(f"\nOne-file edit in a long-lived process at N={int(n):,}, by stage: "
                       + ", ".join(f"{k} {v:.3g} s" for k, v in stages.items()) + ".")
    return "\n".join(out)


def describe_machine(info: dict[str, Any]) -> str:
    code = info["code"]
    changes = code["uncommitted_changes"]
    return (f"Machine: {info['cpu']}, {info['cores']} cores ({info['cores_usable']} usable), "
            f"{info['memory_gb']} GB; Python {info['python']} ({info['platform']}); "
            f"libyaml {'yes' if info['libyaml'] else 'no'}; MkDocs {info['packages']['mkdocs']}, "
            f"Material {info['packages']['mkdocs-material']}; {info['date']}; load average "
            f"at start {info['load_average']}.\n"
            f"Code: commit {code['commit']}"
            + (f" with uncommitted changes in {', '.join(changes)}" if changes else "") + ".")


# --- the command ----------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.benchmark", description=__doc__.split(
        "\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="100,1000,10000",
                   help="comma-separated numbers of entities (default 100,1000,10000)")
    p.add_argument("--out", type=Path, default=REPO / "bench" / "results.json",
                   help="JSON results; the table goes beside it as .txt")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--workdir", type=Path, default=None,
                   help="where the temporary dossiers go (default: the system's)")
    p.add_argument("--keep", action="store_true", help="keep the temporary dossiers")
    p.add_argument("--no-serve", action="store_true", help="skip the live-preview measurement")
    p.add_argument("--serve-timeout", type=float, default=0,
                   help="seconds to wait for `dossier serve` (default 120 + 0.12 per entity)")
    p.add_argument("--timeout", type=float, default=4 * 3600,
                   help="seconds any one measuring process may take")
    p.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the fresh process
    p.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--profile", choices=(*STAGES, "mkdocs"),
                   help="profile this stage of --root's build")
    p.add_argument("--root", type=Path, help="the dossier to profile")
    p.add_argument("--top", type=int, default=25)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.measure:
        args.json.write_text(json.dumps(measure(args.measure.resolve()), indent=1), "utf-8")
        return 0
    if args.profile:
        print(profile_stage(args.root.resolve(), args.profile, args.top))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    info = machine()
    saved = dict(ENV), dict(RUN_IN)
    args.code = snapshot_code(args.workdir)
    ENV["XDG_CACHE_HOME"] = str(args.code / ".cache")  # receipts of this run's builds only
    info["code"]["snapshot_sha256"] = code_digest(args.code)
    try:
        document = run_sizes(args, sizes, info, argv)
    finally:
        ENV.clear()
        ENV.update(saved[0])
        RUN_IN.update(saved[1])
        if not args.keep:
            shutil.rmtree(args.code, ignore_errors=True)
    text = describe_machine(info) + "\n\n" + table(document["results"]) + "\n"
    misses = [f"{t['measurement']} at N={n}: {_fmt(c['value'])} {t['unit']} "
              f"(target {t['target']})"
              for t in document["targets"] for n, c in t["per_size"].items()
              if c["pass"] is False]
    text += "\nMissed targets:\n" + ("\n".join(f"- {m}" for m in misses) or "- none") + "\n"
    print(text)
    args.out.with_suffix(".txt").write_text(text, "utf-8")
    return 0


def run_sizes(args: argparse.Namespace, sizes: list[int], info: dict[str, Any],
              argv: list[str] | None) -> dict[str, Any]:
    results: dict[str, dict[str, Any]] = {}
    document: dict[str, Any] = {"command": " ".join(["python -m bench.benchmark", *(
        argv if argv is not None else sys.argv[1:])]), "machine": info, "sizes": sizes,
        "results": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        try:
            results[str(n)] = measure_size(n, args)
        except Exception as error:  # one size failing still leaves the others' figures
            results[str(n)] = {"n": n, "error": f"{type(error).__name__}: {error}"}
            _progress(f"N={n} failed: {error}")
        document["targets"] = evaluate(results)
        args.out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return document


if __name__ == "__main__":
    sys.exit(main())
