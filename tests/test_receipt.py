"""The receipt of the last build (`generator.receipt`): a fresh `dossier generate` or `build`
with nothing changed reports exactly what the build reported and writes nothing; anything
changed, in the inputs or in what the build left, means a real build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from generator.receipt import Receipts, cache_folder, inputs_fingerprint
from generator.stamps import FACT_FOLDERS, content_files
from tests.conftest import replace_in

FROM_RECEIPT = "nothing changed since the last build"
PERSON = "facts/people/kamchybek-tashiyev.yaml"
PAGE = "content/people/kamchybek-tashiyev.md"


def dossier(root: Path, *args: str, env: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "-v",
                             *args], capture_output=True, text=True, check=False,
                            env=env)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def report(result: subprocess.CompletedProcess[str]) -> tuple[int, str, list[str]]:
    """What a run reported, without the progress lines (which carry timings)."""
    lines = [line for line in result.stderr.splitlines() if not line.startswith("dossier: ")]
    return result.returncode, result.stdout, lines


def stamps(root: Path, *folders: str) -> dict[str, tuple[int, int]]:
    found = {}
    for folder in folders:
        for path, entry in content_files(root / folder):
            stat = entry.stat()
            found[f"{folder}/{path}"] = (stat.st_ino, stat.st_mtime_ns)
    return found


def test_a_build_with_nothing_changed_reports_the_same_and_writes_nothing(project: Path,
                                                                          ) -> None:
    first = dossier(project, "build")
    assert first.returncode == 0 and FROM_RECEIPT not in first.stderr
    assert Receipts(project, 100.0).path.is_file()
    assert not any(p.suffix == ".json" and "dossier" in p.parent.name
                   for p in project.rglob("*")), "a receipt in the working tree"
    full = dossier(project, "build", "--full")  # a no-op build the long way
    before = stamps(project, "content", "site")
    again = dossier(project, "build")
    assert FROM_RECEIPT in again.stderr and FROM_RECEIPT not in full.stderr
    assert report(again) == report(full)
    assert "0 pages written, 0 removed, 80 unchanged; site/ is ready" in again.stderr
    assert stamps(project, "content", "site") == before
    for style in ("json", "github"):  # generate: a build's receipt stands for it too
        assert dossier(project, "generate", "--format", style).stdout == dossier(
            project, "generate", "--full", "--format", style).stdout


def test_an_edited_fact_file_builds_again(project: Path) -> None:
    assert dossier(project, "generate").returncode == 0
    replace_in(project / PERSON, "    Chief of the State", "    Receipt test. Chief of the State")
    result = dossier(project, "generate")
    assert FROM_RECEIPT not in result.stderr and "0 pages written" not in result.stderr
    assert "Receipt test." in (project / PAGE).read_text("utf-8")
    assert FROM_RECEIPT in dossier(project, "generate").stderr


def test_a_changed_or_deleted_page_is_generated_again(project: Path) -> None:
    assert dossier(project, "generate").returncode == 0
    page = project / PAGE
    right = page.read_text("utf-8")
    page.write_text(right + "\nedited by hand\n", "utf-8")
    assert FROM_RECEIPT not in dossier(project, "generate").stderr
    assert page.read_text("utf-8") == right
    page.unlink()
    assert FROM_RECEIPT not in dossier(project, "generate").stderr
    assert page.read_text("utf-8") == right


def test_a_generate_receipt_does_not_stand_for_a_site(project: Path) -> None:
    assert dossier(project, "generate").returncode == 0
    built = dossier(project, "build")
    assert FROM_RECEIPT not in built.stderr and (project / "site/index.html").is_file()
    assert FROM_RECEIPT in dossier(project, "generate").stderr  # a build also generates
    (project / "site/index.html").unlink()
    assert FROM_RECEIPT not in dossier(project, "build").stderr
    assert (project / "site/index.html").is_file()


def test_what_the_fingerprint_of_the_inputs_covers(project: Path) -> None:
    before = inputs_fingerprint(project, 100.0)
    assert inputs_fingerprint(project, 100.0) == before
    assert inputs_fingerprint(project, 90.0) != before  # the coverage minimum
    touched = []
    for path in ("templates/entity.md.j2", "dossier.toml", "mkdocs.yml", PERSON):
        os.utime(project / path, ns=(1, 1))  # even a file whose mtime is set back
        touched.append(inputs_fingerprint(project, 100.0))
    assert len({before, *touched}) == 5
    (project / "facts/notes.md").write_text("a stray file", "utf-8")  # reported as D112
    assert inputs_fingerprint(project, 100.0) != touched[-1]


def test_a_stray_file_is_reported_though_nothing_else_changed(project: Path) -> None:
    assert dossier(project, "generate").returncode == 0
    (project / "facts/notes.md").write_text("a stray file", "utf-8")
    result = dossier(project, "generate")
    assert FROM_RECEIPT not in result.stderr and "facts/notes.md:1:1: D112" in result.stderr


def test_a_broken_or_forged_receipt_counts_as_none(project: Path) -> None:
    assert dossier(project, "generate").returncode == 0
    path = Receipts(project, 100.0).path
    kept = json.loads(path.read_text("utf-8"))
    for broken in ("{not json", "[]", json.dumps({**kept, "format": 0}),
                   json.dumps({**kept, "root": "/elsewhere"}),
                   json.dumps({**kept, "report": {**kept["report"], "records": "many"}}),
                   json.dumps({**kept, "report": {**kept["report"], "findings": [
                       {"path": "x", "line": 1, "col": 1, "code": "X999", "message": "m",
                        "hint": ""}]}})):
        path.write_text(broken, "utf-8")
        result = dossier(project, "generate")
        assert result.returncode == 0 and FROM_RECEIPT not in result.stderr, broken
        path.write_text(broken, "utf-8")  # the build saved a good receipt again
    path.write_text(json.dumps(kept), "utf-8")
    assert FROM_RECEIPT in dossier(project, "generate").stderr


def test_a_cache_folder_that_cannot_be_written_only_means_no_receipt(project: Path,
                                                                      tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", "utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(blocked)}
    for _ in range(2):
        result = dossier(project, "generate", env=env)
        assert result.returncode == 0 and FROM_RECEIPT not in result.stderr


def test_a_failed_build_keeps_nothing_from_the_receipt(project: Path) -> None:
    assert dossier(project, "generate").returncode == 0
    replace_in(project / PERSON, "summary:", "sumary:")
    assert dossier(project, "generate").returncode == 1
    assert dossier(project, "generate").returncode == 1  # reported again, not skipped


def test_receipts_live_in_the_cache_folder_of_the_user(project: Path) -> None:
    assert cache_folder() == Path(os.environ["XDG_CACHE_HOME"], "dossier")
    assert Receipts(project, 100.0).path.parent == cache_folder()


def test_the_folders_of_facts_are_the_kinds_of_the_model() -> None:
    from generator.model import KINDS

    assert tuple(KINDS) == FACT_FOLDERS
