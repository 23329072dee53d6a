"""The benchmark's measurements of search and of the site engines (issue 21), side by side in
one run, on the site `benchmark.measure_mkdocs` just built without a search plugin:

- Pagefind over that site, as `dossier build` runs it (`output.search.index_site`): seconds,
  the peak memory of its process, the index's bytes and files;
- a first search in headless Chromium (Debian's, driven by Playwright) as a reader makes it:
  open the header's search, type a person's name, wait for the results; the bytes and files
  fetched from `pagefind/` from the moment search is opened;
- the baseline, re-measured: MkDocs with Material's search plugin, as the site was built
  before (its time and its `search_index.json`, which every reader downloaded whole);
- Zensical (`zensical build`, pinned) over the same `content/`: seconds, and whether it built.
"""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
_NAME = re.compile(r"<h1 id=\"top\">([^<]+)<")


def measure_search(root: Path, site: Path) -> dict[str, Any]:
    """Pagefind over `site`; then a first search in Chromium when it is installed."""
    from generator.output.search import index_site

    indexed = index_site(site)
    folder = site / "pagefind"
    files = [p for p in folder.rglob("*") if p.is_file()]
    result: dict[str, Any] = {
        "search_index_s": indexed.seconds,
        "search_index_problems": [f.message for f in indexed.problems],
        "pagefind_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "pagefind_bytes": sum(p.stat().st_size for p in files), "pagefind_files": len(files)}
    if CHROMIUM.exists() and not indexed.problems:
        result["first_search"] = first_search(site)
    return result


def first_search(site: Path) -> dict[str, Any]:
    """What a reader's browser fetches for a first search: a person's name typed into the
    search of a person's page, counted from the moment search is opened."""
    from playwright.sync_api import sync_playwright

    from tests.linkcheck import served

    person = sorted((site / "people").glob("*/index.html"))[len(list(
        (site / "people").glob("*/index.html"))) // 2]
    found = _NAME.search(person.read_text("utf-8"))
    name = found.group(1).strip() if found else "a"
    page_path = person.parent.relative_to(site).as_posix() + "/"
    fetched: list[tuple[str, int]] = []
    with served(site) as base, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(base + page_path, wait_until="networkidle")
        page.on("requestfinished", lambda r: fetched.append(
            (r.url, r.sizes()["responseBodySize"])))
        start = time.perf_counter()
        page.locator(".dossier-search-open").click()
        page.locator("#dossier-search-input").type(name)
        page.wait_for_selector(".dossier-search__results[aria-busy='false'] li", timeout=60_000)
        page.wait_for_load_state("networkidle")
        seconds = time.perf_counter() - start
        first = page.eval_on_selector(".dossier-search__results a", "a => a.href")
        browser.close()
    ours = [(url, size) for url, size in fetched if "/pagefind/" in url]
    return {"query": name, "bytes": sum(size for _, size in ours), "files": len(ours),
            "seconds": seconds, "first_result_is_the_page": first.endswith("/" + page_path),
            "largest": sorted(ours, key=lambda f: -f[1])[:5]}


def measure_search_plugin(root: Path) -> dict[str, Any]:
    """The baseline: MkDocs with Material's search plugin, as `dossier build` ran it before
    (a configuration that inherits mkdocs.yml and turns the plugin on)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = root / ".bench-search-plugin.yml"
    config_file.write_text("INHERIT: mkdocs.yml\nplugins:\n  search:\n    enabled: true\n",
                           "utf-8")
    site = root / ".bench-site-search-plugin"
    start = time.perf_counter()
    build(load_config(str(config_file), docs_dir=str(root / "content"), site_dir=str(site)))
    seconds = time.perf_counter() - start
    index = site / "search" / "search_index.json"
    result = {"mkdocs_search_plugin_s": seconds,
              "search_plugin_index_bytes": index.stat().st_size if index.exists() else 0}
    shutil.rmtree(site, ignore_errors=True)
    return result


def measure_zensical(root: Path, timeout: float) -> dict[str, Any]:
    """`zensical build` of the dossier's `content/` with its mkdocs.yml, in a process of its
    own (Zensical writes `site/` and `.cache/` beside the configuration)."""
    zensical = Path(sys.executable).with_name("zensical")
    if not zensical.exists():
        return {"zensical": {"error": "zensical is not installed"}}
    shutil.rmtree(root / "site", ignore_errors=True)
    start = time.perf_counter()
    try:
        done = subprocess.run([str(zensical), "build", "--clean", "-f", "mkdocs.yml"],
                              cwd=root, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return {"zensical": {"error": f"no result within {timeout:.0f} s"}}
    seconds = time.perf_counter() - start
    said = (done.stdout + done.stderr).strip().splitlines()
    pages = len(list((root / "site").rglob("*.html")))
    shutil.rmtree(root / "site", ignore_errors=True)
    shutil.rmtree(root / ".cache", ignore_errors=True)
    return {"zensical": {"seconds": seconds, "exit": done.returncode, "pages": pages,
                         "said": said[-5:]}}


if __name__ == "__main__":  # python -m bench.search SITE: a first search on a built site
    import json

    print(json.dumps(first_search(Path(sys.argv[1])), indent=1))
