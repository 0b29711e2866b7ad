"""The Excel round trip: export the indicator list, targets and figures, edit in Excel, read back with
'import': an unchanged file changes nothing, and a dry run shows exactly the edits."""

import openpyxl
import pytest

from kompas.cli.main import main
from kompas.store.connection import Store


@pytest.fixture
def workbook(demo_copy, tmp_path, capsys):
    out = tmp_path / "indicatoren.xlsx"
    assert main(["export", "excel", "--db", str(demo_copy), "--out", str(out)]) == 0
    capsys.readouterr()
    return out


def _fingerprint(path):
    with Store(path).as_system("tests") as store:
        return (
            store.df("SELECT * FROM observations ORDER BY ALL").to_csv(),
            store.df("SELECT * FROM indicators ORDER BY id").to_csv(),
        )


def test_an_unchanged_file_changes_nothing(demo_copy, workbook, capsys):
    before = _fingerprint(demo_copy)
    assert main(["import", str(workbook), "--db", str(demo_copy)]) == 0
    report = capsys.readouterr().out
    assert "Nieuw: 0 cijfers · Gewijzigd: 0" in report and "Indicatoren die veranderen" not in report
    assert _fingerprint(demo_copy) == before


def test_hidden_small_groups_do_not_leave_the_app(demo_copy, workbook):
    from kompas.store import suppression

    with Store(demo_copy).as_system("tests") as store:
        hidden = suppression.stored_figures(store)
        hidden = hidden[hidden["suppressed"]]
    rows = {tuple(r[:5]) for r in openpyxl.load_workbook(workbook)["Cijfers"].iter_rows(min_row=2, values_only=True)}
    with Store(demo_copy).as_system("tests") as store:
        labels = dict(store.df("SELECT id, label FROM waves").itertuples(index=False, name=None))
    assert len(hidden) and not [
        k
        for k in hidden.itertuples()
        if (k.indicator_id, labels[k.wave_id], k.area_code, k.group_factor, k.group_value) in rows
    ]


def test_the_dry_run_shows_exactly_the_edits_and_the_import_makes_them(demo_copy, workbook, capsys):
    book = openpyxl.load_workbook(workbook)
    listing = book["Indicatoren"]
    header = [c.value for c in listing[1]]
    row = next(r for r in listing.iter_rows(min_row=2) if r[0].value == "thuis_buurt")
    row[header.index("streefwaarde")].value = 88
    figures = book["Cijfers"]
    fig_header = [c.value for c in figures[1]]
    cell = next(
        r
        for r in figures.iter_rows(min_row=2)
        if r[0].value == "samenhang"
        and r[1].value == "Veiligheidsmonitor 2025"
        and r[2].value == "GM9999"
        and r[3].value == "totaal"
    )
    cell[fig_header.index("value")].value = 6.52  # inside its interval, else the import refuses the row
    cell[fig_header.index("n")].value = 2600
    book.save(workbook)
    before = _fingerprint(demo_copy)

    assert main(["import", str(workbook), "--db", str(demo_copy), "--dry-run"]) == 0
    report = capsys.readouterr().out
    assert "Gewijzigd: 1 " in report
    assert "Indicatoren die veranderen (1):\n- indicator thuis_buurt: streefwaarde 85 → 88" in report
    changes = [line for line in report.splitlines() if line.startswith("- samenhang")]
    assert len(changes) == 1 and "→ 6,5 (n 2.600" in changes[0]
    assert _fingerprint(demo_copy) == before

    assert main(["import", str(workbook), "--db", str(demo_copy)]) == 0
    with Store(demo_copy).as_system("tests") as store:
        assert store.scalar("SELECT target_value FROM indicators WHERE id = 'thuis_buurt'") == 88
        assert (
            store.scalar(
                "SELECT value FROM observations WHERE indicator_id = 'samenhang' AND wave_id = 'vm2025' "
                "AND area_code = 'GM9999' AND group_factor = 'totaal'"
            )
            == 6.52
        )


def test_an_unknown_indicator_is_refused_with_file_row_and_column(demo_copy, workbook, capsys):
    book = openpyxl.load_workbook(workbook)
    book["Indicatoren"].append(["bestaat_niet", "Iets nieuws"])
    book.save(workbook)
    before = _fingerprint(demo_copy)
    assert main(["import", str(workbook), "--db", str(demo_copy)]) == 3
    err = capsys.readouterr().err
    assert "Onbekende indicator 'bestaat_niet'" in err and "indicatoren.xlsx" in err
    assert _fingerprint(demo_copy) == before
