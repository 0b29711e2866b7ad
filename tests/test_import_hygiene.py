"""The library never pulls in the UI: every kompas module imports without streamlit."""

import json
import pkgutil
import subprocess
import sys

import pytest

import kompas

MODULES = sorted(m.name for m in pkgutil.walk_packages(kompas.__path__, "kompas.") if not m.name.endswith("__main__"))

# One fresh interpreter imports the modules one after another and looks for streamlit after each, stopping
# at the first that pulls it in: a module that imports streamlit is caught right after its own import, since
# streamlit was not loaded before it. Modules after a stop are checked each in an interpreter of their own.
_IMPORT_ALL = """
import importlib, json, sys
outcome = {}
for name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(name)
    except Exception as exc:
        outcome[name] = f"import failed: {exc!r}"
        break
    outcome[name] = "streamlit" if "streamlit" in sys.modules else "ok"
    if outcome[name] != "ok":
        break
print(json.dumps(outcome))
"""


def _import_in_fresh_interpreter(modules: list[str]) -> dict[str, str]:
    """{module: 'ok' | 'streamlit' | 'import failed: …'} for ``modules`` imported in order in one new
    interpreter, up to and including the first that is not 'ok'."""
    result = subprocess.run([sys.executable, "-c", _IMPORT_ALL, json.dumps(modules)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-500:]
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def outcomes() -> dict[str, str]:
    return _import_in_fresh_interpreter(MODULES)


def test_there_are_modules_to_check():
    assert "kompas.store.connection" in MODULES and len(MODULES) > 8


@pytest.mark.parametrize("module", MODULES)
def test_module_does_not_import_streamlit(module, outcomes):
    outcome = outcomes.get(module) or _import_in_fresh_interpreter([module])[module]
    assert outcome == "ok", f"{module}: {outcome}"
