"""The SQL fast path for wide StatLine CSV gives the same plan, refusals and refused-rows file as the pandas path."""

from pathlib import Path

import pandas as pd
import pytest

from kompas import intake
from kompas.imports import KEY
from kompas.intake import import_file
from kompas.mapping import read_mapping
from kompas.synth.statline_file import write_statline_csv

SAMPLES = Path(__file__).parent.parent / "data" / "samples"
MAPPING = SAMPLES / "statline_veiligheidsmonitor.mapping.yaml"

# Every quirk of a wide download the fast path takes: BOM, CRLF, padding, decimal comma, thousands
# separators, CBS symbols ('.', 'x', '-', en dash), a word for a number, a bad and a provisional period,
# an empty region, unknown codes, a name for an area, a duplicate, a percentage above 100, an age
# group (total, mapped, unmapped), a measure without mapping and an area with no figures at all.
QUIRKS = ('\ufeff"ID";"WijkenEnBuurten";"Perioden";"Leeftijd";"VoeltZichThuisInBuurt_1";"SocialeSamenhang_2";'
          '"NietGekoppeld_3"\r\n'
          '"0";"GM9999    ";"2025JJ00";"Totaal";"    84,5";"     6.5";"1"\r\n'
          '"1";"WK999901  ";"2025JJ00";"Totaal";"       .";"       x";"2"\r\n'
          '"2";"WK999902  ";"2027JJ00";"Totaal";"       -";"     \u2013";"3"\r\n'
          '"3";"WK999903  ";"2025JJ0";"Totaal";"      80";"     6.1";"4"\r\n'
          '"4";"          ";"2025JJ00";"Totaal";"      80";"     6.1";"5"\r\n'
          '"5";"WK000000  ";"2025JJ00";"Totaal";"      80";"     6.1";"6"\r\n'
          '"6";"Noord";"2026*";"Totaal";"   1.234,5";"     6,2";"7"\r\n'
          '"7";"Oost";"2025JJ00";"15 tot 35 jaar";"    70.0";"     veel";"8"\r\n'
          '"8";"Oost";"2025JJ00";"15 tot 35 jaar";"    71.0";"     5.9";"9"\r\n'
          '"9";"Zuid";"2025JJ00";"Onbekende groep";"    72.0";"     5.8";"10"\r\n'
          '"10";"Nergensland";"2025JJ00";"Totaal";"    73.0";"     5.7";"11"\r\n'
          '"11";"WK999904  ";"2025JJ00";"Totaal";"       .";"       .";"12"\r\n'
          ';;;;;;\r\n')
# A dimension without a mapping: its non-total values are refused.
QUIRKS = "\r\n".join(";".join([*line.split(";")[:4], '"Geslacht"' if n == 0 else '"Vrouwen"' if n == 3 else
                                '"Totaal"', *line.split(";")[4:]]) if line.strip(";") else line + (";" if line else "")
                     for n, line in enumerate(QUIRKS.split("\r\n")))
QUIRK_MAPPING = ("source: Veiligheidsmonitor\nmeasures:\n  VoeltZichThuisInBuurt_1: thuis_buurt\n"
                 "  SocialeSamenhang_2: samenhang\ngroups:\n  Leeftijd:\n    factor: leeftijd\n"
                 "    values: {'15 tot 35 jaar': '15–34 jaar'}\nperiods:\n  2026JJ00: Veiligheidsmonitor 2026\n")


def both_plans(store, path, mapping_path=None, wave_label=None):
    given = read_mapping(mapping_path) if mapping_path else intake.Mapping()
    fast = intake._fast_plan(store, Path(path), given, wave_label, lambda f, s: None)
    old = intake._plan(store, Path(path), given, wave_label, lambda f, s: None)
    return fast, old


def assert_same(fast, old):
    assert fast is not None, "the fast path should take this file"
    assert (fast.added, fast.changed, fast.unchanged) == (old.added, old.changed, old.unchanged)
    assert fast.refused == old.refused
    assert fast.notes == old.notes and fast.new_waves == old.new_waves and fast.source == old.source
    columns = KEY + ["value", "provisional", "row", "status"]
    left = fast.rows[columns].astype(object).reset_index(drop=True)
    right = old.rows[columns].astype(object).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right, check_dtype=False)
    for column in ("n", "ci_low", "ci_high", "se"):
        assert fast.rows[column].astype(float).fillna(-1).tolist() == old.rows[column].astype(float).fillna(-1).tolist()


def test_samples_give_the_same_plan(store):
    taken = 0
    for path in sorted(SAMPLES.glob("*.csv")):
        fast, old = both_plans(store, path, MAPPING if path.name.startswith("statline") else None)
        if path.name.startswith("statline"):
            assert_same(fast, old)
            taken += 1
        else:
            assert fast is None  # our long template: the pandas path
    assert taken == 1


def test_every_quirk_gives_the_same_plan_and_refused_rows(store, tmp_path):
    path = tmp_path / "quirks.csv"
    path.write_bytes(QUIRKS.encode("utf-8"))
    mapping = tmp_path / "quirks.yaml"
    mapping.write_text(QUIRK_MAPPING, encoding="utf-8")
    fast, old = both_plans(store, path, mapping)
    assert_same(fast, old)
    assert len(fast.refused) >= 8 and fast.added and fast.new_waves
    assert {p.column for p in fast.refused} >= {"Perioden", "WijkenEnBuurten", "Regio", "Geslacht", "value",
                                                "SocialeSamenhang_2"}
    fast_csv, old_csv = tmp_path / "fast.csv", tmp_path / "old.csv"
    intake.write_refused(path, fast, fast_csv)
    intake.write_refused(path, old, old_csv)
    assert fast_csv.read_bytes() == old_csv.read_bytes()


def test_written_import_matches_and_reimport_changes_nothing(store, tmp_path):
    path = tmp_path / "quirks.csv"
    path.write_bytes(QUIRKS.encode("utf-8"))
    mapping = tmp_path / "quirks.yaml"
    mapping.write_text(QUIRK_MAPPING, encoding="utf-8")
    steps = []
    plan = import_file(store, path, mapping_path=mapping, valid_only=True, refused_csv=tmp_path / "refused.csv",
                       progress=lambda f, step: steps.append(step))
    assert ["lezen", "koppelen", "controleren", "vergelijken", "opslaan", "klaar"] == list(dict.fromkeys(steps))
    assert store.scalar("SELECT value FROM observations o JOIN waves w ON w.id = o.wave_id WHERE "
                        "w.label = 'Veiligheidsmonitor 2025' AND area_code = 'GM9999' AND indicator_id = "
                        "'thuis_buurt' AND group_factor = 'totaal'") == 84.5
    assert (tmp_path / "refused.csv").exists()
    again = import_file(store, path, mapping_path=mapping, dry_run=True)
    assert again.added == again.changed == 0 and again.unchanged == plan.added + plan.changed + plan.unchanged


def test_bench_file_takes_the_fast_path(store, tmp_path):
    written = write_statline_csv(store, tmp_path / "statline.csv", max_rows=2_000)
    fast, old = both_plans(store, tmp_path / "statline.csv", written["mapping"])
    assert_same(fast, old)
    assert fast.added + fast.changed + fast.unchanged > 0


@pytest.mark.parametrize("text", [
    '"ID";"RegioS";"Perioden";"Percentage_1"\r\n"0";"GM9999";"2025JJ00";"80"\r\n\r\n"1";"WK999901";"2025";"81"\r\n',
    "Regio's;Perioden;Percentage_1\nGM9999;2025;80\nBron: CBS\n",
])
def test_blank_lines_and_footers_take_the_full_path(store, tmp_path, text):
    path = tmp_path / "other.csv"
    path.write_text(text, encoding="utf-8")
    assert intake._fast_plan(store, path, intake.Mapping(), None, lambda f, s: None) is None


@pytest.mark.parametrize("encoding, newline, end", [("utf-8", "\n", ""), ("cp1252", "\r\n", "\r\n"),
                                                    ("utf-8-sig", "\n", "\n")])
def test_encodings_and_line_ends_give_the_same_plan_or_the_full_path(store, tmp_path, encoding, newline, end):
    text = newline.join(['"ID";"WijkenEnBuurten";"Perioden";"Herkomst";"VoeltZichThuisInBuurt_1"',
                         '"0";"GM9999    ";"2025JJ00";"Totaal";"    84,5"',
                         '"1";"WK999901  ";"2025JJ00";"België";"    80,5"']) + end
    path = tmp_path / "download.csv"
    path.write_bytes(text.encode(encoding))
    mapping = tmp_path / "m.yaml"
    mapping.write_text("source: Veiligheidsmonitor\nmeasures:\n  VoeltZichThuisInBuurt_1: thuis_buurt\n",
                       encoding="utf-8")
    fast, old = both_plans(store, path, mapping)
    if encoding == "utf-8":
        assert fast is not None
    if fast is not None:
        assert_same(fast, old)
