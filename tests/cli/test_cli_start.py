"""The command line starts fast: `info` and every `--help` import no heavy library (issue 18).

The process itself is the subject here, so these tests start fresh interpreters: an import that crept
back into a command module's top, or into `kompas.store.catalog`, fails them. `bench/cli_start.py`
measures the time itself (`make bench`).
"""

import json
import subprocess
import sys

from kompas.cli.main import COMMANDS

# Heavy for a start that should cost little more than `import duckdb`: the data stack, statistics,
# charts, the report writers and the UI.
HEAVY = {
    "pandas",
    "numpy",
    "pyarrow",
    "scipy",
    "statsmodels",
    "plotly",
    "kaleido",
    "docx",
    "weasyprint",
    "openpyxl",
    "streamlit",
}


def imported_by(*args: str) -> tuple[set[str], subprocess.CompletedProcess]:
    """Every module `python -X importtime -m kompas ARGS` imported, by full name."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kompas", *args], capture_output=True, text=True, check=False
    )
    names = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return names, result


def heavy(names: set[str]) -> set[str]:
    return {name for name in names if name.split(".")[0] in HEAVY}


def test_info_imports_duckdb_but_no_heavy_library(demo_copy):
    names, result = imported_by("info", "--db", str(demo_copy), "--json")
    assert result.returncode == 0, result.stderr[-500:]
    assert json.loads(result.stdout)["municipality"] == "Voorbeeldstad"
    assert {"duckdb", "kompas.store.catalog", "kompas.cli.info"} <= names
    assert heavy(names) == set()
    assert not {"kompas.cli.compare", "kompas.cli.raad", "kompas.cli.listing"} & names  # only the command asked for


def test_the_top_help_imports_no_command_and_no_database():
    names, result = imported_by("--help")
    assert result.returncode == 0 and "aantallen en schemaversie" in result.stdout
    assert "kompas.cli.main" in names and "duckdb" not in names
    assert not {name for name in names if name.startswith("kompas.cli.")} - {"kompas.cli.main", "kompas.cli.parsing"}


def test_help_and_info_for_every_role_import_no_heavy_library(demo_copy):
    """In one interpreter: the top help, every command's help (and its sub-commands'), and `info` as each role."""
    helps = [
        [],
        *([name] for name in COMMANDS),
        ["review", "list"],
        ["review", "report"],
        ["areas", "import"],
        ["account", "add"],
        ["account", "list"],
        ["account", "remove"],
    ]
    code = f"""
import contextlib, io, json, sys
from kompas.cli.main import main
codes = []
for argv in {helps!r}:
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            main([*argv, "--help"])
        except SystemExit as exc:
            codes.append(exc.code)
with contextlib.redirect_stdout(io.StringIO()):
    codes += [main(["info", "--db", {str(demo_copy)!r}, "--role", role]) for role in ("werkgroep", "lezer", "raad")]
print(json.dumps({{"codes": codes, "modules": sorted(sys.modules)}}))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-500:]
    answer = json.loads(result.stdout)
    assert answer["codes"] == [0] * (len(helps) + 3)
    assert heavy(set(answer["modules"])) == set()


def test_the_check_sees_a_heavy_import_when_a_command_needs_one(demo_copy):
    """The other side: `list notes` reads stories through pandas, imported when the command runs."""
    names, result = imported_by("list", "notes", "--db", str(demo_copy))
    assert result.returncode == 0, result.stderr[-500:]
    assert "kompas.store.stories" in names and "pandas" in heavy(names)
