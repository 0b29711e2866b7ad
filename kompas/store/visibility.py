"""Which rows a reader may see: the SQL that clamps a read of stories and figures to the reader's role.

One home for the rule, read by ``stories``, ``observations``, the catalog (``info``), the reports and the
analyses. The roles themselves are in ``kompas.domain.roles``: the council sees only public stories and no
provisional figure; an 'intern' story is shown only to its author. Plain SQL and Python sets, no pandas,
so ``python -m kompas info`` starts fast.
"""

from __future__ import annotations

from kompas.domain import roles as access_mod
from kompas.domain import vocab
from kompas.store.connection import StoreView

# SQL on alias ``o`` with one parameter, ``shows_provisional(store)``: the figures this reader may see.
PUBLISHABLE = "(?::BOOLEAN OR NOT coalesce(o.provisional, false))"


def shows_provisional(store: StoreView) -> bool:
    """True when this reader may see provisional figures (everyone but the council)."""
    return access_mod.of(store).sees_provisional


def visible_levels(store: StoreView, audience: str | None) -> tuple[str, ...]:
    """The visibility levels a read for ``audience`` returns: never wider than the reader's role.

    Raises ``ValueError`` for an audience that is not in ``vocab.AUDIENCES``."""
    if audience is not None and audience not in vocab.AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    return vocab.AUDIENCES[access_mod.of(store).audience(audience)]


def notes_sql(store: StoreView, audience: str | None) -> tuple[str, list]:
    """SQL (on alias ``n``) for the notes this reader may see for ``audience``, and its two parameters."""
    author = access_mod.of(store).own_intern_author(audience)
    return (
        "(list_contains(?, n.visibility) OR (n.visibility = 'intern' AND coalesce(n.author = ?::VARCHAR, false)))",
        [list(visible_levels(store, audience)), author],
    )


def visible_note_ids(store: StoreView, audience: str | None = None) -> set[int]:
    """The ids of the notes this reader may see for ``audience`` (None: as wide as the role allows)."""
    visible, params = notes_sql(store, audience)
    return {int(row["id"]) for row in store.rows(f"SELECT id FROM notes n WHERE {visible}", params)}
