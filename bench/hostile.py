"""Hostile inputs that once made a build quadratic (case 10 of the security issue, and what
an attacker review found after it), measured at their reported size and scaled up tenfold,
against the real dossier's build.

    python -m bench.hostile [--out bench/hostile.json]

Each case is the real dossier plus the hostile files. For each: the bytes added, the time to
read and parse those files (`strict_yaml.parse`, which every build must pay), and a full
`dossier build --full` in a fresh process, which either builds or is refused with its
findings. The target: a build within 2x the real dossier's build plus the parse time.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PARTS = ("facts", "templates", "mkdocs.yml", "dossier.toml", "content/about.md",
         "content/assets")
SAYS = "Somebody said a thing here."
Files = dict[str, str]


def _source(source_id: str, text: str) -> Files:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return {f"facts/sources/{source_id}.txt": text, f"facts/sources/{source_id}.yaml":
            f"label: A hostile source\nsha256: {digest}\nlanguage: en\n"}


def _entity(name: str, source: str, quote: str, rest: str = "") -> str:
    return f"name:\n  value: {name}\n  cite:\n    - source: {source}\n      quote: {quote}\n" + rest


def repetitive_text(scale: int) -> Files:
    """A 32 KB source of `aaaa…` quoted as `aaa` (109 s once)."""
    files = _source("aaaa", "a" * 32_000 * scale)
    files["facts/places/aaa-place.yaml"] = _entity("Aaa place", "aaaa", "aaa")
    return files


def repeated_ids(scale: int) -> Files:
    """One id listed 8,000 times in a claim's `differs_from` (73 s once)."""
    ids = ", ".join(["crocus-city-hall-attack"] * 8_000 * scale)
    files = _source("says", SAYS)
    files["facts/events/repeated-ids.yaml"] = _entity(
        "Repeated ids", "says", "Somebody said",
        "claims:\n  - by: gknb\n    content: a thing\n    cite:\n      - source: says\n"
        f"        quote: said a thing\n    differs_from: [{ids}]\n")
    return files


def aliases_one_quote(scale: int) -> Files:
    """15,000 aliases citing one quote (145 s once): tenfold is ten such files, as one file
    may hold no more than 1 MB."""
    files = _source("says", SAYS)
    aliases = "".join(f"  - {{value: A{i}, cite: [{{source: says, quote: Some}}]}}\n"
                      for i in range(15_000))
    for n in range(scale):
        files[f"facts/people/many-aliases-{n}.yaml"] = _entity(
            f"Many Aliases {n}", "says", "Somebody said", "aliases:\n" + aliases)
    return files


def claims_against_claims(scale: int) -> Files:
    """100 claims marked as differing from an event of 100 claims (found by a review: the
    conflicts page listed every pair)."""
    def claims(count: int, differs: str = "") -> str:
        one = ("  - {by: gknb, content: a thing, cite: [{source: says, quote: said a thing}]"
               + (f", differs_from: [{differs}]" if differs else "") + "}\n")
        return "claims:\n" + one * count
    files = _source("says", SAYS)
    files["facts/events/disputed.yaml"] = _entity("Disputed", "says", "Somebody said",
                                                  claims(100 * scale))
    files["facts/events/disputing.yaml"] = _entity("Disputing", "says", "Somebody said",
                                                   claims(100 * scale, "disputed"))
    return files


def quotes_not_found(scale: int) -> Files:
    """20 citations of a 2 KB quote `a a a … b` that the text does not hold (a review: each
    "did you mean" hint took 4 s)."""
    files = _source("aaaa", "a " * 1000 + "\n")
    roles = "".join(f"  - entity: vladimir-putin\n    role: role {i}\n    cite:\n"
                    f"      - source: aaaa\n        quote: {'a ' * 999}b\n"
                    for i in range(20 * scale))
    files["facts/events/slow-hint.yaml"] = _entity("Slow hint", "aaaa", "a a a",
                                                   f"participants:\n{roles}")
    return files


def names_sharing_words(scale: int) -> Files:
    """10 people of 100 aliases each, all starting with the same word, and summaries made
    of that word (a review: mention linking grew with the square of the input)."""
    files = _source("aaa-source", "aaa\n")
    cite = "cite: [{source: aaa-source, quote: aaa}]"
    for i in range(10 * scale):
        aliases = "".join(f"  - {{value: aaa {i} {j}, {cite}}}\n" for j in range(100))
        files[f"facts/people/aaa-person-{i}.yaml"] = (
            f"name: {{value: aaa person {i}, {cite}}}\naliases:\n{aliases}"
            f"summary: {{value: {'aaa ' * 1249}x, {cite}}}\n")
    return files


def punctuation_line(scale: int) -> Files:
    """A source text of one line of 20,000 dots (a review: Python-Markdown rebuilt the
    paragraph at each escaped character)."""
    files = _source("dots", "." * 20_000 * scale + "\n")
    files["facts/places/dotted.yaml"] = _entity("Dotted", "dots", "'...'")
    return files


ISSUE_CASES: dict[str, Callable[[int], Files]] = {
    "32 KB source of 'aaaa…' quoted as 'aaa'": repetitive_text,
    "8,000 repeated differs_from ids": repeated_ids,
    "15,000 aliases citing one quote": aliases_one_quote,
}
"""Case 10 of the issue: judged by its target, 2x the real build plus their own parse."""
REVIEW_CASES: dict[str, Callable[[int], Files]] = {
    "100 claims differing from 100 claims": claims_against_claims,
    "20 citations of a 2 KB quote not found": quotes_not_found,
    "1,000 names sharing their first word": names_sharing_words,
    "a source line of 20,000 dots": punctuation_line,
}
"""Found by a review, all real content of some size: judged by their cost per byte, which
must stay within 2x the real dossier's (a build that grows with the square of its input
would not)."""


def dossier_with(folder: Path, files: Files) -> Path:
    root = folder / "dossier"
    for part in PARTS:
        source, target = REPO / part, root / part
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target)
    for relative, text in files.items():
        (root / relative).write_text(text, "utf-8")
    return root


def parse_seconds(root: Path, files: Files) -> float:
    """Reading and parsing the hostile files themselves, as every build must."""
    from generator.utils.strict_yaml import LoadProblem, parse

    start = time.perf_counter()
    for relative in files:
        raw = (root / relative).read_bytes()
        if relative.endswith(".yaml"):
            with contextlib.suppress(LoadProblem):
                parse(raw)
    return time.perf_counter() - start


def build_seconds(root: Path) -> tuple[float, int, list[str]]:
    """A full build in a fresh process: seconds, exit status, the codes of its errors."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "-q",
                           "build", "--full", "--format", "json"], capture_output=True,
                          text=True, cwd=REPO, check=False)
    seconds = time.perf_counter() - start
    try:
        codes = sorted({f["code"] for f in json.loads(done.stdout or "[]")
                        if f["severity"] == "error"})
    except ValueError:
        codes = ["unreadable output"]
    return seconds, done.returncode, codes


def measure() -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="dossier-hostile-") as folder:
        real, _, _ = build_seconds(dossier_with(Path(folder, "real"), {}))
        real_bytes = sum(p.stat().st_size for p in (REPO / "facts").rglob("*") if p.is_file())
        per_byte = real / real_bytes
        rows: list[dict[str, object]] = []
        for cases, by_size in ((ISSUE_CASES, False), (REVIEW_CASES, True)):
            for name, make in cases.items():
                for scale in (1, 10):
                    rows.append(_row(Path(folder, str(len(rows))), name, scale, make(scale),
                                     real, per_byte, by_size))
    return {"real_dossier_build_s": real, "real_dossier_bytes": real_bytes, "cases": rows}


def _row(folder: Path, name: str, scale: int, files: Files, real: float, per_byte: float,
         by_size: bool) -> dict[str, object]:
    root = dossier_with(folder, files)
    parsed = parse_seconds(root, files)
    seconds, status, codes = build_seconds(root)
    size = sum(len(t.encode("utf-8")) for t in files.values())
    limit = real + 2 * per_byte * size if by_size else 2 * real + parsed
    shutil.rmtree(folder)
    return {"case": name, "scale": scale, "bytes": size, "parse_s": parsed, "build_s": seconds,
            "exit": status, "refused_with": codes, "limit_s": limit, "met": seconds <= limit,
            "judged_by": "cost per byte" if by_size else "issue 14"}


def table(result: dict[str, object]) -> str:
    lines = [f"real dossier: full build {result['real_dossier_build_s']:.1f} s for "
             f"{result['real_dossier_bytes']:,} bytes of facts",
             "limit for the issue's cases: 2x that build plus the parse of their own files;",
             "for the cases a review found (real content of some size): the real build plus",
             "2x its cost per byte for the bytes added", "",
             f"{'case':<42} {'scale':>5} {'bytes':>11} {'parse':>8} {'build':>8} "
             f"{'limit':>8}  outcome"]
    for row in result["cases"]:  # type: ignore[attr-defined]
        outcome = "built" if row["exit"] == 0 else f"refused: {', '.join(row['refused_with'])}"
        verdict = "" if row["scale"] == 1 else ("  pass" if row["met"] else "  MISS")
        lines.append(f"{row['case']:<42} {'x' + str(row['scale']):>5} {row['bytes']:>11,} "
                     f"{row['parse_s']:>7.1f}s {row['build_s']:>7.1f}s {row['limit_s']:>7.1f}s"
                     f"  {outcome}{verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "hostile.json")
    args = parser.parse_args(argv)
    result = measure()
    text = table(result)
    print(text)
    args.out.write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    args.out.with_suffix(".txt").write_text(text + "\n", "utf-8")
    return 0 if all(r["met"] for r in result["cases"] if r["scale"] == 10) else 1  # type: ignore


if __name__ == "__main__":
    sys.exit(main())
