"""One door to the database (issue 18): a page or a CLI command only ever holds a person's view of the store.

The library refuses a raw ``Store`` where it must know who asks (``roles.of``), so a page that got the raw
file would fail at once; these checks keep the app and the CLI from getting one in the first place.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kompas.domain import roles
from kompas.domain.errors import AccessUnknownError
from kompas.domain.settings import REPO_ROOT
from kompas.store import stories
from kompas.store.connection import Store, StoreView, raw

DASHBOARD = REPO_ROOT / "dashboard"
CLI = REPO_ROOT / "kompas" / "cli"
RAW_NAMES = {"Store", "raw", "open_store"}  # names; and attributes of a view that reach behind it:
RAW_ATTRIBUTES = {"open_store", "as_system", "base", "_store", "_library"}


def _tree(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _raw_uses(path: Path) -> list[str]:
    """Where a module names the raw store: ``Store``, ``raw`` or ``open_store``, or reaches behind a view
    (``as_system``, ``base``, its private store)."""
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom) and node.module == "kompas.store.connection":
            found += [f"{path.name}:{node.lineno} imports {a.name}" for a in node.names if a.name in RAW_NAMES]
        elif isinstance(node, ast.Name) and node.id in RAW_NAMES:
            found.append(f"{path.name}:{node.lineno} {node.id}")
        elif isinstance(node, ast.Attribute) and node.attr in RAW_ATTRIBUTES:
            found.append(f"{path.name}:{node.lineno} .{node.attr}")
    return found


def test_no_dashboard_module_but_cached_touches_the_raw_store():
    modules = [p for p in DASHBOARD.rglob("*.py") if p != DASHBOARD / "cached.py"]
    assert len(modules) > 20  # the pages and components are there to check
    assert [use for path in modules for use in _raw_uses(path)] == []


def test_cached_hands_pages_only_views():
    """``get_store`` is the pages' door, and it is typed as the view it returns."""
    tree = _tree(DASHBOARD / "cached.py")
    door = next(f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) and f.name == "get_store")
    assert ast.unparse(door.returns) == "StoreView"


def test_every_store_a_cli_command_opens_is_a_view_at_once():
    """In kompas/cli, ``Store(...)`` is only ever the receiver of ``.as_user(...)`` or ``.as_system(...)``."""
    opened = 0
    for path in CLI.rglob("*.py"):
        tree = _tree(path)
        receivers = {
            id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr in ("as_user", "as_system")
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "raw", f"{path.name}:{node.lineno}: raw() in a command"
                if node.func.id == "Store":
                    opened += 1
                    assert id(node) in receivers, f"{path.name}:{node.lineno}: a raw Store in a command"
    assert opened >= 3  # init, the commands on a store, backup: the check sees them


def test_get_store_outside_a_session_is_the_system_view(demo_copy, monkeypatch):
    import streamlit as st

    from dashboard import cached

    monkeypatch.setenv("KOMPAS_DB", str(demo_copy))
    st.cache_resource.clear()
    try:
        store = cached.get_store()
        assert isinstance(store, StoreView) and store.access is roles.OWNER
    finally:
        cached.open_store().close()
        st.cache_resource.clear()


def test_a_raw_store_has_no_access_and_is_refused_with_a_sentence_for_developers(empty_store):
    bare = empty_store.base
    assert isinstance(bare, Store) and not hasattr(bare, "access")
    with pytest.raises(AccessUnknownError, match=r"store\.as_user\(user, role\).*store\.as_system\(purpose\)"):
        roles.of(bare)
    with pytest.raises(AccessUnknownError):
        stories.notes(bare, "werkgroep")
    with pytest.raises(AccessUnknownError):
        raw(bare)


def test_the_system_view_says_why_and_hands_out_a_persons_view(empty_store):
    system = empty_store.base.as_system("demo bouwen")
    assert "demo bouwen" in repr(system) and roles.of(system) is roles.OWNER
    assert system.scalar("SELECT count(*) FROM notes") == 0  # the owner's handle reads SQL from anywhere
    person = system.as_user("Els", "raad")
    assert roles.of(person).role == "raad" and person.path == system.path


def _private_names_used_across_modules(path: Path) -> list[str]:
    """``from kompas.x import _name`` or ``module._name`` on a kompas/dashboard module this file imported."""
    tree, found, modules = _tree(path), [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("kompas", "dashboard"):
            found += [
                f"{path.name}:{node.lineno} imports {a.name}"
                for a in node.names
                if a.name.startswith("_") and not a.name.startswith("__")
            ]
            modules |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.Import):
            modules |= {a.asname or a.name for a in node.names if a.name.split(".")[0] in ("kompas", "dashboard")}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            found.append(f"{path.name}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    files = [*(REPO_ROOT / "kompas").rglob("*.py"), *DASHBOARD.rglob("*.py")]
    assert [use for path in files for use in _private_names_used_across_modules(path)] == []
