"""Deep links: a "Bekijk" link opens the exact figure (indicator, area, group, wave) on its step page,
the address follows the choice so it can be shared, and a step page remembers the figure per session."""

from dashboard.components import deep_link
from kompas.analysis import review_changes


def _open(at, page, params):
    at.query_params.clear()
    at.query_params.update(params)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_link_opens_the_exact_figure_and_the_address_follows(app):
    link = deep_link.query(
        {
            "indicator_id": "eenzaam",
            "area_code": "WK999904",
            "group_factor": "leeftijd",
            "wave_id": _a_wave(app, "eenzaam"),
        }
    )
    assert set(link) == {"cijfer", "gebied", "groep", "meting"}
    _open(app, "app_pages/step_5_outcome.py", link)
    assert app.selectbox(key="s5_indicator").value == "eenzaam"
    assert app.selectbox(key="s5_factor").value == "leeftijd"
    assert app.selectbox(key="flt_area").value == "WK999904"
    assert any("via een link naar de meting" in c.value for c in app.caption)
    app.selectbox(key="s5_indicator").set_value("thuis_buurt").run()  # the address follows the choice
    assert app.query_params["cijfer"] == "thuis_buurt" and "meting" not in app.query_params


def test_a_step_page_remembers_the_chosen_figure(app):
    app.switch_page("app_pages/step_5_outcome.py").run()
    app.selectbox(key="s5_indicator").set_value("thuis_buurt").run()
    app.selectbox(key="s5_factor").set_value("gender").run()
    app.switch_page("app_pages/verhalen.py").run()
    app.query_params.clear()
    app.switch_page("app_pages/step_5_outcome.py").run()
    assert app.selectbox(key="s5_indicator").value == "thuis_buurt"
    assert app.selectbox(key="s5_factor").value == "gender"
    app.switch_page("app_pages/step_4_input.py").run()
    box = app.selectbox(key="s4_indicator")
    chosen = _last_option(app, box)
    box.set_value(chosen).run()
    assert app.selectbox(key="s4_indicator").value == chosen
    app.switch_page("app_pages/start.py").run()
    app.switch_page("app_pages/step_4_input.py").run()
    assert app.selectbox(key="s4_indicator").value == chosen


def test_every_bekijk_beside_a_changed_figure_links_to_that_figure(store):
    from kompas.store import reviews

    first = int(reviews.reviews(store)["id"].iloc[-1])
    changes = review_changes.changes_since(store, first, "werkgroep")
    for row in changes.beyond_margin.to_dict("records")[:20]:
        link = deep_link.query(row)
        assert link["cijfer"] == row["indicator_id"] and link["gebied"] == row["area_code"]
        assert link["meting"] == row["wave_id"]
        assert ("groep" in link) == (row["group_factor"] != "totaal")


def _a_wave(app, indicator_id):
    from dashboard import cached

    store = cached.get_store()
    return store.scalar(
        "SELECT max(wave_id) FROM observations WHERE indicator_id = ? AND area_code = 'WK999904'", [indicator_id]
    )


def _last_option(app, box):
    """The last output indicator in the list (not the one shown first)."""
    from dashboard import cached

    store = cached.get_store()
    ids = store.df("SELECT id, title FROM indicators WHERE kind = 'output'")
    by_title = dict(zip(ids["title"], ids["id"]))
    return by_title[box.options[-1]]
