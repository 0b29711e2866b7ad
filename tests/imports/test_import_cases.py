"""Every case of tests/cases/imports (files that reproduce real downloads) through `python -m kompas import`,
in process, on a fresh copy of the demo store: first the dry run, then the import. The store must then
hold what case.yaml says; a refusal leaves every table row for row as it was. See tests/cases/README.md."""

import shutil
from pathlib import Path

import pytest
import yaml

from kompas.cli.main import main
from kompas.store.connection import Store

CASES = Path(__file__).parents[1] / "cases" / "imports"
ALL = sorted(p.name for p in CASES.iterdir() if (p / "case.yaml").exists())
AWAITING: dict[str, str] = {}  # case -> reason, for cases another branch still has to make pass


def snapshot(db: Path) -> dict:
    with Store(db).as_system("tests") as store:
        tables = [
            r["table_name"]
            for r in store.rows(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
            )
        ]
        return {t: sorted(map(repr, store.rows(f"SELECT * FROM {t}"))) for t in tables}


def figures(db: Path, spec: dict) -> list[dict]:
    """Observations matching a case's figure spec (indicator, area, and the wave by label, source, year or period)."""
    where, params = ["o.indicator_id = ?", "o.area_code = ?"], [spec["indicator"], spec["area"]]
    if "wave_label" in spec:
        where.append("w.label = ?"), params.append(spec["wave_label"])
    if "wave_source" in spec:
        where.append("w.source = ?"), params.append(spec["wave_source"])
    if "wave_year" in spec:
        where.append("year(w.period_end) = ?"), params.append(spec["wave_year"])
    if "wave_period" in spec:
        where.append("w.period_start = ? AND w.period_end = ?"), params.extend(map(str, spec["wave_period"]))
    where.append("o.group_factor = ?"), params.append(spec.get("group_factor", "totaal"))
    with Store(db).as_system("tests") as store:
        return store.rows(
            "SELECT o.*, w.label, w.source FROM observations o JOIN waves w ON w.id = o.wave_id "
            f"WHERE {' AND '.join(where)}",
            params,
        )


def holds(row: dict, spec: dict) -> bool:
    def close(a, b):
        return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-6)

    ok = close(row["value"], spec["value"]) if "value" in spec else True
    if "n" in spec:
        ok &= close(row["n"], spec["n"])
    if "ci" in spec:
        low, high = spec["ci"] or (None, None)
        ok &= close(row["ci_low"], low) and close(row["ci_high"], high)
    if "provisional" in spec:
        ok &= bool(row["provisional"]) == spec["provisional"]
    return ok


def run(capsys, args: list[str]) -> tuple[int, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("name", ALL)
def test_case(name, demo_db, tmp_path, monkeypatch, capsys):
    if name in AWAITING:
        pytest.xfail(AWAITING[name])
    case = yaml.safe_load((CASES / name / "case.yaml").read_text(encoding="utf-8"))
    expect = case["expect"]
    folder = tmp_path / "case"
    shutil.copytree(CASES / name, folder)
    monkeypatch.chdir(folder)
    db = tmp_path / "store.duckdb"
    if case.get("base", "demo") == "demo":
        shutil.copy(demo_db, db)
    else:
        assert main(["init", "--db", str(db)]) == 0
    for command in case.get("setup", []):
        assert main([*command, "--db", str(db)]) == 0
    args = ["import", *map(str, case["import"]), "--db", str(db)]
    before = snapshot(db)
    dry_code, dry_text = run(capsys, args + ["--dry-run"])
    assert snapshot(db) == before, "a dry run wrote to the store"
    for word in expect.get("dry_run_mentions", []):
        assert word in dry_text, f"the dry run does not mention {word!r}:\n{dry_text}"
    code, text = run(capsys, args)
    outcome = expect["outcome"]
    stored = code == 0
    if outcome == "stored":
        assert stored, text
    if outcome == "refused":
        assert not stored, text
    if not stored:
        assert snapshot(db) == before, "a refused import changed the store"
        for word in expect.get("message_mentions", []) + expect.get("if_refused_mentions", []):
            assert word in text, f"the refusal does not mention {word!r}:\n{text}"
    else:
        for word in expect.get("message_mentions", []):
            assert word in text + dry_text, f"the messages do not mention {word!r}"
    wanted = expect.get("figures", []) + (expect.get("if_stored", []) if stored else [])
    for spec in wanted + expect.get("unchanged", []):
        found = figures(db, spec)
        assert len(found) == 1 and holds(found[0], spec), f"expected {spec}, found {found}\n{text}"
    for spec in expect.get("never", []):
        bad = [r for r in figures(db, spec) if holds(r, spec)]
        assert not bad, f"stored what must never be stored: {bad}"
    if expect.get("never_group_factor"):
        with Store(db).as_system("tests") as store:
            factors = {r["group_factor"] for r in store.rows("SELECT DISTINCT group_factor FROM observations")}
        assert not factors & set(expect["never_group_factor"])
