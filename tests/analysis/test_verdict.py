"""The one rule for a change: the test against a hand computation, the family against scipy, the words."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kompas.analysis import verdict


def _rows(*pairs, direction="lager", comparable=True, hidden=False):
    """Rows of one wave pair from ((value, ci_low, ci_high), (value, ci_low, ci_high)) pairs."""

    def se(low, high):
        return np.nan if low is None else (high - low) / (2 * stats.norm.ppf(0.975))

    return pd.DataFrame(
        [
            {
                "value_from": a[0],
                "value_to": b[0],
                "se_from": se(*a[1:]),
                "se_to": se(*b[1:]),
                "direction": direction,
                "comparable": comparable,
                "hidden": hidden,
            }
            for a, b in pairs
        ]
    )


def test_change_significance_against_hand_computation():
    # 36% (33.0–39.0) to 31% (28.5–33.5): se of the change 1.99, so the 95% margin is 3.91: beyond chance
    rows = _rows(((36.0, 33.0, 39.0), (31.0, 28.5, 33.5)), ((36.0, 33.0, 39.0), (34.0, 31.0, 37.0)))
    fam = verdict.family(verdict.z_values(*(rows[c] for c in ("value_from", "value_to", "se_from", "se_to")))[2])
    out = verdict.judge(rows, fam)
    se = ((3.0 / 1.959964) ** 2 + (2.5 / 1.959964) ** 2) ** 0.5
    assert out.loc[0, "se"] == pytest.approx(se, rel=1e-6)
    assert out.loc[0, "ci_high"] - out.loc[0, "diff"] == pytest.approx(3.905, abs=0.01)
    assert out.loc[0, "p_value"] == pytest.approx(2 * stats.norm.sf(5 / se))
    assert list(out["verdict"]) == ["beter", "gelijk"]  # lower is better; the second is within its margin
    assert verdict.judge(rows.assign(direction="hoger"), fam).loc[0, "verdict"] == "slechter"
    assert verdict.judge(rows.assign(direction="geen"), fam).loc[0, "verdict"] == "veranderd"


def test_family_q_values_are_scipys_benjamini_hochberg():
    rng = np.random.default_rng(1)
    z = rng.normal(0, 2, 40)
    fam = verdict.family(z)
    p = verdict.p_values(z)
    assert list(fam.q_values(p)) == pytest.approx(list(stats.false_discovery_control(p, method="bh")))
    assert fam.tests == 40 and fam.real == int((fam.q_values(p) < 0.05).sum())


def test_adjusted_interval_excludes_zero_exactly_when_the_change_is_real():
    rng = np.random.default_rng(2)
    values = rng.normal(0, 3, 60)
    rows = pd.DataFrame(
        {
            "value_from": 0.0,
            "value_to": values,
            "se_from": 1.0,
            "se_to": 1.0,
            "direction": "hoger",
            "comparable": True,
            "hidden": False,
        }
    )
    out = verdict.judge(rows, verdict.family(values / np.sqrt(2)))
    real = out["verdict"].isin(verdict.REAL)
    assert real.any() and (~real).any()
    assert ((out["adj_low"] > 0) | (out["adj_high"] < 0)).eq(real).all()
    outside = (out["ci_low"] > 0) | (out["ci_high"] < 0)
    assert not (outside & (out["verdict"] == "gelijk")).any()  # never 'gelijk' beside an interval without 0
    assert (outside & ~real).eq(out["verdict"] == "niet_zeker").all()


def test_counts_breaks_and_hidden_groups_get_no_verdict_about_chance():
    count = pd.DataFrame(
        [
            {
                "value_from": 40.0,
                "value_to": 55.0,
                "se_from": np.nan,
                "se_to": np.nan,
                "direction": "hoger",
                "comparable": True,
                "hidden": False,
            }
        ]
    )
    empty = verdict.family(np.array([]))
    judged = verdict.judge(count, empty).iloc[0]
    assert judged["verdict"] == "zonder_marge" and pd.isna(judged["p_value"])
    assert verdict.sentence(judged.to_dict(), 0) == (
        "Dat is hoger. Er is geen foutmarge, dus we zeggen niet of dat toeval is."
    )
    broken = _rows(((36.0, 33.0, 39.0), (20.0, 18.0, 22.0)), comparable=False)
    assert verdict.judge(broken, empty).loc[0, "verdict"] == "niet_vergelijkbaar"
    hidden = _rows(((36.0, 33.0, 39.0), (20.0, 18.0, 22.0)), hidden=True)
    out = verdict.judge(hidden, empty).iloc[0]
    assert out["verdict"] == "verborgen" and pd.isna(out["diff"])


def test_words_say_what_happened():
    assert verdict.label("niet_zeker", 114) == (
        "~ niet zeker (buiten de foutmarge, maar na correctie voor 114 vergelijkingen niet zeker)"
    )
    assert verdict.label("gelijk") == "= gelijk (binnen de foutmarge)"
    row = {"verdict": "niet_vergelijkbaar", "diff": 2.0}
    assert verdict.sentence(row, 10, "methodebreuk bij VM 2021") == (
        "De twee cijfers zijn niet goed te vergelijken: methodebreuk bij VM 2021."
    )
    text = verdict.interval_text(
        {"diff": 8.0, "ci_low": 1.4, "ci_high": 14.6, "adj_low": -0.9, "adj_high": 16.9}, "procent"
    )
    assert text == "+8,0 procentpunt (95%-interval 1,4 tot 14,6; gecorrigeerd -0,9 tot 16,9)"
