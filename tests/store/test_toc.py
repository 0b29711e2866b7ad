import pytest

from kompas.domain.errors import ValidationError
from kompas.domain.model import Edge, Node, Programme
from kompas.store import toc


@pytest.fixture
def chain(empty_store):
    s = empty_store
    toc.save_programme(s, Programme("p", "Programma"))
    toc.save_programme(s, Programme("q", "Ander programma"))
    for node_id, kind in [
        ("in", "input"),
        ("act", "activiteit"),
        ("out", "output"),
        ("oc1", "outcome"),
        ("oc2", "outcome"),
        ("res", "resultaat"),
    ]:
        toc.save_node(s, Node(node_id, "p", kind, node_id.upper(), status="loopt" if kind == "activiteit" else None))
    toc.save_node(s, Node("qres", "q", "resultaat", "Q"))
    for a, b in [("in", "act"), ("act", "out"), ("out", "oc1"), ("oc1", "oc2"), ("oc2", "res")]:
        toc.add_edge(s, Edge(a, b, f"{a} leidt tot {b}", "redelijk"))
    return s


def test_chain_is_valid_and_laid_out_left_to_right(chain):
    g = toc.graph(chain, "p")
    assert toc.check_graph(g) == []
    pos = toc.layout(g)
    assert pos["in"][0] < pos["act"][0] < pos["out"][0] < pos["oc1"][0] < pos["res"][0]


def test_edges_carry_their_assumption(chain):
    frame = toc.edges(chain, node_id="out")
    row = frame[frame["source_id"] == "out"].iloc[0]
    assert row["target_id"] == "oc1" and row["assumption"] == "out leidt tot oc1" and row["evidence"] == "redelijk"


@pytest.mark.parametrize(
    "source,target,message",
    [
        ("act", "res", "past niet"),  # skips steps
        ("res", "oc1", "past niet"),  # wrong way round
        ("oc2", "oc1", "rondje"),  # cycle between outcomes
        ("oc2", "qres", "hetzelfde programma"),
        ("out", "oc1", "bestaat al"),
        ("out", "nergens", "bestaand onderdeel"),
        ("out", "out", "ander onderdeel"),
    ],
)
def test_bad_arrows_are_refused_in_dutch_and_nothing_is_saved(chain, source, target, message):
    before = chain.scalar("SELECT count(*) FROM edges")
    with pytest.raises(ValidationError) as caught:
        toc.add_edge(chain, Edge(source, target, "", "onbekend"))
    assert message in str(caught.value)
    assert chain.scalar("SELECT count(*) FROM edges") == before


def test_check_graph_names_outcomes_that_lead_nowhere(chain):
    toc.save_node(chain, Node("loose", "p", "outcome", "Los eindje"))
    problems = toc.check_graph(toc.graph(chain, "p"))
    assert any("Los eindje" in p and "maatschappelijk resultaat" in p for p in problems)


def test_node_ids_are_unique_and_activities_need_a_status(chain):
    with pytest.raises(ValidationError, match="al in gebruik"):
        toc.save_node(chain, Node("out", "p", "output", "Dubbel"))
    with pytest.raises(ValidationError) as caught:
        toc.save_node(chain, Node("act2", "p", "activiteit", "Zonder status"))
    assert "status" in caught.value.errors


def test_editing_a_node_keeps_its_arrows(chain):
    node = toc.get_node(chain, "out")
    toc.save_node(chain, Node(**{**node.__dict__, "title": "Nieuwe titel"}), new=False)
    assert toc.get_node(chain, "out").title == "Nieuwe titel"
    assert len(toc.edges(chain, node_id="out")) == 2


def test_update_edge_changes_assumption(chain):
    edge_id = int(toc.edges(chain, node_id="in").iloc[0]["id"])
    toc.update_edge(chain, edge_id, "Nieuwe veronderstelling", "sterk")
    row = toc.edges(chain, node_id="in").iloc[0]
    assert (row["assumption"], row["evidence"]) == ("Nieuwe veronderstelling", "sterk")


def test_kind_or_programme_of_a_linked_node_cannot_change(chain):
    node = toc.get_node(chain, "out")
    with pytest.raises(ValidationError, match="kunnen daarom niet veranderen"):
        toc.save_node(chain, Node(**{**node.__dict__, "kind": "outcome"}), new=False)
    with pytest.raises(ValidationError, match="kunnen daarom niet veranderen"):
        toc.save_node(chain, Node(**{**node.__dict__, "programme_id": "q"}), new=False)
    assert toc.get_node(chain, "out").kind == "output"


def test_update_edge_refuses_unknown_evidence(chain):
    edge_id = int(toc.edges(chain, node_id="in").iloc[0]["id"])
    with pytest.raises(ValidationError):
        toc.update_edge(chain, edge_id, "x", "heel sterk")


def test_text_alternative_of_the_graph_counts_what_is_drawn(chain):
    g = toc.graph(chain, "p")
    assert toc.describe(g) == (
        "Het schema toont 1 input, 1 activiteit, 1 output, 2 outcomes, 1 maatschappelijk "
        "resultaat, verbonden door 5 pijlen. Dezelfde informatie staat hieronder als lijst."
    )
