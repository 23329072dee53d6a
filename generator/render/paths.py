"""The one place that computes where a page lives and how one page links to another.

Page paths are built only from the kind folder names below and from ids that validation has
already matched against the slug pattern, so no path built here can leave `content/`.
"""

from __future__ import annotations

import posixpath
import re

from ..export.files import DATA as DATA_FOLDER
from ..format.kinds import folders, is_folder
from ..format.kinds import record_page as record_page  # a record holds its own: Record.page

HOME = "index.md"
TIMELINE = "timeline.md"
COVERAGE = "coverage.md"
COVERAGE_JSON = "coverage.json"
REFERENCE = "reference.md"
CONFLICTS = "conflicts.md"
NETWORK = "network.md"
GUIDE = "guide.md"
DATA_PAGE = "data/index.md"  # the open-data page, beside the files it lists
GENERATED_FILES = (HOME, TIMELINE, COVERAGE, COVERAGE_JSON, REFERENCE, CONFLICTS, NETWORK,
                   GUIDE)


def generated_folders() -> tuple[str, ...]:
    """The folders of `content/` the generator owns: one per kind, and the data files'."""
    return (*folders(), DATA_FOLDER)


def index_page(kind: str) -> str:
    return f"{_folder(kind)}/index.md"


def link(from_page: str, to_page: str, anchor: str = "") -> str:
    """The relative Markdown link target from one generated page to another. Paths here are
    clean relative paths without `.` or `..` (built above), so plain string work does what
    posixpath.relpath would, without its cost on tens of thousands of links per build."""
    here, there = from_page.split("/")[:-1], to_page.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    target = "/".join([".."] * (len(here) - common) + there[common:])
    return f"{target}#{anchor}" if anchor else target


def url_of(page: str) -> str:
    """The site URL of a page, as MkDocs' directory URLs make it: people/x.md → people/x/."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
    else:
        stem += "/"
    return stem


def site_link(from_page: str, to_page: str) -> str:
    """A relative URL between two pages for raw HTML, which MkDocs does not rewrite."""
    here, there = from_page.split("/"), to_page.split("/")
    if len(here) == len(there) == 2 and "index.md" not in (here[1], there[1]):
        # a record's page to another's (every node of a drawing): what relpath gives, at
        # a tenth of its cost
        if from_page == to_page:
            return "./"
        stem = there[1].removesuffix(".md")
        return f"../{stem}/" if here[0] == there[0] else f"../../{there[0]}/{stem}/"
    base = url_of(from_page) or "."
    target = posixpath.relpath(url_of(to_page) or ".", base)
    return "./" if target == "." else target + "/"


_PAGE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.(?:md|json|jsonl|jsonld|csv)")


def is_generated_path(relative: str) -> bool:
    """Whether a path under `content/` has the shape of a file the generator writes: one of
    the top pages, or `<kind or data folder>/<slug>.<md, json, jsonl, jsonld or csv>`.
    Nothing else, so a manifest a pull request wrote (`write.read_manifest`) can never name
    `..`, a deeper folder or a hidden file for the writer to replace or remove."""
    if relative in GENERATED_FILES:
        return True
    folder, _, name = relative.partition("/")
    return folder in generated_folders() and _PAGE_NAME.fullmatch(name) is not None


def in_generated_folder(relative: str) -> bool:
    """Whether a path under `content/` is in one of the folders the generator writes into."""
    return relative.split("/", 1)[0] in generated_folders()


def _folder(kind: str) -> str:
    if not is_folder(kind):
        raise ValueError(f"not a kind: {kind!r}")
    return kind
