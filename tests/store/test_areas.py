"""Area scopes are remembered per data version; forgetting them makes the next read see the areas again."""

from kompas.store import areas


def test_forget_scopes_makes_scope_read_the_areas_again(store):
    before = areas.scope(store, "WK999901")
    assert "BU99990101" in before and "GM9999" in before
    with store.cursor() as cur:  # a change the store's data version does not see (as a restore from outside)
        cur.execute("INSERT INTO areas VALUES ('BU99990199', 'Nieuwe buurt', 'buurt', 'WK999901')")
    assert "BU99990199" not in areas.scope(store, "WK999901")  # remembered
    areas.forget_scopes(store)
    assert "BU99990199" in areas.scope(store, "WK999901")
