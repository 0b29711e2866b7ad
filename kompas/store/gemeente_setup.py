"""Setting up a store for one municipality: which gemeente, whether it still needs setting up, its area tree.

Used by ``python -m kompas init --gemeente`` and the page "Gemeente instellen"; the areas themselves come in
through ``kompas.imports.area_import``, the indicators through ``kompas.store.starter``.
"""

from __future__ import annotations

from dataclasses import dataclass

from kompas.domain import register
from kompas.domain import roles as access_mod
from kompas.domain.cbs_regions import as_area_code
from kompas.domain.errors import KompasError
from kompas.store import audit
from kompas.store.connection import StoreView


@dataclass(frozen=True)
class SetupStatus:
    gemeente_code: str | None
    gemeente_name: str | None
    areas: int  # wijken and buurten (the gemeente itself not counted)
    indicators: int  # switched on

    @property
    def needs_setup(self) -> bool:
        """No areas below the gemeente, or no indicators: the step pages would be empty."""
        return self.areas == 0 or self.indicators == 0


def status(store: StoreView) -> SetupStatus:
    """What this store knows of its municipality.

    >>> from kompas.store.connection import Store
    >>> status(Store(":memory:", create=True).as_system("voorbeeld"))
    SetupStatus(gemeente_code=None, gemeente_name=None, areas=0, indicators=0)
    """
    code = store.info("gemeente") or store.scalar("SELECT min(code) FROM areas WHERE level = 'gemeente'")
    name = store.scalar("SELECT name FROM areas WHERE code = ?", [code]) if code else None
    areas = store.scalar("SELECT count(*) FROM areas WHERE level <> 'gemeente'")
    on = store.scalar("SELECT count(*) FROM indicators WHERE id NOT IN (SELECT indicator_id FROM indicators_off)")
    return SetupStatus(code, name, int(areas), int(on))


def choose_gemeente(store: StoreView, code: str) -> register.Gemeente:
    """Make ``code`` this store's gemeente (name from the national register), in one transaction.

    Raises ``KompasError`` (Dutch) for a code that is no gemeente code, not in the register, or dissolved
    (naming its successor).
    """
    found = checked_gemeente(code)
    if found is None:
        raise KompasError(
            f"De gemeentecode {as_area_code(code, 'gemeente')} staat niet in de landelijke lijst van "
            f"gemeenten (bijgewerkt tot {register.COMPLETE_UNTIL:%d-%m-%Y}). Lees het CBS-bestand met "
            "uw wijken en buurten in; dan komt de naam daaruit."
        )
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO areas (code, name, level, parent_code) VALUES (?, ?, 'gemeente', NULL) "
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name",
            [found.code, found.name],
        )
        remember(cur, found.code, found.name)
        store_mergers(cur)
        audit.record(cur, access_mod.of(store), "gewijzigd", "gebieden", found.code, f"gemeente {found.name}")
    return found


def remember(cur, code: str, name: str) -> None:
    """Store which gemeente this store is about (``store_info`` keys 'gemeente' and 'municipality'), inside the
    caller's transaction."""
    cur.executemany(
        "INSERT INTO store_info VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [["gemeente", code], ["municipality", name]],
    )


def checked_gemeente(code: str) -> register.Gemeente | None:
    """The register's gemeente for ``code``; None when the register does not know it (a fictional code).

    Raises ``KompasError`` (Dutch) for text that is no gemeente code, and for a dissolved gemeente (naming
    its successor).

    >>> checked_gemeente("363").name, checked_gemeente("GM9998")
    ('Amsterdam', None)
    """
    normal = as_area_code(code, "gemeente")
    if not normal or not normal.startswith("GM"):
        raise KompasError(f"'{code}' is geen gemeentecode. Gebruik GM met vier cijfers, bijvoorbeeld GM0363.")
    found = register.gemeente(normal)
    if found is not None and found.valid_to is not None:
        raise KompasError(register.dissolved_message(normal, found.valid_to) or f"Gemeente {normal} bestaat niet meer.")
    return found


def area_tree(store: StoreView, gemeente_code: str) -> list[dict]:
    """The wijken of a gemeente, each with its buurten: ``[{code, name, buurten: [{code, name}]}]``, by code."""
    rows = store.rows(
        "SELECT code, name, level, parent_code FROM areas WHERE level <> 'gemeente' AND code[3:6] = ? ORDER BY code",
        [gemeente_code[2:]],
    )
    wijken = {r["code"]: {"code": r["code"], "name": r["name"], "buurten": []} for r in rows if r["level"] == "wijk"}
    for row in rows:
        if row["level"] == "buurt" and row["parent_code"] in wijken:
            wijken[row["parent_code"]]["buurten"].append({"code": row["code"], "name": row["name"]})
    return list(wijken.values())


def store_mergers(cur) -> int:
    """Copy the mergers into the store's ``gemeente_mergers`` (inside the caller's transaction); idempotent.

    Returns the number of mergers now known.
    """
    rows = [[m.old_code, m.new_code, m.merged_on, m.whole] for m in register.mergers()]
    cur.executemany(
        "INSERT INTO gemeente_mergers (old_code, new_code, merged_on, whole) VALUES (?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        rows,
    )
    return len(rows)
