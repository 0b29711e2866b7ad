import getpass
import json
import subprocess
import sys

import pytest

from kompas.cli.main import main
from kompas.store import catalog, visibility
from kompas.store.connection import Store, latest_version
from tests.cli_run import run_cli


def run_process(*args):
    """The CLI as a user runs it: a fresh interpreter, from the repository root. Only where the process is
    the subject (``python -m kompas`` starts; another process holds the store); elsewhere ``run_cli``."""
    return subprocess.run([sys.executable, "-m", "kompas", *map(str, args)], capture_output=True, text=True)


def test_init_makes_an_empty_store(tmp_path, capsys):
    path = tmp_path / "leeg.duckdb"
    assert main(["init", "--db", str(path)]) == 0
    assert "Lege database klaar" in capsys.readouterr().out
    with Store(path).as_system("tests") as s:
        assert catalog.summary(s)["nodes"] == 0


def test_demo_refuses_to_overwrite_without_asking(demo_copy, capsys):
    assert main(["demo", "--db", str(demo_copy)]) == 1
    assert "bestaat al" in capsys.readouterr().err


def test_info_json_has_every_count(demo_db):
    result = run_process("info", "--db", demo_db, "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    with Store(demo_db).as_system("tests") as s:
        for key, table in catalog.COUNTED.items():
            if key != "notes":
                assert info[key] == s.scalar(f"SELECT count(*) FROM {table}")
        # stories: only those the person at the command line may see (no one else's intern story)
        me = s.as_user(f"{getpass.getuser()} (opdrachtregel)", "werkgroep")
        assert info["notes"] == len(visibility.visible_note_ids(me)) < s.scalar("SELECT count(*) FROM notes")
    assert info["schema_version"] == latest_version() and info["municipality"] == "Voorbeeldstad"


@pytest.mark.parametrize("role,levels", [("lezer", ("openbaar", "werkgroep")), ("raad", ("openbaar",))])
def test_info_counts_only_the_stories_the_role_may_read(demo_db, capsys, role, levels):
    assert main(["info", "--db", str(demo_db), "--json", "--role", role]) == 0
    info = json.loads(capsys.readouterr().out)
    with Store(demo_db).as_system("tests") as s:
        assert s.scalar("SELECT count(*) FROM notes WHERE visibility = 'intern'") > 0
        assert info["notes"] == s.scalar(
            "SELECT count(*) FROM notes WHERE list_contains(?, visibility)", [list(levels)]
        )


@pytest.mark.parametrize("kind", ["nodes", "edges", "indicators", "waves", "areas", "notes"])
def test_list_json_gives_one_object_per_item(demo_db, kind, capsys):
    assert main(["list", kind, "--db", str(demo_db), "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items and all("id" in item for item in items)
    assert all(("title" in item) or ("label" in item) for item in items)
    if kind == "notes":
        assert {item["visibility"] for item in items} == {"werkgroep", "openbaar"}


def test_list_notes_for_public_shows_only_public(demo_db, capsys):
    main(["list", "notes", "--db", str(demo_db), "--json", "--audience", "openbaar"])
    items = json.loads(capsys.readouterr().out)
    assert items and {item["visibility"] for item in items} == {"openbaar"}


@pytest.mark.parametrize(
    "args,expected_code,words",
    [
        (["info", "--bogus"], 2, "onbekende argumenten"),
        (["list", "dingen"], 2, "ongeldige keuze"),
        ([], 2, "Fout"),
    ],
)
def test_bad_arguments_give_one_dutch_line(demo_db, args, expected_code, words):
    result = run_cli(*args, "--db", demo_db) if args else run_cli()
    assert result.returncode == expected_code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr


def test_missing_and_corrupt_files_give_one_dutch_line(tmp_path):
    missing = run_cli("info", "--db", tmp_path / "nope.duckdb", "--json")
    assert missing.returncode == 1 and "bestaat niet" in missing.stderr
    assert not (tmp_path / "nope.duckdb").exists()
    bad = tmp_path / "kapot.duckdb"
    bad.write_text("geen database")
    corrupt = run_cli("list", "nodes", "--db", bad)
    assert corrupt.returncode == 1 and "geen geldige" in corrupt.stderr
    assert len(corrupt.stderr.strip().splitlines()) == 1 and "Traceback" not in corrupt.stderr


def test_locked_store_tells_what_to_do(demo_copy):
    holder = Store(demo_copy)  # this process holds the file, like the running app
    try:
        result = run_process("info", "--db", demo_copy)
        assert result.returncode == 1
        assert "in gebruik" in result.stderr and "IOException" not in result.stderr
    finally:
        holder.close()


def test_import_dry_run_then_real_then_again(demo_copy, tmp_path):
    path = tmp_path / "nieuw.csv"
    path.write_text(
        "indicator,wave,area_code,group_factor,group_value,value,n,ci_low,ci_high\n"
        "thuis_buurt,Veiligheidsmonitor 2027,GM9999,,,85,2500,83.5,86.5\n",
        encoding="utf-8",
    )
    dry = run_cli("import", path, "--db", demo_copy, "--dry-run")
    assert dry.returncode == 0 and "Nieuw: 1 cijfers" in dry.stdout and "Proefrun" in dry.stdout
    real = run_cli("import", path, "--db", demo_copy)
    assert real.returncode == 0 and "Nieuw: 1 cijfers" in real.stdout and "lezen" in real.stderr
    again = run_cli("import", path, "--db", demo_copy)
    assert "Nieuw: 0 cijfers · Gewijzigd: 0 · Al aanwezig: 1" in again.stdout


def test_import_refusal_exits_non_zero_with_report(demo_copy, tmp_path):
    path = tmp_path / "fout.csv"
    path.write_text(
        "indicator,wave,area_code,group_factor,group_value,value,n,ci_low,ci_high\n"
        "thuis_buurt,Veiligheidsmonitor 2027,GM9999,,,85,2500,,\n"
        "thuis_buurt,Veiligheidsmonitor 2027,WK000000,,,85,2500,,\n",
        encoding="utf-8",
    )
    result = run_cli("import", path, "--db", demo_copy)
    assert result.returncode == 3
    assert "fout.csv, rij 3, kolom area_code" in result.stderr and "niets opgeslagen" in result.stderr
    with Store(demo_copy).as_system("tests") as s:
        assert s.scalar("SELECT count(*) FROM waves WHERE label = 'Veiligheidsmonitor 2027'") == 0
    valid = run_cli("import", path, "--db", demo_copy, "--valid-only")
    assert valid.returncode == 0 and (tmp_path / "fout.geweigerd.csv").exists()


def test_compare_writes_csv_and_refuses_unknown_wave(demo_copy, tmp_path):
    out = tmp_path / "vergelijking.csv"
    result = run_cli(
        "compare",
        "--db",
        demo_copy,
        "--from",
        "Veiligheidsmonitor 2023",
        "--to",
        "Veiligheidsmonitor 2025",
        "--programme",
        "verbinding",
        "--out",
        out,
    )
    assert result.returncode == 0, result.stderr
    import pandas as pd

    table = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig")
    assert len(table) > 10 and "Oordeel" in table.columns
    bad = run_cli("compare", "--db", demo_copy, "--from", "Veiligheidsmonitor 2023", "--to", "Niets", "--out", out)
    assert bad.returncode == 1 and "Niets" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_dry_run_with_refusals_exits_non_zero_and_compare_names_choices(demo_copy, tmp_path):
    path = tmp_path / "fout.csv"
    path.write_text(
        "indicator,wave,area_code,group_factor,group_value,value,n,ci_low,ci_high\n"
        "thuis_buurt,Veiligheidsmonitor 2027,WK000000,,,85,2500,,\n",
        encoding="utf-8",
    )
    assert run_cli("import", path, "--db", demo_copy, "--dry-run").returncode == 3
    bad = run_cli(
        "compare",
        "--db",
        demo_copy,
        "--from",
        "Veiligheidsmonitor 2023",
        "--to",
        "Veiligheidsmonitor 2025",
        "--programme",
        "niets",
        "--out",
        tmp_path / "x.csv",
    )
    assert bad.returncode == 1 and "Kies uit: verbinding" in bad.stderr and not (tmp_path / "x.csv").exists()
    nowhere = run_cli(
        "compare",
        "--db",
        demo_copy,
        "--from",
        "Veiligheidsmonitor 2023",
        "--to",
        "Veiligheidsmonitor 2025",
        "--out",
        tmp_path / "map" / "bestaat" / "niet.csv",
    )
    assert nowhere.returncode == 1 and "kan niet worden geschreven" in nowhere.stderr
    assert "Traceback" not in nowhere.stderr


def test_review_list_and_report(demo_copy, tmp_path):
    listed = run_cli("review", "list", "--db", demo_copy, "--json")
    assert listed.returncode == 0, listed.stderr
    items = json.loads(listed.stdout)
    assert len(items) >= 2 and {"id", "held_on", "title", "status"} <= set(items[0])
    out = tmp_path / "verslag.md"
    made = run_cli("review", "report", "--db", demo_copy, "--out", out)
    assert made.returncode == 0 and out.read_text(encoding="utf-8").startswith("# Verslag werkgroep inclusie")
    latest = max(items, key=lambda i: i["held_on"])
    assert latest["title"] in out.read_text(encoding="utf-8")
    docx_out = tmp_path / "verslag.docx"
    assert run_cli("review", "report", "--db", demo_copy, "--id", items[-1]["id"], "--out", docx_out).returncode == 0
    assert docx_out.stat().st_size > 5000
    missing = run_cli("review", "report", "--db", demo_copy, "--id", 999, "--out", out)
    assert missing.returncode == 1 and "bestaat niet" in missing.stderr
