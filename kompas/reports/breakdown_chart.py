"""The breakdown as bars in the house style (``kompas.reports.charts``): one bar per group with its 95% interval
as whiskers, the total as a dashed line, and a hidden group as a labelled gap, never as zero."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kompas.domain import formatting, vocab
from kompas.domain.model import Indicator
from kompas.reports import charts
from kompas.store import suppression

PATTERNS = ["", "/", ".", "x", "\\", "+"]


def breakdown_chart(indicator: Indicator, table: pd.DataFrame, title: str) -> go.Figure:
    """Horizontal bars for ``kompas.analysis.breakdowns.breakdown`` output; for a pair, one colour and pattern per
    group of the second factor (named in the legend)."""
    fig = go.Figure()
    groups = table[table["group_factor"] != vocab.TOTAL]
    labels = list(groups["group_value"])
    seconds = list(dict.fromkeys(s for s in groups["second"] if s)) or [""]
    unit = indicator.unit
    for number, second in enumerate(seconds):
        part = groups[(groups["second"] == second) & ~groups["suppressed"] & groups["value"].notna()]
        if part.empty:
            continue
        colour = charts.PALETTE[(number + 1) % len(charts.PALETTE)]
        fig.add_trace(
            go.Bar(
                y=part["group_value"],
                x=part["value"],
                orientation="h",
                name=second or "Groep",
                showlegend=bool(second),
                marker={"color": colour, "pattern": {"shape": PATTERNS[number % len(PATTERNS)], "fgcolor": "#FFFFFF"}},
                error_x={
                    "type": "data",
                    "array": (part["ci_high"] - part["value"]).fillna(0),
                    "arrayminus": (part["value"] - part["ci_low"]).fillna(0),
                    "color": "#000000",
                    "visible": bool(part["ci_low"].notna().any()),
                },
                customdata=[
                    [formatting.value(v, unit), formatting.number(n) if pd.notna(n) else "onbekend"]
                    for v, n in zip(part["value"], part["n"])
                ],
                hovertemplate="%{y}<br>%{customdata[0]}<br>n = %{customdata[1]}<extra></extra>",
            )
        )
    for label in groups.loc[groups["suppressed"], "group_value"]:
        fig.add_annotation(
            x=0,
            y=label,
            xref="x",
            yref="y",
            xanchor="left",
            showarrow=False,
            text=f"<i>{suppression.SUPPRESSED_TEXT}</i>",
            font={"color": "#333333", "size": 12},
        )
    total = table[(table["group_factor"] == vocab.TOTAL) & ~table["suppressed"] & table["value"].notna()]
    if len(total):
        value = float(total["value"].iloc[0])
        fig.add_vline(
            x=value,
            line_dash="dash",
            line_color="#000000",
            annotation_text=f"Totaal {formatting.value(value, unit)}",
            annotation_position="top",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", title=None, type="category")
    top = 100 if unit == "procent" else None
    fig.update_xaxes(title=vocab.UNITS[unit], rangemode="tozero", range=[0, top] if top else None)
    fig.update_layout(height=max(260, 34 * len(labels) + 140), barmode="overlay", bargap=0.3)
    return charts.layout(fig, title)
