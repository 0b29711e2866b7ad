"""Whether a change between two waves is real, and whether it is better: the one rule every page, the
review, the comparison and its exports, the raad document and the minutes use.

The test. Two figures of different waves are independent estimates. Their difference is
``d = value_to − value_from`` with standard error ``√(se_from² + se_to²)``; ``z = d / se`` and the
two-sided p-value ``2 × (1 − Φ(|z|))`` (normal approximation). Source: D.G. Altman and J.M. Bland,
"Interaction revisited: the difference between two estimates", BMJ 326 (2003) 219. A figure's standard
error is taken as stored, or derived from its 95% interval as ``(ci_high − ci_low) / (2 × 1.96)``.
The same test on a group's change minus the total's change ("difference of differences", Altman and
Bland's interaction test) says for whom a change was different. A group is part of its total, so the two
changes are positively correlated: treating them as independent overstates the standard error, which
makes that test conservative.

Many changes at once. The family is every figure compared between the same two waves (all indicators,
areas and groups of that pair), never what a page or a filter happens to show: the same figure then gets
the same word everywhere. Within the family the p-values are adjusted with Benjamini and Hochberg's
false discovery rate at 5% (Y. Benjamini and Y. Hochberg, JRSS B 57 (1995) 289–300), computed by
``statsmodels.stats.multitest.multipletests(method="fdr_bh")``. Beside a verdict stands the interval it
rests on: the false-coverage-rate adjusted interval of Benjamini and Yekutieli (JASA 100 (2005) 71–81),
the change ± ``z(1 − R·α/(2m))`` × se for R real changes out of m tests. It excludes 0 exactly when the
change is called real, so a word and its interval never disagree. The plain 95% interval is shown too;
when it excludes 0 and the adjusted one does not, the word says so ("niet zeker").

Verdicts (``WORDS``): 'beter', 'slechter' (real, judged by the indicator's direction), 'veranderd' (real,
the indicator has no direction), 'niet_zeker' (outside the plain margin, not after the correction),
'gelijk' (inside the plain margin), 'zonder_marge' (a figure without a margin of error, such as a count
of meetings held: we say whether it went up or down and nothing about chance), 'niet_vergelijkbaar'
(a method break between the waves or a reworded question: no judgement), 'verborgen' (a group too small
to show, or hidden so that a small group cannot be recomputed) and 'onbekend' (a value is missing).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from kompas.domain import formatting

ALPHA = 0.05
Z95 = float(stats.norm.ppf(0.975))
REAL = ("beter", "slechter", "veranderd")
WORDS = {
    "beter": "✔ beter",
    "slechter": "✖ slechter",
    "veranderd": "≠ veranderd",
    "niet_zeker": "~ niet zeker",
    "gelijk": "= gelijk (binnen de foutmarge)",
    "zonder_marge": "· geen foutmarge",
    "niet_vergelijkbaar": "⚠ niet vergelijkbaar",
    "verborgen": "– niet getoond",
    "onbekend": "? onbekend",
}


def standard_error(se, ci_low, ci_high) -> float | None:
    """se as given, else from a 95% interval; None when neither is known.

    >>> round(standard_error(None, 30.0, 34.0), 4)
    1.0204
    """
    if _known(se):
        return float(se)
    if _known(ci_low) and _known(ci_high):
        return (ci_high - ci_low) / (2 * Z95)
    return None


def z_values(value_from, value_to, se_from, se_to) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(diff, se, z) of float arrays: the change, its standard error √(se_from² + se_to²) and diff / se.
    Every caller computes z here, so a figure's p-value is bit for bit the one its family holds."""
    value_from, value_to, se_from, se_to = (
        np.asarray(x, dtype="float64") for x in (value_from, value_to, se_from, se_to)
    )
    diff, se = value_to - value_from, np.sqrt(se_from**2 + se_to**2)
    with np.errstate(divide="ignore", invalid="ignore"):
        return diff, se, diff / se


def p_values(z: np.ndarray) -> np.ndarray:
    """Two-sided p-values of |z| (float array); a 0/0 (no change, no margin) gives 1."""
    z = np.abs(np.asarray(z, dtype="float64"))
    return np.where(np.isnan(z), 1.0, 2 * stats.norm.sf(z))


@dataclass(frozen=True)
class Family:
    """The p-values of one family of tests, sorted, with their Benjamini–Hochberg q-values.

    ``tests``: m; ``real``: R, the number of changes called real at ``ALPHA``.
    """

    p_sorted: np.ndarray
    q_sorted: np.ndarray

    @property
    def tests(self) -> int:
        return len(self.p_sorted)

    @property
    def real(self) -> int:
        return int((self.q_sorted < ALPHA).sum()) if self.tests else 0

    @property
    def adjusted_z(self) -> float:
        """The multiplier of se for the FCR-adjusted interval, level 1 − max(R, 1)·α/m (Benjamini–Yekutieli)."""
        if not self.tests:
            return Z95
        return float(stats.norm.ppf(1 - max(self.real, 1) * ALPHA / (2 * self.tests)))

    def q_values(self, p: np.ndarray) -> np.ndarray:
        """The q-value of each p (which must be one of this family's p-values); NaN where p is NaN."""
        p = np.asarray(p, dtype="float64")
        out = np.full(p.shape, np.nan)
        known = ~np.isnan(p)
        if self.tests and known.any():
            at = np.clip(np.searchsorted(self.p_sorted, p[known], side="right") - 1, 0, self.tests - 1)
            out[known] = self.q_sorted[at]
        return out


def family(z: np.ndarray) -> Family:
    """The family of the tests with these z-values (|diff| / se), adjusted with ``multipletests``."""
    p = np.sort(p_values(z))
    if not len(p):
        return Family(p, p.copy())
    from statsmodels.stats.multitest import multipletests  # 0.2 s to import: only when a family is made

    _, q, _, _ = multipletests(p, alpha=ALPHA, method="fdr_bh", is_sorted=True)
    return Family(p, np.asarray(q, dtype="float64"))


def judge(frame: pd.DataFrame, fam: Family | list[Family], of: np.ndarray | None = None) -> pd.DataFrame:
    """Add the test and the verdict to rows of one wave pair (vectorised; the input is not changed).

    Needs: value_from, value_to, se_from, se_to (NaN when unknown), direction ('hoger', 'lager', 'geen'),
    hidden (bool: suppressed in either wave) and comparable (bool). Adds: diff, se, ci_low, ci_high (plain
    95%), p_value, significant, q_value, significant_fdr, adj_low, adj_high (FCR-adjusted), verdict.
    Rows of several wave pairs at once: ``fam`` a list of their families and ``of`` (int array, one per row)
    the position of each row's family in it; each row gets exactly what it gets judged with its pair alone.
    """
    shown = ~frame["hidden"].to_numpy(dtype=bool)
    diff, se, z = z_values(
        *(frame[c].to_numpy(dtype="float64", na_value=np.nan) for c in ("value_from", "value_to", "se_from", "se_to"))
    )
    diff, se = np.where(shown, diff, np.nan), np.where(shown, se, np.nan)
    tested = ~np.isnan(diff) & ~np.isnan(se) & frame["comparable"].to_numpy(dtype=bool)
    p = np.where(tested, p_values(z), np.nan)
    q, adjusted_z = _per_family(p, fam, of)
    significant, real = tested & (p < ALPHA), tested & (q < ALPHA)
    wide = adjusted_z * np.where(tested, se, np.nan)
    out = frame.assign(
        diff=diff,
        se=se,
        ci_low=diff - Z95 * se,
        ci_high=diff + Z95 * se,
        p_value=p,
        q_value=q,
        significant=pd.array(np.where(tested, significant, False), dtype="boolean"),
        significant_fdr=pd.array(np.where(tested, real, False), dtype="boolean"),
        adj_low=diff - wide,
        adj_high=diff + wide,
    )
    out["significant"] = out["significant"].mask(~tested)
    out["significant_fdr"] = out["significant_fdr"].mask(~tested)
    direction = frame["direction"].to_numpy(dtype=object)
    up, down = diff > 0, diff < 0
    better = (up & (direction == "hoger")) | (down & (direction == "lager"))
    worse = (down & (direction == "hoger")) | (up & (direction == "lager"))
    real &= up | down
    conditions = [
        ~shown,
        np.isnan(diff),
        ~frame["comparable"].to_numpy(dtype=bool),
        np.isnan(se),
        real & better,
        real & worse,
        real,
        significant,
    ]
    choices = [
        "verborgen",
        "onbekend",
        "niet_vergelijkbaar",
        "zonder_marge",
        "beter",
        "slechter",
        "veranderd",
        "niet_zeker",
    ]
    out["verdict"] = np.select(conditions, choices, default="gelijk")
    return out


def _per_family(p: np.ndarray, fam: Family | list[Family], of: np.ndarray | None) -> tuple[np.ndarray, object]:
    """The q-value of each p and the multiplier of its adjusted interval, each from the row's own family."""
    if of is None:
        return fam.q_values(p), fam.adjusted_z
    q, adjusted_z = np.full(p.shape, np.nan), np.full(p.shape, np.nan)
    for at, one in enumerate(fam):
        rows = of == at
        q[rows], adjusted_z[rows] = one.q_values(p[rows]), one.adjusted_z
    return q, adjusted_z


def label(key: str, tests: int | None = None) -> str:
    """The verdict's short word for tables; 'niet_zeker' names the number of comparisons when given.

    >>> label("niet_zeker", 114)
    '~ niet zeker (buiten de foutmarge, maar na correctie voor 114 vergelijkingen niet zeker)'
    """
    if key == "niet_zeker" and tests:
        return f"{WORDS[key]} (buiten de foutmarge, maar na correctie voor {tests} vergelijkingen niet zeker)"
    return WORDS.get(key, WORDS["onbekend"])


def sentence(row: dict, tests: int, why_not: str = "") -> str:
    """What a verdict means, in one or two Dutch sentences (B1), for a row of ``judge``.

    ``tests``: the size of the family; ``why_not``: why the figures are not comparable (for
    'niet_vergelijkbaar').
    """
    key, diff = row["verdict"], row.get("diff")
    more = "" if not _known(diff) else ("hoger" if diff > 0 else "lager" if diff < 0 else "gelijk")
    after = f"ook na correctie voor {tests} vergelijkingen" if tests > 1 else "ook na correctie"
    return {
        "beter": f"Dat is {more} en dus beter; waarschijnlijk geen toeval ({after}).",
        "slechter": f"Dat is {more} en dus slechter; waarschijnlijk geen toeval ({after}).",
        "veranderd": f"Dat is {more}; waarschijnlijk geen toeval ({after}). Of dat beter of slechter is, "
        "lees je in de verhalen.",
        "niet_zeker": f"Het verschil valt buiten de foutmarge, maar na correctie voor {tests} vergelijkingen is "
        "het niet zeker: het kan toeval zijn.",
        "gelijk": "Het verschil valt binnen de foutmarge: het kan toeval zijn.",
        "zonder_marge": (f"Dat is {more}. " if more and more != "gelijk" else "Dat is gelijk gebleven. ")
        + "Er is geen foutmarge, dus we zeggen niet of dat toeval is.",
        "niet_vergelijkbaar": "De twee cijfers zijn niet goed te vergelijken"
        + (f": {why_not.rstrip('.')}." if why_not else "."),
        "verborgen": "De groep is niet getoond, dus hier staat geen verschil.",
        "onbekend": "Een van de twee cijfers ontbreekt, dus we weten niet hoe het veranderde.",
    }[key]


def interval_text(row: dict, unit: str) -> str:
    """'+8,0 procentpunt (95%-interval 1,4 tot 14,6; gecorrigeerd -0,9 tot 16,9)': the change with the
    intervals its verdict rests on ('' without a change)."""
    if not _known(row.get("diff")):
        return ""
    text = formatting.change(row["diff"], unit)
    decimals = formatting.decimals_for(unit)
    if _known(row.get("ci_low")):
        text += (
            f" (95%-interval {formatting.number(row['ci_low'], decimals)} tot "
            f"{formatting.number(row['ci_high'], decimals)}"
        )
        if _known(row.get("adj_low")):
            text += (
                f"; gecorrigeerd {formatting.number(row['adj_low'], decimals)} tot "
                f"{formatting.number(row['adj_high'], decimals)}"
            )
        text += ")"
    return text


def outcome_groups(verdicts: dict[str, str | None]) -> dict[str, list[str]]:
    """Step 6's three lists of outcomes (id -> verdict key, None without a comparison), in the given order.

    >>> outcome_groups({"a": "beter", "b": "niet_zeker", "c": None})
    {'Gaat goed': ['a'], 'Kan beter': [], 'Gelijk, onzeker of zonder oordeel': ['b', 'c']}
    """
    groups: dict[str, list[str]] = {"Gaat goed": [], "Kan beter": [], "Gelijk, onzeker of zonder oordeel": []}
    for indicator_id, key in verdicts.items():
        name = {"beter": "Gaat goed", "slechter": "Kan beter"}.get(key, "Gelijk, onzeker of zonder oordeel")
        groups[name].append(indicator_id)
    return groups


def _known(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and x is not pd.NA
