"""Plotly figures in the house style: colour-blind-safe palette, Dutch numbers, readable titles."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from kompas.domain import formatting, vocab
from kompas.domain.model import Indicator

# Based on Okabe–Ito (safe for the common forms of colour blindness), darkened where needed so
# every colour has at least 3:1 contrast on the white chart background (WCAG 1.4.11); black is
# the total. Lines also differ in dash and marker, so no group is told apart by colour alone.
BACKGROUND = "#FFFFFF"
PALETTE = ["#000000", "#0072B2", "#D55E00", "#007A5A", "#AA3377", "#8C5E00", "#5D3A9B", "#882255"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
MARKERS = ["circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon"]
KIND_COLOURS = {
    "input": "#555555",
    "activiteit": "#8C5E00",
    "output": "#0072B2",
    "outcome": "#007A5A",
    "resultaat": "#5D3A9B",
}
KIND_SYMBOLS = {
    "input": "square",
    "activiteit": "diamond",
    "output": "circle",
    "outcome": "triangle-up",
    "resultaat": "star",
}


def layout(fig: go.Figure, title: str) -> go.Figure:
    # plotly's own "plotly_white", set as plotly sets its default template: without validating it again
    # (that took ~10 ms per chart, most of a chart's cost); the figure is the same as with template="plotly_white"
    fig.layout._validate = False
    try:
        fig.layout.template = pio.templates["plotly_white"]
    finally:
        fig.layout._validate = True
    fig.update_layout(
        title={"text": title, "font": {"size": 15}},
        separators=",.",
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.2},
        font={"family": "sans-serif", "size": 13},
    )
    return fig


def series_chart(indicator: Indicator, frame: pd.DataFrame, title: str) -> go.Figure:
    """Lines per group over the waves, with 95% intervals as error bars and the target as a dashed line."""
    fig = go.Figure()
    shown = frame[~frame["suppressed"]]
    groups = ["totaal"] + sorted(v for v in shown["group_value"].unique() if v != "totaal")
    unit = vocab.UNITS[indicator.unit]
    for number, group in enumerate(groups):
        part = shown[shown["group_value"] == group].sort_values("period_end")
        if part.empty:
            continue
        has_ci = part["ci_low"].notna().any()
        fig.add_trace(
            go.Scatter(
                x=part["year"],
                y=part["value"],
                mode="lines+markers",
                name="Totaal" if group == "totaal" else group,
                line={
                    "color": PALETTE[number % len(PALETTE)],
                    "width": 3 if group == "totaal" else 2,
                    "dash": DASHES[number % len(DASHES)],
                },
                marker={"symbol": MARKERS[number % len(MARKERS)], "size": 8},
                error_y={
                    "type": "data",
                    "array": part["ci_high"] - part["value"],
                    "arrayminus": part["value"] - part["ci_low"],
                    "visible": bool(has_ci),
                },
                customdata=[
                    [label, formatting.number(n) if pd.notna(n) else "onbekend"]
                    for label, n in zip(part["wave_label"], part["n"])
                ],
                hovertemplate="%{customdata[0]}<br>%{y}" + (" %" if unit == "%" else "") + "<br>n = %{customdata[1]}"
                "<extra>%{fullData.name}</extra>",
            )
        )
    if indicator.target_value is not None:
        fig.add_hline(
            y=indicator.target_value,
            line_dash="dash",
            line_color="#555555",
            annotation_text=f"Doel {indicator.target_year}: {formatting.value(indicator.target_value, indicator.unit)}",
        )
    fig.update_xaxes(title=None, dtick=1, tickformat="d")
    fig.update_yaxes(title=unit, rangemode="tozero")
    return layout(fig, title)


# How an arrow is drawn by the status of its assumption (kompas.analysis.assumptions): colour and line style, so
# the status does not rest on colour alone. Colour-blind safe (Okabe–Ito blue and vermillion).
EDGE_STYLES = {
    None: ("Pijl (niet getoetst)", "#AAAAAA", "solid", 1),
    "ondersteund": ("Veronderstelling ondersteund", "#0072B2", "solid", 3),
    "tegengesproken": ("Veronderstelling tegengesproken", "#D55E00", "dash", 3),
    "onbekend": ("Veronderstelling nog niet bekend", "#777777", "dot", 2),
}


def toc_chart(
    g: nx.DiGraph, positions: dict, selected: str | None = None, edge_status: dict[tuple[str, str], str] | None = None
) -> go.Figure:
    """The theory of change: arrows from left (input) to right (result), a marker per node. With
    ``edge_status`` ((source, target) -> status of kompas.analysis.assumptions) each tested arrow is drawn in the
    colour and line style of its status, with a legend."""
    fig = go.Figure()
    edge_status = edge_status or {}
    for status, (name, colour, dash, width) in EDGE_STYLES.items():
        edge_x, edge_y = [], []
        for source, target in g.edges:
            if edge_status.get((source, target)) != status:
                continue
            (x0, y0), (x1, y1) = positions[source], positions[target]
            edge_x += [x0, x1, None]
            edge_y += [y0, y1, None]
        if edge_x:
            fig.add_trace(
                go.Scatter(
                    x=edge_x,
                    y=edge_y,
                    mode="lines",
                    name=name,
                    hoverinfo="skip",
                    line={"color": colour, "width": width, "dash": dash},
                    showlegend=bool(edge_status),
                )
            )
    for kind in ["input", "activiteit", "output", "outcome", "resultaat"]:
        members = [n for n, d in g.nodes(data=True) if d.get("kind") == kind]
        if not members:
            continue
        fig.add_trace(
            go.Scatter(
                x=[positions[n][0] for n in members],
                y=[positions[n][1] for n in members],
                mode="markers+text",
                name=vocab.NODE_KINDS_SHORT[kind],
                text=[_short(g.nodes[n]["title"]) for n in members],
                textposition="top center",
                customdata=members,
                hovertext=[g.nodes[n]["title"] for n in members],
                hoverinfo="text",
                marker={
                    "size": [22 if n == selected else 14 for n in members],
                    "color": KIND_COLOURS[kind],
                    "symbol": KIND_SYMBOLS[kind],
                    "line": {"width": 2, "color": "#000000"},
                },
                textfont={"size": 11},
            )
        )
    fig.update_xaxes(visible=False, range=[-0.6, 4.6])
    fig.update_yaxes(visible=False)
    fig.update_layout(
        height=max(
            380,
            70 * max((sum(1 for _, d in g.nodes(data=True) if d.get("kind") == k) for k in KIND_COLOURS), default=1),
        ),
        clickmode="event+select",
    )
    return layout(fig, "Veranderverhaal: van input (links) naar maatschappelijk resultaat (rechts)")


def _short(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
