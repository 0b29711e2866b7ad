from datetime import date

import pytest

from kompas.domain.errors import NotFoundError, ValidationError
from kompas.domain.model import FigureLink, Note
from kompas.store import stories
from kompas.store.stories import NoteFilter


def _note(**changes):
    base = dict(
        title="Nieuwe buren",
        body="Bewoners vertellen over de nieuwbouw.",
        note_date=date(2025, 9, 1),
        source_kind="wijkgesprek",
        visibility="werkgroep",
        consent=True,
        area_code="WK999906",
        factors=("leeftijd",),
        indicator_ids=("thuis_buurt",),
        node_ids=("res_thuis",),
        wave_ids=("vm2025",),
        figures=(FigureLink("thuis_buurt", "vm2025", "WK999906", stance="verklaart"),),
    )
    base.update(changes)
    return Note(**base)


def test_round_trip_with_all_links(store):
    note_id = stories.save_note(store, _note())
    back = stories.get_note(store, note_id)
    assert back == _note(id=note_id)


def test_edit_replaces_links_and_keeps_id(store):
    note_id = stories.save_note(store, _note())
    edited = _note(id=note_id, title="Aangepast", figures=(), indicator_ids=("spanningen",))
    assert stories.save_note(store, edited) == note_id
    back = stories.get_note(store, note_id)
    assert back.title == "Aangepast" and back.figures == () and back.indicator_ids == ("spanningen",)


def test_delete_removes_note_and_every_link(store):
    note_id = stories.save_note(store, _note())
    stories.delete_note(store, note_id)
    for table in ("notes", "note_nodes", "note_indicators", "note_waves", "note_figures"):
        column = "id" if table == "notes" else "note_id"
        assert store.scalar(f"SELECT count(*) FROM {table} WHERE {column} = ?", [note_id]) == 0
    with pytest.raises(NotFoundError):
        stories.delete_note(store, note_id)


@pytest.mark.parametrize(
    "changes,field",
    [
        (dict(title=" "), "title"),
        (dict(consent=None), "consent"),
        (dict(visibility="openbaar", consent=False), "consent"),
        (dict(note_date=date(2999, 1, 1)), "note_date"),
        (dict(source_kind="roddel"), "source_kind"),
        (dict(indicator_ids=("bestaat_niet",)), "indicator_ids"),
        (dict(area_code="WK000000"), "area_code"),
        (dict(figures=(FigureLink("thuis_buurt", "vm2025", "BU99990601"),)), "figures"),
    ],
)
def test_invalid_note_is_refused_and_nothing_is_saved(store, changes, field):
    before = [store.scalar(f"SELECT count(*) FROM {t}") for t in ("notes", "note_indicators", "note_figures")]
    with pytest.raises(ValidationError) as caught:
        stories.save_note(store, _note(**changes))
    assert field in caught.value.errors
    after = [store.scalar(f"SELECT count(*) FROM {t}") for t in ("notes", "note_indicators", "note_figures")]
    assert after == before


def test_audiences_see_only_their_levels(store):
    ids = {
        v: stories.save_note(store, _note(title=f"Test {v}", visibility=v, consent=True))
        for v in ("intern", "werkgroep", "openbaar")
    }
    where = NoteFilter(text="Test ")
    werkgroep = set(stories.notes(store, "werkgroep", where)["id"])
    openbaar = set(stories.notes(store, "openbaar", where)["id"])
    assert werkgroep == {ids["werkgroep"], ids["openbaar"]}
    assert openbaar == {ids["openbaar"]}
    assert stories.hidden_count(store, "openbaar", where) == 2
    assert stories.hidden_count(store, "werkgroep", where) == 1
    assert set(stories.notes(store, "intern", where)["id"]) == set(ids.values())
    with pytest.raises(ValueError):
        stories.notes(store, "iedereen")


def test_area_filter_keeps_wijk_its_buurten_and_gemeente_wide_stories(store):
    mine = stories.save_note(store, _note(title="Zzz buurt", area_code="BU99990601", figures=()))
    town = stories.save_note(store, _note(title="Zzz stad", area_code=None, figures=()))
    other = stories.save_note(store, _note(title="Zzz elders", area_code="WK999901", figures=()))
    found = set(stories.notes(store, "werkgroep", NoteFilter(area_code="WK999906", text="Zzz"))["id"])
    assert found == {mine, town}
    assert other not in found


def test_indicator_filter_finds_direct_and_figure_links(store):
    only_figure = stories.save_note(store, _note(indicator_ids=(), title="Alleen cijfer"))
    found = stories.notes(store, "werkgroep", NoteFilter(indicator_id="thuis_buurt"))
    assert only_figure in set(found["id"])
    links = stories.figure_links(store, "thuis_buurt", [only_figure])
    assert links.iloc[0]["stance"] == "verklaart" and links.iloc[0]["wave_label"] == "Veiligheidsmonitor 2025"


def test_search_treats_wildcards_literally(store):
    stories.save_note(store, _note(title="100% tevreden"))
    assert len(stories.notes(store, "werkgroep", NoteFilter(text="100%"))) == 1
    assert len(stories.notes(store, "werkgroep", NoteFilter(text="0%_"))) == 0


def test_note_is_not_mutated_by_with_links():
    note = _note()
    changed = note.with_links(node_ids=("oc_kennen",))
    assert note.node_ids == ("res_thuis",) and changed.node_ids == ("oc_kennen",)


def test_programme_filter_finds_stories_linked_only_to_a_figure(store):
    only_figure = stories.save_note(store, _note(indicator_ids=(), node_ids=(), title="Alleen een cijfer"))
    assert only_figure in set(stories.notes(store, "werkgroep", NoteFilter(programme_id="verbinding"))["id"])
    assert only_figure not in set(stories.notes(store, "werkgroep", NoteFilter(programme_id="talent"))["id"])
