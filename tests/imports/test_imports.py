"""Importing figures: dry run, one transaction, refusals with file/row/column, idempotence, mappings."""

import pandas as pd
import pytest

from kompas.domain.errors import KompasError
from kompas.domain.model import Area
from kompas.imports import ImportRefused, import_file
from kompas.store import mapping as mapping_mod
from kompas.store.areas import save_areas
from kompas.store.mapping import GroupMapping

HEADER = "indicator,wave,area_code,group_factor,group_value,value,n,ci_low,ci_high\n"


def write(tmp_path, text, name="cijfers.csv"):
    path = tmp_path / name
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def snapshot(store):
    return store.df("SELECT * FROM observations ORDER BY ALL"), store.df("SELECT * FROM waves ORDER BY id")


def test_dry_run_reports_and_writes_nothing(store, tmp_path):
    path = write(
        tmp_path,
        "thuis_buurt,Veiligheidsmonitor 2027,GM9999,,,85,2500,83.5,86.5\n"
        "thuis_buurt,Veiligheidsmonitor 2025,GM9999,,,84.5,2500,83,86\n",
    )
    before = snapshot(store)
    plan = import_file(store, path, dry_run=True)
    assert (plan.added, plan.changed, plan.unchanged) == (1, 1, 0)
    assert [w.label for w in plan.new_waves] == ["Veiligheidsmonitor 2027"]
    report = plan.report(dry_run=True)
    assert "Nieuw: 1 cijfers · Gewijzigd: 1" in report and "Proefrun: er is niets opgeslagen." in report
    after = snapshot(store)
    pd.testing.assert_frame_equal(before[0], after[0])
    pd.testing.assert_frame_equal(before[1], after[1])


def test_import_adds_wave_and_is_idempotent(store, tmp_path):
    path = write(
        tmp_path,
        "thuis_buurt,Veiligheidsmonitor 2027,GM9999,,,85,2500,83.5,86.5\n"
        'thuis_buurt,Veiligheidsmonitor 2027,WK999901,leeftijd,15–34 jaar,"79,5",310,,\n',
    )
    first = import_file(store, path)
    assert first.added == 2
    wave = store.rows("SELECT * FROM waves WHERE label = 'Veiligheidsmonitor 2027'")[0]
    assert wave["source"] == "Veiligheidsmonitor" and wave["period_start"].year == 2027
    assert (
        store.scalar("SELECT value FROM observations WHERE wave_id = ? AND group_value = '15–34 jaar'", [wave["id"]])
        == 79.5
    )
    before = snapshot(store)
    second = import_file(store, path)
    assert (second.added, second.changed, second.unchanged) == (0, 0, 2) and not second.new_waves
    pd.testing.assert_frame_equal(before[0], snapshot(store)[0])


def test_any_refusal_writes_nothing_and_names_file_row_and_column(store, tmp_path):
    path = write(
        tmp_path,
        "thuis_buurt,Veiligheidsmonitor 2027,GM9999,,,85,2500,,\n"
        "thuis_buurt,Veiligheidsmonitor 2027,WK000000,,,80,300,,\n"
        "onbekend,Veiligheidsmonitor 2027,GM9999,,,80,300,,\n"
        "eenzaam,GGD Gezondheidsmonitor 2024,GM9999,,,12a,,,\n"
        "eenzaam,GGD Gezondheidsmonitor 2024,GM9999,leeftijd,18–34 jaar,12,400,10,14\n"
        "eenzaam,GGD Gezondheidsmonitor 2024,GM9999,leeftijd,18–34 jaar,13,400,10,14\n"
        "eenzaam,Meting zonder jaar,GM9999,,,12,400,10,14\n",
    )
    before = snapshot(store)
    with pytest.raises(ImportRefused) as caught:
        import_file(store, path)
    text = str(caught.value)
    assert "cijfers.csv, rij 3, kolom area_code: Onbekende gebiedscode 'WK000000'" in text
    assert "cijfers.csv, rij 4, kolom indicator: Onbekende indicator 'onbekend'" in text
    assert "cijfers.csv, rij 5, kolom value: '12a' is geen getal (" in text
    assert "cijfers.csv, rij 7: Dit cijfer staat er twee keer in (ook in rij 6)." in text
    assert "rij 8, kolom wave" in text and "jaartal" in text
    after = snapshot(store)
    pd.testing.assert_frame_equal(before[0], after[0])
    pd.testing.assert_frame_equal(before[1], after[1])


def test_valid_rows_only_saves_refused_rows_to_csv(store, tmp_path):
    path = write(
        tmp_path,
        "thuis_buurt,Veiligheidsmonitor 2027,GM9999,,,85,2500,,\n"
        "thuis_buurt,Veiligheidsmonitor 2027,WK000000,,,80,300,,\n",
    )
    refused = tmp_path / "geweigerd.csv"
    plan = import_file(store, path, valid_only=True, refused_csv=refused)
    assert plan.added == 1 and len(plan.refused) == 1
    saved = pd.read_csv(refused, sep=";", encoding="utf-8-sig")
    assert list(saved["rij"]) == [3] and "WK000000" in saved["reden"][0]
    assert saved["inhoud"][0] == "thuis_buurt,Veiligheidsmonitor 2027,WK000000,,,80,300,,"  # the row itself
    assert store.scalar("SELECT count(*) FROM imports WHERE refused = 1") == 1


@pytest.mark.parametrize(
    "content,words",
    [
        ("", "leeg"),
        ("indicator;wave\nthuis_buurt;X\n", "Geen kolom met gebieden"),
        (HEADER, "geen cijfers"),
    ],
)
def test_unreadable_files_give_one_dutch_message(store, tmp_path, content, words):
    path = tmp_path / "raar.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KompasError, match=words):
        import_file(store, path)


def test_excel_template(store, tmp_path):
    frame = pd.DataFrame(
        [["spanningen", "Veiligheidsmonitor 2025", "WK999906", "", "", 25.0, 520, 21.0, 29.0]],
        columns=HEADER.strip().split(","),
    )
    path = tmp_path / "cijfers.xlsx"
    frame.to_excel(path, index=False)
    plan = import_file(store, path)
    assert plan.changed == 1
    assert (
        store.scalar(
            "SELECT value FROM observations WHERE indicator_id = 'spanningen' AND wave_id = 'vm2025' "
            "AND area_code = 'WK999906' AND group_factor = 'totaal'"
        )
        == 25.0
    )


def _statline_like(tmp_path, rows, mapping_text, measure="VoeltZichThuis_1"):
    """A StatLine CSV with a Leeftijd dimension, and its mapping file."""
    lines = [f'"ID";"Leeftijd";"Wijken";"Perioden";"{measure}"']
    lines += [f'"{i}";"{age}";"{region}";"{period}";"{value}"' for i, (region, period, value, age) in enumerate(rows)]
    path = tmp_path / "statline.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = tmp_path / "statline.yaml"
    mapping.write_text(mapping_text, encoding="utf-8")
    return path, mapping


VM = "source: Veiligheidsmonitor\nmeasures: {VoeltZichThuis_1: thuis_buurt}\n"


def test_region_names_are_matched_and_ambiguous_names_refused(store, tmp_path):
    save_areas(store, [Area("WK999909", "Centrum", "wijk", "GM9999")])
    path, mapping = _statline_like(
        tmp_path, [("Havenkwartier", "2025JJ00", "60", "Totaal"), ("Centrum", "2025JJ00", "80", "Totaal")], VM
    )
    plan = import_file(store, path, mapping_path=mapping, dry_run=True)
    assert plan.changed == 1 and ("Havenkwartier", "WK999906", "wijk") in plan.matched
    assert "'Centrum' past bij meer gebieden van niveau wijk (WK999901, WK999909)" in str(plan.refused[0])
    path, mapping = _statline_like(
        tmp_path,
        [("Havenkwartier", "2025JJ00", "60", "Totaal"), ("Centrum", "2025JJ00", "80", "Totaal")],
        VM + "regions: {Centrum: WK999901}\n",
    )
    fixed = import_file(store, path, mapping_path=mapping, dry_run=True)
    assert not fixed.refused and fixed.changed == 2


def test_groups_periods_markers_and_kept_mapping(store, tmp_path):
    text = VM + "groups:\n  Leeftijd:\n    factor: leeftijd\n    values: {'15 tot 35 jaar': '15–34 jaar'}\n"
    path, mapping = _statline_like(
        tmp_path,
        [
            ("GM9999", "2025JJ00", "70,5", "15 tot 35 jaar"),
            ("GM9999", "2025JJ00", "x", "65 tot 75 jaar"),
            ("GM9999", "2025JJ00", "83,0", "Totaal"),
        ],
        text,
    )
    plan = import_file(store, path, mapping_path=mapping)
    assert any("geheime" in note for note in plan.notes) and not plan.new_waves  # the wave of that year and source
    total = store.rows(
        "SELECT value, n, ci_low FROM observations WHERE indicator_id = 'thuis_buurt' AND "
        "wave_id = 'vm2025' AND area_code = 'GM9999' AND group_factor = 'totaal'"
    )[0]
    assert total == {"value": 83.0, "n": None, "ci_low": None}  # a new value never keeps the old n or interval
    assert (
        store.scalar(
            "SELECT value FROM observations WHERE indicator_id = 'thuis_buurt' AND wave_id = 'vm2025' "
            "AND area_code = 'GM9999' AND group_value = '15–34 jaar'"
        )
        == 70.5
    )
    kept = mapping_mod.saved_mapping(store, "Veiligheidsmonitor")
    assert kept.measures["VoeltZichThuis_1"] == "thuis_buurt"
    assert kept.groups["Leeftijd"] == GroupMapping("leeftijd", {"15 tot 35 jaar": "15–34 jaar"})
    assert mapping_mod.source_for_measures(store, ["VoeltZichThuis_1", "Iets_2"]) == "Veiligheidsmonitor"


def test_unmapped_dimension_and_unmapped_measures(store, tmp_path):
    path, mapping = _statline_like(tmp_path, [("GM9999", "2025JJ00", "70,5", "15 tot 35 jaar")], VM)
    plan = import_file(store, path, mapping_path=mapping, dry_run=True)
    assert "De kolom 'Leeftijd' is aan geen diversiteitsfactor gekoppeld" in str(plan.refused[0])
    path, mapping = _statline_like(
        tmp_path, [("GM9999", "2025JJ00", "70,5", "Totaal")], "source: Nieuwe bron\n", measure="Iets_9"
    )
    nothing = import_file(store, path, mapping_path=mapping, dry_run=True)
    assert "aan geen indicator gekoppeld" in str(nothing.refused[0]) and "--mapping" in str(nothing.refused[0])


def test_areas_in_one_wave_only_are_named(store, tmp_path):
    rows = "".join(
        f"samenhang,Veiligheidsmonitor 2027,{code},,,6.5,300,6.3,6.7\n"
        for code in [
            "GM9999",
            "WK999901",
            "WK999902",
            "WK999903",
            "WK999904",
            "WK999905",
            "WK999906",
            "WK999907",
            "BU99990802",
            "BU99990101",
        ]
    )
    plan = import_file(store, write(tmp_path, rows), dry_run=True)
    assert (
        "samenhang: niet te vergelijken met Veiligheidsmonitor 2025 voor WK999908 (alleen in de vorige meting) "
        "en BU99990101, BU99990802 (alleen in deze meting)."
    ) in plan.notes


def test_fifty_megabyte_file_with_one_bad_row_changes_nothing(store, tmp_path):
    path = tmp_path / "groot.csv"
    line = "eenzaam,GGD Gezondheidsmonitor 2024,WK999902,leeftijd,groep {i},12.5,400,10.1,14.9\n"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(HEADER)
        i = 0
        while handle.tell() < 50 * 1024 * 1024:
            handle.write("".join(line.format(i=i + k) for k in range(1000)))
            i += 1000
        handle.write("eenzaam,GGD Gezondheidsmonitor 2024,WK999902,leeftijd,laatste,veel,400,,\n")
    before = store.scalar("SELECT count(*) FROM observations")
    with pytest.raises(ImportRefused) as caught:
        import_file(store, path)
    assert f"rij {i + 2:,}".replace(",", ".") in str(caught.value) and "'veel' is geen getal" in str(caught.value)
    assert caught.value.plan.added == i
    assert store.scalar("SELECT count(*) FROM observations") == before


SAMPLES = __import__("kompas.domain.settings", fromlist=["REPO_ROOT"]).REPO_ROOT / "data" / "samples"


def test_statline_download_with_mapping_then_without(store, tmp_path):
    """The mapping is needed once; the next file of that monitor imports with no questions asked."""
    csv_file = SAMPLES / "statline_veiligheidsmonitor_2025.csv"
    first = import_file(store, csv_file, mapping_path=SAMPLES / "statline_veiligheidsmonitor.mapping.yaml")
    assert first.refused == [] and first.added == 0 and first.changed == 0 and first.unchanged == 18
    changed = tmp_path / "statline_2025_herzien.csv"
    lines = csv_file.read_bytes().decode("utf-8-sig").split("\r\n")
    fields = lines[1].split(";")  # the gemeente's row: ID, region, period, thuis_buurt, samenhang
    assert fields[1].strip('" ') == "GM9999"
    fields[3] = '"    84.4"'
    lines[1] = ";".join(fields)
    changed.write_bytes(("\ufeff" + "\r\n".join(lines)).encode("utf-8"))
    second = import_file(store, changed)  # no mapping given: the kept one is used
    assert second.source == "Veiligheidsmonitor" and second.changed == 1
    row = store.rows(
        "SELECT value, n, ci_low FROM observations WHERE indicator_id = 'thuis_buurt' "
        "AND wave_id = 'vm2025' AND area_code = 'GM9999' AND group_factor = 'totaal'"
    )[0]
    assert row == {"value": 84.4, "n": None, "ci_low": None}  # a changed value: n and interval are cleared
    kept = store.rows(
        "SELECT n, ci_low FROM observations WHERE indicator_id = 'samenhang' "
        "AND wave_id = 'vm2025' AND area_code = 'GM9999' AND group_factor = 'totaal'"
    )[0]
    assert kept["n"] > 2000 and kept["ci_low"] is not None  # the same value: its n and interval stay


def test_odata_json_through_the_same_mapping(store, tmp_path):
    import json

    path = tmp_path / "odata.json"
    path.write_text(
        json.dumps(
            {
                "DataProperties": [
                    {"Key": "WijkenEnBuurten", "Type": "GeoDimension", "Title": "Wijken en buurten"},
                    {"Key": "Perioden", "Type": "TimeDimension", "Title": "Perioden"},
                    {"Key": "SocialeSamenhang_2", "Type": "Topic", "Title": "Sociale samenhang", "Unit": "score"},
                ],
                "TypedDataSet": [
                    {"ID": 0, "WijkenEnBuurten": "WK999901  ", "Perioden": "2027JJ00", "SocialeSamenhang_2": 6.9}
                ],
            }
        ),
        encoding="utf-8",
    )
    mapping = tmp_path / "samenhang.yaml"
    mapping.write_text("source: Veiligheidsmonitor\nmeasures: {SocialeSamenhang_2: samenhang}\n", encoding="utf-8")
    plan = import_file(store, path, wave_label="Veiligheidsmonitor 2027", mapping_path=mapping)
    assert plan.added == 1 and [w.label for w in plan.new_waves] == ["Veiligheidsmonitor 2027"]
    assert plan.new_waves[0].source == "Veiligheidsmonitor"


def test_respondent_file_is_aggregated_and_never_stored(store, tmp_path):
    rows = ["wijk;thuis;gewicht;leeftijd"]
    rows += [f"WK999901;{'ja' if i % 4 else 'nee'};1;{'jong' if i % 2 else 'oud'}" for i in range(120)]
    survey = tmp_path / "panel.csv"
    survey.write_text("\n".join(rows) + "\n", encoding="utf-8")
    mapping = tmp_path / "panel.yaml"
    mapping.write_text(
        "source: Inwonerspanel Voorbeeldstad\nmeasures: {thuis: contact_anders}\n"
        "survey:\n  question: thuis\n  positive: [ja]\n  area: wijk\n  weight: gewicht\n"
        "  municipality_code: GM9999\n  groups: {leeftijd: leeftijd}\n",
        encoding="utf-8",
    )
    plan = import_file(store, survey, wave_label="Inwonerspanel 2026", mapping_path=mapping)
    assert not plan.refused
    stored = store.df(
        "SELECT * FROM observations o JOIN waves w ON w.id = o.wave_id "
        "WHERE w.label = 'Inwonerspanel 2026' ORDER BY area_code, group_value"
    )
    total = stored[(stored["area_code"] == "WK999901") & (stored["group_factor"] == "totaal")].iloc[0]
    assert total["value"] == pytest.approx(75.0) and total["n"] == 120 and total["ci_low"] < 75 < total["ci_high"]
    assert set(stored["group_value"]) == {"totaal", "jong", "oud"}
    assert store.scalar("SELECT count(*) FROM information_schema.columns WHERE column_name = 'gewicht'") == 0


def test_municipality_that_no_longer_exists_is_named_not_refused(store, tmp_path):
    path = tmp_path / "statline.csv"
    path.write_text(
        '"ID";"WijkenEnBuurten";"Perioden";"SocialeSamenhang_2"\r\n'
        '"0";"GM9999    ";"2025JJ00";"     6.6"\r\n'
        '"1";"GM0007    ";"2025JJ00";"       ."\r\n',
        encoding="utf-8",
    )
    mapping = tmp_path / "samenhang.yaml"
    mapping.write_text("source: Veiligheidsmonitor\nmeasures: {SocialeSamenhang_2: samenhang}\n", encoding="utf-8")
    plan = import_file(store, path, mapping_path=mapping, dry_run=True)
    assert plan.refused == [] and plan.changed == 1
    assert any("GM0007" in note and "bestaat dit gebied nog" in note for note in plan.notes)


@pytest.mark.parametrize(
    "line,column,words",
    [
        ("thuis_buurt,Veiligheidsmonitor 2027,GM9999,leeftijd,,80,300,,", "group_value", "hoort ook een group_value"),
        ("thuis_buurt,Veiligheidsmonitor 2027,GM9999,,,180,300,,", "value", "geen percentage"),
        ("thuis_buurt,Veiligheidsmonitor 2027,GM9999,,,80,300,70,75", "ci_low", "bevat de waarde 80,0 niet"),
        ("thuis_buurt,Veiligheidsmonitor 2027,GM9999,,,,300,,", "value", "mag niet leeg zijn"),
        ("thuis_buurt,Veiligheidsmonitor 2027,GM9999,,,80,-3,,", "n", "heel getal van 0 of meer"),
    ],
)
def test_impossible_figures_are_refused(store, tmp_path, line, column, words):
    path = write(tmp_path, line + "\n")
    with pytest.raises(ImportRefused) as caught:
        import_file(store, path)
    assert f"kolom {column}" in str(caught.value) and words in str(caught.value)


def test_survey_group_values_follow_the_mapping(store, tmp_path):
    rows = ["wijk;antwoord;leeftijdsklasse"]
    rows += [f"WK999901;{'ja' if i % 3 else 'nee'};{'15-34' if i % 2 else '65+'}" for i in range(240)]
    survey = tmp_path / "panel.csv"
    survey.write_text("\n".join(rows) + "\n", encoding="utf-8")
    mapping = tmp_path / "panel.yaml"
    mapping.write_text(
        "source: Inwonerspanel Voorbeeldstad\nmeasures: {antwoord: contact_anders}\n"
        "groups:\n  leeftijdsklasse:\n    factor: leeftijd\n    values: {'15-34': '18–34 jaar'}\n"
        "survey:\n  question: antwoord\n  positive: [ja]\n  area: wijk\n  municipality_code: GM9999\n"
        "  groups: {leeftijdsklasse: leeftijd}\n",
        encoding="utf-8",
    )
    import_file(store, survey, wave_label="Inwonerspanel 2026", mapping_path=mapping)
    groups = {
        r["group_value"]
        for r in store.rows(
            "SELECT DISTINCT group_value FROM observations o JOIN waves w "
            "ON w.id = o.wave_id WHERE w.label = 'Inwonerspanel 2026' "
            "AND group_factor = 'leeftijd'"
        )
    }
    assert groups == {"18–34 jaar", "65+"}


def test_a_wave_created_on_import_takes_over_the_monitors_method(store, tmp_path):
    from kompas.analysis import compare

    import_file(store, write(tmp_path, "samenhang,Veiligheidsmonitor 2027,GM9999,,,6.8,2500,6.7,6.9\n"))
    result = compare.compare_waves(store, "Veiligheidsmonitor 2025", "Veiligheidsmonitor 2027")
    warnings = " ".join(result.iloc[0]["warnings"])
    assert "De methode verschilt" not in warnings and "onderzochte groep verschilt" not in warnings
