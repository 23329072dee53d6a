"""What a record's page says about itself in its head: the description that search results
and link previews show (the theme prints it, and `templates/theme/main.html` repeats it as
Open Graph's `og:description`).

The text is the record's summary when it has one, else a line made from what the page is;
`utils.escape.yaml_description` makes it one line of plain text for the front matter."""

from __future__ import annotations

from collections.abc import Mapping

from ..format.dates import in_words
from ..format.kinds import by_folder
from ..format.model import Entity, Source
from ..read.record import Record
from ..utils.escape import Markdown, yaml_description


def description(records: Mapping[str, Record], record: Record) -> Markdown:
    """The front matter value of the record's page description."""
    fact = record.fact
    if isinstance(fact, Entity) and fact.summary:
        return yaml_description(fact.summary.value)
    if isinstance(fact, Source):
        return yaml_description(_source_line(records, fact, record.name))
    return yaml_description(f"{by_folder(record.kind).label}: {record.name}. What the "
                            "sources say, each statement cited to its passage.")


def _source_line(records: Mapping[str, Record], fact: Source, name: str) -> str:
    """The source as a line: its title (or label), publisher and date, where it gives them."""
    said = [f"The text of \u201c{fact.title.value if fact.title else name}\u201d"]
    if fact.publisher and fact.publisher.to in records:
        said.append(f"published by {records[fact.publisher.to].name}")
    if fact.published and fact.published.value:
        said.append(f"on {in_words(fact.published.value)}")
    return " ".join(said) + ", with the passages the dossier quotes from it."
