"""The library never pulls in the UI: every kompas module imports without streamlit."""

import pkgutil
import subprocess
import sys

import pytest

import kompas

MODULES = sorted(m.name for m in pkgutil.walk_packages(kompas.__path__, "kompas.")
                 if not m.name.endswith("__main__"))


def test_there_are_modules_to_check():
    assert "kompas.store.connection" in MODULES and len(MODULES) > 8


@pytest.mark.parametrize("module", MODULES)
def test_module_does_not_import_streamlit(module):
    code = f"import sys, {module}; sys.exit(1 if 'streamlit' in sys.modules else 0)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"{module} imports streamlit: {result.stderr[-500:]}"
