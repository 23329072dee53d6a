"""A hostile dossier made from the fact format itself: one record of every kind in which every
text field holds markup, each field its own payload. A field added to the model is filled
here without anyone remembering to: the injection tests then prove it is shown literally.

Payloads hold every construct Python-Markdown, its enabled extensions (attribute lists,
tables, table of contents), MkDocs, the theme and HTML know, and a marker naming the field
(`pwned-<field path>`), so a test can tell which field reached which page and how.
"""

from __future__ import annotations

import enum
import hashlib
import json
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo

from generator.format.ids import ID_PATTERN
from generator.format.kinds import folders, model_of
from generator.format.model import DATE_PATTERN, FactModel, RefersTo

CONSTRUCTS = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> <iframe src=//e.org></iframe> "
    "<a href='javascript:alert(3)'>a</a> <!-- c --> &lt;b&gt; &amp; &#60;i&#62; "
    "**strong** __strong__ *em* _em_ `code` ``co`de`` [link](javascript:alert(4)) "
    "[ref][r] [r]: javascript:alert(5) ![img](https://e.org/i.png) <https://e.org/auto> "
    "<x@e.org> # heading ## h2 ### h3 - item 1. item > quote --- *** ___ === | a | b | "
    "{: #id .class onclick=alert(6) } {#id2} [TOC] [^1] [^1]: note ///Footnotes Go Here/// "
    "\\*escaped\\* {{ 'jinja' }} {% raw %} ==mark== ~~del~~ ^^ins^^ :smile: --8<-- \"x\" "
    "$math$ @mention #123 ~sub~ ^sup^ \"quotes\" 'single' &#x2028; line  \nbreak"
)
SHORT = "<b>b</b> **s** [l](javascript:1) ![i](//e.org/i) {: .c } &lt; [^1] `c` | p |"
HOSTILE_URL = "https://example.org/a|b[l](javascript:alert(7))<script>\"q'`~!@$*+,;="
SOURCE = "hostile-source"
REFER_TO = {"people": "vladimir-putin", "organisations": "gknb", "places": "moscow",
            "events": "crocus-city-hall-attack", "sources": SOURCE}
RECORD_ID = "hostile-{kind}"


def payload(path: str, room: int) -> str:
    """The payload of one field: its marker, then as many constructs as the field holds."""
    marker = f"pwned-{path} "
    body = CONSTRUCTS if len(marker) + len(CONSTRUCTS) <= room else SHORT
    return (marker + body)[:room]


def hostile_files() -> dict[str, str]:
    """Every file of the hostile records, by path under the dossier, plus the source text
    that holds every quote."""
    quotes: list[str] = []
    files = {}
    for kind, model in ((folder, model_of(folder)) for folder in folders()):
        record_id = REFER_TO[kind] if kind == "sources" else RECORD_ID.format(kind=kind)
        data = _fill(model, kind, quotes)
        files[f"facts/{kind}/{record_id}.yaml"] = data
    text = "A hostile text.\n" + "\n".join(quotes) + "\n"
    meta = files[f"facts/sources/{SOURCE}.yaml"]
    meta["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    out = {path: json.dumps(data, ensure_ascii=False, indent=1) + "\n"  # JSON is YAML
           for path, data in files.items()}
    out[f"facts/sources/{SOURCE}.txt"] = text
    return out


def text_fields() -> list[str]:
    """The path of every free-text field the hostile records fill."""
    return sorted({path for path in _paths(hostile_files())})


def _paths(files: dict[str, str]) -> Iterator[str]:
    for text in files.values():
        if text.startswith("{"):
            yield from (m for m in _markers(json.loads(text)))


def _markers(value: Any) -> Iterator[str]:
    if isinstance(value, str) and value.startswith("pwned-"):
        yield value.split(" ", 1)[0].removeprefix("pwned-")
    elif isinstance(value, dict):
        for item in value.values():
            yield from _markers(item)
    elif isinstance(value, list):
        for item in value:
            yield from _markers(item)


def _fill(model: type[FactModel], path: str, quotes: list[str]) -> dict[str, Any]:
    return {name: _value(info.annotation, info, f"{path}.{name}", quotes, list(info.metadata))
            for name, info in model.model_fields.items()}


def _value(annotation: Any, info: FieldInfo, path: str, quotes: list[str],
           constraints: list[Any]) -> Any:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _value(args[0], info, path, quotes, [*constraints, *args[1:]])
    if origin in (typing.Union, types.UnionType):
        inner = next(a for a in args if a is not type(None))
        return _value(inner, info, path, quotes, constraints)
    if origin is list:
        return [_value(args[0], info, path, quotes, constraints)]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return next(iter(annotation)).value
    if isinstance(annotation, type) and issubclass(annotation, FactModel):
        data = _fill(annotation, path, quotes)
        if "quote" in data:  # a citation: its quote is put into the hostile source text
            quotes.append(data["quote"])
            data["source"] = SOURCE
        return data
    if annotation is bool:
        return False
    if annotation is int:
        return 1
    return _string(info, path, constraints)


def _string(info: FieldInfo, path: str, constraints: list[Any]) -> str:
    pattern = next((c.pattern for c in constraints if getattr(c, "pattern", None)), None)
    room = min([c.max_length for c in constraints if getattr(c, "max_length", None)] or [5000])
    refers = info.json_schema_extra
    kinds = refers.kinds if isinstance(refers, RefersTo) else ()
    if pattern == ID_PATTERN:
        return REFER_TO[kinds[0]] if kinds else "hostile-quantity"
    if pattern == DATE_PATTERN:
        return "2024-03-22"
    if pattern and "0-9a-f" in pattern:
        return "0" * 64  # the sha256, filled in once the text is known
    if pattern and pattern.startswith("^[a-z]{2,3}"):
        return "en"
    if pattern and pattern.startswith("^https?"):
        return HOSTILE_URL
    return payload(path, room)


def write_hostile(root: Path) -> list[str]:
    """Write the hostile records into a copy of the dossier; returns the field paths."""
    for relative, text in hostile_files().items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    return text_fields()
