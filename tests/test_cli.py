"""The thin CLI: exit 0 clean, 1 findings, 2 usage; findings as path:line:col: CODE: message."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import replace_in


def dossier(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args],
                          capture_output=True, text=True, check=False)


def test_check_of_the_real_dossier_exits_0(project: Path) -> None:
    result = dossier("--root", str(project), "check")
    assert result.returncode == 0, result.stderr
    assert "statements" in result.stdout


def test_findings_exit_1_with_place_code_and_hint(project: Path) -> None:
    path = "facts/people/kamchybek-tashiyev.yaml"
    line = replace_in(project / path, "summary:", "sumary:")
    result = dossier("--root", str(project), "check")
    assert result.returncode == 1
    assert f"{path}:{line}:1: D201: unknown key 'sumary'" in result.stdout
    assert "hint: did you mean `summary`?" in result.stdout
    assert "Traceback" not in result.stderr


def test_json_format_gives_the_same_findings(project: Path) -> None:
    replace_in(project / "facts/people/kamchybek-tashiyev.yaml", "summary:", "sumary:")
    result = dossier("--root", str(project), "check", "--format", "json")
    [finding] = [f for f in json.loads(result.stdout) if f["severity"] != "info"]
    assert finding["code"] == "D201" and finding["severity"] == "error"


def test_usage_errors_exit_2() -> None:
    assert dossier("no-such-command").returncode == 2
    assert dossier("check", "--min-coverage", "lots").returncode == 2


@pytest.mark.parametrize("broken, where", [
    (lambda t: t.replace("{% endfor %}", "", 1), "templates/entity.md.j2:"),  # syntax
    (lambda t: "{{ no_such_value }}\n" + t, "templates/entity.md.j2:1:1:"),  # rendering
    (None, "templates/entity.md.j2: "),  # missing
    (lambda t: '{{ page.link_to("no-such-id") }}\n' + t, "templates/entity.md.j2:1:1:"),
    (b"\xff\xfe not UTF-8", "templates/entity.md.j2: "),
])
def test_a_broken_template_is_a_finding_not_a_traceback(project: Path, broken: Any,
                                                        where: str) -> None:
    template = project / "templates/entity.md.j2"
    if broken is None:
        template.unlink()
    elif isinstance(broken, bytes):
        template.write_bytes(broken)
    else:
        template.write_text(broken(template.read_text("utf-8")), "utf-8")
    result = dossier("--root", str(project), "generate")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert where in result.stdout and "D503" in result.stdout, result.stdout
    assert not (project / "content/people").exists(), "a failed build writes nothing"


@pytest.mark.parametrize("order", [("-q", "check"), ("check", "-q")], ids=["before", "after"])
def test_quiet_goes_before_or_after_the_command(project: Path, order: tuple[str, ...]) -> None:
    """As in git: `dossier check -q` is `dossier -q check`, errors only."""
    replace_in(project / "facts/people/kamchybek-tashiyev.yaml", "summary:", "sumary:")
    result = dossier("--root", str(project), *order)
    assert result.returncode == 1, result.stderr
    assert ": D201: " in result.stdout and ": D601: " not in result.stdout, result.stdout
    assert dossier("--root", str(project), "check", "-q", "--root", str(project),
                   ).returncode == 1
    assert dossier(*order, "-v").returncode == 2  # quiet and verbose at once: usage


def test_the_report_goes_to_standard_output(project: Path, tmp_path: Path) -> None:
    """`dossier check > report.txt` keeps the report; only the tool's own trouble goes to
    standard error, and the exit status still says whether the dossier is clean."""
    replace_in(project / "facts/people/kamchybek-tashiyev.yaml", "summary:", "sumary:")
    report = tmp_path / "report.txt"
    with report.open("w") as out:
        done = subprocess.run([sys.executable, "-m", "generator", "--root", str(project),
                               "check"], stdout=out, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 1 and done.stderr == ""
    text = report.read_text("utf-8")
    assert ": D201: unknown key 'sumary'" in text and "\nfailed: 1 error," in text, text
    refused = dossier("--root", str(project), "diff", "no-such-ref")
    assert refused.returncode == 2 and refused.stdout == "" and "no-such-ref" in refused.stderr
