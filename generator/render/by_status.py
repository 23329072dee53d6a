"""The people index by legal status: who is in a criminal case, at which step, at a glance.

People whose file records a legal step are grouped by their latest cited step (each row
with its badge and the date, linked to the person's steps and their citations); everyone
else follows, alphabetically, as on every other index page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from ..check.wording import STATUS_WORDING, latest_step
from ..format.dates import in_words
from ..format.model import LegalStatusKind, Person
from ..read.record import Record
from ..utils.escape import Markdown, md_text
from ..utils.memo import Memo
from .draft import PageDraft
from .infobox import badge_of

ORDER = (LegalStatusKind.CONVICTED, LegalStatusKind.CHARGED, LegalStatusKind.ARRESTED,
         LegalStatusKind.DETAINED, LegalStatusKind.SUSPECTED, LegalStatusKind.ACQUITTED,
         LegalStatusKind.RELEASED)
"""The groups in the order a reader looks for them: how far the case has gone, then the
cases that ended without a conviction standing."""
NONE = Markdown("status-none")


@dataclass(frozen=True)
class StatusRow:
    person: Markdown
    """A link to the person's page, and their summary below it."""
    status: Markdown


@dataclass(frozen=True)
class StatusGroup:
    """The people whose latest step is one step: a heading, its anchor, a table."""

    title: str
    anchor: Markdown
    rows: list[StatusRow]


def status_groups(page: PageDraft, records: list[Record],
                  memo: Memo) -> tuple[list[StatusGroup], list[Record]]:
    """The groups of people in a criminal case (in `ORDER`, each alphabetical), and the
    records of everyone else, in their order."""
    found: dict[LegalStatusKind, list[tuple[str, StatusRow]]] = {}
    others = []
    for record in records:
        fact = record.fact
        step = latest_step(fact) if isinstance(fact, Person) else None
        if step is None:
            others.append(record)
            continue
        row = memo.of(record, "status-row", (page.path,), partial(_row, page, record))
        found.setdefault(step.status, []).append((record.name.casefold(), row))
    return [StatusGroup(STATUS_WORDING[status], Markdown(f"status-{status.value}"),
                        [row for _, row in sorted(found[status], key=lambda r: r[0])])
            for status in ORDER if status in found], others


def _row(page: PageDraft, record: Record) -> StatusRow:
    fact = record.fact
    assert isinstance(fact, Person)
    step = latest_step(fact)
    assert step is not None
    when = in_words(step.when) if step.when else "date not stated"
    steps = page.link_to(record.id, "legal-status", when)
    summary = f"<br>{md_text(fact.summary.value)}" if fact.summary else ""
    return StatusRow(Markdown(page.link_to(record.id) + summary),
                     Markdown(f"{badge_of(step.status)} {steps}"))


def status_links(groups: list[StatusGroup], others: int) -> Markdown:
    """"Under arrest as a suspect (6) · Detained as a suspect (4) · Not in a criminal case
    (4)": links to each group of the page."""
    links = [f"[{md_text(g.title)} ({len(g.rows)})](#{g.anchor})" for g in groups]
    if others:
        links.append(f"[Not in a criminal case in the sources ({others})](#{NONE})")
    return Markdown(" \u00b7 ".join(links))
