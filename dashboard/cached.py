"""The store for this app process, and cached reads keyed on the data they depend on.

One Store per process (st.cache_resource); every call takes its own cursor inside it. Pages get
it as the signed-in person's view (``get_store``): the role limits every read and write.
Cached reads carry ``store.path``, ``store.data_version`` and the reader's role and name in their
key, so a write in any session makes every session read fresh data on its next run, and one
role never gets another role's cached answer.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import numpy as np
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.session import effective  # the entry script signs in before any page
from kompas.access import sign_in as sign_in_mod
from kompas.analysis import findings, review_changes
from kompas.domain import roles as access_mod
from kompas.domain import settings
from kompas.domain.errors import KompasError, NotFoundError
from kompas.domain.model import Indicator
from kompas.reports import raad_evidence as raad_evidence_mod
from kompas.reports.raad_request import RaadRequest
from kompas.store import areas, gemeente_setup, indicators, observations, permissions, reviews, stories, toc
from kompas.store.connection import Store, StoreView


@st.cache_resource
def open_store() -> Store:
    """The one Store of this process, shared by all sessions: the raw file, for this module (and tests) only.
    Pages use ``get_store``; ``tests/access/test_one_door.py`` checks that no other dashboard module calls this."""
    permissions.apply_umask()  # files this process writes (write-ahead log, exports): owner only
    return Store(settings.get("db_path"))


def get_store() -> StoreView:
    """The store as the person signed in to this browser session sees it: the only store a page gets.

    Outside a running app session (test code, a notebook) there is no person: the system's view
    (``Store.as_system``). In a session nobody has signed in to, ``KompasError``.
    """
    store = open_store()
    if get_script_run_ctx() is None:
        return store.as_system("buiten de app: tests of een notebook")
    access = effective()
    if access is None:
        raise KompasError("Log eerst in.")
    return store.as_user(access.user, access.role)


def sign_in(accounts_path: str, guard: sign_in_mod.Guard, name: str, password: str, client: str) -> sign_in_mod.Outcome:
    """``kompas.access.sign_in.attempt`` on this process's store: nobody is signed in yet, so the sign-in
    screen reads and logs as the system ('inlogscherm')."""
    return sign_in_mod.attempt(open_store().as_system("inlogscherm"), accounts_path, guard, name, password, client)


def setup_status() -> gemeente_setup.SetupStatus:
    """Whether the store still needs setting up (also before sign-in: it chooses the start page), read again
    only when its data changed."""
    store = open_store().as_system("startpagina kiezen")
    return _setup_status(store, store.path, store.data_version)


@st.cache_data(max_entries=4)
def _setup_status(_store: StoreView, path: str, data_version: int) -> gemeente_setup.SetupStatus:
    return gemeente_setup.status(_store)


def version(store: StoreView) -> tuple:
    access = access_mod.of(store)
    return (store.path, store.data_version, access.role, access.user)


def series(
    store: StoreView, key: tuple, indicator_id: str, area_code: str, group_factor: str | None, years: tuple[int, int]
) -> pd.DataFrame:
    """One indicator in one area, as ``observations.series``; the caller gets its own copy."""
    if group_factor is None:  # pages show many totals for one area: read them all at once
        frame, rows = _area_totals(store, key, area_code, years)
        return frame.take(rows.get(indicator_id, [])).reset_index(drop=True)  # take: a copy of its own
    return _series_with_groups(store, key, indicator_id, area_code, group_factor, years)


@st.cache_data(ttl=600, max_entries=2000, show_spinner=False)
def _series_with_groups(
    _store: StoreView, key: tuple, indicator_id: str, area_code: str, group_factor: str, years: tuple[int, int]
) -> pd.DataFrame:
    return observations.series(_store, indicator_id, area_code, group_factor, years)


@st.cache_resource(ttl=600, max_entries=50, show_spinner=False)
def _area_totals(_store: StoreView, key: tuple, area_code: str, years: tuple[int, int]):
    """Every indicator's totals in the area with each one's rows (``observations.totals_by_indicator``).
    Shared, not copied per call (cache_resource): ``series`` hands out copies, ``judged`` only reads it."""
    return observations.totals_by_indicator(observations.totals_for_area(_store, area_code, years))


@st.cache_data(ttl=600, max_entries=20, show_spinner=False)
def area_table(_store: StoreView, key: tuple) -> pd.DataFrame:
    """All areas (the sidebar reads them on every run; nationally that is 18,000 rows)."""
    return areas.areas(_store)


@st.cache_data(ttl=600, max_entries=2000, show_spinner=False)
def notes(_store: StoreView, key: tuple, audience: str, where: stories.NoteFilter) -> pd.DataFrame:
    return stories.notes(_store, audience, where)


@st.cache_data(ttl=600, max_entries=2000, show_spinner=False)
def hidden_count(_store: StoreView, key: tuple, audience: str, where: stories.NoteFilter) -> int:
    return stories.hidden_count(_store, audience, where)


@st.cache_data(ttl=600, max_entries=2000, show_spinner=False)
def figure_links(_store: StoreView, key: tuple, indicator_id: str, note_ids: tuple[int, ...], area_code: str):
    return stories.figure_links(_store, indicator_id, list(note_ids), area_code)


def indicator(store: StoreView, key: tuple, indicator_id: str) -> Indicator:
    """One indicator, as ``indicators.get_indicator``, from one read of them all."""
    found = _indicators_by_id(store, key).get(indicator_id)
    if found is None:
        raise NotFoundError("Indicator", indicator_id)
    return found


@st.cache_resource(ttl=600, max_entries=50, show_spinner=False)
def _indicators_by_id(_store: StoreView, key: tuple) -> dict[str, Indicator]:
    """Shared (cache_resource): frozen dataclasses, nobody can change them."""
    return indicators.indicators_by_id(_store)


def figure_stories(
    store: StoreView, key: tuple, audience: str, indicator_id: str, area_code: str, years: tuple[int, int]
) -> stories.FigureStories:
    """The stories beside one indicator's figure (``stories.figure_stories``): all figures of every
    page with this area, period and view share one read."""
    return _figure_stories(store, key, audience, area_code, years).get(indicator_id, stories.FigureStories())


@st.cache_resource(ttl=600, max_entries=200, show_spinner=False)
def _figure_stories(
    _store: StoreView, key: tuple, audience: str, area_code: str, years: tuple[int, int]
) -> dict[str, stories.FigureStories]:
    """Shared, not copied per call (cache_resource): only read, never changed. ``key`` holds the role
    and the person, so one view never gets another's stories."""
    return stories.figure_stories(_store, audience, None, area_code, years)


@st.cache_resource(ttl=600, max_entries=300, show_spinner=False)
def chart(key: tuple, what: tuple, _build: Callable[[], object]):
    """A plotly figure made by ``_build()``, kept per ``key`` (``version``: store, data version, role,
    person) and ``what`` (everything else the figure shows, as the caller names it): a rerun shows the
    same figure without building it again. Shared, never changed: ``st.plotly_chart`` reads it through a copy."""
    return _build()


@st.cache_resource(ttl=600, max_entries=50, show_spinner=False)
def toc_graph(_store: StoreView, key: tuple, programme_id: str | None) -> nx.DiGraph:
    """``toc.graph`` of the programme (None: all). Shared: pages only read it."""
    return toc.graph(_store, programme_id)


@st.cache_data(ttl=600, max_entries=200, show_spinner=False)
def edge_table(
    _store: StoreView, key: tuple, programme_id: str | None = None, node_id: str | None = None
) -> pd.DataFrame:
    return toc.edges(_store, programme_id, node_id)


def clear_data() -> None:
    """Empty every data cache of this process (the store stays open): the next run reads from the store."""
    st.cache_data.clear()
    for resource in (
        _area_totals,
        _indicators_by_id,
        _figure_stories,
        review_news,
        chart,
        toc_graph,
        _every_indicator,
        _every_node,
    ):
        resource.clear()
    areas.forget_scopes(open_store())


@st.cache_data(ttl=600, max_entries=200, show_spinner=False)
def indicator_table(_store: StoreView, key: tuple, programme_id: str | None, kind: str | None = None) -> pd.DataFrame:
    """``indicators.indicators(store, programme_id, kind)``, cut from one read of them all (same rows, order)."""
    every = _every_indicator(_store, key)
    keep = np.ones(len(every), dtype=bool)
    if programme_id is not None:
        keep &= (every["programme_id"] == programme_id).to_numpy(dtype=bool)
    if kind is not None:
        keep &= (every["kind"] == kind).to_numpy(dtype=bool)
    return every[keep].reset_index(drop=True)


@st.cache_resource(ttl=600, max_entries=20, show_spinner=False)
def _every_indicator(_store: StoreView, key: tuple) -> pd.DataFrame:
    """Shared, never changed: the cached tables above are cut from it."""
    return indicators.indicators(_store)


@st.cache_data(ttl=600, max_entries=20, show_spinner=False)
def filter_choices(_store: StoreView, key: tuple) -> tuple[pd.DataFrame, str | None, tuple[int, int]]:
    """What the sidebar filter offers on every run: the programmes, the one it starts on, the years."""
    return toc.programmes(_store), toc.default_programme(_store), indicators.year_span(_store)


@st.cache_data(ttl=600, max_entries=20, show_spinner=False)
def wave_table(_store: StoreView, key: tuple) -> pd.DataFrame:
    return indicators.waves(_store)


@st.cache_data(ttl=600, max_entries=500, show_spinner=False)
def group_factors(_store: StoreView, key: tuple, indicator_id: str, area_code: str) -> list[str]:
    return observations.group_factors(_store, indicator_id, area_code)


@st.cache_data(ttl=600, max_entries=200, show_spinner=False)
def node_table(_store: StoreView, key: tuple, programme_id: str | None, kinds: tuple[str, ...] | None = None):
    """``toc.nodes(store, programme_id, kinds)``, cut from one read of them all (same rows, order)."""
    every = _every_node(_store, key)
    keep = np.ones(len(every), dtype=bool)
    if programme_id is not None:
        keep &= (every["programme_id"] == programme_id).to_numpy(dtype=bool)
    if kinds:
        keep &= every["kind"].isin(list(kinds)).to_numpy(dtype=bool)
    return every[keep].reset_index(drop=True)


@st.cache_resource(ttl=600, max_entries=20, show_spinner=False)
def _every_node(_store: StoreView, key: tuple) -> pd.DataFrame:
    """Shared, never changed: ``node_table`` is cut from it."""
    return toc.nodes(_store)


@st.cache_data(ttl=600, max_entries=50, show_spinner=False)
def current_review(_store: StoreView, key: tuple) -> dict | None:
    return reviews.current_review(_store)


@st.cache_resource(ttl=600, max_entries=50, show_spinner=False)
def review_news(_store: StoreView, key: tuple) -> dict[str, frozenset]:
    """What the open review marks as new: ids of indicators, nodes and notes changed since the last one.
    Shared, not copied per call (cache_resource; every figure asks): frozen sets, nobody can change them."""
    review = reviews.current_review(_store)
    previous = reviews.previous_review(_store, review["id"]) if review else None
    if previous is None:
        return {"indicators": frozenset(), "nodes": frozenset(), "notes": frozenset()}
    return {
        kind: frozenset(ids)
        for kind, ids in review_changes.changes_since(_store, previous["id"], "werkgroep").ids().items()
    }


@st.cache_data(ttl=600, max_entries=200, show_spinner=False)
def judged(_store: StoreView, key: tuple, area_code: str, years: tuple[int, int]) -> dict[str, dict]:
    """``findings.judged`` for every indicator's totals in the area (the series the figures on a page read):
    indicator id -> the comparison row (verdict, verdict_text, …) of its last two shown figures."""
    return findings.judged_at(_store, area_code, *_area_totals(_store, key, area_code, years))


@st.cache_data(ttl=600, max_entries=2000, show_spinner=False)
def headline(
    _store: StoreView, key: tuple, indicator_id: str, area_code: str, area_name: str, years: tuple[int, int]
) -> str:
    """``findings.headline`` of the indicator's totals in the area, with its verdict (``judged``)."""
    return findings.headline(
        indicator(_store, key, indicator_id),
        series(_store, key, indicator_id, area_code, None, years),
        area_name,
        judged(_store, key, area_code, years).get(indicator_id),
    )


@st.cache_data(ttl=600, max_entries=2000, show_spinner=False)
def target_text(_store: StoreView, key: tuple, indicator_id: str, area_code: str, years: tuple[int, int]) -> str:
    """``findings.target_sentence`` for the latest shown total of the indicator in the area ('' without a target)."""
    last, _ = findings.latest_rows(series(_store, key, indicator_id, area_code, None, years))
    return findings.target_sentence(indicator(_store, key, indicator_id), last)


@st.cache_data(ttl=600, max_entries=50, show_spinner="De cijfers en verhalen worden verzameld…")
def raad_evidence(_store: StoreView, key: tuple, request: RaadRequest) -> raad_evidence_mod.Evidence:
    return raad_evidence_mod.gather(_store, request)
