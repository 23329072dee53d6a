"""The build cache: everything a process that builds one dossier again and again keeps
between builds, in one place. It belongs to whoever builds (the live preview keeps one for
its whole session; a one-off build makes an empty one) and is handed to the stages; nothing
is cached in a record, a dossier or a module. `reset()` forgets all of it.

What it holds, and while what holds:

- `files`: each fact file as loaded and as validated, and each source text, while the
  file's stamp is unchanged (`read.load.KnownFiles`);
- `evidence`: the last verification's foldings of the source texts and quote positions,
  reused for a text that is byte for byte the same;
- `memo`: what is made from one version of a record (its statements, its quotes' findings,
  its support judgement and findings, its wording findings, its graph edges, its rows in the
  data files, its entry on its index page, its coverage rows), while it and what else each
  depends on are the same; and the values made from the whole dossier that most edits leave
  alone (the graph's index, the index of names, the network drawing), and the number words
  of each language the support check reads;
- `locator`: fact files as composed for placing findings, the last few asked about;
- `templates`: the compiled templates, while the template files are the same;
- `last`: what the last successful build wrote: its inputs' stamps, its check, and for each
  page what it read and what it showed (`render.select` decides from these which pages an
  edit touches).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .check.rules import Checked
from .check.verify import Evidence
from .read.load import KnownFiles
from .read.locate import Locator
from .read.scan import TEMPLATES, Stamp
from .render import select
from .render.environment import Templates
from .render.mentions import names_of
from .render.pages import everything
from .render.rendered import Rendered
from .utils.memo import Memo


@dataclass
class LastBuild:
    """What the last successful build wrote, and what it was made from."""

    inputs: dict[str, Stamp | None]
    checked: Checked
    names: dict[str, str]  # the names its summaries linked (`render.mentions`)
    reads: dict[str, frozenset[str]]  # for each page, what it read
    shows: dict[str, object]  # for each page over the whole dossier, what it showed
    site: bool = False  # whether site/ was built from these inputs


@dataclass
class BuildCache:
    """What builds of one dossier keep between them (see the module's docstring)."""

    files: KnownFiles = field(default_factory=KnownFiles)
    evidence: Evidence | None = None
    memo: Memo = field(default_factory=Memo)
    locator: Locator = field(default_factory=Locator)
    templates: Templates = field(default_factory=Templates)
    last: LastBuild | None = None

    def reset(self) -> None:
        """Forget everything: the next build reads, checks and renders it all."""
        self.files, self.evidence, self.memo = KnownFiles(), None, Memo()
        self.locator, self.templates, self.last = Locator(), Templates(), None

    def checked(self, checked: Checked) -> None:
        """Keep what a check found for the next one, and nothing about files now gone."""
        self.evidence = checked.evidence
        self.memo.keep(checked.dossier.records.keys())

    def up_to_date(self, root: Path, inputs: dict[str, Stamp | None], site: bool) -> bool:
        """Whether the last build wrote `content/` (and with `site`, `site/`) from these
        very inputs, and every page it wrote is still there."""
        last = self.last
        return (last is not None and last.inputs == inputs and (last.site or not site)
                and last.reads.keys() <= select.present(root / "content")
                and (not site or (root / "site").is_dir()))

    def pages_to_render(self, root: Path, checked: Checked, inputs: dict[str, Stamp | None],
                        ) -> tuple[select.Wanted, dict[str, object]]:
        """Which pages to render (everything when templates or settings changed, or with no
        last build), and what the pages over the whole dossier in `content/` show."""
        last = self.last
        if last is None or last.checked.settings != checked.settings or _templates(
                last.inputs) != _templates(inputs):
            return everything, {}
        in_content = select.present(root / "content")
        wanted = select.pages_to_render(last.checked, last.reads, last.names, checked,
                                        select.page_paths(checked.dossier), in_content,
                                        self.memo)
        return wanted.__contains__, {p: s for p, s in last.shows.items() if p in in_content}

    def remember(self, inputs: dict[str, Stamp | None], checked: Checked, rendered: Rendered,
                 kept: frozenset[str], site: bool) -> None:
        """Take a build that was written as the base of the next one: what its pages read
        and showed, those rendered now and those `kept` as they were."""
        last = self.last
        reads = {p: last.reads[p] for p in kept if p in last.reads} if last else {}
        reads.update(rendered.reads)
        shows = {p: s for p, s in last.shows.items() if p in kept} if last else {}
        shows.update(rendered.shows)
        self.last = LastBuild(inputs, checked, names_of(checked.dossier, self.memo), reads,
                              shows, site)


def _templates(stamps: dict[str, Stamp | None]) -> dict[str, Stamp | None]:
    return {p: s for p, s in stamps.items() if p.startswith(TEMPLATES + "/")}
