"""Change between two figures with its uncertainty, and whether that change is better.

Method: the standard error of each figure is taken as given, or derived from its 95%
interval as (ci_high - ci_low) / (2 × 1.96). The change is significant when
|b − a| > 1.96 × √(se_a² + se_b²) (two independent samples, normal approximation).
Without uncertainty on both figures, nothing is said about chance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054


def standard_error(se: float | None, ci_low: float | None, ci_high: float | None) -> float | None:
    """se as given, else from a 95% interval; None when neither is known.

    >>> round(standard_error(None, 30.0, 34.0), 4)
    1.0204
    """
    if _known(se):
        return float(se)
    if _known(ci_low) and _known(ci_high):
        return (ci_high - ci_low) / (2 * Z95)
    return None


@dataclass(frozen=True)
class Change:
    before: float
    after: float
    se: float | None  # of the difference

    @property
    def diff(self) -> float:
        return self.after - self.before

    @property
    def margin(self) -> float | None:
        """Half-width of the 95% interval of the change."""
        return None if self.se is None else Z95 * self.se

    @property
    def significant(self) -> bool | None:
        if self.se is None:
            return None
        if self.se == 0:
            return self.diff != 0
        return abs(self.diff) > Z95 * self.se

    def verdict(self, direction: str) -> str:
        """'beter', 'slechter', 'gelijk' (within the margin) or 'anders' (no direction)."""
        if self.significant is False or self.diff == 0:
            return "gelijk"
        if direction == "geen":
            return "anders"
        better = self.diff > 0 if direction == "hoger" else self.diff < 0
        return "beter" if better else "slechter"


def between(before: dict, after: dict) -> Change | None:
    """Change from one observation row to another; None if a value is missing or suppressed."""
    if not (_known(before.get("value")) and _known(after.get("value"))):
        return None
    se_a = standard_error(before.get("se"), before.get("ci_low"), before.get("ci_high"))
    se_b = standard_error(after.get("se"), after.get("ci_low"), after.get("ci_high"))
    se = math.sqrt(se_a ** 2 + se_b ** 2) if se_a is not None and se_b is not None else None
    return Change(float(before["value"]), float(after["value"]), se)


VERDICT_WORDS = {
    "beter": "✔ beter",
    "slechter": "✖ slechter",
    "gelijk": "= gelijk (binnen de foutmarge)",
    "anders": "≠ veranderd",
}


def _known(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))
