"""The layout holds: a layer of `generator/` never imports one above it, the helpers know
nothing about dossiers, no module keeps a cache of its own, and a non-editable install has
every subpackage."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO

GENERATOR = REPO / "generator"
LAYERS = ("utils", "format", "read", "check", "export", "render", "output", "build", "preview",
          "cli", "__main__")
"""Bottom to top (ARCHITECTURE.md): each may import those before it, never one after it.
`build` is the top-level modules that run the stages (`build`, `cache`, `commands`)."""
TOP_LEVEL = {"build": "build", "cache": "build", "commands": "build", "__init__": "utils",
             "__main__": "__main__"}
MUTATORS = {"append", "extend", "insert", "update", "setdefault", "add", "pop", "popitem",
            "clear", "remove", "discard", "__setitem__"}
CACHE_DECORATORS = {"lru_cache", "cache", "cached_property"}
ALLOWED_STATE = {("generator.output.lock", "_held")}
"""Module-level state that is not a cache: which threads of this process hold which build
lock (`output.lock`: a lock is the process's, so its bookkeeping is too)."""


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(GENERATOR.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        yield ".".join(parts), path


def layer(module: str) -> int:
    parts = module.split(".")
    name = TOP_LEVEL.get(parts[1], parts[1]) if len(parts) == 2 else parts[1]
    return LAYERS.index(name)


def imports(module: str, path: Path) -> Iterator[tuple[int, str]]:
    """Every generator module `module` imports (at any depth of the code, type-only
    imports too), resolved to its dotted name, with the line."""
    package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            for alias in node.names:
                if target.startswith("generator"):
                    full = f"{target}.{alias.name}"
                    yield node.lineno, full if (GENERATOR.parent / (
                        full.replace(".", "/") + ".py")).exists() else target
        elif isinstance(node, ast.Import):
            yield from ((node.lineno, a.name) for a in node.names
                        if a.name.startswith("generator"))


def test_no_layer_imports_one_above_it() -> None:
    wrong = [f"{path.relative_to(REPO)}:{line}: {module} imports {target}"
             for module, path in modules() for line, target in imports(module, path)
             if target != "generator" and layer(target) > layer(module)]
    assert wrong == []


def test_the_helpers_know_nothing_about_dossiers() -> None:
    wrong = [f"{path.relative_to(REPO)}:{line}: imports {target}"
             for module, path in modules() if module.startswith("generator.utils.")
             for line, target in imports(module, path)
             if not target.startswith("generator.utils")]
    assert wrong == []


def test_every_stage_folder_is_a_layer() -> None:
    folders = {p.name for p in GENERATOR.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders <= set(LAYERS), folders - set(LAYERS)
    assert {p.stem for p in GENERATOR.glob("*.py")} <= TOP_LEVEL.keys()


def module_caches(module: str, path: Path) -> Iterator[str]:
    """Module-level containers that the module changes, and functions or properties that
    remember their results (`lru_cache`, `cache`, `cached_property`)."""
    tree = ast.parse(path.read_text("utf-8"))
    where = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    containers = {target.id: node.lineno for node in tree.body
                  if isinstance(node, (ast.Assign, ast.AnnAssign)) and _mutable(node.value)
                  for target in (node.targets if isinstance(node, ast.Assign)
                                 else [node.target]) if isinstance(target, ast.Name)}
    for node in ast.walk(tree):
        changed = _changed_name(node)
        if changed in containers and (module, changed) not in ALLOWED_STATE:
            yield f"{where}:{getattr(node, 'lineno', 0)}: module-level {changed} changes"
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                name = _name(decorator.func if isinstance(decorator, ast.Call) else decorator)
                if name in CACHE_DECORATORS:
                    yield f"{where}:{node.lineno}: @{name} on {node.name}"


def _mutable(value: ast.expr | None) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp,
                          ast.SetComp)):
        return True
    return isinstance(value, ast.Call) and _name(value.func) in {
        "dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _changed_name(node: ast.AST) -> str:
    """The name of the container `node` changes, if it changes one."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in MUTATORS and isinstance(node.func.value, ast.Name):
        return node.func.value.id
    targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [
        node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
    for target in targets:
        if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            return target.value.id
    if isinstance(node, ast.Global):
        return node.names[0]
    return ""


def test_no_module_keeps_a_cache() -> None:
    """Caches are owned by whoever builds (`generator/cache.py`), never kept by a module;
    module-level dictionaries and lists are constants."""
    found = [problem for module, path in modules() for problem in module_caches(module, path)]
    assert found == []


def test_the_cache_scan_finds_a_module_cache(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text("import functools\n_LAST: dict[str, int] = {}\n\n\ndef f(x: str) -> int:"
                       "\n    _LAST[x] = 1\n    return 1\n\n\n@functools.lru_cache(maxsize=None)"
                       "\ndef g() -> int:\n    return 2\n", "utf-8")
    found = sorted(module_caches("planted", planted), key=lambda f: int(f.split(":")[1]))
    assert len(found) == 2 and "_LAST" in found[0] and "lru_cache" in found[1], found


def test_a_non_editable_install_has_every_subpackage(tmp_path: Path) -> None:
    """What `pip install .` installs: a wheel with every subpackage, importable away from
    the working tree (the CLI and the stages)."""
    source = tmp_path / "source"
    shutil.copytree(GENERATOR, source / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(REPO / "pyproject.toml", source)
    wheels = tmp_path / "wheels"
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                           "--disable-pip-version-check", "-w", str(wheels), str(source)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    [wheel] = wheels.glob("*.whl")
    probe = ("import generator, generator.build, generator.cli.main, generator.preview.serve;"
             "print(generator.__file__)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(wheel)},
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith(str(wheel)), done.stdout


def test_the_receipt_answers_without_the_heavy_parts() -> None:
    """What a `dossier build` with nothing changed imports before it answers from the
    receipt of the last build: the command line, the lock and journal, the receipt and the
    scan; no YAML, model, template, site or HTML library."""
    probe = ("import sys, generator.cli.main, generator.output.journal, generator.output.receipt;"
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'yaml', 'pydantic', "
             "'jinja2', 'mkdocs', 'material', 'markdown', 'selectolax', 'watchdog'}))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=REPO, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stdout + done.stderr
