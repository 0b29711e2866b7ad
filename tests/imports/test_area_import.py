"""Areas from CBS files through the CLI: the shared case, dry run, renames, refusals, gemeente lists, years."""

from pathlib import Path

import pytest
import yaml

from kompas.cli.main import main
from kompas.store.connection import Store

CASES = Path(__file__).parents[1] / "cases" / "areas"


def _areas(path) -> dict[str, dict]:
    with Store(path).as_system("tests") as store:
        return {r["code"]: r for r in store.rows("SELECT code, name, level, parent_code FROM areas")}


def _snapshot(path) -> tuple:
    with Store(path).as_system("tests") as store:
        return tuple(
            tuple(store.rows(f"SELECT * FROM {t} ORDER BY ALL")) for t in ("areas", "area_years", "gemeente_mergers")
        )


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "kompas.duckdb"
    assert main(["init", "--db", str(path)]) == 0
    return path


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_shared_area_case(case, db, capsys):
    folder = CASES / case
    spec = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    assert spec["base"] == "empty"
    for step in spec["setup"]:
        args = [str(folder / a) if (folder / a).is_file() else a for a in step]
        assert main([*args, "--db", str(db)]) == 0, capsys.readouterr().err
    stored = _areas(db)
    for expected in spec["expect"]["areas"]:
        got = stored[expected["code"]]
        assert (got["level"], got["name"], got["parent_code"]) == (
            expected["level"],
            expected["name"],
            expected["parent"],
        )
    assert len(stored) == spec["expect"]["area_count"]


KWB = CASES / "01-municipality-from-a-kwb-file"


def test_dry_run_lists_additions_and_changes_nothing(db, capsys):
    before = _snapshot(db)
    assert main(["areas", "import", str(KWB / "names.csv"), "--db", str(db), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Nieuw: 7 gebieden" in out and "+ BU99980101 Vissershaven (buurt in WK999801)" in out
    assert "Proefrun: er is niets opgeslagen." in out
    assert _snapshot(db) == before


def test_reimport_is_idempotent_and_a_rename_updates_the_name(db, tmp_path, capsys):
    assert main(["areas", "import", str(KWB / "names.csv"), "--db", str(db)]) == 0
    first = _snapshot(db)
    assert main(["areas", "import", str(KWB / "names.csv"), "--db", str(db)]) == 0
    assert _snapshot(db) == first
    renamed = tmp_path / "names_2026.csv"
    renamed.write_text(
        (KWB / "names.csv").read_text(encoding="utf-8").replace("Vissershaven", "Havenkwartier"), encoding="utf-8"
    )
    capsys.readouterr()
    assert main(["areas", "import", str(renamed), "--db", str(db), "--dry-run"]) == 0
    assert "~ BU99980101: naam 'Vissershaven' wordt 'Havenkwartier' (rij 8)" in capsys.readouterr().out
    assert main(["areas", "import", str(renamed), "--db", str(db)]) == 0
    assert _areas(db)["BU99980101"]["name"] == "Havenkwartier"
    # The OData layout has no wijk and buurt names: it never overwrites one.
    assert main(["areas", "import", str(KWB / "kwb.csv"), "--db", str(db), "--gemeente", "GM9998"]) == 0
    assert _areas(db)["BU99980101"]["name"] == "Havenkwartier"


def test_an_asked_gemeente_missing_from_the_file_is_refused_and_nothing_changes(db, capsys):
    before = _snapshot(db)
    assert main(["areas", "import", str(KWB / "kwb.csv"), "--db", str(db), "--gemeente", "GM9998", "GM0363"]) == 1
    err = capsys.readouterr().err
    assert "kwb.csv" in err and "GM0363 staat niet in dit bestand" in err
    assert _snapshot(db) == before


def test_a_kind_that_contradicts_the_code_names_file_row_and_column(db, tmp_path, capsys):
    bad = tmp_path / "kwb_fout.csv"
    bad.write_text(
        '"WijkenEnBuurten";"SoortRegio_2"\n"GM9998    ";"Gemeente  "\n"WK999800  ";"Buurt     "\n', encoding="utf-8"
    )
    before = _snapshot(db)
    assert main(["areas", "import", str(bad), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "kwb_fout.csv, rij 3, kolom 'SoortRegio_2'" in err and "WK999800 is een code voor een wijk" in err
    assert _snapshot(db) == before


def test_a_file_without_codes_says_what_to_download(db, tmp_path, capsys):
    names_only = tmp_path / "namen.csv"
    names_only.write_text("Wijken en buurten;Perioden\nNieuwdorp;2025\nCentrum;2025\n", encoding="utf-8")
    assert main(["areas", "import", str(names_only), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "namen.csv: geen kolom met gebiedscodes" in err and "Kerncijfers wijken en buurten" in err


def test_cbs_gemeente_lists_with_bare_numbers_and_topic_columns(db, tmp_path):
    alfabetisch = tmp_path / "gemeenten_alfabetisch_2025.csv"
    alfabetisch.write_text(
        "Gemeentecode,GemeentecodeGM,Gemeentenaam,Provinciecode,ProvinciecodePV,Provincienaam\n"
        "0014,GM0014,Groningen,20,PV20,Groningen\n1680,GM1680,Aa en Hunze,22,PV22,Drenthe\n",
        encoding="cp1252",
    )
    gebieden = tmp_path / "gebieden_in_nederland.csv"
    gebieden.write_text(
        '"ID";"RegioS";"Code_1";"Naam_2"\n"0";"NL01  ";"NL01";"Nederland"\n'
        '"1";"GM0363  ";"GM0363    ";"Amsterdam                "\n',
        encoding="utf-8",
    )
    assert main(["areas", "import", str(alfabetisch), "--db", str(db)]) == 0
    assert main(["areas", "import", str(gebieden), "--db", str(db)]) == 0
    stored = _areas(db)
    assert {c: (r["name"], r["level"]) for c, r in stored.items()} == {
        "GM0014": ("Groningen", "gemeente"),
        "GM1680": ("Aa en Hunze", "gemeente"),
        "GM0363": ("Amsterdam", "gemeente"),
    }


def test_a_newer_year_ends_the_codes_it_no_longer_has(db, tmp_path):
    assert main(["areas", "import", str(KWB / "names.csv"), "--db", str(db), "--gemeente", "GM9998"]) == 0
    newer = tmp_path / "names_2026.csv"
    lines = (KWB / "names.csv").read_text(encoding="utf-8").replace('"2025"', '"2026"').splitlines()
    kept = [line for line in lines if "BU99980000" not in line]
    newer.write_text("\n".join(kept) + '\n"Nieuwbouw";"BU99980002";"2026"\n', encoding="utf-8")
    assert main(["areas", "import", str(newer), "--db", str(db), "--gemeente", "GM9998"]) == 0
    with Store(db).as_system("tests") as store:
        years = {r["code"]: (r["valid_from"], r["valid_to"]) for r in store.rows("SELECT * FROM area_years")}
    assert years["BU99980000"] == (None, 2025)  # there when first loaded; gone in 2026
    assert years["BU99980002"] == (2026, None)  # new in 2026
    assert years["BU99980001"] == (None, None)  # still valid
