"""Assumptions tested wave by wave: the status per arrow from the one verdict at both ends, the lag, the
werkgroep's overrule with a reason, the CLI, and step 3's graph, legend and timeline."""

import json

import pytest

from kompas.analysis import assumptions
from kompas.cli.main import main
from kompas.domain.errors import NotAllowedError, ValidationError
from kompas.reports import charts
from kompas.store import toc


def arrow(store, source, target):
    return next(a for a in assumptions.status_per_arrow(store) if (a["source_id"], a["target_id"]) == (source, target))


def edge_id(store, source, target):
    return store.scalar("SELECT id FROM edges WHERE source_id = ? AND target_id = ?", [source, target])


def test_a_supported_and_a_contradicted_assumption_follow_the_verdicts(store):
    told = arrow(store, "op_voorlichting", "oc_melden")
    step = next(t for t in told["timeline"] if t["wave_id"] == "panel2024")
    assert step["status"] == "ondersteund" and not step["overruled"]
    verdicts = {(f["indicator_id"], f["end"]): f["verdict"] for f in step["figures"]}
    assert verdicts[("weet_melden", "doel")] == "beter"
    reported = arrow(store, "oc_melden", "oc_discriminatie")
    last = reported["timeline"][-1]
    assert last["wave_id"] == "vm2025" and last["status"] == "tegengesproken"
    assert {f["verdict"] for f in last["figures"] if f["end"] == "doel"} == {"slechter"}
    assert reported["status"] == "tegengesproken"


def test_no_real_change_at_either_end_is_not_yet_known(store):
    quiet = arrow(store, "op_taal", "oc_werk")
    assert {t["status"] for t in quiet["timeline"]} == {"onbekend"}


def test_the_werkgroep_overrules_with_a_reason_and_the_derived_status_stays(store):
    mediated = arrow(store, "op_bemiddeling", "oc_spanning")  # the demo's overrule
    last = mediated["timeline"][-1]
    assert last["overruled"] and last["status"] == "ondersteund" and last["derived"] == "onbekend"
    assert "anders gesteld" in last["reason"] and last["note_ids"]
    with pytest.raises(ValidationError, match="waarom"):
        assumptions.overrule(store, edge_id(store, "op_taal", "oc_werk"), "reg2025", "ondersteund", "  ")
    with pytest.raises(NotAllowedError):
        assumptions.overrule(
            store.as_user("Jan", "lezer"), edge_id(store, "op_taal", "oc_werk"), "reg2025", "ondersteund", "Omdat."
        )


def test_the_lag_shifts_the_source_waves(store):
    edge = edge_id(store, "op_voorlichting", "oc_melden")
    assumptions.set_lag(store, edge, 1)
    shifted = arrow(store, "op_voorlichting", "oc_melden")
    step = next(t for t in shifted["timeline"] if t["wave_id"] == "panel2025")
    source = [f for f in step["figures"] if f["end"] == "bron"]
    assert source and all(
        f["wave_to"] == "reg2024" for f in source
    )  # panel 2025 against the registration a year before
    with pytest.raises(ValidationError):
        assumptions.set_lag(store, edge, 11)


def test_the_graph_draws_each_status_in_its_own_colour_and_line_style(store):
    statuses = {
        (a["source_id"], a["target_id"]): a["status"] for a in assumptions.status_per_arrow(store, "gelijkwaardigheid")
    }
    graph = toc.graph(store, "gelijkwaardigheid")
    figure = charts.toc_chart(graph, toc.layout(graph), None, statuses)
    lines = {t.name: (t.line.color, t.line.dash) for t in figure.data if t.mode == "lines"}
    assert lines["Veronderstelling tegengesproken"] == ("#D55E00", "dash")
    assert len({style for style in lines.values()}) == len(lines)


def test_cli_prints_the_status_per_arrow_per_wave_with_its_figures(demo_db, capsys):
    assert main(["assumptions", "--db", str(demo_db), "--json"]) == 0
    arrows = json.loads(capsys.readouterr().out)
    reported = next(a for a in arrows if (a["source_id"], a["target_id"]) == ("oc_melden", "oc_discriminatie"))
    figures = reported["timeline"][-1]["figures"]
    assert {"indicator_id", "wave_from", "wave_to", "verdict", "value_from", "value_to"} <= set(figures[0])
    assert {a["status"] for a in arrows} >= {"ondersteund", "tegengesproken", "onbekend"}


def test_step_3_shows_the_legend_and_the_timeline(app):
    from tests.dashboard.test_pages import go, texts

    go(app, "app_pages/step_3_activiteiten.py")
    app.selectbox(key="s3_node").set_value("oc_melden").run()
    shown = texts(app)
    assert "Getoetste veronderstellingen" in shown and "gestreepte oranje lijn" in shown
    assert "Veiligheidsmonitor 2025: **tegengesproken**" in shown
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert any(t.get("name") == "Veronderstelling tegengesproken" for t in figure["data"])


def test_the_review_names_assumptions_tested_since_last_time(store):
    from kompas.analysis import review_changes

    lines = review_changes.summary(review_changes.changes_since(store, 2))
    tested_lines = [line for line in lines if line.startswith("Veronderstelling")]
    assert (
        "Veronderstelling 'Inwoners weten waar ze discriminatie kunnen melden → Minder inwoners ervaren "
        "discriminatie' bij Veiligheidsmonitor 2025: tegengesproken."
    ) in tested_lines
    assert any("(vastgesteld door de werkgroep)" in line for line in tested_lines)
    assert not any("nog niet bekend." in line and "werkgroep" not in line for line in tested_lines)


def test_the_readable_graph_shows_one_programme_with_full_titles(app):
    from tests.dashboard.test_pages import go

    go(app, "app_pages/step_3_activiteiten.py")
    app.selectbox(key="s3_node").set_value("act_campagne").run()
    app.radio(key="s3_view").set_value("Leesbaar schema (volledige namen, per programma)").run()
    assert not app.exception
    spec = app.get("graphviz_chart")[0].proto.spec
    assert "rankdir=LR" in spec and '"act_campagne" [label=' in spec and "penwidth=4" in spec
    assert "Samenwerking met de antidiscriminatievoorziening" in spec.replace("\\n", " ")  # whole title
    assert '"act_ontmoeten"' not in spec  # another programme's node
    assert 'color="#D55E00", style=dashed' in spec  # the contradicted assumption
