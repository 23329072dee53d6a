"""JSON Schemas of the fact files, one per kind, derived from the model declaration.

They are committed under `schemas/` so that editors' YAML tools (VS Code's YAML extension,
anything built on yaml-language-server) complete keys and flag mistakes while typing;
`python -m generator.cli.schema` rewrites them and a test fails when they drift from the model.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..format.kinds import all_kinds, model_of

SCHEMAS = "schemas"


def schema_files() -> dict[str, str]:
    """Each kind's schema, by file name."""
    files = {}
    for kind in (k.folder for k in all_kinds()):
        schema = model_of(kind).model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"{kind}.schema.json"
        schema["title"] = f"Fact file in facts/{kind}/"
        files[f"{kind}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return files


def write_schemas(root: Path) -> None:
    folder = root / SCHEMAS
    folder.mkdir(exist_ok=True)
    for name, text in schema_files().items():
        (folder / name).write_text(text, "utf-8")


if __name__ == "__main__":
    write_schemas(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("."))
