"""The layers of docs/architecture.md, as far as import-linter cannot see them: SQL is written in the
library's lower layers, never in the reports, the CLI, the demo loader's callers or the app."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER|COPY|PRAGMA)\b")
NO_SQL = ["dashboard", "kompas/reports", "kompas/cli", "kompas/domain", "kompas/access"]


def sql_strings(path: Path) -> list[str]:
    """Line numbers and starts of string constants in ``path`` that are SQL statements."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and SQL.match(node.value)
            and re.search(r"\b(FROM|INTO|TABLE|SET)\b", node.value, re.IGNORECASE)
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]}")
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            if SQL.match(text) and re.search(r"\b(FROM|INTO|TABLE|SET)\b", text, re.IGNORECASE):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text[:60]}")
    return found


def test_the_detector_sees_sql_and_nothing_else(tmp_path):
    sample = ROOT / "kompas" / "store" / "raad_exports.py"
    assert sql_strings(sample), "the detector no longer recognises the store's own queries"
    prose = ROOT / "kompas" / "domain" / "vocab.py"
    assert sql_strings(prose) == []


def test_no_sql_above_the_analysis_layer():
    found = [hit for folder in NO_SQL for path in sorted((ROOT / folder).rglob("*.py")) for hit in sql_strings(path)]
    assert found == [], "SQL hoort in kompas/store (zie docs/architecture.md):\n" + "\n".join(found)
