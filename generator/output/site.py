"""Stage 9, the site: MkDocs builds the generated pages, and only a successful build is kept.

The build happens in the work area (`journal.Work`): `content/` is mirrored there (hard
links, so it is cheap), the changed pages are written into the mirror, and MkDocs builds it
with `--strict` semantics into a fresh folder, which Pagefind indexes (`search.py`) and
whose pages are then audited (`audit.py`).
Only when both succeed are the pages put into `content/` and the new site swapped in for
`site/`, as one step of the journal. A failed or killed build leaves both as they were (or,
killed after that step began, the next command finishes it).
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import re
import subprocess
import sys
from collections.abc import Mapping
from functools import partial
from pathlib import Path

from ..format.findings import Finding, finding_at
from ..read.scan import Linked, linked_files
from ..utils.disk import link_or_copy
from .audit import Origins, audit_search_files, audit_site, trace_engine_problems
from .journal import Work, checkpoint
from .search import index_site
from .write import MANIFEST, WriteReport, stage_pages

CONFIG = "mkdocs.yml"


def build_site(root: Path, pages: Mapping[str, str], keep: frozenset[str] = frozenset(),
               origins: Origins | None = None,
               engine: str = "mkdocs") -> tuple[WriteReport | None, list[Finding]]:
    """Write `pages` (and keep `keep`, see `write.stage_pages`) and build the site:
    staging → MkDocs → search index → audit → commit `content/` and swap `site/`.
    `origins` places the audit's findings at the fact files the pages come from. Raises
    OSError when a file cannot be written; `content/` and `site/` are then as they were."""
    with Work(root) as work:
        problems = mirror(root, work.content)
        if problems:
            return None, problems
        report = stage_pages(root / "content", work.content, pages, keep)
        problems = (run_zensical if engine == "zensical" else run_mkdocs)(
            root, work.content, work.site)
        if not problems:
            problems = index_site(work.site).problems
        problems = audited(root, work.content, work.site, origins or Origins(root), problems)
        if problems:
            return None, problems
        checkpoint("built")
        work.commit(report, site=True)
    return report, []


def audited(root: Path, docs_dir: Path, site_dir: Path, origins: Origins,
            problems: list[Finding]) -> list[Finding]:
    """The engine's (or the indexer's) problems placed at fact files where they can be, or,
    when the site was built and indexed, the audit's findings about the built pages and the
    search index's folder."""
    if problems:
        return trace_engine_problems(problems, origins)
    refused = audit_site(site_dir, docs_dir, origins, _site_url(root))
    return [finding for findings in refused.values() for finding in findings
            ] + audit_search_files(site_dir, docs_dir)


def _site_url(root: Path) -> str:
    from mkdocs.config import load_config

    return load_config(str(root / CONFIG)).site_url or ""


def run_mkdocs(root: Path, docs_dir: Path, site_dir: Path) -> list[Finding]:
    """Build with MkDocs in strict mode; every warning it logs becomes a finding."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    capture = _WarningCapture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        config = load_config(str(root / CONFIG), strict=True, docs_dir=str(docs_dir),
                             site_dir=str(site_dir))
        build(config)
    except MkDocsException as error:
        capture.messages.append(str(error))
    finally:
        logger.removeHandler(capture)
    return [finding_at(CONFIG, "D502", message.replace(str(docs_dir), "content"),
                       "a generated page links to a missing page or anchor; please report it")
            for message in capture.messages]


ZENSICAL_CONFIG = "zensical.yml"  # in the work area, beside the pages it builds
ZENSICAL_TIMEOUT = 3600  # seconds


def run_zensical(root: Path, docs_dir: Path, site_dir: Path) -> list[Finding]:
    """Build with Zensical (the engine of mkdocs-material's authors, which reads mkdocs.yml)
    in strict mode, in a process of its own: through a configuration beside `docs_dir`
    that inherits mkdocs.yml, since Zensical takes its folders relative to its
    configuration. The search index it writes besides (`search.json`, for a search the
    configuration turns off) is removed: Pagefind's is the site's."""
    area = docs_dir.parent
    if site_dir.parent != area:
        raise ValueError("Zensical builds into a folder beside the pages it builds")
    source_relative_links(docs_dir)
    config = area / ZENSICAL_CONFIG
    config.write_text(f"INHERIT: {os.path.relpath(root / CONFIG, area)}\n"
                      f"docs_dir: {docs_dir.name}\nsite_dir: {site_dir.name}\n"
                      + _zensical_theme(root, area), "utf-8")
    try:
        done = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "-f",
                               ZENSICAL_CONFIG], cwd=area, capture_output=True, text=True,
                              timeout=ZENSICAL_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return [_engine_problem(f"Zensical did not finish: {error}")]
    (site_dir / "search.json").unlink(missing_ok=True)
    if done.returncode == 0:
        return []
    said = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
    return [_engine_problem("Zensical: " + line.replace(str(docs_dir), "content"))
            for line in (said[-10:] or [f"exit {done.returncode}"])]


RAW_LINK = re.compile(r'(?<=\s)(href|src)="([^"]*)"')
"""A link in the raw HTML of a generated page: attribute and address. (Fact text cannot
make one: it is escaped, so its quotation marks are entities.)"""


def source_relative_links(docs_dir: Path) -> None:
    """Make the raw-HTML links of the pages in `docs_dir` (the work area's mirror of
    `content/`) relative to each page's Markdown file instead of its built page. Both
    engines resolve a Markdown link from the Markdown file's folder; MkDocs leaves links in
    raw HTML as written, so the generator writes them from the built page
    (`sources/x.md` is built as `sources/x/index.html`); Zensical 0.0.73 resolves those too
    from the Markdown file's folder, and they would land one folder too high. An `index.md`
    is built in its own folder: its links are the same either way. A rewritten page is a
    new file (the mirror's pages are links to `content/`'s, which stay as they are)."""
    for page in docs_dir.rglob("*.md"):
        if page.name == "index.md":
            continue
        text = page.read_text("utf-8")
        if 'href="' not in text and 'src="' not in text:
            continue
        source = page.parent.relative_to(docs_dir).as_posix()
        built = posixpath.join(source, page.stem)
        rewritten = RAW_LINK.sub(partial(_rewritten, built=built, source=source), text)
        if rewritten != text:
            fresh = page.with_name(page.name + ".zensical")
            fresh.write_text(rewritten, "utf-8")
            os.replace(fresh, page)


def _rewritten(link: re.Match[str], built: str, source: str) -> str:
    return f'{link[1]}="{_from_source(link[2], built, source)}"'


def _from_source(address: str, built: str, source: str) -> str:
    """`address`, written from the folder `built`, as written from the folder `source`."""
    if not address or address.startswith(("#", "/")) or ":" in address.split("/", 1)[0]:
        return address  # an anchor on the page, a path from the root, or another site
    cut = min((i for i in (address.find("#"), address.find("?")) if i >= 0),
              default=len(address))
    path, rest = address[:cut], address[cut:]
    target = posixpath.normpath(posixpath.join(built, path or "."))
    moved = posixpath.relpath(target, source or ".")
    if path.endswith("/") or path in ("", ".") or moved == ".":
        moved = "" if moved == "." else moved + "/"
    return (moved or "./") + rest


def _zensical_theme(root: Path, area: Path) -> str:
    """The theme's folder of additions (mkdocs.yml's `theme.custom_dir`), which Zensical
    would look for beside its configuration: as a path from there to the project's."""
    from mkdocs.config import load_config

    custom = load_config(str(root / CONFIG)).theme.custom_dir
    if not custom:
        return ""
    return f"theme:\n  custom_dir: {json.dumps(os.path.relpath(custom, area))}\n"


def _engine_problem(message: str) -> Finding:
    return finding_at(CONFIG, "D502", message, "a generated page links to a missing page or "
                      "anchor, or the engine cannot build the site; please report it")


class _WarningCapture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def mirror(root: Path, target: Path) -> list[Finding]:
    """Link every file of `content/` that MkDocs would read, and the manifest, into `target`,
    each folder once and never from outside `content/`: a link there is a finding
    (`linked_out`), not a walk of wherever it leads."""
    problems, made = [], {target}
    for found in linked_files(root / "content", root / "content"):
        if (problem := linked_out(found)) is not None:
            problems.append(problem)
            continue
        destination = target / found.path
        if destination.parent not in made:
            destination.parent.mkdir(parents=True, exist_ok=True)
            made.add(destination.parent)
        link_or_copy(found.full, destination)
    manifest = root / "content" / MANIFEST
    if manifest.is_file() and not manifest.is_symlink():  # `write.read_manifest` reads no link
        link_or_copy(manifest, target / MANIFEST)
    return problems


def linked_out(found: Linked) -> Finding | None:
    """A link MkDocs must not follow: out of `content/` it would publish whatever it leads
    to (a pull request could link `/etc`, or `.git/config` with the CI's token in it), or
    walk the whole file system; a link to nothing stops its build."""
    if found.stat is not None and not found.outside:
        return None
    where = "nothing" if found.stat is None else "out of content/"
    return finding_at(f"content/{found.path}".rstrip("/"), "D506", f"this link leads to {where}",
                      "copy what it links to into content/, or remove the link")
