"""Which pages a build renders when it knows the last one: a page is rendered again only when
something it read changed.

While it is rendered, every page notes what it reads (`draft.DossierView`): the ids of the
records it looks at, what points at a record (`pointing_at`), the list of a kind
("kind:<kind>"), or everything (`EVERYTHING`). After an edit, the records that changed are
worked out (added, removed or different, and sources whose text changed), then what an edit
of them affects (`affected`); every page that read one of those is rendered again, and so is
every page that read everything (`overview` then renders only those whose content changed).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..check.resolve import Dossier
from ..check.rules import Checked
from ..export.files import paths as data_paths
from ..format.kinds import all_kinds
from ..format.model import Event, Person
from ..read.record import Record
from ..read.scan import files_under
from ..utils.memo import Memo
from .draft import EVERYTHING, pointing_at
from .mentions import names_of
from .paths import (
    CONFLICTS,
    COVERAGE,
    COVERAGE_JSON,
    DATA_PAGE,
    GUIDE,
    HOME,
    NETWORK,
    REFERENCE,
    TIMELINE,
    index_page,
)
from .timeline import step_read

Wanted = Callable[[str], bool]
"""Whether a page, by its path under `content/`, is to be rendered."""


def page_paths(dossier: Dossier) -> set[str]:
    """The path of every page a build of `dossier` writes."""
    paths = {r.page for r in dossier.records.values()}
    paths |= {index_page(kind.folder) for kind in all_kinds()}
    paths |= {HOME, TIMELINE, NETWORK, CONFLICTS, COVERAGE, COVERAGE_JSON, GUIDE, REFERENCE,
              DATA_PAGE}
    return paths | set(data_paths())


def present(content: Path) -> set[str]:
    """Every file under `content/`: which pages an editor or a tool deleted."""
    return {path for path, _ in files_under(content)}


def pages_to_render(before: Checked, reads: dict[str, frozenset[str]],
                    names: dict[str, str], now: Checked, expected: set[str],
                    in_content: set[str], memo: Memo) -> set[str]:
    """The pages of `expected` to render after the build that checked `before`, whose pages
    read `reads` and whose summaries linked `names`: those new, missing from `content/`, or
    that read what changed."""
    changed = changed_ids(before, now)
    dirty = affected(before, names, now, changed, names_of(now.dossier, memo))
    return {path for path in expected
            if (read := reads.get(path)) is None
            or (EVERYTHING in read and changed) or not read.isdisjoint(dirty)
            or path not in in_content}


def changed_ids(before: Checked, now: Checked) -> set[str]:
    """Ids of records added, removed or different, and of sources whose text changed."""
    old, new = before.dossier.records, now.dossier.records
    changed = {i for i in old.keys() | new.keys()
               if old.get(i) is not new.get(i) and not _same(old.get(i), new.get(i))}
    texts_before, texts = before.evidence.raw, now.evidence.raw
    return changed | {i for i in texts_before.keys() | texts.keys()
                      if texts_before.get(i) != texts.get(i)}


def _same(a: Record | None, b: Record | None) -> bool:
    return (a is not None and b is not None and a.kind == b.kind and a.path == b.path
            and a.fact == b.fact)


def affected(before: Checked, names_before: dict[str, str], now: Checked,
             changed: set[str], names: dict[str, str]) -> set[str]:
    """What a page must have read to need rendering again: the changed records; what points
    at what they refer to or referred to (backlinks, graph edges, timelines); the lists of
    their kinds; the lines of the legal steps they reached or left (`timeline.step_read`);
    events placed after a changed event (their place in every timeline moves with it); and
    every record whose summary holds a name that now links elsewhere."""
    old, new = before.dossier, now.dossier
    dirty = set(changed)
    for record_id in changed:
        for record in (old.records.get(record_id), new.records.get(record_id)):
            if record is not None:  # what it points at has different backlinks now
                dirty |= {pointing_at(target) for target in record.targets}
                dirty.add(f"kind:{record.kind}")
                if isinstance(record.fact, Person):  # the lines naming who shares a step
                    dirty |= {step_read(step) for step in record.fact.legal_status}
    dirty |= placed_after(old, dirty) | placed_after(new, dirty)
    renamed = {n for n in names_before.keys() | names.keys()
               if names_before.get(n) != names.get(n)}
    if renamed:
        for record in new.records.values():
            summary = getattr(record.fact, "summary", None)
            if summary is not None and any(n in summary.value for n in renamed):
                dirty.add(record.id)
    return dirty


def placed_after(dossier: Dossier, anchors: set[str]) -> set[str]:
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
