"""The import rules of docs/architecture.md, checked on the source (no Django needed).

A maintainer who breaks one gets the module, the import and the rule it breaks.
"""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIRST_PARTY = {"accounts", "common", "config", "demo", "engine", "evaluator", "home", "vendors"}
# What the engine may import besides itself: the standard library and the numeric stack
# (_plotly_utils is plotly's own package: engine/charts/figure.py writes figures with its encoder).
ENGINE_ALLOWED = {"numpy", "pandas", "plotly", "_plotly_utils", "scipy", "pymcdm"}
APPS_WITH_FEATURES = {"evaluator", "vendors"}


def source_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] not in FIRST_PARTY or "migrations" in relative.parts:
            continue
        name = ".".join(relative.with_suffix("").parts)
        yield name.removesuffix(".__init__"), path


def imported_modules(path: pathlib.Path) -> set[str]:
    """Every module ``path`` imports, by absolute name (``from a.b import c`` gives a.b and a.b.c)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


MODULES = dict(source_modules())
IMPORTS = {name: imported_modules(path) for name, path in MODULES.items()}


def is_pages(module: str) -> bool:
    """A page module: views rendered for people (``pages``, ``*_pages``, ``views``)."""
    last = module.rsplit(".", 1)[-1]
    return last in ("pages", "views") or last.endswith("_pages")


def is_machine_surface(module: str) -> bool:
    """An API, serializer or export module (``api``, ``*_api``, ``serializers``, ``exports``…)."""
    last = module.rsplit(".", 1)[-1]
    return any(word in last for word in ("api", "serializer", "export")) and not is_pages(module)


def feature_of(module: str) -> tuple[str, str] | None:
    """(app, feature) for a module inside a feature package of an app, else None."""
    parts = module.split(".")
    if parts[0] in APPS_WITH_FEATURES and len(parts) >= 3:
        return parts[0], parts[1]
    return None


def test_the_source_was_found():
    assert "engine.scoring" in MODULES and "evaluator.results.service" in MODULES


def test_the_engine_imports_no_django_and_no_app():
    problems = [
        f"{module} imports {name}"
        for module, names in IMPORTS.items()
        if module.split(".")[0] == "engine"
        for name in names
        if name.split(".")[0] in (FIRST_PARTY - {"engine"}) | {"django", "rest_framework"}
    ]
    assert problems == []


def test_the_engine_needs_only_the_numeric_stack():
    import sys

    problems = [
        f"{module} imports {name}"
        for module, names in IMPORTS.items()
        if module.split(".")[0] == "engine"
        for name in names
        if (top := name.split(".")[0]) not in ENGINE_ALLOWED | {"engine"}
        and top not in sys.stdlib_module_names
    ]
    assert problems == []


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("common", {"accounts", "config", "demo", "evaluator", "home", "vendors"}),
        ("vendors", {"evaluator", "demo", "home"}),
        # The home page reads both apps; neither reads it.
        ("evaluator", {"home", "demo"}),
    ],
)
def test_imports_point_down(lower, higher):
    problems = [
        f"{module} imports {name}"
        for module, names in IMPORTS.items()
        if module.split(".")[0] == lower
        for name in names
        if name.split(".")[0] in higher
    ]
    assert problems == []


def test_api_serializers_and_exports_never_import_pages():
    problems = [
        f"{module} imports {name}"
        for module, names in IMPORTS.items()
        if is_machine_surface(module)
        for name in names
        if name.split(".")[0] in FIRST_PARTY and is_pages(name) and name in MODULES
    ]
    assert problems == []


def test_no_feature_imports_another_features_pages():
    problems = []
    for module, names in IMPORTS.items():
        if module.endswith("urls"):
            continue  # an app's URL list names every feature's pages
        for name in names:
            crosses = feature_of(name) != feature_of(module) and name.split(".")[0] in APPS_WITH_FEATURES
            if name in MODULES and is_pages(name) and crosses:
                problems.append(f"{module} imports {name}")
    assert problems == []
