"""What every page needs while it is rendered: links to other pages, and its citations as
numbered footnotes that land on the highlighted passage of the source page."""

from __future__ import annotations

from .check import Evidence
from .dates import show
from .escape import Markdown, md_text
from .model import Citation, Date, Statement
from .paths import link, record_page
from .resolve import Dossier


def quote_anchor(span: tuple[int, int]) -> str:
    """The anchor of a quoted passage on its source page: stable while the text is pinned."""
    return f"q-{span[0]}-{span[1]}"


class Page:
    """One page being rendered: its path, and the footnotes it has collected so far."""

    def __init__(self, path: str, dossier: Dossier, evidence: Evidence):
        self.path, self.dossier, self.evidence = path, dossier, evidence
        self._notes: dict[tuple[str, str], str] = {}

    def link_to(self, record_id: str, anchor: str = "", text: str = "") -> Markdown:
        record = self.dossier.records[record_id]
        target = link(self.path, record_page(record.kind, record.id), anchor)
        return Markdown(f"[{md_text(text or record.name)}]({target})")

    def link_page(self, title: str, to_page: str) -> Markdown:
        return Markdown(f"[{md_text(title)}]({link(self.path, to_page)})")

    def cite(self, statement: Statement) -> Markdown:
        """Footnote references for every citation of a statement."""
        return Markdown("".join(self._note(c) for c in statement.cite))

    def _note(self, citation: Citation) -> str:
        key = (citation.source, citation.quote)
        if key not in self._notes:
            self._notes[key] = f"c{len(self._notes) + 1}"
        return f"[^{self._notes[key]}]"

    def footnotes(self) -> list[Markdown]:
        """The footnote definitions: the quote, and a link to where it is highlighted."""
        notes = []
        for (source_id, quote), label in self._notes.items():
            span = self.evidence.spans[(source_id, quote)][0]
            target = self.link_to(source_id, quote_anchor(span))
            notes.append(Markdown(f"[^{label}]: \u201c{md_text(quote)}\u201d \u2014 {target}"))
        return notes

    def date(self, date: Date) -> Markdown:
        """A date at its real precision, with its range, approximation and relative anchor."""
        parts = []
        if date.value:
            shown = md_text(show(date.value))
            if date.until:
                shown = Markdown(f"{shown} to {md_text(show(date.until))}")
            parts.append(f"{shown} (approximate)" if date.approximate else shown)
        if date.after:
            parts.append(f"after the {self.link_to(date.after)}" if not date.value
                         else f"(after the {self.link_to(date.after)})")
        if date.label:
            parts.append(f"\u2014 \u201c{md_text(date.label)}\u201d")
        return Markdown(" ".join(parts))
