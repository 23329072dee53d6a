"""A corpus of broken and hostile inputs (tests/bad_inputs/), each dropped into a copy of the
real dossier: every expected finding is reported at its `path:line`, and the CLI fails cleanly.

Layout of the corpus: one folder per case. Inside it, files laid out as in the dossier
(`facts/places/x.yaml`, `facts/sources/y.txt`, …) are copied over a fresh copy of the dossier
(replacing a real file of the same path), and `expected.txt` lists one expected finding a line:

    CODE path:line              e.g.  D201 facts/places/test-place.yaml:6
    CODE path:line ~ words      … and the finding's message or hint contains `words`

`D404 facts:0` and `D410 facts:0` are the whole-dossier coverage and support findings. Inputs
that cannot be stored as files (more than 1 MB, or a file name git or an editor would mangle,
or a symlink) are made by the functions in GENERATED (a folder with only `expected.txt`) and
PYTHON_CASES (no folder).

A case that shows a bug in the generator keeps its *correct* expectation and is listed in
KNOWN_BUGS: it runs as a strict xfail until the generator is fixed.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.build import check
from generator.format.findings import CATALOGUE, Finding, Severity
from tests.conftest import REPO, copy_project

CASES_DIR = Path(__file__).resolve().parent / "bad_inputs"
PLACE = "facts/places/test-place.yaml"
TASS = "tass-csto-anti-terror-measures"
WHOLE_DOSSIER = {"facts", "dossier.toml"}  # the only paths reported without a line
FINDING_LINE = re.compile(r"^(?P<place>(?P<path>.+?):(?P<line>[1-9][0-9]*):(?P<col>[1-9][0-9]*)"
                          r"|(?P<whole>facts|dossier\.toml)): (?P<code>D[0-9]{3}): "
                          r"(?P<message>\S.*)$")
HINT_LINE = re.compile(r"^    hint: \S.*$")
SUMMARY_LINE = re.compile(r"^failed: (?P<errors>[0-9]+) errors?"
                          r"(?:, (?P<warnings>[0-9]+) warnings?)?(?:, (?P<notes>[0-9]+) notes?)?$")


@dataclass(frozen=True)
class Expected:
    code: str
    path: str
    line: int
    words: str = ""

    def __str__(self) -> str:
        return f"{self.code} {self.path}:{self.line}" + (f" ~ {self.words}" if self.words else "")


@dataclass
class Case:
    name: str
    files: dict[str, bytes]
    expected: list[Expected]
    prepare: Callable[[Path], None] | None = None  # extra setup: symlinks and the like
    isolated: bool = False  # may kill or hang the process: only run in a child, with a timeout
    timeout: float = 30.0


def place(value: str = "Moscow city limits", quote: str = "just outside the Moscow city limits",
          rest: str = "") -> str:
    """A clean place file, cited from the TASS source: a case adds its one fault to it."""
    return (f"name:\n  value: {value}\n  cite:\n    - source: {TASS}\n      quote: {quote}\n"
            + rest)


# --------------------------------------------------------------------- generated inputs

def oversized_file() -> dict[str, bytes]:
    """A well-formed fact file just over the 1 MB limit: a very long search term list."""
    terms = "".join(f"  - Krasnogorsk spelling number {n:06d}\n" for n in range(30_000))
    return {PLACE: (place() + "search_terms:\n" + terms).encode()}


def block_nesting() -> dict[str, bytes]:
    """30,000 nested block sequences in 60 KB (no brackets): deep enough to kill libyaml."""
    return {PLACE: (place() + "search_terms:\n  " + "- " * 30_000 + "x\n").encode()}


SLOW_QUOTES = 20


def slow_quote_search() -> dict[str, bytes]:
    """Twenty 1,900-character quotes that are not in the source: each makes the check search
    the whole text for the closest passage. Must stay fast: CI runs on every pull request."""
    words = (REPO / f"facts/sources/{TASS}.txt").read_text("utf-8").split()
    aliases = []
    for n in range(SLOW_QUOTES):
        quote = " ".join(words[(n * 7 + i * 13) % len(words)] for i in range(400))
        quote = re.sub(r"[^A-Za-z0-9 ]", "", quote)[:1900]
        aliases.append(f"  - value: Alias {n}\n    cite:\n      - source: {TASS}\n"
                       f"        quote: {quote}\n")
    return {PLACE: (place() + "aliases:\n" + "".join(aliases)).encode()}


def aliases_citing_one_quote() -> dict[str, bytes]:
    """12,000 aliases citing one quote, about as many as the size limit lets in (case 10 of the
    security issue: 15,000 took 145 s once)."""
    aliases = "".join(f"  - {{value: A{n}, cite: [{{source: {TASS}, quote: Mos}}]}}\n"
                      for n in range(12_000))
    return {PLACE: (place() + "aliases:\n" + aliases).encode()}


def aliases_over_the_limit() -> dict[str, bytes]:
    aliases = "".join(f"  - {{value: Alias {n}, cite: [{{source: {TASS}, quote: Moscow}}]}}\n"
                      for n in range(101))
    return {PLACE: (place() + "aliases:\n" + aliases).encode()}


GENERATED: dict[str, Callable[[], dict[str, bytes]]] = {
    "aliases-citing-one-quote-thousands-of-times": aliases_citing_one_quote,
    "aliases-over-the-limit": aliases_over_the_limit,
    "oversized-file": oversized_file,
    "yaml-block-nesting-kills-libyaml": block_nesting,
    "slow-quote-search": slow_quote_search,
}
# seconds by the clock for a whole `dossier check` in a child process, while other tests
# run on every core (a check of the real dossier takes about 1 s alone)
ISOLATED = {"yaml-block-nesting-kills-libyaml": 20.0, "slow-quote-search": 10.0}


def _symlink_out_of_the_dossier(root: Path) -> None:
    secret = root.parent / "outside-the-dossier.txt"
    secret.write_text("API_TOKEN=do-not-publish-this\n", "utf-8")
    (root / "facts/sources/test-source.txt").symlink_to(secret)


def _folder_for_a_source_text(root: Path) -> None:
    (root / "facts/sources/test-source.txt").mkdir()


def _facts_linked_to_root(root: Path) -> None:
    shutil.rmtree(root / "facts")
    (root / "facts").symlink_to("/")


def _settings_linked_to_a_device(root: Path) -> None:
    (root / "dossier.toml").unlink()
    (root / "dossier.toml").symlink_to("/dev/zero")  # a read that never ends


def python_cases() -> list[Case]:
    """Cases whose inputs cannot live in the corpus folder."""
    secret_sha = hashlib.sha256(b"API_TOKEN=do-not-publish-this\n").hexdigest()
    newline_name = "facts/places/krasnogorsk-outskirts\n.yaml"
    forged_name = "facts/people/x\n::error file=facts%2Fpeople%2Fgknb.yaml,line=1::forged.yaml"
    return [
        Case("id-with-trailing-newline", {newline_name: place().encode()},
             [Expected("D110", newline_name, 1)]),
        Case("file-name-with-newline-forges-output-lines", {forged_name: place().encode()},
             [Expected("D110", forged_name, 1)]),
        Case("id-not-utf-8", {"facts/places/caf\udce9.yaml": place().encode()},
             [Expected("D110", "facts/places/caf\udce9.yaml", 1)]),
        Case("source-text-symlink-out-of-the-dossier",
             {"facts/sources/test-source.yaml":
                  f"label: A linked text\nsha256: {secret_sha}\nlanguage: en\n".encode(),
              PLACE: place(quote="API_TOKEN").replace(TASS, "test-source").encode()},
             [Expected("D112", "facts/sources/test-source.txt", 1)],
             prepare=_symlink_out_of_the_dossier),
        Case("source-text-is-a-folder",  # git cannot store an empty folder
             {"facts/sources/test-source.yaml":
                  f"label: A text that is a folder\nsha256: {'0' * 64}\nlanguage: en\n".encode(),
              PLACE: place(quote="a folder").replace(TASS, "test-source").encode()},
             [Expected("D113", "facts/sources/test-source.txt", 1, "is a folder")],
             prepare=_folder_for_a_source_text),
        Case("facts-folder-is-a-link-to-the-root", {}, [Expected("D112", "facts", 0)],
             prepare=_facts_linked_to_root),
        Case("settings-file-is-a-link-to-a-device", {}, [Expected("D114", "dossier.toml", 0)],
             prepare=_settings_linked_to_a_device),
    ]


# --------------------------------------------------------------------- known generator bugs

KNOWN_BUGS: dict[str, str] = {}

# Run through the CLI too (each run costs a Python start-up, so only a sample, plus every
# known bug and every isolated case).
CLI_SAMPLE = {
    "yaml-unclosed-flow-sequence", "yaml-tab-indentation", "yaml-billion-laughs",
    "yaml-tag-python-object", "encoding-utf-16", "id-cyrillic-lookalike", "id-not-utf-8",
    "unknown-key-did-you-mean", "date-february-30", "reference-wrong-kind", "quote-stitched",
    "source-text-changed", "guilt-label-unconvicted", "uncited-statement", "oversized-file",
    "quote-with-terminal-escape-sequences", "source-text-with-terminal-escape-sequences",
    "front-matter-c1-control-turns-search-terms-into-markdown",
    "source-text-is-a-folder", "facts-folder-is-a-link-to-the-root",
    "settings-file-is-a-link-to-a-device", "support-figure-changed-number",
    "support-relation-quote-names-one-end",
}


# --------------------------------------------------------------------- the corpus

def parse_expected(text: str) -> list[Expected]:
    expected = []
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        head, _, words = raw.partition(" ~ ")
        code, place_ = head.split(" ", 1)
        path, _, line = place_.rpartition(":")
        expected.append(Expected(code, path, int(line), words.strip()))
    return expected


def folder_case(folder: Path) -> Case:
    files = {p.relative_to(folder).as_posix(): p.read_bytes()
             for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "expected.txt"}
    if folder.name in GENERATED:
        files.update(GENERATED[folder.name]())
    expected = parse_expected((folder / "expected.txt").read_text("utf-8"))
    return Case(folder.name, files, expected, isolated=folder.name in ISOLATED,
                timeout=ISOLATED.get(folder.name, 30.0))


def all_cases() -> list[Case]:
    folders = [folder_case(f) for f in sorted(CASES_DIR.iterdir()) if f.is_dir()]
    return folders + python_cases()


CASES = all_cases()


def params() -> list[object]:
    return [pytest.param(case, id=case.name, marks=[pytest.mark.xfail(
                strict=True, reason=KNOWN_BUGS[case.name])] if case.name in KNOWN_BUGS else [])
            for case in CASES]


def make_dossier(case: Case, tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "dossier")
    for relative, data in case.files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if case.prepare:
        case.prepare(root)
    return root


# --------------------------------------------------------------------- assertions

def assert_expected_among(case: Case, found: list[tuple[str, str, int, str]],
                          shown: Callable[[str], str] = str) -> None:
    """`found`: (code, path, line, message + hint) of every error and warning; `shown` is how
    the output being checked spells a path."""
    places = [(code, path, line) for code, path, line, _ in found]
    listing = "\n".join(f"  {code} {path!r}:{line}" for code, path, line, _ in found)
    for expected in case.expected:
        key = (expected.code, shown(expected.path), expected.line)
        assert key in places, f"expected {expected}; found:\n{listing}"
        if expected.words:
            texts = [text for *place_, text in found if tuple(place_) == key]
            assert any(expected.words in text for text in texts), \
                f"{expected}: {expected.words!r} not in {texts}"


def assert_well_formed(finding: Finding) -> None:
    assert finding.code in CATALOGUE, finding
    assert finding.path, finding
    assert finding.line >= 1 or finding.path in WHOLE_DOSSIER, finding
    assert finding.hint.strip(), finding


def run_cli(root: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "check"],
                          capture_output=True, text=True, errors="backslashreplace",
                          timeout=timeout, check=False, cwd=REPO)


def cli_findings(result: subprocess.CompletedProcess[str]) -> list[tuple[str, str, int, str]]:
    """Check the text output's shape and return its findings (all severities)."""
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    control = re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]",
                        result.stderr + result.stdout)
    assert control is None, f"a control character reached the terminal: {control}"
    assert result.returncode == 1, f"exit {result.returncode}\n{result.stdout[-2000:]}"
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.endswith("statements in all")) + 1
    *body, summary = lines[start:]
    count = SUMMARY_LINE.match(summary)
    assert count, f"last line is not the summary: {summary!r}"
    total = sum(int(count[k] or 0) for k in ("errors", "warnings", "notes"))
    assert len(body) == 2 * total, "\n".join(body)
    found = []
    for finding_line, hint_line in zip(body[::2], body[1::2], strict=True):
        match = FINDING_LINE.match(finding_line)
        assert match, f"not `path:line:col: CODE: message`: {finding_line!r}"
        assert HINT_LINE.match(hint_line), f"not a hint line: {hint_line!r}"
        assert match["code"] in CATALOGUE, finding_line
        path, line = (match["whole"], 0) if match["whole"] else (match["path"], int(match["line"]))
        found.append((match["code"], path, line, f"{match['message']} {hint_line}"))
    return found


def as_printed(path: str) -> str:
    """A path as Python prints it to stderr: undecodable bytes of a file name escaped."""
    return path.encode("utf-8", "backslashreplace").decode("utf-8")


def problems_of(found: list[tuple[str, str, int, str]]) -> list[tuple[str, str, int, str]]:
    return [f for f in found if CATALOGUE[f[0]][0] is not Severity.INFO]


# --------------------------------------------------------------------- the tests

def test_the_corpus_is_big_and_every_expected_code_is_catalogued() -> None:
    assert len([f for f in CASES_DIR.iterdir() if f.is_dir()]) >= 45
    names = {case.name for case in CASES}
    assert len(names) == len(CASES)
    assert set(KNOWN_BUGS) <= names and names >= CLI_SAMPLE and set(GENERATED) <= names
    for case in CASES:
        assert case.expected, f"{case.name} expects nothing"
        for expected in case.expected:
            assert expected.code in CATALOGUE, f"{case.name}: {expected}"


@pytest.mark.parametrize("case", params())
def test_bad_input_is_reported_at_its_place(case: Case, tmp_path: Path) -> None:
    root = make_dossier(case, tmp_path)
    if not case.isolated:
        checked = check(root)
        for finding in checked.findings:
            assert_well_formed(finding)
        assert not checked.ok
        found = [(f.code, f.path, f.line, f"{f.message} {f.hint}") for f in checked.findings
                 if f.severity is not Severity.INFO]
        assert_expected_among(case, found)
    if case.isolated or case.name in CLI_SAMPLE or case.name in KNOWN_BUGS:
        found = problems_of(cli_findings(run_cli(root, case.timeout)))
        assert_expected_among(case, found, as_printed)


def test_github_format_cannot_be_forged_by_a_file_name(tmp_path: Path) -> None:
    [case] = [c for c in CASES if c.name == "file-name-with-newline-forges-output-lines"]
    root = make_dossier(case, tmp_path)
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "check",
                             "--format", "github"], capture_output=True, text=True,
                            timeout=30, check=False, cwd=REPO)
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(commands) == len(result.stdout.splitlines())
    assert not any(line.startswith("::error file=facts%2F") for line in commands), commands

