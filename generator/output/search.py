"""The search index: Pagefind reads the built site and writes its index in chunks.

Material's search plugin wrote one index that every reader downloaded whole before a first
search (50 MB at 10,000 entities). Pagefind splits the index by word and each page's text
into its own fragment, so a reader fetches only the chunks a query needs. It runs over the
site in the work area, after the site engine and before the audit (`site.py`), so `site/`
is swapped in with its index, never half indexed; the binary comes with the `pagefind-bin`
package (pinned), so nothing is fetched. The site shows the index with
`content/assets/search.js`.

Only what readers search is indexed, which also keeps the index small and quick to build:

- on each page, its article (`allowed.CONTENT_CLASS`), not the theme's navigation, and not
  the footnote lists (they repeat the quotes of the sources' pages), the footnote markers,
  the permalinks or the graphs' labels;
- the pages of records and the pages written by hand, the home page, the guide, the fact
  format and the open-data page; not the index of each kind, the timeline, the coverage, the
  network or the conflicts, which list again what the record pages say (at 10,000 entities
  they are the largest pages, and a result on one would fetch its whole text).

The templates say what weighs more than body text: names, aliases and search terms
(`data-pagefind-weight`), the kind of page (`data-pagefind-meta`, shown with each result)
and the kind and legal status readers filter by (`data-pagefind-filter`). `allowed.py` lets
exactly those attributes through the audit.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from ..format.findings import Finding, finding_at
from ..format.kinds import folders
from ..render.paths import CONFLICTS, COVERAGE, NETWORK, TIMELINE, url_of
from . import allowed

FOLDER = allowed.SEARCH_FOLDER  # under the site: Pagefind's files (`allowed.SEARCH_FILES`)
NOT_INDEXED = frozenset(url_of(page).strip("/") for page in (TIMELINE, COVERAGE, NETWORK,
                                                             CONFLICTS)) | {FOLDER, "assets"}
LEFT_OUT = (".footnote", "sup[id^='fnref']", ".headerlink", ".dossier-graph", "thead")
"""Parts of an article that are not searched: footnote lists and markers, permalinks, graphs,
tables' headings."""
TIMEOUT = 1800  # seconds: a stuck indexer fails the build rather than holding it for ever


@dataclass(frozen=True)
class Indexed:
    """What one run of the indexer did."""

    seconds: float
    problems: list[Finding]


def pagefind() -> Path:
    """The Pagefind binary that the `pagefind-bin` package installed."""
    import pagefind_bin

    return Path(pagefind_bin.get_executable())


def command(site_dir: Path, output: Path | None = None) -> list[str]:
    """Pagefind's command line for a built site (into `output`, else its `pagefind/`)."""
    line = [str(pagefind()), "--site", str(site_dir), "--glob", pages_glob(site_dir),
            "--root-selector", f"article.{allowed.CONTENT_CLASS}", "--silent"]
    for selector in LEFT_OUT:
        line += ["--exclude-selectors", selector]
    if output is not None:
        line += ["--output-path", str(output)]
    return line


def pages_glob(site_dir: Path) -> str:
    """The pages to index, as one of Pagefind's globs: the home page, every record's page,
    and every page under the other folders but those listed in `NOT_INDEXED`."""
    kinds = set(folders())
    parts = ["index.html"]
    for entry in sorted(p.name for p in site_dir.iterdir() if p.is_dir()):
        if entry in kinds:
            parts.append(f"{entry}/*/index.html")
        elif entry not in NOT_INDEXED:
            parts.append(f"{entry}/**/*.html")
    return "{" + ",".join(parts) + "}"


def index_site(site_dir: Path, output: Path | None = None) -> Indexed:
    """Index a built site; a failure of the indexer is a finding (D507), never a site
    without its index."""
    start = time.perf_counter()
    try:
        run = subprocess.run(command(site_dir, output), capture_output=True, text=True,
                             timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return Indexed(time.perf_counter() - start, [_failed(str(error))])
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        said = (run.stderr or run.stdout).strip().splitlines()
        return Indexed(seconds, [_failed(said[-1] if said else f"exit {run.returncode}")])
    return Indexed(seconds, [])


def _failed(reason: str) -> Finding:
    return finding_at("mkdocs.yml", "D507", f"Pagefind could not index the site: {reason}",
                      "run `dossier build` again; if it fails again, please report it with "
                      "this message")
