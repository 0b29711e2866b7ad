"""The small-group rule, in one place: a figure based on too few people is never shown.

Counts about people (meldingen, deelnemers) need at least ``min_n_count`` (default 10);
survey percentages and scores need at least ``min_n_survey`` respondents (default 50).
An indicator may set its own threshold (``min_n``). A figure without n (e.g. the number of
meetings held) is not about a group of people and is not suppressed.
"""

from __future__ import annotations

import pandas as pd

from kompas import settings

SUPPRESSED_TEXT = "te klein om te tonen"


def threshold(unit: str, min_n: int | None = None) -> int:
    """The smallest n that may be shown for an indicator.

    >>> threshold("procent"), threshold("aantal"), threshold("aantal", 25)
    (50, 10, 25)
    """
    if min_n is not None and not pd.isna(min_n):
        return int(min_n)
    return settings.get_int("min_n_count" if unit == "aantal" else "min_n_survey")


def apply(frame: pd.DataFrame, unit: str, min_n: int | None = None) -> pd.DataFrame:
    """A copy with a ``suppressed`` column; suppressed rows lose value, interval, se and n
    (n too: with the total's n and the other groups' n it would help estimate the hidden value)."""
    out = frame.copy()
    limit = threshold(unit, min_n)
    out["suppressed"] = out["n"].notna() & (out["n"] < limit)
    out["suppressed"] |= _complementary(out)
    for column in ("value", "ci_low", "ci_high", "se", "n"):
        if column in out:
            out[column] = out[column].astype("float64").mask(out["suppressed"])
    return out


def _complementary(frame: pd.DataFrame) -> pd.Series:
    """Secondary suppression: where exactly one group of a factor is hidden (in one wave and area), also
    hide the smallest other group, so the hidden one cannot be worked out from the total and the rest."""
    extra = pd.Series(False, index=frame.index)
    needed = {"group_factor", "group_value", "n"}
    if not needed <= set(frame.columns) or not frame["suppressed"].any():
        return extra
    cell = [c for c in ("indicator_id", "wave_id", "area_code") if c in frame.columns] + ["group_factor"]
    groups = frame[frame["group_factor"] != "totaal"]
    for _, part in groups.groupby(cell, sort=False):
        if part["suppressed"].sum() == 1 and len(part) > 1:
            others = part[~part["suppressed"]].sort_values("n", na_position="first")
            extra[others.index[0]] = True
    return extra
