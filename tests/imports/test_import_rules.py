"""The rules that keep an import from storing a figure wrongly (issue #12, item 2), each on a small file
through `python -m kompas import`, in process, on a private copy of the demo store."""

import pytest

from kompas.cli.main import main
from kompas.imports.number_rules import parse_one
from kompas.store.connection import Store
from kompas.store.mapping import MappingError, read_mapping

STATLINE = '"ID";"{region_header}";"Perioden";"{measure}"\n' + '"0";"{region}";"{period}";"{value}"\n'


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys, db, *args):
    code = main(["import", *map(str, args), "--db", str(db)])
    out = capsys.readouterr()
    return code, out.out + out.err


def one(db, sql, params=()):
    with Store(db).as_system("tests") as store:
        return store.rows(sql, list(params))


def figure(db, indicator, wave_label, area, factor="totaal"):
    rows = one(
        db,
        "SELECT o.* FROM observations o JOIN waves w ON w.id = o.wave_id WHERE o.indicator_id = ? "
        "AND w.label = ? AND o.area_code = ? AND o.group_factor = ?",
        (indicator, wave_label, area, factor),
    )
    return rows[0] if rows else None


def statline(
    tmp_path,
    value,
    *,
    period="2022JJ00",
    region="GM9999    ",
    measure="Eenzaam_1",
    region_header="WijkenEnBuurten",
    name="download.csv",
):
    return write(
        tmp_path,
        name,
        STATLINE.format(region_header=region_header, measure=measure, region=region, period=period, value=value),
    )


def mapping(tmp_path, text, name="mapping.yaml"):
    return write(tmp_path, name, text)


# --- waves: only of the same source ------------------------------------------------------------------
def test_a_period_joins_the_wave_of_the_same_source_only(demo_copy, tmp_path, capsys):
    file = statline(tmp_path, "18,5")
    same = mapping(tmp_path, "source: GGD Gezondheidsmonitor\nmeasures: {Eenzaam_1: eenzaam}\n", "ggd.yaml")
    code, text = run(capsys, demo_copy, file, "--mapping", same, "--dry-run")
    assert code == 0 and "Gewijzigd: 1" in text and "Nieuwe meting" not in text
    other = mapping(tmp_path, "source: CBS Gezondheid\nmeasures: {Eenzaam_1: eenzaam}\n", "cbs.yaml")
    code, text = run(capsys, demo_copy, file, "--mapping", other, "--dry-run")
    assert code == 0 and "Nieuwe meting: CBS Gezondheid 2022 (bron CBS Gezondheid" in text and "Gewijzigd: 0" in text
    assert run(capsys, demo_copy, file, "--mapping", other)[0] == 0
    assert figure(demo_copy, "eenzaam", "CBS Gezondheid 2022", "GM9999")["value"] == 18.5
    assert figure(demo_copy, "eenzaam", "GGD Gezondheidsmonitor 2022", "GM9999")["value"] != 18.5


def test_the_mapping_can_name_the_wave(demo_copy, tmp_path, capsys):
    file = statline(tmp_path, "18,5")
    named = mapping(
        tmp_path, "source: CBS Gezondheid\nwave: GGD Gezondheidsmonitor 2022\nmeasures: {Eenzaam_1: eenzaam}\n"
    )
    assert run(capsys, demo_copy, file, "--mapping", named)[0] == 0
    assert figure(demo_copy, "eenzaam", "GGD Gezondheidsmonitor 2022", "GM9999")["value"] == 18.5


# --- value, n, interval and se together ----------------------------------------------------------------
TEMPLATE = "indicator;wave;area_code;group_factor;group_value;value;n;ci_low;ci_high\n"


def test_a_new_value_replaces_n_and_interval_and_a_bad_interval_is_refused(demo_copy, tmp_path, capsys):
    full = write(tmp_path, "full.csv", TEMPLATE + "eenzaam;GGD Gezondheidsmonitor 2022;GM9999;;;15,0;900;13,0;17,0\n")
    assert run(capsys, demo_copy, full)[0] == 0
    stored = figure(demo_copy, "eenzaam", "GGD Gezondheidsmonitor 2022", "GM9999")
    assert (stored["value"], stored["n"], stored["ci_low"], stored["ci_high"]) == (15.0, 900, 13.0, 17.0)
    only_value = mapping(tmp_path, "source: GGD Gezondheidsmonitor\nmeasures: {Eenzaam_1: eenzaam}\n")
    assert run(capsys, demo_copy, statline(tmp_path, "16,0"), "--mapping", only_value)[0] == 0
    stored = figure(demo_copy, "eenzaam", "GGD Gezondheidsmonitor 2022", "GM9999")
    assert (stored["value"], stored["n"], stored["ci_low"], stored["ci_high"], stored["se"]) == (
        16.0,
        None,
        None,
        None,
        None,
    )
    outside = write(
        tmp_path, "outside.csv", TEMPLATE + "eenzaam;GGD Gezondheidsmonitor 2022;GM9999;;;25,0;900;13,0;17,0\n"
    )
    code, text = run(capsys, demo_copy, outside)
    assert code != 0 and "rij 2" in text and "bevat de waarde 25,0 niet" in text
    assert figure(demo_copy, "eenzaam", "GGD Gezondheidsmonitor 2022", "GM9999")["value"] == 16.0


def test_margin_and_standard_error_columns_belong_to_the_measure_before_them(demo_copy, tmp_path, capsys):
    file = write(tmp_path, "marge.csv", "wijkcode;jaar;eenzaam_pct;marge;standaardfout\nWK999901;2022;12,0;2,5;1,2\n")
    own = mapping(
        tmp_path,
        "source: GGD Gezondheidsmonitor\nmeasures: {eenzaam_pct: eenzaam}\ncolumns: {region: wijkcode, period: jaar}\n",
    )
    assert run(capsys, demo_copy, file, "--mapping", own)[0] == 0
    stored = figure(demo_copy, "eenzaam", "GGD Gezondheidsmonitor 2022", "WK999901")
    assert (stored["value"], stored["ci_low"], stored["ci_high"], stored["se"]) == (12.0, 9.5, 14.5, 1.2)


# --- the dry run says what changes, and which names became which codes ------------------------------
def test_the_dry_run_lists_changes_and_masks_what_the_small_group_rule_hides(demo_copy, tmp_path, capsys):
    hidden = figure(demo_copy, "thuis_buurt", "Veiligheidsmonitor 2019", "WK999901", "leeftijd")
    assert hidden is not None
    rows = one(
        demo_copy,
        "SELECT group_value, value FROM observations WHERE indicator_id = 'thuis_buurt' AND "
        "wave_id = 'vm2019' AND area_code = 'WK999901' AND group_value = '65–74 jaar'",
    )
    file = write(
        tmp_path,
        "t.csv",
        TEMPLATE + "thuis_buurt;Veiligheidsmonitor 2019;WK999901;leeftijd;65–74 jaar;"
        "71,0;;;\nthuis_buurt;Veiligheidsmonitor 2019;GM9999;;;80,0;;;\n",
    )
    code, text = run(capsys, demo_copy, file, "--dry-run")
    assert code == 0 and "Wat verandert (oud → nieuw):" in text
    old_total = figure(demo_copy, "thuis_buurt", "Veiligheidsmonitor 2019", "GM9999")
    shown_total = f"{old_total['value']:.1f}".replace(".", ",")
    assert f"GM9999: {shown_total} (n " in text and "→ 80,0 (zonder n, zonder interval)" in text
    assert "WK999901, leeftijd: 65–74 jaar: verborgen → 71,0" in text
    assert f"{rows[0]['value']:.1f}".replace(".", ",") + " (n" not in text


def test_names_match_only_at_the_level_of_the_column_and_only_when_unique(demo_copy, tmp_path, capsys):
    meld = mapping(tmp_path, "source: Eigen registratie\nmeasures: {Meldingen_1: meldingen}\n")
    wijken = statline(
        tmp_path,
        "5",
        period="2025JJ00",
        region="Centrum",
        region_header="Wijken",
        name="wijken.csv",
        measure="Meldingen_1",
    )
    code, text = run(capsys, demo_copy, wijken, "--mapping", meld, "--dry-run")
    assert code == 0 and "- Centrum → WK999901 (wijk)" in text
    gemeenten = statline(
        tmp_path,
        "5",
        period="2025JJ00",
        region="Centrum",
        region_header="Gemeenten",
        name="gemeenten.csv",
        measure="Meldingen_1",
    )
    code, text = run(capsys, demo_copy, gemeenten, "--mapping", meld, "--dry-run")
    assert code == 3 and "'Centrum' is geen gemeente in deze database (wel: WK999901 (wijk))" in text
    assert "regions: 'Centrum: <code>'" in text
    mixed = statline(tmp_path, "5", period="2025JJ00", region="Centrum", measure="Meldingen_1", name="mixed.csv")
    code, text = run(capsys, demo_copy, mixed, "--mapping", meld, "--dry-run")
    assert code == 3 and "alleen met een code ernaast" in text
    with Store(demo_copy).as_system("tests") as store, store.transaction() as cur:
        cur.execute("INSERT INTO areas VALUES ('WK999999', 'Centrum', 'wijk', 'GM9999')")
    code, text = run(capsys, demo_copy, wijken, "--mapping", meld, "--dry-run")
    assert code == 3 and "past bij meer gebieden van niveau wijk (WK999901, WK999999)" in text
    resolved = mapping(
        tmp_path,
        "source: Eigen registratie\nmeasures: {Meldingen_1: meldingen}\nregions: {Centrum: WK999999}\n",
        "resolved.yaml",
    )
    assert run(capsys, demo_copy, wijken, "--mapping", resolved, "--dry-run")[0] == 0


def test_a_dissolved_gemeente_is_named_with_its_successor(demo_copy, tmp_path, capsys):
    meld = mapping(tmp_path, "source: Eigen registratie\nmeasures: {Meldingen_1: meldingen}\n")
    file = statline(tmp_path, "5", period="2023JJ00", region="GM0457", measure="Meldingen_1")
    code, text = run(capsys, demo_copy, file, "--mapping", meld)
    assert code == 3 and "Weesp (GM0457)" in text and "Amsterdam (GM0363)" in text


# --- mapping files ------------------------------------------------------------------------------------
def test_a_mapped_measure_matching_no_column_stops_naming_the_closest_header(demo_copy, tmp_path, capsys):
    file = statline(tmp_path, "300", period="2026JJ00", measure="Bezoeken_1")
    typo = mapping(tmp_path, "source: Eigen registratie\nmeasures: {Bezoeken_2: ontmoetingen}\n")
    code, text = run(capsys, demo_copy, file, "--mapping", typo, "--dry-run")
    assert code == 1 and "'Bezoeken_2'" in text and "Bedoelt u 'Bezoeken_1'?" in text


def test_unknown_mapping_keys_are_a_dutch_error_listing_the_allowed_ones(tmp_path):
    with pytest.raises(
        MappingError,
        match="de sleutel 'measure' kent Kwaliteitskompas niet. Toegestaan: source, "
        "measures, periods, regions, groups, columns, wave, survey",
    ):
        read_mapping(mapping(tmp_path, "source: X\nmeasure: {a: b}\n"))
    with pytest.raises(MappingError, match="'exlude' onder survey .*exclude"):
        read_mapping(mapping(tmp_path, "source: X\nsurvey: {question: q, positive: [ja], exlude: [x]}\n"))


def test_mapping_keys_are_text_as_written(tmp_path):
    read = read_mapping(
        mapping(
            tmp_path,
            "source: X\nmeasures:\n  1050010_2: eenzaam\n  0101: a\n"
            "periods:\n  2025: Meting 2025\nsurvey: {question: q, positive: [4, 5], "
            "exclude: [9], min_n: 30}\n",
        )
    )
    assert read.measures == {"1050010_2": "eenzaam", "0101": "a"} and read.periods == {"2025": "Meting 2025"}
    assert read.survey["exclude"] == [9] and read.survey["min_n"] == 30


# --- numbers ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, dutch, dots, expected",
    [
        ("1.250", True, False, 1250.0),
        ("12.345", True, False, 12345.0),
        ("1.250", True, True, None),
        ("1.250", False, False, 1.25),
        ("  1 310", True, False, 1310.0),
        ("1.048,0", True, False, 1048.0),
        ("1,234.5", False, False, 1234.5),
        ("20,8", True, False, 20.8),
        ("20.8", True, True, 20.8),
        ("-3,25", True, False, -3.25),
        ("12a", True, False, None),
    ],
)
def test_dutch_number_rules(text, dutch, dots, expected):
    assert parse_one(text, dutch=dutch, dot_decimals=dots) == expected


def test_thousands_in_a_semicolon_file_and_ambiguous_dots_refused(demo_copy, tmp_path, capsys):
    count = mapping(tmp_path, "source: Eigen registratie\nmeasures: {Deelnemers_1: deelnemers}\n")
    file = write(
        tmp_path,
        "a.csv",
        '"ID";"WijkenEnBuurten";"Perioden";"Deelnemers_1"\n'
        '"0";"GM9999";"2026JJ00";"1.250"\n"1";"WK999901";"2026JJ00";"20.5"\n',
    )
    code, text = run(capsys, demo_copy, file, "--mapping", count, "--dry-run")
    assert code == 3 and "rij 2, kolom Deelnemers_1: '1.250' is niet eenduidig" in text
    comma = write(tmp_path, "b.csv", 'wijkcode,jaar,Deelnemers_1\nGM9999,2026,"1.250"\n')
    tidy = mapping(
        tmp_path,
        "source: Eigen registratie\nmeasures: {Deelnemers_1: deelnemers}\ncolumns: {region: wijkcode, period: jaar}\n",
        "tidy.yaml",
    )
    assert run(capsys, demo_copy, comma, "--mapping", tidy)[0] == 0
    assert figure(demo_copy, "deelnemers", "Eigen registratie 2026", "GM9999")["value"] == 1.25


def test_a_percentage_written_as_a_fraction_is_refused(demo_copy, tmp_path, capsys):
    file = write(
        tmp_path,
        "f.csv",
        TEMPLATE + "weet_melden;Inwonerspanel 2026;GM9999;;;0,815;;;\n"
        "weet_melden;Inwonerspanel 2026;WK999901;;;0,7;;;\n",
    )
    code, text = run(capsys, demo_copy, file)
    assert code == 3 and "liggen tussen 0 en 1: het lijkt een fractie" in text
    assert figure(demo_copy, "weet_melden", "Inwonerspanel 2026", "GM9999") is None


# --- who may import -----------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["lezer", "raad"])
def test_a_reading_role_may_not_start_an_import(demo_copy, tmp_path, capsys, role):
    file = write(tmp_path, "t.csv", TEMPLATE + "eenzaam;GGD Gezondheidsmonitor 2022;GM9999;;;15,0;;;\n")
    code, text = run(capsys, demo_copy, file, "--dry-run", "--role", role)
    assert code == 1 and "mag u geen cijfers inlezen, ook niet als proef" in text and "werkgroep" in text


def test_refused_rows_file_holds_formula_cells_as_text(demo_copy, tmp_path, capsys):
    """The refused-rows CSV holds a refused line that starts like a formula as text: a spreadsheet opening
    it runs nothing (OWASP CSV injection; the kind of security case formula-cells)."""
    import pandas as pd

    source = write(
        tmp_path,
        "formules.csv",
        "indicator,wave,area_code,group_factor,group_value,value,n,ci_low,ci_high\n"
        "eenzaam,GGD Gezondheidsmonitor 2022,GM9999,totaal,totaal,17.0,3801,15.6,18.4\n"
        "=1+1,GGD Gezondheidsmonitor 2022,GM9999,totaal,totaal,12.0,400,9.0,15.0\n"
        "@SUM(A1),GGD Gezondheidsmonitor 2022,GM9999,totaal,totaal,12.0,400,9.0,15.0\n",
    )
    code, text = run(capsys, demo_copy, source, "--valid-only")
    refused = pd.read_csv(tmp_path / "formules.geweigerd.csv", sep=";", dtype=str, keep_default_na=False)
    assert code == 0 and len(refused) == 2, text
    assert sorted(refused["inhoud"].str[:3]) == ["'=1", "'@S"]  # the lines, kept, as text
    for cell in refused.to_numpy().ravel():
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_a_file_past_the_input_limits_is_refused_before_reading(demo_copy, tmp_path, capsys):
    before = one(demo_copy, "SELECT count(*) AS n FROM observations")
    wide = write(tmp_path, "breed.csv", ";".join(f"kolom{i}" for i in range(5000)) + "\n")
    code, text = run(capsys, demo_copy, wide, "--dry-run")
    assert code != 0 and "breed.csv" in text and "kolommen" in text
    assert one(demo_copy, "SELECT count(*) AS n FROM observations") == before
