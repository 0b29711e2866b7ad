"""A reusable check that no output shows a hidden figure, or lets one be worked out from the others.

Use it on any output (a page, an export, a CLI run, a report) in three steps::

    secrets = leak_check.Secrets.of(store)          # every hidden figure, read raw from the database
    problems = secrets.leaks(lines)                 # lines: strings, one per table row or line of text
    assert problems == []
    assert leak_check.partition_problems(store) == []

What counts as a leak: a line that names a hidden figure's group (for a total: its area) and holds that
figure's value or n as the app writes numbers (``kompas.domain.formatting``: '31,4%', '1.204') or as a chart
stores it (31.4). Values that a *shown* figure of the same group also has are left out: those cannot
tell which figure a line is about. ``partition_problems`` checks, independently of
``kompas.store.suppression``, that every complete set of parts (the groups of a factor with the total, each row
and column of a pair with its margin, the wijken of a gemeente and the buurten of a wijk) holds 0 or at
least 2 hidden figures.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from kompas.domain import formatting, vocab
from kompas.store import suppression, suppression_rank
from kompas.store.connection import Store


def _tokens(value, unit: str, is_n: bool = False) -> set[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return set()
    value = float(value)
    if is_n:
        return {formatting.number(value), str(int(value)), repr(value)}
    found = {formatting.value(value, unit), formatting.number(value, 2 if unit == "score" else 1), repr(value)}
    if value == int(value):
        found |= {str(int(value)), formatting.number(value)}
    return {t for t in found if t not in ("0", "0.0", "0,0", "0,0%")}


def _pattern(token: str) -> re.Pattern:
    return re.compile(r"(?<![\d.,+\-±])" + re.escape(token) + r"(?![\d]|[.,]\d| procentpunt)")


def _n_pattern(token: str) -> re.Pattern:
    return re.compile(r"\bn\s*=\s*" + re.escape(token) + r"(?![\d]|[.,]\d)")


# Table columns that hold no figure of a group itself (changes, counts of stories, verdicts, warnings,
# a group's share of a survey's respondents or of the inhabitants, counts of policy-check points).
NOT_A_FIGURE = re.compile(
    r"erschil|erandering|Anders|Verhalen|Let op|Waarschuwing|Oordeel|doel|-waarde|Streef|"
    r"Duidelijk|Nog te gaan|Buiten de foutmarge|Eenheid|Richting|Deel van de|Punten|"
    r"Nummer of code"
)  # the last: the log's ids
NEAR = 60  # in free text, a number this many characters after the group's name is about that group


@dataclass(frozen=True)
class Secrets:
    """Per label (a group, or an area for a total): the number texts only hidden figures have."""

    by_label: dict[str, set[str]]
    cells: pd.DataFrame  # the hidden figures, raw
    # per (area name, group): the number texts its shown figures have; a row about that group in that area
    # (a comparison holds both waves' values and intervals) may show them
    visible: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, store: Store) -> Secrets:
        figures = suppression.stored_figures(store)
        names = dict(store.df("SELECT code, name FROM areas").itertuples(index=False))
        figures["label"] = [
            names.get(a, a) if g == vocab.TOTAL else g for a, g in zip(figures["area_code"], figures["group_value"])
        ]
        hidden, shown = figures[figures["suppressed"]], figures[~figures["suppressed"]]
        by_label: dict[str, set[str]] = {}
        visible: dict[str, set[str]] = {}
        for frame, target in ((hidden, by_label), (shown, visible)):
            for r in frame.to_dict("records"):
                texts = target.setdefault(r["label"], set())
                texts |= _tokens(r["value"], r["unit"]) | _tokens(r["n"], r["unit"], is_n=True)
                texts |= _tokens(r["ci_low"], r["unit"]) | _tokens(r["ci_high"], r["unit"])
        secret = {label: texts - visible.get(label, set()) for label, texts in by_label.items()}
        pairs: dict[tuple[str, str], set[str]] = {}
        for r in shown[shown["group_value"] != vocab.TOTAL].to_dict("records"):
            pairs.setdefault((names.get(r["area_code"], r["area_code"]), r["group_value"]), set()).update(
                _tokens(r["value"], r["unit"])
                | _tokens(r["n"], r["unit"], is_n=True)
                | _tokens(r["ci_low"], r["unit"])
                | _tokens(r["ci_high"], r["unit"])
                | {str(int(x)) for x in (r["value"], r["ci_low"], r["ci_high"]) if x == 0}
            )  # '0' as Excel reads it
        return cls({k: v for k, v in secret.items() if v}, hidden, pairs)

    @cached_property
    def _compiled(self):
        # a group's name, not part of a pair's name ('65–74 jaar' is not '65–74 jaar × moeite met rondkomen')
        sep = re.escape(vocab.PAIR_SEP)
        labels = {label: re.compile(rf"(?<!\w)(?<!{sep}){re.escape(label)}(?!\w)(?!{sep})") for label in self.by_label}
        patterns = {
            label: [(t, _pattern(t), _n_pattern(t), re.fullmatch(r"\d{1,3}", t) is not None) for t in sorted(texts)]
            for label, texts in self.by_label.items()
        }
        return labels, patterns

    def _explained(self, line: str) -> set[str]:
        """Number texts of the shown figures of the (area, group) pairs this table row is about."""
        cells = set(line.split(" | "))
        return set().union(
            *(texts for (area, group), texts in self.visible.items() if area in cells and group in cells)
        )

    def leaks(self, lines, where: str = "") -> list[str]:
        """The lines that show a hidden figure, each with the label and number found.

        A table row or chart point (a line with ' | ' between its cells, see ``frame_lines`` and
        ``plotly_lines``) is checked for every number text. Free text is checked just after each mention
        of the group; a whole number under 1.000 only as 'n = 12', because stories and dates are full
        of small whole numbers ('7 november')."""
        found = []
        labels, patterns = self._compiled
        for line in lines:
            structured = " | " in line
            for label, tokens in patterns.items():
                if label not in line:
                    continue
                spots = [m.end() for m in labels[label].finditer(line)]
                if not spots:
                    continue
                parts = [line] if structured else [re.split(r"[;|]", line[s : s + NEAR])[0] for s in spots]
                explained = self._explained(line) if structured else set()
                for token, pattern, n_pattern, plain in tokens:
                    if token in explained:
                        continue
                    for part in parts:
                        if (pattern if structured or not plain else n_pattern).search(part):
                            found.append(f"{where}: '{label}' met {token} in: {line[:300]}")
                            break
        return found


# --- turning outputs into lines ------------------------------------------------------------------
def frame_lines(frame: pd.DataFrame) -> list[str]:
    """One line per row: its cells joined, without the columns that hold no figure of the group itself
    (``NOT_A_FIGURE``: changes, story counts, verdicts, warnings)."""
    keep = [c for c in frame.columns if not NOT_A_FIGURE.search(str(c))]
    return [
        " | ".join("" if pd.isna(v) else str(v) for v in row) + " | " for row in frame[keep].itertuples(index=False)
    ]


def plotly_lines(spec: str | dict) -> list[str]:
    """One line per point of each trace (trace name, category, value, hover data) and per annotation."""
    import base64

    import numpy as np

    figure = json.loads(spec) if isinstance(spec, str) else spec

    def values(data):
        if isinstance(data, dict) and "bdata" in data:
            return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
        return list(data) if isinstance(data, (list, tuple)) else []

    lines = []
    for trace in figure.get("data", []):
        xs, ys = values(trace.get("x", [])), values(trace.get("y", []))
        extra = trace.get("customdata") or []
        for i in range(max(len(xs), len(ys))):
            parts = ["grafiek", str(trace.get("name", ""))]
            parts += [str(seq[i]) for seq in (xs, ys) if i < len(seq)]
            if i < len(extra):
                parts.append(str(extra[i]))
            lines.append(" | ".join(parts))
    for note in figure.get("layout", {}).get("annotations", []):
        lines.append(f"grafiek | {note.get('y', '')} | {note.get('text', '')}")
    return lines


def apptest_lines(at) -> list[str]:
    """Everything a page shows as text, tables and charts, as lines."""
    lines = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader", "header"):
        for element in getattr(at, kind, []):
            if isinstance(element.value, str):
                lines += element.value.splitlines()
    for element in at.dataframe:
        lines += frame_lines(element.value)
    for element in at.get("plotly_chart"):
        lines += plotly_lines(element.proto.spec)
    for element in at.metric:
        lines.append(f"{element.label}: {element.value}")
    return lines


# --- partitions, checked independently of kompas.store.suppression --------------------------------------
def partition_problems(store: Store) -> list[str]:
    """Every complete set of parts with exactly one hidden figure (counting its margin)."""
    figures = suppression.stored_figures(store)
    hidden = {tuple(k): s for k, s in zip(figures[suppression.KEY].itertuples(index=False), figures["suppressed"])}
    parents = dict(
        store.df("SELECT code, parent_code FROM areas WHERE parent_code IS NOT NULL").itertuples(index=False)
    )
    people = suppression.base_n(figures, figures["unit"])  # a count without n is its own n
    problems = [
        f"te klein maar getoond: {k}"
        for k, n, u, m, s in zip(
            figures[suppression.KEY].itertuples(index=False, name=None),
            people,
            figures["unit"],
            figures["min_n"],
            figures["suppressed"],
        )
        if pd.notna(n) and n < suppression.threshold(u, m, store) and not s
    ]

    def check(name, margin, parts):
        if len(parts) < 2:
            return
        count = sum(hidden[p] for p in parts) + (hidden.get(margin, False) if margin else 0)
        if count == 1:
            problems.append(f"{name}: precies één verborgen cijfer in {margin} en {len(parts)} delen")

    keyed = figures[suppression.KEY].itertuples(index=False, name=None)
    rows = pd.DataFrame(list(keyed), columns=suppression.KEY)
    single = rows[(rows["group_factor"] != vocab.TOTAL) & rows["group_factor"].map(lambda f: not vocab.split_pair(f))]
    for (ind, wave, area, _factor), part in single.groupby(["indicator_id", "wave_id", "area_code", "group_factor"]):
        check("groepen", (ind, wave, area, vocab.TOTAL, vocab.TOTAL), [tuple(r) for r in part.itertuples(index=False)])
    pairs = rows[rows["group_factor"].map(lambda f: vocab.split_pair(f) is not None)].copy()
    if len(pairs):
        pairs["a"] = pairs["group_value"].map(lambda v: vocab.split_pair(v)[0])
        pairs["b"] = pairs["group_value"].map(lambda v: vocab.split_pair(v)[1])
        for side, column in ((0, "a"), (1, "b")):
            for (ind, wave, area, factor, group), part in pairs.groupby(
                ["indicator_id", "wave_id", "area_code", "group_factor", column]
            ):
                margin = (ind, wave, area, vocab.split_pair(factor)[side], group)
                check("paar", margin, [tuple(r) for r in part[suppression.KEY].itertuples(index=False)])
    rows["parent"] = rows["area_code"].map(parents)
    children = rows[rows["parent"].notna()]
    for (ind, wave, parent, factor, group), part in children.groupby(
        ["indicator_id", "wave_id", "parent", "group_factor", "group_value"]
    ):
        check(
            "gebieden",
            (ind, wave, parent, factor, group),
            [tuple(r) for r in part[suppression.KEY].itertuples(index=False)],
        )
    return problems


# --- the rank test over what is published, independently of which rule hid what ---------------------
def determined_cells(store: Store, figures: pd.DataFrame) -> list[tuple]:
    """The hidden figures (rows of ``suppression.stored_figures``, raw) whose value follows exactly from the
    published ones through rows, columns, pair margins, areas and waves: (key..., value) per figure."""
    return determined_across_versions(store, [figures])


def determined_across_versions(store: Store, versions: list[pd.DataFrame]) -> list[tuple]:
    """As ``determined_cells`` for several published versions of the same figures together (a factsheet of
    last month and one of today). A figure with the same value in two versions is taken to be one unknown (an
    attacker assumes an unrevised figure kept its value), so a figure hidden in one version and shown in
    another, or a different second figure hidden after a revision, is found."""
    frames = [v.assign(wave_id=v["wave_id"].astype(str) + f"#v{k}") for k, v in enumerate(versions)]
    combined = pd.concat(frames, ignore_index=True)
    parts = {
        f"{whole}#v{k}": [f"{p}#v{k}" for p in ps]
        for whole, ps in suppression.wave_parts(store).items()
        for k in range(len(versions))
    }
    equations = suppression.equations(combined, parents=suppression.area_parents(store), wave_parts=parts)
    offset, first_at = 0, {}
    for frame in frames:
        keys = frame[suppression.KEY].astype(str).itertuples(index=False, name=None)
        for pos, (key, value) in enumerate(zip(keys, frame["value"])):
            plain = (key[0], key[1].rsplit("#v", 1)[0], *key[2:], value)
            if plain in first_at:
                equations.append((first_at[plain], [offset + pos]))  # same value: the same unknown
            else:
                first_at[plain] = offset + pos
        offset += len(frame)
    found = suppression_rank.exposed(equations, combined["suppressed"].astype(bool).tolist())
    rows = combined.iloc[found]
    return sorted(
        {
            (
                r["indicator_id"],
                r["wave_id"].rsplit("#v", 1)[0],
                r["area_code"],
                r["group_factor"],
                r["group_value"],
                float(r["value"]),
            )
            for r in rows.to_dict("records")
        }
    )
