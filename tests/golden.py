"""Golden files of the real dossier, committed: the generated `content/` under tests/golden/,
and the built site under tests/golden_site/ (every page MkDocs makes, normalised only where
MkDocs is not deterministic).

`make golden` (python -m tests.golden) rewrites both after an intended change of the output;
review the diff like any other change.

What MkDocs does not make byte for byte the same: the dates of `sitemap.xml` and the gzip
header of `sitemap.xml.gz` come from `SOURCE_DATE_EPOCH`, or the clock when it is unset.
The golden site is built with it fixed, and `sitemap.xml.gz` is compared by what it holds.
The theme's own files (`assets/`) are copied from the installed mkdocs-material verbatim,
and are left out: they are not the dossier's output. So is the search index (`pagefind/`):
Pagefind writes its filter chunks in a different order from run to run, and the index is
binary; `tests/test_search.py` checks what it finds instead.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator import build

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
GOLDEN_SITE = REPO / "tests" / "golden_site"
EPOCH = "1711065600"  # SOURCE_DATE_EPOCH of every golden or compared build
PROJECT_PARTS = ("facts", "templates", "mkdocs.yml", "content/about.md", "content/assets",
                 "dossier.toml")
THEME_FILES = "assets/"
SEARCH_FILES = "pagefind/"


def rendered() -> dict[str, str]:
    outcome, pages = build.render_all(REPO)
    if not outcome.ok:
        raise SystemExit("\n".join(f.format() for f in outcome.findings))
    return pages


def copy_project(target: Path) -> Path:
    """The real dossier's inputs (facts, templates, config, hand-written pages) in `target`."""
    for part in PROJECT_PARTS:
        source, destination = REPO / part, target / part
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination)
        else:
            shutil.copy2(source, destination)
    return target


def build_in_process(root: Path, hash_seed: str = "0") -> subprocess.CompletedProcess[str]:
    """`dossier build --full` of `root` in a fresh Python process with its own hash seed and
    the golden `SOURCE_DATE_EPOCH` (receipts go to a cache folder of its own)."""
    with tempfile.TemporaryDirectory(prefix="dossier-golden-cache-") as cache:
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": hash_seed,
               "XDG_CACHE_HOME": cache}
        return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "-q",
                               "build", "--full"], capture_output=True, text=True, env=env,
                              cwd=REPO, timeout=600)


def site_files(site: Path) -> dict[str, bytes]:
    """Every file MkDocs built for the dossier (not the theme's `assets/` nor the search
    index), normalised: `sitemap.xml.gz` by its uncompressed bytes."""
    found = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or relative.startswith((THEME_FILES, SEARCH_FILES)):
            continue
        data = path.read_bytes()
        found[relative] = gzip.decompress(data) if relative.endswith(".gz") else data
    return found


def built_site() -> dict[str, bytes]:
    """The real dossier's site, built in a temporary copy, normalised (`site_files`)."""
    with tempfile.TemporaryDirectory(prefix="dossier-golden-") as folder:
        root = copy_project(Path(folder) / "dossier")
        done = build_in_process(root)
        if done.returncode != 0:
            raise SystemExit(done.stdout + done.stderr)
        return site_files(root / "site")


def golden_site() -> dict[str, bytes]:
    return {p.relative_to(GOLDEN_SITE).as_posix(): p.read_bytes()
            for p in sorted(GOLDEN_SITE.rglob("*")) if p.is_file()}


def _write_tree(folder: Path, files: dict[str, bytes]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for path, data in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"wrote {folder.relative_to(REPO)}/", file=sys.stderr)


def refresh() -> int:
    _write_tree(GOLDEN, {path: text.encode("utf-8") for path, text in rendered().items()})
    _write_tree(GOLDEN_SITE, built_site())
    return 0


if __name__ == "__main__":
    raise SystemExit(refresh())
