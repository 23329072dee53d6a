"""Golden files: the generated `content/` of the real dossier, committed under tests/golden/.

`make golden` (python -m tests.golden) rewrites them after an intended change of the output;
review the diff like any other change.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from generator import build

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"


def rendered() -> dict[str, str]:
    outcome, pages = build.render(REPO)
    if not outcome.ok:
        raise SystemExit("\n".join(f.format() for f in outcome.findings))
    return pages


def refresh() -> int:
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for path, text in rendered().items():
        target = GOLDEN / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    print(f"wrote {GOLDEN.relative_to(REPO)}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(refresh())
