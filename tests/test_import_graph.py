"""The apps' imports run one way: no two apps of concerto import each other.

A newcomer reads an app knowing what it builds on; two apps importing each other are one tangled
app, and a local import inside a function only hides the cycle from Python, not from the reader.
So every import counts: at module level, inside functions, under ``TYPE_CHECKING``, relative ones.
Tests and migrations are left out (tests may use any app; migrations name models by string).
When one app must react to another's change, the other publishes a domain event
(``concerto/core/events.py``) and the reacting app subscribes in its ``AppConfig.ready``.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "concerto"
APPS = sorted(path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists())
LEFT_OUT = {"tests", "migrations"}

# Modules that assemble every app, like concerto/urls.py (which is in no app).
COMPOSITION_ROOTS = {
    "api/urls.py": "the API router registers every app's routes",
}

# Pairs that still import each other, each with why. Remove a pair once it is untangled (a test
# below fails when a pair listed here no longer imports each other, so the list stays true).
ALLOWED_CYCLES = {
    frozenset({"accounts", "core"}): "core's admin site admits by actor roles; accounts registers its admin there",
    frozenset({"catalogue", "core"}): "core's template tag rule_text words a recurrence with catalogue.scheduling",
    frozenset({"detainees", "registrations"}): (
        "detainees' scoping reads applications, and the import of the prison's list closes the applications "
        "of people who left in its own all-or-nothing transaction (so not after the commit, as an event)"
    ),
    frozenset({"attendance", "detainees"}): (
        "the person's page (detainees/views.py) shows their attendance per edition, read from attendance; "
        "to undo, compose that page in a module nobody imports (like the home pages of dashboard/)"
    ),
}


def imported_modules(tree: ast.AST, module: str, *, is_package: bool) -> list[tuple[str, int]]:
    """The absolute names of the modules ``tree`` imports anywhere in it, with their line numbers."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            # ``from concerto import catalogue`` or ``from .. import catalogue`` imports the app itself.
            found.append((target, node.lineno))
            found.extend((f"{target}.{alias.name}", node.lineno) for alias in node.names)
    return found


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "concerto" and parts[1] in APPS else None


def app_imports() -> dict[tuple[str, str], list[str]]:
    """(importing app, imported app) → where ("app/file.py:line"), for every import between two apps."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for app in APPS:
        for path in sorted((PACKAGE / app).rglob("*.py")):
            relative = path.relative_to(PACKAGE)
            if LEFT_OUT & set(relative.parts) or relative.as_posix() in COMPOSITION_ROOTS:
                continue
            module = ".".join(("concerto", *relative.with_suffix("").parts))
            is_package = path.name == "__init__.py"
            if is_package:
                module = module.removesuffix(".__init__")
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for name, line in imported_modules(tree, module, is_package=is_package):
                target = app_of(name)
                if target is not None and target != app:
                    where = f"{relative.as_posix()}:{line}"
                    if where not in edges[(app, target)]:
                        edges[(app, target)].append(where)
    return edges


def cycles(edges: dict[tuple[str, str], list[str]]) -> dict[frozenset[str], list[str]]:
    found: dict[frozenset[str], list[str]] = {}
    for first, second in edges:
        if first < second and (second, first) in edges:
            found[frozenset({first, second})] = [
                *(f"{first} → {second}: {where}" for where in edges[(first, second)]),
                *(f"{second} → {first}: {where}" for where in edges[(second, first)]),
            ]
    return found


def test_no_two_apps_import_each_other():
    tangled = {pair: lines for pair, lines in cycles(app_imports()).items() if pair not in ALLOWED_CYCLES}
    where = "\n".join(line for lines in tangled.values() for line in lines)
    assert not tangled, f"Apps importing each other (publish an event instead, see concerto/core/events.py):\n{where}"


def test_attendance_builds_on_registrations_and_the_catalogue_never_the_reverse():
    edges = app_imports()
    assert ("attendance", "registrations") in edges
    assert ("attendance", "catalogue") in edges
    assert ("registrations", "attendance") not in edges, edges[("registrations", "attendance")]
    assert ("catalogue", "attendance") not in edges, edges[("catalogue", "attendance")]


def test_each_allowed_cycle_is_still_there_so_the_list_stays_true():
    still = cycles(app_imports())
    untangled = sorted(" ↔ ".join(sorted(pair)) for pair in ALLOWED_CYCLES if pair not in still)
    assert not untangled, f"No longer a cycle, remove from ALLOWED_CYCLES: {untangled}"


def test_imports_inside_functions_and_relative_ones_are_seen():
    source = (
        "from .. import permissions\n"
        "from ...registrations.models import Application\n"
        "def notify():\n"
        "    from concerto.attendance.services import withdrawal_notify\n"
        "    import concerto.catalogue.models\n"
    )
    names = imported_modules(ast.parse(source), "concerto.surveys.views.entry", is_package=False)
    assert {app_of(name) for name, _ in names} == {"surveys", "registrations", "attendance", "catalogue"}
