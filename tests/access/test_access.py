"""Per role, the library returns only what that role may see, and refuses writes by lezer and raad."""

import json
from datetime import date

import pytest

from kompas.analysis import compare, review_changes
from kompas.domain.errors import NotAllowedError
from kompas.domain.model import Note, Reflection
from kompas.domain.roles import Access
from kompas.store import observations, reviews, stories
from tests.cli_run import run_cli

ROLES = ["werkgroep", "lezer", "raad"]
ALLOWED = {"werkgroep": {"openbaar", "werkgroep"}, "lezer": {"openbaar", "werkgroep"}, "raad": {"openbaar"}}
PROVISIONAL_WAVE = "vm2025"  # made provisional in these tests: the council must not see it


@pytest.fixture
def provisional(store):
    """The store with the latest survey wave marked provisional, as CBS does with new figures."""
    with store.transaction() as cur:
        cur.execute("UPDATE observations SET provisional = true WHERE wave_id = ?", [PROVISIONAL_WAVE])
    return store


def visibility_of(store, ids) -> set[str]:
    return set(
        store.df("SELECT visibility FROM notes WHERE list_contains(?, id)", [[int(i) for i in ids]])["visibility"]
    )


@pytest.mark.parametrize("role", ROLES)
def test_story_queries_return_only_what_the_role_may_see(store, role):
    view = store.as_user("Iemand", role)
    for asked in ("werkgroep", "openbaar", "intern"):
        found = stories.notes(view, asked)
        assert not found.empty
        assert visibility_of(store, found["id"]) <= ALLOWED[role]
    assert visibility_of(store, stories.notes(view, "werkgroep")["id"]) == ALLOWED[role]
    hidden = store.df("SELECT id FROM notes WHERE NOT list_contains(?, visibility)", [sorted(ALLOWED[role])])["id"]
    for note_id in hidden:
        with pytest.raises(Exception, match="bestaat niet"):
            stories.get_note(view, int(note_id))
    if role == "raad":
        assert stories.hidden_count(view, "werkgroep") == 0  # not even how many


def test_intern_stories_only_for_their_author(store):
    author = store.scalar("SELECT author FROM notes WHERE visibility = 'intern' LIMIT 1")
    theirs = set(store.df("SELECT id FROM notes WHERE visibility = 'intern' AND author = ?", [author])["id"])
    assert theirs
    as_author = set(stories.notes(store.as_user(author, "werkgroep"), "werkgroep")["id"])
    as_other = set(stories.notes(store.as_user("Iemand anders", "werkgroep"), "werkgroep")["id"])
    assert theirs <= as_author and not theirs & as_other
    assert not theirs & set(stories.notes(store.as_user(author, "lezer"), "werkgroep")["id"])
    assert not theirs & set(stories.notes(store.as_user(author, "werkgroep"), "openbaar")["id"])


@pytest.mark.parametrize("role", ROLES)
def test_figure_reads_leave_out_provisional_figures_for_the_council(provisional, role):
    view = provisional.as_user("Iemand", role)
    waves = set(observations.series(view, "thuis_buurt", "GM9999")["wave_id"])
    latest = set(observations.latest_totals(view, "GM9999", ["thuis_buurt"])["wave_id"])
    assert (PROVISIONAL_WAVE in waves) == (role != "raad")
    assert (PROVISIONAL_WAVE in latest) == (role != "raad")
    suppressed = observations.series(view, "thuis_buurt", "GM9999", "gender")
    assert suppressed[suppressed["suppressed"]]["value"].isna().all()  # never a hidden cell, for any role


@pytest.mark.parametrize("role", ROLES)
def test_compare_page_data_follows_the_role(provisional, role):
    view = provisional.as_user("Iemand", role)
    table = compare.compare_waves(view, "Veiligheidsmonitor 2023", "Veiligheidsmonitor 2025")
    assert table.empty == (role == "raad")  # the second wave is provisional: nothing public to compare
    found = compare.stories_for(view, "thuis_buurt", "Veiligheidsmonitor 2023", "Veiligheidsmonitor 2025", "werkgroep")
    assert visibility_of(provisional, found["id"]) <= ALLOWED[role]


@pytest.mark.parametrize("role", ROLES)
def test_review_change_lists_follow_the_role(provisional, role):
    first = int(provisional.scalar("SELECT min(id) FROM reviews"))
    view = provisional.as_user("Iemand", role)
    changes = review_changes.changes_since(view, first, "werkgroep")
    owner = review_changes.changes_since(provisional, first, "werkgroep")
    assert visibility_of(provisional, changes.new_stories["note_id"]) <= ALLOWED[role]
    provisional_shown = changes.new_observations["wave_id"].eq(PROVISIONAL_WAVE).any()
    if role == "raad":
        assert not provisional_shown
    else:
        assert provisional_shown == owner.new_observations["wave_id"].eq(PROVISIONAL_WAVE).any()


@pytest.mark.parametrize("role", ["lezer", "raad"])
def test_writes_by_lezer_and_raad_are_refused_before_any_change(store, role):
    view = store.as_user("Iemand", role)
    before = store.scalar("SELECT count(*) FROM notes"), store.scalar("SELECT count(*) FROM audit_log")
    note_id = int(store.scalar("SELECT min(id) FROM notes"))
    attempts = [
        lambda: stories.save_note(view, Note("Titel", "Tekst", date(2025, 1, 1), "wijkgesprek", "werkgroep", True)),
        lambda: stories.delete_note(view, note_id),
        lambda: reviews.open_review(view, date(2026, 11, 24), "Nieuw"),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowedError, match="alleen de werkgroep"):
            attempt()
    with pytest.raises(NotAllowedError, match="niet rechtstreeks"):  # and no raw write from outside the library
        view.set_info("municipality", "Elders")
    assert (store.scalar("SELECT count(*) FROM notes"), store.scalar("SELECT count(*) FROM audit_log")) == before
    assert store.info("municipality") == "Voorbeeldstad"


def test_werkgroep_writes_and_is_named_as_author(store):
    view = store.as_user("Fatima", "werkgroep")
    note_id = stories.save_note(
        view, Note("Nieuw verhaal", "Tekst", date(2025, 1, 1), "wijkgesprek", "werkgroep", True)
    )
    assert stories.get_note(store, note_id).author == "Fatima"
    from kompas.store.reflections import add_reflection

    reflection_id = add_reflection(view, Reflection("gaat_goed", "Het buurthuis loopt vol."))
    assert store.scalar("SELECT author FROM reflections WHERE id = ?", [reflection_id]) == "Fatima"


def test_a_role_asks_at_most_its_own_audience():
    assert Access("raad", "x").audience("werkgroep") == "openbaar"
    assert Access("lezer", "x").audience("intern") == "werkgroep"
    assert Access("werkgroep", "x").audience("openbaar") == "openbaar"
    with pytest.raises(ValueError):
        Access("beheerder", "x")


@pytest.mark.parametrize("role", ROLES)
def test_cli_list_notes_obeys_the_role(demo_db, role):
    result = run_cli("list", "notes", "--db", demo_db, "--json", "--role", role, "--audience", "werkgroep")
    assert result.returncode == 0, result.stderr
    assert {item["visibility"] for item in json.loads(result.stdout)} == ALLOWED[role]


def test_cli_compare_and_report_as_raad(provisional, tmp_path):
    provisional.close()
    db = provisional.path
    out = tmp_path / "vergelijking.csv"
    for role in ("werkgroep", "raad"):
        result = run_cli(
            "compare",
            "--db",
            db,
            "--from",
            "Veiligheidsmonitor 2023",
            "--to",
            "Veiligheidsmonitor 2025",
            "--out",
            out,
            "--role",
            role,
        )
        assert result.returncode == 0, result.stderr
        rows = out.read_text(encoding="utf-8-sig").strip().splitlines()
        assert (len(rows) == 1) == (role == "raad")  # the council: only the header, no provisional figures
    report = tmp_path / "verslag.md"
    refused = run_cli("review", "report", "--db", db, "--out", report, "--role", "raad")
    assert refused.returncode != 0 and "alleen voor de werkgroep" in refused.stderr and not report.exists()
    from kompas.store import reviews
    from kompas.store.connection import Store

    with Store(db).as_system("tests") as store:
        reviews.update_review(store, int(reviews.reviews(store)["id"][0]), minutes_visibility="openbaar")
    assert run_cli("review", "report", "--db", db, "--out", report, "--role", "raad").returncode == 0
    text = report.read_text(encoding="utf-8")
    with Store(db).as_system("tests") as store:
        private = store.df("SELECT title FROM notes WHERE visibility <> 'openbaar'")["title"]
        assert not [t for t in private if t in text]
        assert not [name for name in reviews.members(store, active_only=False)["name"] if name in text]
        logged = store.df("SELECT role, action, object_kind FROM audit_log WHERE action = 'geëxporteerd'")
    assert {("werkgroep", "vergelijking"), ("raad", "vergelijking"), ("raad", "verslag")} <= set(
        zip(logged["role"], logged["object_kind"])
    )


def test_cli_import_as_lezer_is_refused(demo_copy, tmp_path):
    sample = tmp_path / "nieuw.csv"
    sample.write_text(
        "indicator,wave,area_code,group_factor,group_value,value,n,ci_low,ci_high\n"
        "thuis_buurt,Veiligheidsmonitor 2027,GM9999,,,88,2600,86.7,89.3\n",
        encoding="utf-8",
    )
    result = run_cli("import", sample, "--db", demo_copy, "--role", "lezer")
    assert result.returncode == 1 and "alleen de werkgroep" in result.stderr


def test_review_changes_have_provisional_figures_to_hide(provisional):
    """Guards the test above: the werkgroep does see provisional new figures, so hiding them means something."""
    first = int(provisional.scalar("SELECT min(id) FROM reviews"))
    owner = review_changes.changes_since(provisional, first, "werkgroep")
    assert owner.new_observations["wave_id"].eq(PROVISIONAL_WAVE).any()


# --- the app: the same rules, and no edit forms for those who may not edit ------------------------------------
def _texts(at) -> str:
    return "\n".join(
        e.value
        for e in list(at.markdown) + list(at.caption) + list(at.info) + list(at.expander)
        if isinstance(getattr(e, "value", None), str)
    ) + "\n".join(e.label for e in at.expander)


def _go(at, page):
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("role", ["lezer", "raad"])
def test_app_shows_no_edit_forms_to_readers(app_as, role):
    at = app_as(role)
    _go(at, "app_pages/verhalen.py")
    assert not [t for t in at.text_input if str(t.key).startswith("verhalen_new")]
    assert not [s for s in at.selectbox if s.key == "verhalen_edit_id"]
    _go(at, "app_pages/step_5_outcome.py")
    assert "Verhaal toevoegen bij dit cijfer" not in [e.label for e in at.expander]
    assert not [t for t in at.text_input if "_form_" in str(t.key)]
    from dashboard.components import menu

    in_menu = {
        script for script, _, _ in menu.scripts_for(role)
    }  # the rest is unreachable: tests/dashboard/test_menu.py
    for page in {
        "app_pages/beheer.py",
        "app_pages/importeren.py",
        "app_pages/step_6_verbetercyclus.py",
        "app_pages/bespreking.py",
    } & in_menu:
        _go(at, page)
        assert any("alleen de werkgroep" in i.value for i in at.info), page
    assert not [b for b in at.button if b.key in ("bespreking_open_submit", "beheer_node_save", "s6_submit_0")]


def test_app_for_raad_shows_only_public_stories_and_no_view_switch(app_as):
    at = app_as("raad")
    _go(at, "app_pages/verhalen.py")
    assert not [r for r in at.radio if r.key == "flt_audience"]
    from dashboard import cached

    store = cached.get_store()
    private = store.df("SELECT title FROM notes WHERE visibility <> 'openbaar'")["title"]
    public = store.df("SELECT title FROM notes WHERE visibility = 'openbaar'")["title"]
    shown = _texts(at).replace("\\", "")
    assert [t for t in public if t in shown]
    assert not [t for t in private if f"**{t}**" in shown]


def test_app_for_lezer_shows_werkgroep_stories(app_as):
    at = app_as("lezer")
    _go(at, "app_pages/verhalen.py")
    assert "alleen werkgroep" in _texts(at)


def test_werkgroep_preview_as_public_reads_as_the_council(app):
    _go(app, "app_pages/verhalen.py")
    assert [s for s in app.selectbox if s.key == "verhalen_edit_id"]
    app.radio(key="flt_audience").set_value("openbaar").run()
    assert "alleen werkgroep" not in _texts(app)
    assert not [s for s in app.selectbox if s.key == "verhalen_edit_id"]
    assert "Ingelogd als **Test werkgroep**" in _texts(app)


def test_app_compare_page_for_raad_leaves_out_provisional_figures(app_as, demo_copy):
    from kompas.store.connection import Store

    with Store(demo_copy).as_system("tests") as store:
        with store.transaction() as cur:
            cur.execute(
                "UPDATE observations SET provisional = true WHERE wave_id = ? AND area_code = 'WK999906'",
                [PROVISIONAL_WAVE],
            )
    for role, shown in (("werkgroep", True), ("raad", False)):
        at = app_as(role)
        _go(at, "app_pages/vergelijken.py")
        table = next(d.value for d in at.dataframe if "Verhalen" in d.value.columns)  # all changes
        assert ("Havenkwartier" in set(table["Gebied"])) == shown, role
        assert "Voorbeeldstad" in set(table["Gebied"])
