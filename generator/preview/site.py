"""The live preview's site: MkDocs' model of it, kept in memory between builds.

`mkdocs serve --dirty` rebuilds a site by walking every file of `content/`, building the
navigation again and comparing two stamps per page: five seconds at 10,000 pages before it
renders the one page that changed, and the search index it then writes holds only that
page. `PreviewSite` keeps what MkDocs builds once (its files, navigation, theme environment
and plugins' state) and, told which pages the generator wrote or removed, renders just
those: their Markdown, their HTML, their entries in the search index, and the sitemap when
pages came or went.

It renders each page the way `mkdocs build` does, through MkDocs' own page functions (and so
through every plugin's page events); `tests/test_preview.py` compares its pages with a full
build's. Those functions are internal to MkDocs, which is why `requirements.lock` pins it.
"""

from __future__ import annotations

import html
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..format.findings import Finding, format_findings
from ..output.audit import Origins, audit_site
from ..output.site import CONFIG
from ..render.paths import is_generated_path
from .search import BackgroundIndex

SERVE = InclusionLevel.is_in_serve  # drafts are shown in the preview, as `mkdocs serve` does


@dataclass
class _Model:
    """What a full MkDocs build gathers before it writes a page."""

    files: Files | None = None
    nav: Navigation | None = None
    env: Any = None


class _Keep(BasePlugin):  # type: ignore[type-arg]
    """Takes MkDocs' files, navigation and theme environment as a build passes them to its
    plugins, after every other plugin has had its say."""

    def __init__(self, model: _Model) -> None:
        super().__init__()
        self.model = model

    @event_priority(-100)
    def on_files(self, files: Files, **kwargs: Any) -> Files:
        self.model.files = files
        return files

    @event_priority(-100)
    def on_nav(self, nav: Navigation, **kwargs: Any) -> Navigation:
        self.model.nav = nav
        return nav

    @event_priority(-100)
    def on_env(self, env: Any, **kwargs: Any) -> Any:
        self.model.env = env
        return env


@dataclass
class Changes:
    """Paths under `content/` (as MkDocs names them: relative, with slashes)."""

    written: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.written or self.removed)


class PreviewSite:
    def __init__(self, root: Path, site_dir: Path, site_url: str) -> None:
        self.root, self.site_dir, self.site_url = root, site_dir, site_url
        self.model = _Model()
        self.config: MkDocsConfig | None = None
        self.unfinished = False  # pages were updated, `finish` is still to run
        self.rendered: list[Path] | None = None  # the pages of the last build (None: all)
        self.search = BackgroundIndex(site_dir)  # Pagefind, in the background

    def build_all(self) -> None:
        """A full build, as `mkdocs serve` makes it, from `mkdocs.yml` read again; what it
        gathers is kept for `update`."""
        self.model = _Model()
        config = load_config(str(self.root / CONFIG), site_dir=str(self.site_dir), strict=False)
        config.site_url = self.site_url
        config.plugins["dossier-preview"] = _Keep(self.model)
        config.plugins.on_startup(command="serve", dirty=False)
        self.config = config
        mkdocs_build.build(config, serve_url=self.site_url)
        self.unfinished = False
        self.rendered = None
        self.search.request()

    def update(self, changes: Changes) -> int:
        """Render the pages in `changes` again (and drop the removed ones), as a full build
        would render them; `finish` completes the build. Returns how many files were
        rendered or copied."""
        config, files, nav, env = self.config, self.model.files, self.model.nav, self.model.env
        assert config is not None and files is not None and nav is not None, "build_all() first"
        arriving = {uri for uri in changes.written if files.get_file_from_path(uri) is None}
        if (arriving | changes.removed) & _nav_paths(config.nav):
            self.build_all()  # the navigation, on every page, lists a page that came or went
            return len(changes.written)
        self.rendered = []
        came_or_went = False
        for uri in sorted(changes.removed):
            file = files.get_file_from_path(uri)
            if file is not None:
                files.remove(file)
                _drop_search_entries(config, {file.url})
                _remove_output(Path(file.abs_dest_path), self.site_dir)
                came_or_went = True
        touched = []
        for uri in sorted(changes.written):
            file = files.get_file_from_path(uri)
            if file is None:
                file = File(uri, config.docs_dir, config.site_dir, config.use_directory_urls)
                set_exclusions([file], config)
                files.append(file)
                came_or_went = True
            if file.inclusion.is_in_serve():
                touched.append(file)
        if came_or_went:
            files = self.model.files = _in_walk_order(files, config.docs_dir)
            # hand-written pages may link to a page that came or went; generated pages that
            # do were written again by the generator
            touched += [f for f in files.documentation_pages(inclusion=SERVE)
                        if f.src_dir == config.docs_dir and not is_generated_path(f.src_uri)
                        and f not in touched]
        pages = []
        for file in touched:
            if file.is_documentation_page():
                if file.page is None:
                    Page(None, file, config)
                assert file.page is not None
                mkdocs_build._populate_page(file.page, config, files)
                pages.append(file.page)
            else:
                file.copy_file()
        doc_files = files.documentation_pages(inclusion=SERVE)
        _drop_search_entries(config, {page.url for page in pages})
        for page in pages:
            mkdocs_build._build_page(page, config, doc_files, nav, env,
                                     excluded=page.file.inclusion.is_excluded())
            self.rendered.append(Path(page.file.abs_dest_path))
        for page in pages:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        if came_or_went:  # the sitemap lists every page
            for template in config.theme.static_templates:
                mkdocs_build._build_theme_template(template, env, files, config, nav)
        self.unfinished = True
        return len(touched)

    def close(self) -> None:
        """Stop indexing: no run of Pagefind is left behind."""
        self.search.stop()

    def audit(self, origins: Origins) -> dict[str, list[Finding]]:
        """Audit the pages the last build rendered (`audit.py`); each page refused is
        replaced by a page that shows why, so the browser never shows it as built.
        Returns the findings of each page refused, by its path in the site."""
        refused = audit_site(self.site_dir, Path(self.config.docs_dir) if self.config else
                             self.root / "content", origins, self.site_url, self.rendered)
        for page, findings in refused.items():
            (self.site_dir / page).write_text(_refusal(findings), "utf-8")
        return refused

    def finish(self) -> None:
        """What a build does once its pages are written: the plugins' `post_build` events,
        and the search index, which is built in the background (`search.BackgroundIndex`).
        The live preview calls this after the browser has been told to reload, so the
        changed page does not wait for either."""
        if not self.unfinished or self.config is None:
            return
        self.search.request()
        # into a folder beside the site, then moved in file by file: a page being read
        # while this runs loads the old search index or the new one, never half of one
        config, staging = self.config, self.site_dir.with_name(self.site_dir.name + "-post")
        shutil.rmtree(staging, ignore_errors=True)
        config.site_dir = str(staging)
        try:
            config.plugins.on_post_build(config=config)
        finally:
            config.site_dir = str(self.site_dir)
        for folder, _, names in os.walk(staging):
            for name in names:
                written = Path(folder, name)
                target = self.site_dir / written.relative_to(staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(written, target)
        shutil.rmtree(staging, ignore_errors=True)
        self.unfinished = False


def _refusal(findings: list[Finding]) -> str:
    """What the preview shows instead of a page the audit refused."""
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>Page not shown</title></head><body>\n<h1>This page is not shown</h1>\n"
            "<p>As built, it holds markup that no template of the dossier makes, so the "
            "preview does not show it, and <code>dossier build</code> would refuse it. The "
            "terminal running <code>dossier serve</code> shows the same findings:</p>\n<pre>"
            + html.escape(format_findings(findings)) + "</pre>\n</body></html>\n")


def _nav_paths(nav: Any) -> set[str]:
    """Every page named in the `nav` setting."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return {p for value in nav.values() for p in _nav_paths(value)}
    if isinstance(nav, list):
        return {p for item in nav for p in _nav_paths(item)}
    return set()


def _in_walk_order(files: Files, docs_dir: str) -> Files:
    """`files` in the order `get_files` lists them (folders depth first, sorted, each one's
    index page first), which is the order of the sitemap and the search index."""
    def walk_key(file: File) -> tuple[tuple[str, ...], bool, str]:
        folder, _, name = file.src_uri.rpartition("/")
        return tuple(folder.split("/")) if folder else (), \
            os.path.splitext(name)[0] not in ("index", "README"), name
    ours = sorted((f for f in files if f.src_dir == docs_dir), key=walk_key)
    return Files(ours + [f for f in files if f.src_dir != docs_dir])


def _drop_search_entries(config: MkDocsConfig, urls: set[str]) -> None:
    """Forget the search entries of pages about to be rendered again or removed: each render
    adds its page's entries to mkdocs-material's index, which a full build starts empty."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        entries = getattr(index, "entries", None)
        if isinstance(entries, list) and urls:
            entries[:] = [e for e in entries
                          if str(e.get("location", "")).partition("#")[0] not in urls]


def _remove_output(path: Path, site_dir: Path) -> None:
    """Remove a page's built file, and the folders it leaves empty (not `site_dir`)."""
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != site_dir and site_dir in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent

