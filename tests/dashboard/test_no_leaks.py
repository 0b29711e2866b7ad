"""No page, export or CLI output shows a hidden figure, and no hidden figure can be worked out from the others.

The check itself lives in tests/leak_check.py, so other outputs (raadsinformatie) can run through it too.
Stores: the demo, and the demo with crafted small groups (a small wijk group whose wijken add up to the
gemeente, a count with one small group) and the security cases of issue 16 (counts without n, the bridge
pattern, a revised table). On both, the rank test (``leak_check.determined_cells``) proves that no hidden figure
follows from the published ones, and two versions of a raad document together give nothing away.
"""

import re
import shutil
from datetime import date

import pandas as pd
import pytest

from kompas.analysis import breakdowns, compare
from kompas.cli.main import main
from kompas.domain import formatting
from kompas.domain.model import Observation
from kompas.domain.settings import REPO_ROOT
from kompas.reports import compare_export
from kompas.reports.document import to_markdown
from kompas.reports.minutes import minutes
from kompas.store import indicators, observations, reviews, suppression
from kompas.store.connection import Store
from tests import leak_check, security_cases
from tests.conftest import _close_app

PAGES = re.findall(r'st\.Page\("(app_pages/[a-z_0-9]+\.py)"', (REPO_ROOT / "dashboard" / "app.py").read_text())
AREAS = {"demo": ["GM9999", "WK999908"], "crafted": ["GM9999", "WK999906"]}  # WK999908: small counts


def craft(store: Store) -> None:
    """Small groups the demo does not have: per wijk by age (one wijk's young group is small), and a count
    about people with one small group."""
    wijken = store.df("SELECT code FROM areas WHERE parent_code = 'GM9999' ORDER BY code")["code"].tolist()
    observations.save_observations(
        store,
        [
            Observation("weet_melden", "panel2025", w, "leeftijd", group, 55.0 + i, n)
            for i, w in enumerate(wijken)
            for group, n in (("18–34 jaar", 31 if w == "WK999906" else 90), ("35–64 jaar", 140))
        ],
    )
    count = store.rows(
        "SELECT indicator_id, wave_id, value FROM observations o JOIN indicators i ON i.id = "
        "o.indicator_id WHERE i.unit = 'aantal' AND o.n IS NOT NULL AND o.area_code = 'GM9999' "
        "AND o.group_factor = 'totaal' ORDER BY o.value DESC LIMIT 1"
    )[0]
    total = int(count["value"])
    observations.save_observations(
        store,
        [
            Observation(count["indicator_id"], count["wave_id"], "GM9999", "gender", group, float(n), n)
            for group, n in (
                ("man", total // 2),
                ("vrouw", total - total // 2 - 7),
                ("anders of zeg ik liever niet", 7),
            )
        ],
    )


@pytest.fixture(params=["demo", "crafted"])
def leak_db(request, demo_copy):
    if request.param == "crafted":
        with Store(demo_copy).as_system("tests") as store:
            craft(store)
            security_cases.load_all(store)
    return demo_copy


@pytest.fixture
def secrets(leak_db):
    with Store(leak_db).as_system("tests") as store:
        return leak_check.Secrets.of(store)


def test_every_set_of_parts_has_none_or_at_least_two_hidden_figures(leak_db):
    with Store(leak_db).as_system("tests") as store:
        assert leak_check.partition_problems(store) == []
        hidden = leak_check.Secrets.of(store).cells
        assert len(hidden) > 0 and hidden["too_small"].any() and (~hidden["too_small"]).any()


def test_no_hidden_figure_follows_from_the_published_ones_by_the_rank_test(leak_db):
    with Store(leak_db).as_system("tests") as store:
        figures = suppression.stored_figures(store)
        assert figures["suppressed"].sum() > figures["too_small"].sum() > 0
        assert leak_check.determined_cells(store, figures) == []


def test_the_checker_finds_a_hidden_figure_shown_as_the_app_would(secrets, leak_db):
    with Store(leak_db).as_system("tests") as store:
        units = dict(store.df("SELECT id, unit FROM indicators").itertuples(index=False))
    cells = secrets.cells[(secrets.cells["group_value"] != "totaal") & secrets.cells["value"].notna()]
    caught = 0
    for cell in cells.to_dict("records"):
        text = formatting.value(cell["value"], units[cell["indicator_id"]])
        if text not in secrets.by_label.get(cell["group_value"], set()):
            continue  # a shown figure of this group has the same value: a line with it tells nothing
        row = pd.DataFrame({"Groep": [cell["group_value"]], "Waarde": [text]})
        assert secrets.leaks(leak_check.frame_lines(row), "zelftest"), cell
        small_whole = re.fullmatch(r"\d{1,3}", text)  # in free text only checked as 'n = 7' (see leak_check)
        sentence = (
            f"{cell['group_value']}: n = {text}" if small_whole else f"Het cijfer voor {cell['group_value']} is {text}."
        )
        assert secrets.leaks([sentence], "zelftest"), cell
        caught += 1
    assert caught >= len(cells) // 2  # most hidden values are told apart from every shown one


def _run_pages(app, areas) -> list[str]:
    found = []
    for area in areas:
        app.selectbox(key="flt_area").set_value(area).run()
        for page in PAGES:
            app.switch_page(page).run()
            assert not app.exception, (page, [e.value for e in app.exception])
            found += leak_check.apptest_lines(app)
    return found


def _app(db, monkeypatch):
    from tests.conftest import _signed_in_app

    return _signed_in_app(db, monkeypatch, "werkgroep")  # the widest view of figures


def test_no_page_shows_a_hidden_figure(leak_db, secrets, monkeypatch, request):
    app = _app(leak_db, monkeypatch)
    try:
        lines = _run_pages(app, AREAS[request.node.callspec.params["leak_db"]])
        from dashboard import cached

        shared = cached.get_store()  # the app holds the file: read the choices through its store
        app.selectbox(key="flt_area").set_value("GM9999").run()
        # step 5: every outcome by every factor
        app.switch_page("app_pages/step_5_outcome.py").run()
        for indicator_id in indicators.indicators(shared, kind="outcome")["id"]:
            app.selectbox(key="s5_indicator").set_value(indicator_id).run()
            for factor in observations.group_factors(shared, indicator_id, "GM9999"):
                app.selectbox(key="s5_factor").set_value(factor).run()
                assert not app.exception
                lines += leak_check.apptest_lines(app)
        # Voor wie?: every indicator with groups, by every factor and pair, latest wave against the one before
        app.switch_page("app_pages/voor_wie.py").run()
        for indicator_id in breakdowns.indicators_with_groups(shared, "GM9999"):
            app.selectbox(key="vw_indicator").set_value(indicator_id).run()
            for factor in breakdowns.factors(shared, indicator_id, "GM9999", app.selectbox(key="vw_wave").value):
                app.selectbox(key="vw_factor").set_value(factor).run()
                assert not app.exception, [e.value for e in app.exception]
                lines += leak_check.apptest_lines(app)
    finally:
        _close_app()
    leaks = secrets.leaks(lines, "pagina")
    assert not leaks, f"{len(leaks)} lekken, bijvoorbeeld:\n" + "\n".join(leaks[:40])


def _wave_pairs(store: Store) -> list[tuple[str, str]]:
    waves = indicators.waves(store)
    pairs = []
    for _, part in waves.groupby("source"):
        labels = list(part["label"])
        pairs += list(zip(labels, labels[1:]))
    return pairs


def test_compare_exports_show_no_hidden_figure(leak_db, secrets, tmp_path):
    lines = []
    with Store(leak_db).as_system("tests") as store:
        for before, after in _wave_pairs(store):
            table = compare.compare_waves(store, before, after)
            for suffix in (".csv", ".xlsx"):
                path = compare_export.export(table, tmp_path / f"v{suffix}")
                read = (
                    pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig")
                    if suffix == ".csv"
                    else pd.read_excel(path, dtype=str)
                )
                lines += leak_check.frame_lines(read)
    leaks = secrets.leaks(lines, "export")
    assert not leaks, f"{len(leaks)} lekken, bijvoorbeeld:\n" + "\n".join(leaks[:40])


def test_minutes_show_no_hidden_figure(leak_db, secrets):
    with Store(leak_db).as_system("tests") as store:
        review_id = reviews.open_review(store, date(2026, 11, 24), "Lektest")
        # a change after opening, so the minutes of the open review list new figures, one of them small
        observations.save_observations(
            store,
            [
                Observation("weet_melden", "panel2025", "GM9999", "gender", g, 60.0, n)
                for g, n in (("man", 600), ("vrouw", 590), ("anders of zeg ik liever niet", 12))
            ],
        )
        ids = [review_id, *store.df("SELECT id FROM reviews")["id"]]
        text = "\n".join(to_markdown(minutes(store, int(i))) for i in dict.fromkeys(ids))
    leaks = secrets.leaks(text.splitlines(), "verslag")
    assert not leaks, f"{len(leaks)} lekken, bijvoorbeeld:\n" + "\n".join(leaks[:40])


def test_cli_outputs_show_no_hidden_figure(leak_db, secrets, tmp_path, capsys):
    db = tmp_path / "cli.duckdb"
    shutil.copy(leak_db, db)
    with Store(db).as_system("tests") as store:
        before, after = _wave_pairs(store)[-1]
    out = tmp_path / "vergelijking.csv"
    report = tmp_path / "verslag.md"
    runs = [
        ["list", "indicators"],
        ["list", "waves"],
        ["list", "notes"],
        ["info"],
        ["compare", "--from", before, "--to", after, "--out", out],
        ["review", "report", "--out", report],
    ]
    lines = []
    for args in runs:  # in this process: one Python start per command would cost seconds each
        code = main([*map(str, args), "--db", str(db)])
        printed = capsys.readouterr()
        assert code == 0, printed.err
        text = (printed.out + printed.err).splitlines()
        if args[:2] == ["list", "notes"]:  # a story's id is no figure: '3 | Taalcafé in Noord …'
            text = [re.sub(r"^\s*\d+ \| ", "", line) for line in text]
        lines += text
    lines += leak_check.frame_lines(pd.read_csv(out, sep=";", dtype=str, encoding="utf-8-sig"))
    lines += report.read_text(encoding="utf-8").splitlines()
    leaks = secrets.leaks(lines, "cli")
    assert not leaks, f"{len(leaks)} lekken, bijvoorbeeld:\n" + "\n".join(leaks[:40])


def test_raadsinformatie_shows_no_hidden_figure(leak_db, secrets):
    from io import BytesIO

    import docx

    from kompas.reports import raad
    from kompas.reports.document import to_docx
    from kompas.reports.raad_request import RaadRequest

    with Store(leak_db).as_system("tests") as store:
        wijken = tuple(store.df("SELECT code FROM areas WHERE level = 'wijk' ORDER BY code")["code"])
        counted = store.df("SELECT DISTINCT indicator_id FROM observations WHERE group_factor = 'gender'")
        requests = [
            RaadRequest("Per wijk en leeftijd?", ("weet_melden", "eenzaam", "thuis_buurt"), wijken, "leeftijd"),
            RaadRequest("Voor wie?", tuple(counted["indicator_id"]), (), "gender"),
            RaadRequest("Hele gemeente, leeftijd", ("eenzaam", "discriminatie"), (), "leeftijd"),
        ]
        lines = []
        for request in requests:
            sheet = raad.factsheet(raad.gather(store, request), with_charts=False)
            lines += [line for line in to_markdown(sheet).splitlines() if not line.startswith("|")]
            word = docx.Document(BytesIO(to_docx(sheet)))
            lines += [p.text for p in word.paragraphs]
            lines += [" | ".join(_as_labelled(tuple(c.text for c in row.cells))) for t in word.tables for row in t.rows]
    leaks = secrets.leaks(lines, "raadsinformatie")
    assert not leaks, f"{len(leaks)} lekken, bijvoorbeeld:\n" + "\n".join(leaks[:40])


def _as_labelled(row: tuple[str, ...]) -> tuple[str, ...]:
    """A factsheet table row (area, group, wave, value, interval, n) named the way the checker reads labels:
    by its group, or by its area for a total (the area of a group row is not that figure's label)."""
    if len(row) == 6 and row[1] not in ("Totaal", "Groep"):
        return ("",) + row[1:]
    return row


def test_two_versions_of_a_raad_document_together_give_no_hidden_figure_away(demo_copy):
    """A factsheet made before a figure was revised, and one made after: each shows no hidden figure, and the
    figures both versions publish together do not determine any hidden one (the same cells stay hidden)."""
    from kompas.reports import raad
    from kompas.reports.document import to_markdown
    from kompas.reports.raad_request import RaadRequest

    request = RaadRequest("Meldingen per wijk?", ("meldingen",), tuple(f"WK9999{i:02d}" for i in range(1, 9)))
    versions = []
    with Store(demo_copy).as_system("tests") as store:
        for name in ("revision-v1.csv", "revision-v2.csv"):
            security_cases.load(store, name)
            view = store.as_user("Els", "raad")
            text = to_markdown(raad.factsheet(raad.gather(view, request), with_charts=False))
            secrets = leak_check.Secrets.of(store)
            assert "Registratie 2027" in text and secrets.leaks(text.splitlines(), name) == []
            versions.append(suppression.stored_figures(store))
        assert leak_check.determined_across_versions(store, versions) == []
