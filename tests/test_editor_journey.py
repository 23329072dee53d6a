"""A new editor's first contribution, done the way the README and the editors' guide say:
add a source text and three facts citing it, see them in the preview, get a precise error
for a wrong quote, fix it, and pass the check."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_project
from tests.test_serve import free_port, wait_for

ARTICLE = """Harbour Authority fines ferry operator

KALINOVO, May 4. The Harbour Authority fined the ferry operator Blue Line for overloading,
its director Anna Petrova told reporters on Monday. The fine was paid the same day.
"""


def dossier(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          capture_output=True, text=True, check=False)


def cite(quote: str) -> str:
    return f"  cite:\n    - source: harbour-fine\n      quote: {quote}\n"


def test_a_new_editor_adds_a_source_and_three_facts(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "dossier")
    (tmp_path / "article.txt").write_text(ARTICLE, "utf-8")
    assert dossier(root, "new", "source", "--text", str(tmp_path / "article.txt"),
                   "--label", "Harbour fine", "--id", "harbour-fine").returncode == 0
    for kind, name in (("person", "Anna Petrova"), ("organisation", "Harbour Authority"),
                       ("event", "Fine of Blue Line")):
        result = dossier(root, "new", kind, name)
        assert result.returncode == 0, result.stdout + result.stderr
    person = root / "facts/people/anna-petrova.yaml"
    person.write_text("name:\n  value: Anna Petrova\n" + cite("its director Anna Petrova") +
                      "relations:\n  - type: member-of\n    to: harbour-authority\n"
                      "    role: director\n    cite:\n      - source: harbour-fine\n"
                      "        quote: The Harbour Authority fined the ferry operator Blue Line "
                      "for overloading, its director Anna Petrova\n", "utf-8")
    (root / "facts/organisations/harbour-authority.yaml").write_text(
        "name:\n  value: Harbour Authority\n" + cite("The Harbour Authority fined"), "utf-8")
    event = root / "facts/events/fine-of-blue-line.yaml"
    event.write_text("name:\n  value: Fine of Blue Line\n" +
                     cite("fined the ferry operator Blue Lines for overloading"), "utf-8")

    result = dossier(root, "check")
    assert result.returncode == 1
    [line] = [text for text in result.stdout.splitlines() if ": D401: " in text]
    assert line.startswith("facts/events/fine-of-blue-line.yaml:5:")
    assert "{+Line+}" in result.stdout and "[-Lines-]" in result.stdout

    event.write_text(event.read_text().replace("Blue Lines", "Blue Line"), "utf-8")
    result = dossier(root, "check")  # the quote is found, but says no \"Fine of Blue Line\"
    assert result.returncode == 1
    [line] = [said for said in result.stdout.splitlines() if ": D414: " in said]
    assert line.startswith("facts/events/fine-of-blue-line.yaml:2:")
    assert "derived: {kind: title, reasoning: ...}" in result.stdout

    event.write_text(event.read_text() + "  derived:\n    kind: title\n    reasoning: The "
                     "source reports the fine but gives it no name.\n", "utf-8")
    result = dossier(root, "check")
    assert result.returncode == 0, result.stdout

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve",
                               "--dev-addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(base + "people/anna-petrova/", "Harbour Authority", 60)
        wait_for(base + "sources/harbour-fine/", "its director Anna Petrova", 10)
        person.write_text(person.read_text().replace("role: director", "role: Director"))
        wait_for(base + "people/anna-petrova/", "(Director)", 30)
    finally:
        server.terminate()
        server.wait(10)
    assert re.search(r"sha256: [0-9a-f]{64}",
                     (root / "facts/sources/harbour-fine.yaml").read_text())
