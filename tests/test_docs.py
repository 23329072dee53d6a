"""Documentation cannot drift: every field, finding code and command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from generator.cli.main import parser
from generator.format.findings import CATALOGUE
from generator.render import format_docs as reference
from tests.conftest import REPO
from tests.golden import rendered


def test_every_field_of_the_model_is_in_the_reference_page() -> None:
    page = rendered()["reference.md"]
    for model in reference.fact_format():
        assert f"## {model['name']}" in page
        for field in model["fields"]:
            assert f"| {field['name']} |" in page, (model["name"], field["name"])
            assert field["doc"], f"{model['name']}.{field['name']} has no docstring"


def test_every_finding_code_raised_is_in_the_catalogue_and_documented() -> None:
    used = set()
    for path in (REPO / "generator").rglob("*.py"):
        used |= set(re.findall(r'"(D\d{3})"', path.read_text("utf-8")))
    assert used <= set(CATALOGUE), used - set(CATALOGUE)
    page = rendered()["reference.md"]
    for code in CATALOGUE:
        assert f"| {code} |" in page


def test_every_command_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    commands = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert commands is not None
    for name in commands:
        assert f"dossier {name}" in readme or f"make {name}" in readme, name


def test_the_editors_guide_covers_every_status_verb_relation_and_code() -> None:
    from generator.format.model import ClaimVerb, LegalStatusKind, RelationType

    guide = rendered()["guide.md"]
    for value in [*LegalStatusKind, *ClaimVerb, *RelationType]:
        assert f"`{value.value}`" in guide, value
    for code in CATALOGUE:
        assert f"**{code}** · " in guide, code
    for command in ("dossier new source --text", "dossier new person", "dossier pin",
                    "make serve"):
        assert command in guide


def test_ci_workflow_and_pre_commit_use_the_readme_commands() -> None:
    import yaml

    workflow = (REPO / ".github/workflows/dossier.yml").read_text("utf-8")
    steps = [step.get("run", "") for job in yaml.safe_load(workflow)["jobs"].values()
             for step in job.get("steps", [])]
    for command in ("make check", "make site", "make linkcheck", "dossier diff"):
        assert any(command in run for run in steps), command
    hooks = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))
    assert hooks["repos"][0]["hooks"][0]["entry"] == "make check"
    readme = (REPO / "README.md").read_text("utf-8")
    assert "make check" in readme and "make linkcheck" in readme


def test_every_support_finding_has_an_entry_of_its_own_in_the_editors_guide() -> None:
    """The support check's findings need more than a line of the code table: each has an
    entry saying what the quote lacks and what to write instead (issue 17)."""
    from generator.format.model import DerivationKind, Qualifier

    raised = set()
    for path in (REPO / "generator" / "check").glob("support*.py"):
        raised |= set(re.findall(r'"(D\d{3})"', path.read_text("utf-8")))
    assert {"D410", "D411", "D412", "D413", "D414", "D415", "D416", "D417", "D418",
            "D419"} <= raised
    guide = rendered()["guide.md"]
    for code in sorted(raised):
        assert f"#### {code}\n" in guide, f"{code} has no entry in templates/guide.md.j2"
    for value in [*Qualifier, *DerivationKind]:
        assert f"`{value.value}`" in guide, value


def test_every_setting_is_documented_in_the_reference_page() -> None:
    from dataclasses import fields

    from generator.format.settings import DOCUMENTED, SECTIONS, Settings

    assert sorted(s.field for s in DOCUMENTED) == sorted(f.name for f in fields(Settings))
    assert {s.section for s in DOCUMENTED} == set(SECTIONS)
    page = rendered()["reference.md"]
    for setting in DOCUMENTED:
        assert f"| `[{setting.section}]` `{setting.key}` |" in page, setting.key
        assert setting.meaning
    assert "`site_url`" in page and "`site_description`" in page


def test_every_documented_setting_is_a_key_the_settings_read(tmp_path: Path) -> None:
    """A documented key with a value no setting takes is refused by its name: the reference
    names the keys the loader reads."""
    from generator.format.settings import DOCUMENTED, load_settings

    for setting in DOCUMENTED:
        (tmp_path / "dossier.toml").write_text(
            f"[{setting.section}]\n{setting.key} = {{ x = 1 }}\n", "utf-8")
        _, findings = load_settings(tmp_path)
        assert [f.code for f in findings] == ["D114"], setting.key
        assert f"{setting.section}.{setting.key}" in findings[0].message
