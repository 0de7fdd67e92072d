"""The house's layout, checked by reading the source: the rules in docs/architecture.md that a reviewer
would otherwise have to remember.

Each test names the modules that break its rule, so a failure says where to look.
"""

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from kohtaamo.workspaces.access import CAPABILITIES, WorkspaceOwned

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "kohtaamo"
MAX_LINES = 400
# Writes that name their columns: the row's workspace is given explicitly (checked below).
WRITES = {"create", "bulk_create", "get_or_create", "update_or_create"}
# Memberships and tokens are the keys to the door (read by the workspaces package only).
ACCESS_RECORDS = {"Membership", "ApiToken"}
# The Django admin and the door itself read across workspaces on purpose, and so does the public survey
# finding its invitation by the token (no workspace is known before it; the unguessable token is the key).
UNSCOPED_MODULES = {
    "kohtaamo.workspaces.access",
    "kohtaamo.workspaces.admin",
    "kohtaamo.timeline.admin",
    "kohtaamo.feedback.selectors.tokens",
    "kohtaamo.connectors.selectors.tokens",
}
# Pages anyone may open: signing in, the public survey (its unguessable token is the key).
PUBLIC_VIEWS = {
    "login",
    "logout",
    "set_language",
    "home",
    "favicon",
    "feedback-public-survey",
    "feedback-public-thanks",
    # A platform's webhook (Meta, Chatwoot): the unguessable path and the signature are the key.
    "connector-webhook",
}
# Signing in and the account's own password and authenticator: before or outside any workspace.
PUBLIC_VIEWS |= {
    "login-code",
    "admin-login",
    "two-factor",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# Work in progress (issue 10): each line goes when its part has moved; all of them go at the end.
NOT_YET_THROUGH_THE_DOOR: set[str] = set()


def _pending(name: str) -> bool:
    return any(name == app or name.startswith(app + ".") for app in NOT_YET_THROUGH_THE_DOOR)


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, tuple[Path, ast.Module]]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            found[_module_name(path)] = (path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import that runs (at module level or inside a function), skipping ``if TYPE_CHECKING:``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _runtime_imports(node)


def _imported_modules(name: str, path: Path, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    modules = _modules()
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names if alias.name in modules)
        return
    base = node.module or ""
    if node.level:
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join([*package, base] if base else package)
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        target = candidate if candidate in modules else base
        if target in modules and target != name:
            yield target


@cache
def _import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, (path, tree) in _modules().items():
        graph[name] = {t for node in _runtime_imports(tree) for t in _imported_modules(name, path, node)}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles():
    assert _cycles(_import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_apps_reach_the_command_line_only_from_their_own_cli():
    offenders = [
        name
        for name, targets in _import_graph().items()
        if not name.startswith("kohtaamo.cli") and not name.endswith(".cli")
        if any(t == "kohtaamo.cli" or t.startswith("kohtaamo.cli.") for t in targets)
    ]
    assert offenders == []


def test_no_module_is_over_400_lines():
    long = {name: n for name, (path, _) in _modules().items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def _is_page_or_endpoint_module(name: str) -> bool:
    leaf = name.split(".")
    return (
        leaf[-1] in {"api", "forms"}
        or leaf[-1].endswith("_api")
        or any(part == "views" or part.startswith("views") for part in leaf[2:])
    )


def _objects_uses(tree: ast.AST) -> Iterator[tuple[ast.Attribute, ast.AST | None]]:
    """Every ``X.objects`` (or ``_default_manager``) with the node that uses it."""
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager", "_base_manager"}:
            yield node, parents.get(node)


def test_views_api_modules_and_forms_do_not_query_models():
    offenders = sorted(
        f"{name}:{node.lineno}"
        for name, (_, tree) in _modules().items()
        if _is_page_or_endpoint_module(name) and not _pending(name)
        for node, _ in _objects_uses(tree)
    )
    assert offenders == []


def _owned_models() -> dict[str, type]:
    return {m.__name__: m for m in apps.get_models() if issubclass(m, WorkspaceOwned)}


def _write_names_its_workspace(model: type, call: ast.Call) -> bool:
    if model.workspace_path != "workspace" or call.func.attr == "bulk_create":
        return True
    return any(k.arg in {"workspace", "workspace_id", None} for k in call.keywords)


def _unscoped_queries(name: str, tree: ast.AST) -> Iterator[str]:
    owned = _owned_models()
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    for node, parent in _objects_uses(tree):
        if not (isinstance(node.value, ast.Name) and node.value.id in owned):
            continue
        model = owned[node.value.id]
        if isinstance(parent, ast.Attribute) and parent.attr in {"of", "of_by_scan"}:
            continue
        if isinstance(parent, ast.Attribute) and parent.attr in WRITES:
            call = parents.get(parent)
            if isinstance(call, ast.Call) and _write_names_its_workspace(model, call):
                continue
        yield f"{name}:{node.lineno} {node.value.id}.{node.attr}"


def test_workspace_owned_models_are_read_only_through_the_door():
    offenders = sorted(
        where
        for name, (_, tree) in _modules().items()
        if name not in UNSCOPED_MODULES and not _pending(name)
        for where in _unscoped_queries(name, tree)
    )
    assert offenders == []


def test_the_door_check_catches_a_hand_written_filter():
    tree = ast.parse("Team.objects.filter(workspace=ws)\nTeam.objects.of(actor).filter(pk=1)\n")
    assert list(_unscoped_queries("example", tree)) == ["example:1 Team.objects"]


def test_every_model_with_a_workspace_goes_through_the_door():
    def belongs_to_a_workspace(model) -> bool:
        return any(f.name == "workspace" for f in model._meta.get_fields())

    outside = sorted(
        m.__name__
        for m in apps.get_models()
        if m.__module__.startswith("kohtaamo.") and belongs_to_a_workspace(m)
        if not issubclass(m, WorkspaceOwned) and m.__name__ not in ACCESS_RECORDS
    )
    assert outside == []


def test_scoping_paths_lead_to_a_workspace():
    from kohtaamo.workspaces.models import Workspace

    for model in _owned_models().values():
        *through, last = model.workspace_path.split("__")
        current = model
        for step in through:
            current = current._meta.get_field(step).related_model
        assert current._meta.get_field(last).related_model is Workspace, model


def _url_patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in {"admin", "api"}:
                continue
            yield from _url_patterns(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def test_every_page_declares_its_capability():
    undeclared = sorted(
        route
        for route, pattern in _url_patterns(get_resolver())
        if pattern.name not in PUBLIC_VIEWS and getattr(pattern.callback, "capability", None) not in CAPABILITIES
    )
    assert undeclared == []


def _routes(tree: ast.Module) -> Iterator[ast.FunctionDef]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and any(
            isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr in {"get", "post", "put"}
            for d in node.decorator_list
        ):
            yield node


def _declared_capabilities(function: ast.FunctionDef) -> set[str]:
    return {
        call.args[1].value
        for call in ast.walk(function)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "api_actor"
        if len(call.args) == 2 and isinstance(call.args[1], ast.Constant)
    }


def _is_api_module(name: str) -> bool:
    leaf = name.rsplit(".", 1)[-1]
    return name != "kohtaamo.api" and (leaf == "api" or leaf.endswith("_api"))


@pytest.mark.parametrize("module", sorted(n for n in _modules() if _is_api_module(n)))
def test_every_api_operation_declares_its_capability(module):
    _, tree = _modules()[module]
    undeclared = {
        route.name: declared
        for route in _routes(tree)
        if len(declared := _declared_capabilities(route)) != 1 or not declared <= CAPABILITIES.keys()
    }
    assert undeclared == {}
