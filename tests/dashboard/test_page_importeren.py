"""The import page (AppTest) on cases of tests/cases/imports: the dry run shows what would change, which
names became which codes and what is refused; saving stores what the case says, a refusal stores nothing."""

from pathlib import Path

from dashboard import cached

CASES = Path(__file__).parents[1] / "cases" / "imports"


def open_page(app, case: str, data: str, *, codes: tuple[str, ...] = (), wave: str = ""):
    app.switch_page("app_pages/importeren.py").run()
    folder = CASES / case
    app.file_uploader(key="imp_file").set_value((data, (folder / data).read_bytes(), "text/csv"))
    if (folder / "mapping.yaml").exists():
        app.file_uploader(key="imp_mapping").set_value(
            ("mapping.yaml", (folder / "mapping.yaml").read_bytes(), "application/yaml")
        )
    if codes:
        app.file_uploader(key="imp_codes").set_value([(c, (folder / c).read_bytes(), "text/csv") for c in codes])
    if wave:
        app.text_input(key="imp_wave").input(wave)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def value(sql: str, params=None):
    return cached.get_store().scalar(sql, params)


def test_a_file_of_another_source_makes_its_own_wave(app):
    open_page(app, "01-other-source-same-year", "input.csv")
    assert any("Nieuwe meting: CBS Inkomensstatistiek 2022 (bron CBS Inkomensstatistiek" in i.value for i in app.info)
    app.button(key="imp_save").click().run()
    assert "Opgeslagen: 1 nieuwe" in app.success[0].value
    assert (
        value(
            "SELECT o.value FROM observations o JOIN waves w ON w.id = o.wave_id WHERE w.source = "
            "'CBS Inkomensstatistiek' AND o.indicator_id = 'rondkomen' AND o.area_code = 'GM9999'"
        )
        == 7.5
    )
    assert (
        value(
            "SELECT n FROM observations WHERE indicator_id = 'rondkomen' AND wave_id = 'ggd2022' "
            "AND area_code = 'GM9999' AND group_factor = 'totaal'"
        )
        == 3801
    )


def test_a_revised_value_shows_old_and_new_and_clears_n_and_interval(app):
    open_page(app, "02-revised-value-without-uncertainty", "input.csv")
    shown = " ".join(t.value for t in app.text)
    assert "WK999902: 14,0 (n 558, interval 10,6–17,4) → 10,3 (zonder n, zonder interval)" in shown
    app.button(key="imp_save").click().run()
    assert (
        value(
            "SELECT n FROM observations WHERE indicator_id = 'eenzaam' AND wave_id = 'ggd2022' "
            "AND area_code = 'WK999902' AND group_factor = 'totaal'"
        )
        is None
    )


def test_a_name_at_the_wrong_level_is_refused_and_nothing_is_saved(app):
    before = value("SELECT count(*) FROM observations")
    open_page(app, "04-name-at-the-wrong-level", "input.csv")
    names = app.dataframe[0].value
    assert names.to_dict("records") == [
        {"Naam in het bestand": "Voorbeeldstad", "Code": "GM9999", "Niveau": "gemeente"}
    ]
    refused = app.dataframe[1].value
    assert "'Westerkwartier' is geen gemeente" in refused["Wat is er mis"].iloc[0]
    assert app.button(key="imp_save").disabled
    assert value("SELECT count(*) FROM observations") == before


def test_an_odata_bulk_download_with_its_code_lists_keeps_provisional_figures(app):
    open_page(
        app,
        "09-provisional-periods-in-a-codes-file",
        "Observations.csv",
        codes=("PeriodenCodes.csv", "MeasureCodes.csv"),
    )
    app.button(key="imp_save").click().run()
    assert (
        value(
            "SELECT o.provisional FROM observations o JOIN waves w ON w.id = o.wave_id WHERE "
            "w.source = 'CBS Armoedemonitor' AND year(w.period_end) = 2024 AND o.area_code = 'GM9999'"
        )
        is True
    )
