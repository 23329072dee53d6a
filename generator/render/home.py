"""The home page as a lede: what the dossier is about, told from its facts in a few cited
lines, so that a reader understands it at a glance and can check any line in one click.

Nothing here knows the dossier: the subject is the event `dossier.toml` names (`[home]
subject`), or else the event most of the dossier hangs on (of the events with figures, the
one the most records point at or take part in). From it come the first lines (what,
when, where, each figure with all values where sources differ, who took part by the role
the sources give: the box of its own page); then everyone whose criminal case the sources
follow, with the latest cited step; the latest dated events; what is disputed; and where to
start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..check.conflicts import Conflicts
from ..check.resolve import Dossier
from ..check.wording import latest_step
from ..format.dates import in_words
from ..format.figures import quantity_in_words
from ..format.model import Event, Participant, Person
from ..read.record import Record
from ..utils.escape import Markdown, md_text
from .draft import PageDraft
from .infobox import badge_of, infobox
from .paths import CONFLICTS, DATA_PAGE, GUIDE, NETWORK, TIMELINE, index_page
from .timeline import Item, Section

if TYPE_CHECKING:
    from .pages import Renderer

LATEST = 5  # dated events the home page lists, newest first


@dataclass(frozen=True)
class Case:
    """A person whose criminal case the sources follow: link, latest step, its date."""

    person: Markdown
    status: Markdown
    """The badge of the latest step."""
    when: str
    cite: Markdown


def subject(dossier: Dossier, wanted: str) -> Record | None:
    """The event the dossier is about: the one `wanted` names, or, of the events with
    figures (a toll, say) if any have, the one the most records point at or take part in,
    then the first by id."""
    events = dossier.of_kind("events")
    named = dossier.records.get(wanted) if wanted else None
    if named is not None and isinstance(named.fact, Event):
        return named
    if not events:
        return None
    return min(events, key=lambda r: (not getattr(r.fact, "figures", None), -len(
        dossier.backlinks.get(r.id, ())) - len(_participants(r)), r.id))


def _participants(record: Record) -> list[Participant]:
    return list(record.fact.participants) if isinstance(record.fact, Event) else []


def home_context(made: Renderer, page: PageDraft) -> dict[str, Any]:
    """What the home page shows beside its counts: the lede, the box, the cases, the
    latest events, the disputes, where to start."""
    dossier, settings = made.dossier, made.checked.settings
    about = subject(dossier, settings.home_subject)
    return {
        "title": about.name if about is not None else "",
        "lede": _lede(page, about) if about is not None else [],
        # the subject's box, as its own page has it: date, place, each figure (every value,
        # and "sources differ" leading to the figure on the conflicts page), who took part
        "facts": infobox(page, about) if about is not None else [],
        "cases": _cases(page, dossier),
        "latest": _latest(page, made.timeline),
        "disputed": _disputed(page, made.checked.conflicts),
        "start": Markdown(" \u00b7 ".join(page.link_page(title, path) for title, path in (
            ("People", index_page("people")), ("Timeline", TIMELINE),
            ("Network", NETWORK), ("Sources", index_page("sources")),
            ("Conflicts", CONFLICTS), ("Open data", DATA_PAGE),
            ("Editors' guide", GUIDE)))),
    }


def _lede(page: PageDraft, about: Record) -> list[Markdown]:
    """The subject's summary, as its page has it (cited)."""
    fact = about.fact
    assert isinstance(fact, Event)
    lines = [Markdown(f"**{page.link_to(about.id)}**")]
    if fact.summary is not None:
        lines.append(Markdown(f"{md_text(fact.summary.value)}{page.cite(fact.summary)}"))
    return [Markdown(" \u2014 ".join(lines))]


def _cases(page: PageDraft, dossier: Dossier) -> list[Case]:
    """Everyone with a cited step of a criminal case, by name: the latest step (the wording
    rules' own: no guilt label without a conviction) and its date."""
    cases = []
    for record in sorted(dossier.of_kind("people"), key=lambda r: r.name.casefold()):
        person = record.fact
        if not isinstance(person, Person) or not person.legal_status:
            continue
        latest = latest_step(person)
        assert latest is not None
        cases.append(Case(page.link_to(record.id), badge_of(latest.status),
                          md_text(in_words(latest.when)) if latest.when else "date not stated",
                          page.cite(latest)))
    return cases


def _latest(page: PageDraft, timeline: list[Item]) -> list[Markdown]:
    """The newest dated events, newest first, each date cited as on the timeline (with
    where its year comes from when no quote gives it)."""
    dated = [item for item in timeline if item.section is Section.DATED and item.step is None]
    return [Markdown(f"{page.date(d)}{page.year_note(d)}{page.cite(d)}: "
                     f"{page.link_to(item.record.id)}")
            for item in reversed(dated[-LATEST:])
            if (d := getattr(item.record.fact, "date", None)) is not None]


def _disputed(page: PageDraft, conflicts: Conflicts) -> list[Markdown]:
    """What the sources give differently: each figure, each event whose account is
    disputed, linked to its page (the conflicts page sets them side by side)."""
    lines = [Markdown(f"{md_text(quantity_in_words(c.figure.quantity))} of the "
                      f"{page.link_to(c.event.id)}: {len(c.figure.values)} values")
             for c in conflicts.figures]
    lines += [Markdown(f"What happened at the {page.link_to(c.other.id)}: "
                       f"{len(c.differing) + len(c.other_claims)} accounts")
              for c in conflicts.claims]
    return lines
