"""The theory of change as a Graphviz DOT text, for a graph people can read on a shared screen: layered left
to right (input → activiteit → output → outcome → resultaat), full titles wrapped, and tested arrows in the
colour and line style of their status (``kompas.reports.charts.EDGE_STYLES``). Streamlit draws DOT in the browser
(``st.graphviz_chart``), so no Graphviz program is needed on the server.
"""

from __future__ import annotations

import textwrap

import networkx as nx

from kompas.reports.charts import EDGE_STYLES, KIND_COLOURS
from kompas.store.toc import KIND_ORDER

_DASH = {"solid": "solid", "dash": "dashed", "dot": "dotted"}


def dot(
    graph: nx.DiGraph,
    edge_status: dict[tuple[str, str], str] | None = None,
    selected: str | None = None,
    width: int = 24,
) -> str:
    """DOT for ``graph`` (nodes with 'kind' and 'title'); ``selected`` gets a thick border.

    >>> g = nx.DiGraph(); g.add_node("a", kind="output", title='Een "lange" titel'); g.add_node("b", kind="outcome", title="Doel")
    >>> g.add_edge("a", "b"); text = dot(g, {("a", "b"): "ondersteund"})
    >>> 'rankdir=LR' in text and '"a" -> "b"' in text and '#0072B2' in text and '\\\\"lange\\\\"' in text
    True
    """
    edge_status = edge_status or {}
    lines = [
        "digraph veranderverhaal {",
        "  rankdir=LR; nodesep=0.25; ranksep=0.6;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=12, fontcolor="white"];',
        '  edge [color="#AAAAAA"];',
    ]
    for kind in KIND_ORDER:
        members = [n for n, d in graph.nodes(data=True) if d.get("kind") == kind]
        if not members:
            continue
        lines.append("  { rank=same;")
        for n in members:
            border = ', penwidth=4, color="black"' if n == selected else ', penwidth=1, color="white"'
            lines_of = textwrap.wrap(graph.nodes[n]["title"], width, break_long_words=False, break_on_hyphens=False)
            label = "\\n".join(lines_of) or n
            lines.append(f'    {_q(n)} [label={_q(label, wrapped=True)}, fillcolor="{KIND_COLOURS[kind]}"{border}];')
        lines.append("  }")
    for source, target in graph.edges:
        status = edge_status.get((source, target))
        _, colour, dash, width_px = EDGE_STYLES[status]
        lines.append(f'  {_q(source)} -> {_q(target)} [color="{colour}", style={_DASH[dash]}, penwidth={width_px}];')
    lines.append("}")
    return "\n".join(lines)


def _q(text: str, wrapped: bool = False) -> str:
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"')
    if wrapped:  # keep the line breaks textwrap made
        escaped = escaped.replace("\\\\n", "\\n")
    return f'"{escaped}"'
