"""The stories of a whole page of figures, read at once, equal what the per-figure reads give, per role."""

from datetime import date

import pandas as pd
import pytest

from kompas.domain.model import FigureLink, Note
from kompas.store import indicators, stories
from kompas.store.stories import FigureStories, NoteFilter

ROLES = ["werkgroep", "lezer", "raad"]


def _plain(value):
    """One comparable Python value (numpy arrays and missing values differ only in form)."""
    if value is None or (not hasattr(value, "__len__") and pd.isna(value)):
        return None
    return value.tolist() if hasattr(value, "tolist") else value


def _rows(rows) -> list[dict]:
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
    return [{k: _plain(v) for k, v in r.items()} for r in records]


def _per_figure(view, audience, indicator_id, area_code, years) -> tuple[list, list, int]:
    where = NoteFilter(indicator_id=indicator_id, area_code=area_code, years=years)
    found = stories.notes(view, audience, where)
    links = stories.figure_links(view, indicator_id, list(found["id"]), area_code) if len(found) else []
    return _rows(found), _rows(links), stories.hidden_count(view, audience, where)


def _readers(store) -> list[tuple[str, str]]:
    author = store.scalar("SELECT author FROM notes WHERE visibility = 'intern' LIMIT 1")
    return [("werkgroep", author), ("werkgroep", "Iemand anders"), ("lezer", author), ("raad", "Raadslid")]


@pytest.mark.parametrize("area_level", [None, "gemeente", "wijk"])
@pytest.mark.parametrize("years", [None, (2024, 2025)])
def test_figure_stories_equal_the_per_figure_reads_for_every_role(store, area_level, years):
    area = (
        None
        if area_level is None
        else store.scalar(  # the area of this level with most figure links
            "SELECT f.area_code FROM note_figures f JOIN areas a ON a.code = f.area_code WHERE a.level = ? "
            "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
            [area_level],
        )
    )
    ids = list(store.df("SELECT id FROM indicators ORDER BY id")["id"])
    seen_notes = seen_links = seen_hidden = 0
    for role, user in _readers(store):
        view = store.as_user(user, role)
        for audience in ("werkgroep", "openbaar"):
            page = stories.figure_stories(view, audience, None, area, years)
            assert set(page) <= set(ids)
            for indicator_id in ids:
                found = page.get(indicator_id, FigureStories())
                expected = _per_figure(view, audience, indicator_id, area, years)
                assert (_rows(found.notes), _rows(found.links), found.hidden) == expected, (
                    role,
                    audience,
                    indicator_id,
                )
                seen_notes += len(found.notes)
                seen_links += len(found.links)
                seen_hidden += found.hidden
    assert seen_notes and seen_links and seen_hidden  # the demo has stories, figure links and hidden ones here


def test_only_the_asked_indicators_are_read(store):
    view = store.as_user("Iemand", "lezer")
    everything = stories.figure_stories(view, "werkgroep")
    some = sorted(everything)[:2]
    assert len(everything) > 2
    asked = stories.figure_stories(view, "werkgroep", some)
    assert list(asked) == some
    for indicator_id in some:
        for part in ("notes", "links"):
            assert _rows(getattr(asked[indicator_id], part)) == _rows(getattr(everything[indicator_id], part))
        assert asked[indicator_id].hidden == everything[indicator_id].hidden
    assert stories.figure_stories(view, "werkgroep", []) == {}


def test_the_council_sees_only_public_stories_and_no_hidden_count(store):
    view = store.as_user("Raadslid", "raad")
    for asked in ("werkgroep", "openbaar"):
        for found in stories.figure_stories(view, asked).values():
            assert {n["visibility"] for n in found.notes} <= {"openbaar"}
            assert found.hidden == 0
    werkgroep_view = store.as_user("Iemand", "lezer")
    assert any(f.hidden for f in stories.figure_stories(werkgroep_view, "openbaar").values())


def test_an_intern_story_beside_a_figure_is_only_for_its_author(store):
    note = Note(
        title="Eigen aantekening",
        body="Nog uitzoeken.",
        note_date=date(2025, 9, 1),
        source_kind="wijkgesprek",
        visibility="intern",
        consent=False,
        area_code="WK999906",
        indicator_ids=(),
        author="Anna",
        figures=(FigureLink("thuis_buurt", "vm2025", "WK999906", stance="verklaart"),),
    )
    note_id = stories.save_note(store, note)

    def page(user, role):
        return stories.figure_stories(store.as_user(user, role), "werkgroep", ["thuis_buurt"], "WK999906")[
            "thuis_buurt"
        ]

    mine = page("Anna", "werkgroep")
    assert note_id in {n["id"] for n in mine.notes}
    assert {link["note_id"] for link in mine.links} >= {note_id}
    other = page("Bert", "werkgroep")
    assert note_id not in {n["id"] for n in other.notes}
    assert note_id not in {link["note_id"] for link in other.links}
    assert other.hidden == mine.hidden + 1
    assert note_id not in {n["id"] for n in page("Anna", "lezer").notes}


def test_indicators_by_id_equal_get_indicator(store):
    found = indicators.indicators_by_id(store)
    assert list(found) == sorted(indicators.indicators(store)["id"])
    for indicator_id, indicator in found.items():
        assert indicator == indicators.get_indicator(store, indicator_id)


def _hidden_in(captions: list[str]) -> int:
    found = [int(c.split()[0]) for c in captions if c.endswith("niet zichtbaar in deze weergave.")]
    return sum(found)


@pytest.mark.parametrize("role", ROLES)
def test_step_6_shows_beside_each_figure_what_the_per_figure_reads_give(app_as, role):
    """Per figure: the count in the expander, the stories, their links to exact figures and the hidden count."""
    from dashboard import cached

    at = app_as(role)
    at.switch_page("app_pages/step_6_verbetercyclus.py").run()
    assert not at.exception
    flt = at.session_state["filters"]
    view = cached.get_store().as_user(f"Test {role}", role)
    expected = []
    for indicator_id in indicators.indicators(view, flt.programme_id)["id"]:
        found, links, hidden = _per_figure(view, flt.audience, indicator_id, flt.area_code, flt.years)
        expected.append((len(found), len(links), hidden if flt.audience != "openbaar" else 0))
    shown = []
    for box in at.expander:
        if not box.label.startswith("Verhalen bij dit cijfer"):
            continue
        count = int(box.label.rsplit("(", 1)[1].rstrip(")"))
        link_lines = [m.value for m in box.markdown if m.value.startswith("↳")]
        shown.append((count, len(link_lines), _hidden_in([c.value for c in box.caption])))
    assert sorted(shown) == sorted(expected)
    assert any(count for count, _, _ in shown) and any(links for _, links, _ in shown)
    assert any(hidden for _, _, hidden in shown) == (role != "raad")


def test_a_council_session_never_gets_the_werkgroep_stories_a_shared_cache_holds(app_as):
    """The page's stories are shared between sessions (cache_resource): keyed on role and person, so a
    council member after a werkgroep member in the same process sees only public stories."""
    from streamlit.testing.v1 import AppTest

    from dashboard import cached
    from dashboard.session import SIGNED_IN
    from kompas.domain.roles import Access
    from tests.conftest import APP

    werkgroep = app_as("werkgroep")
    werkgroep.switch_page("app_pages/step_6_verbetercyclus.py").run()
    assert "alleen werkgroep" in "\n".join(c.value for c in werkgroep.caption)

    council = AppTest.from_file(str(APP), default_timeout=30)  # same process, caches not emptied
    council.session_state[SIGNED_IN] = Access("raad", "Raadslid")
    council.run()
    council.switch_page("app_pages/step_6_verbetercyclus.py").run()
    assert not council.exception
    captions = "\n".join(c.value for c in council.caption)
    assert "alleen werkgroep" not in captions and "intern" not in captions
    assert "niet zichtbaar in deze weergave" not in captions
    private = cached.get_store().df("SELECT title FROM notes WHERE visibility <> 'openbaar'")["title"]
    shown = "\n".join(m.value for m in council.markdown)
    assert not [t for t in private if f"**{t}**" in shown]
