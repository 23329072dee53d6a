"""The editors' guide followed step by step, as a new editor would: a source, a person, an
organisation and an event with three values of a figure and a claim, checked and built;
then every page the additions change is looked at, and no other page changes."""

from __future__ import annotations

import html
import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_project, snapshot

ARTICLE = """Harbour Authority fines ferry operator over overloading

KALINOVO, May 4. The Harbour Authority fined the ferry operator Blue Line for overloading.
Early reports said 40 passengers were on board. The Harbour Authority later counted more than
400 passengers. Harbour Authority director Anna Petrova told reporters that about 410
passengers were aboard a ferry built for 250.
"""
PERSON = """name:
  value: Anna Petrova
  cite:
    - source: harbour-fine
      quote: Harbour Authority director Anna Petrova
relations:
  - type: member-of
    to: harbour-authority
    role: director
    cite:
      - source: harbour-fine
        quote: Harbour Authority director Anna Petrova
"""
ORGANISATION = """name:
  value: Harbour Authority
  cite:
    - source: harbour-fine
      quote: The Harbour Authority fined
"""
EVENT = """name:
  value: Fine of Blue Line
  derived:
    kind: title
    reasoning: the article names the fine but gives it no title
  cite:
    - source: harbour-fine
      quote: fined the ferry operator Blue Line for overloading
participants:
  - entity: harbour-authority
    role: fined the operator
    cite:
      - source: harbour-fine
        quote: The Harbour Authority fined the ferry operator Blue Line
figures:
  - quantity: passengers
    values:
      - value: 40
        note: early reports
        cite:
          - source: harbour-fine
            quote: Early reports said 40 passengers were on board.
      - value: 400
        qualifier: more-than
        cite:
          - source: harbour-fine
            quote: The Harbour Authority later counted more than 400 passengers.
      - value: 410
        qualifier: about
        cite:
          - source: harbour-fine
            quote: about 410 passengers were aboard
claims:
  - by: anna-petrova
    verb: told
    content: reporters that about 410 passengers were aboard a ferry built for 250
    cite:
      - source: harbour-fine
        quote: >-
          Harbour Authority director Anna Petrova told reporters that about 410 passengers
          were aboard a ferry built for 250.
"""


SOURCE = "Kalinovo Gazette: Harbour Authority fines ferry operator"
SHOWN = {  # every page the additions change, and what each must show of them
    "sources/harbour-fine.md": [
        "Early reports said 40 passengers", "Anna Petrova](../people/anna-petrova.md): name",
        "Fine of Blue Line](../events/fine-of-blue-line.md): passengers (figure value)",
        "Fine of Blue Line](../events/fine-of-blue-line.md): claim"],
    "people/anna-petrova.md": [
        "Member of", "[Harbour Authority](../organisations/harbour-authority.md) (director)",
        "told reporters that about 410 passengers"],
    "organisations/harbour-authority.md": [
        "Has as member", "[Anna Petrova](../people/anna-petrova.md)",
        "[Fine of Blue Line](../events/fine-of-blue-line.md)"],
    "events/fine-of-blue-line.md": [
        "Passengers", "| 40 |", "| more than 400 |", "| about 410 |",
        "[Anna Petrova](../people/anna-petrova.md) told reporters that about 410 passengers "
        "were aboard a ferry built for 250", "fined the operator"],
    "people/index.md": ["[Anna Petrova](anna-petrova.md)"],
    "organisations/index.md": ["[Harbour Authority](harbour-authority.md)"],
    "events/index.md": ["[Fine of Blue Line](fine-of-blue-line.md)"],
    "sources/index.md": [f"[{SOURCE}](harbour-fine.md)"],
    "timeline.md": ["Date not stated", "[Fine of Blue Line](events/fine-of-blue-line.md)"],
    "index.md": ["| [People](people/index.md) | 15 |", "| [Sources](sources/index.md) | 3 |",
                 f"| [{SOURCE}](sources/harbour-fine.md) | 9 |"],
    "conflicts.md": ["### Passengers: [Fine of Blue Line](events/fine-of-blue-line.md)",
                     "| 40 |", "| more than 400 |", "| about 410 |"],
    "coverage.md": ["[Anna Petrova](people/anna-petrova.md)",
                    "[Fine of Blue Line](events/fine-of-blue-line.md)"],
    "coverage.json": ['"id": "anna-petrova"', '"id": "fine-of-blue-line"'],
    "network.md": ["Anna Petrova", "Harbour Authority"],
    "data/index.md": ["dossier.json"],  # the files' sizes
    "data/dossier.json": ["Harbour Authority director Anna Petrova", '"quantity":"passengers"'],
    "data/ftm.jsonl": ["Anna Petrova", "Harbour Authority", "Fine of Blue Line"],
    "data/dossier.jsonld": ["Anna Petrova", "Harbour Authority", "Fine of Blue Line"],
    "data/people.csv": ["anna-petrova,Anna Petrova"],
    "data/organisations.csv": ["harbour-authority,Harbour Authority"],
    "data/events.csv": ["fine-of-blue-line,Fine of Blue Line"],
    "data/sources.csv": [f"harbour-fine,{SOURCE}"],
    ".dossier-manifest.json": ["people/anna-petrova.md", "sources/harbour-fine.md"],
}


def dossier(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_the_guide_followed_changes_exactly_the_pages_it_should(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "dossier")
    dossier(root, "generate")
    before = snapshot(root / "content")
    (tmp_path / "article.txt").write_text(ARTICLE, "utf-8")
    dossier(root, "new", "source", "--text", str(tmp_path / "article.txt"), "--label", SOURCE,
            "--id", "harbour-fine")
    for kind, name, text in (("person", "Anna Petrova", PERSON),
                             ("organisation", "Harbour Authority", ORGANISATION),
                             ("event", "Fine of Blue Line", EVENT)):
        started = root / dossier(root, "new", kind, name).stdout.split()[1].rstrip(":")
        started.write_text(text, "utf-8")  # the file `new` started, filled in
    checked = dossier(root, "check")
    assert "passengers" in checked.stdout and ": D601: " in checked.stdout  # three values
    dossier(root, "generate")
    after = snapshot(root / "content")
    changed = {p for p in after if before.get(p) != after[p]} | (before.keys() - after.keys())
    assert changed == SHOWN.keys()
    for path, needles in SHOWN.items():
        page = html.unescape(after[path].decode("utf-8"))
        missing = [needle for needle in needles if needle not in page]
        assert missing == [], (path, missing)
