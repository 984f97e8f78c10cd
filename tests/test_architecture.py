"""The layers of docs/architecture.md, enforced (issue 13): imports go down only, the bottom
(settings, infrastructure) imports nothing above it, and no circle joins modules of the
schema (a circle between type modules breaks as soon as an import moves)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("clientela", "schema", "resolvers", "models", "mailer")


def layer(module: str) -> int:
    """0 settings and infrastructure, 1 models and mailer, 2 resolvers, 3 schema, 4 the app."""
    if module == "clientela.settings" or module.startswith("clientela.infra"):
        return 0
    top = module.split(".")[0]
    return {"models": 1, "mailer": 1, "resolvers": 2, "schema": 3, "clientela": 4}[top]


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = modules()


def _target(name: str) -> str | None:
    """The module of ours an imported name is, or is in."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports(module: str, *, import_time_only: bool = False) -> set[str]:
    """Modules of ours that `module` imports; with import_time_only, only those imported when
    it loads (not inside functions, not under `if TYPE_CHECKING:`)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    nodes: list[ast.AST] = []
    if import_time_only:
        for node in tree.body:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            nodes.extend(
                n
                for n in ast.walk(node)
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            )
    else:
        nodes = list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            names = [f"{base}.{alias.name}" for alias in node.names] or [base]
        else:
            continue
        for name in names:
            target = _target(name)
            if target is not None and target != module:
                found.add(target)
    return found


def test_no_module_imports_a_higher_layer():
    upward = [
        f"{module} (layer {layer(module)}) imports {target} (layer {layer(target)})"
        for module in sorted(MODULES)
        for target in sorted(imports(module))
        if layer(target) > layer(module)
    ]
    assert not upward, "imports that go up (docs/architecture.md):\n" + "\n".join(upward)


def test_settings_import_nothing_of_ours_and_infrastructure_only_settings():
    assert imports("clientela.settings") == set()
    for module in MODULES:
        if module.startswith("clientela.infra"):
            others = {t for t in imports(module) if not t.startswith("clientela.infra")}
            assert others <= {"clientela.settings"}, (module, others)


def test_no_import_circle_between_schema_modules():
    graph = {
        module: {t for t in imports(module, import_time_only=True) if t.startswith("schema.")}
        for module in MODULES
        if module.startswith("schema.")
    }
    circles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                circles.append(" -> ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert not circles, "import circles in schema/:\n" + "\n".join(circles)


def test_the_checks_see_a_violation():
    # The layer check itself: a resolver importing the schema would be reported.
    assert layer("resolvers.clients.create_client") < layer("schema.clients.types")
    assert "resolvers.clients.create_client" in imports("schema.clients.mutations")
