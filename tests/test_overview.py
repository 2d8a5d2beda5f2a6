"""Clusters and the overview page without a browser: tiny graphs with answers by hand, and the
bundled data drawn as an overview (``threshold`` below its size)."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from kggraph.analyses.clusters import cluster_seats, cluster_view, shared_participants
from kggraph.analyses.seats import participation
from kggraph.cli.context import findings_on
from kggraph.cli.main import cli
from kggraph.model.records import Model
from kggraph.model.view import build_view
from kggraph.render.html.findings_layer import about
from kggraph.render.html.graph_html import build_page, render_graph_html
from kggraph.render.html.overview import strong_links
from kggraph.render.html.overview_layout import _boxes, _discs
from kggraph.render.html.select import neighbourhood

AT = date(2024, 6, 30)
KGD = "https://w3id.org/kggraph/id/"


def _two_camps() -> nx.MultiDiGraph:
    """Two groups of structures that share nobody, plus one organisation sitting in both."""
    v = nx.MultiDiGraph()
    for camp, words in (("a", "Water quality"), ("b", "Fish stocks")):
        v.add_node(f"{camp}-lead", category="ministry", notation=camp.upper(), label=camp)
        for i in range(3):
            s = f"{camp}{i}"
            v.add_node(s, category="other_structure", notation=s, label=f"{words} group {i}")
            v.add_edge(f"{camp}-lead", s, kind="membership", role="lead")
            for j in range(3):
                v.add_node(f"{camp}-m{j}", category="other_organisation", label=f"m{j}")
                v.add_edge(f"{camp}-m{j}", s, kind="membership", role="member")
    v.add_node("both", category="other_organisation", label="both")
    v.add_edge("both", "a0", kind="membership", role="member")
    v.add_edge("both", "b0", kind="membership", role="member")
    return v


def test_clusters_split_the_camps_and_name_them() -> None:
    v = _two_camps()
    c = cluster_view(v)
    assert sorted(map(len, c.members)) == [7, 8]  # lead, 3 groups, 3 members; "both" joins one
    assert c.of["a0"] != c.of["b0"]
    by_lead = {c.lead[i]: c.terms[i] for i in range(2)}
    assert set(by_lead) == {"A", "B"}
    assert set(by_lead["A"][:2]) == {"water", "quality"}  # 'group' is a stop word
    assert c.links == {(0, 1): 1}  # 'both' sits in structures of both clusters
    assert c == cluster_view(v)  # seeded: the same view, the same clusters


def test_shared_participants_count_an_organisation_in_its_own_cluster_and_where_it_sits() -> None:
    v = _two_camps()
    of = {n: (0 if n.startswith("a") else 1) for n in v}
    of["both"] = 2
    assert shared_participants(v, of) == {(0, 1): 1, (0, 2): 1, (1, 2): 1}


def test_strong_links_keep_each_clusters_strongest() -> None:
    v = _two_camps()
    c = cluster_view(v)
    assert strong_links(c) == [0, 1, 1]


def test_overview_page_holds_every_node_once(model: Model) -> None:
    view = build_view(model, AT)
    page = build_page(view, threshold=20)
    nodes, edges = page.data["nodes"], page.data["edges"]
    assert page.overview
    assert nodes["id"] == list(view.nodes)
    assert {len(values) for values in nodes.values()} == {view.number_of_nodes()}
    assert len(edges) == 4 * view.number_of_edges()
    assert sorted(c for c in nodes["cl"]) == sorted(page.clustering.of[n] for n in view)
    html, _ = render_graph_html(view, threshold=20)
    name = view.nodes["https://w3id.org/kggraph/id/KUBU"]["label"]
    assert html.count(json.dumps(name, ensure_ascii=False)) == 1  # ids and labels once


def test_small_graph_is_drawn_whole(model: Model) -> None:
    page = build_page(build_view(model, AT))
    assert not page.overview
    assert page.plan.describe().endswith("then stops")


@pytest.mark.parametrize("threshold", [10, 20, 40])
def test_no_cluster_label_box_overlaps_another(model: Model, threshold: int) -> None:
    view = build_view(model, AT)
    page = build_page(view, threshold=threshold)
    clusters = page.data["clusters"]
    font = page.data["font"]
    labels = [c["label"].split("\n") for c in clusters]
    sizes = np.array([c["size"] for c in clusters], dtype=float)
    boxes = _boxes(_discs(sizes, font), labels, font)
    centres = [(c["x"], c["y"] + b[2]) for c, b in zip(clusters, boxes, strict=True)]
    for (i, a), (j, b) in itertools.combinations(enumerate(centres), 2):
        apart_x = abs(a[0] - b[0]) >= boxes[i][0] + boxes[j][0] - 1.5
        apart_y = abs(a[1] - b[1]) >= boxes[i][1] + boxes[j][1] - 1.5
        assert apart_x or apart_y, (clusters[i]["label"], clusters[j]["label"])


def test_cluster_seats_fold_the_matrix_by_cluster(model: Model) -> None:
    view = build_view(model, AT)
    clustering = cluster_view(view)
    seats = participation(model, AT)
    folded = cluster_seats(seats, clustering)
    for org, row in seats.seats.items():
        assert sum(n for n, _ in folded.seats[org].values()) == len(row)
    assert sum(folded.groups.values()) == len(seats.groups)


def test_a_focus_page_carries_only_the_findings_about_what_it_draws(
    runner: CliRunner, model: Model, tmp_path: Path
) -> None:
    everything = findings_on(model, AT, "nb")
    view = neighbourhood(build_view(model, AT), KGD + "KUBU", 1)
    kept = about(view, everything)
    out = tmp_path / "kubu.html"
    result = runner.invoke(cli, ["viz", "-o", str(out), "--at", "2024-06-30", "--focus", "KUBU"])
    assert result.exit_code == 0, result.output
    assert f", {len(kept)} findings (" in result.output.splitlines()[0]
    assert 0 < len(kept) < len(everything)
    drawn = {n for _, n in view.nodes(data="notation")}
    assert all(f.subject in drawn or set(f.related) & drawn for f in kept)


def test_report_top_lists_the_strongest_pairs(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(cli, ["report", "-o", str(out), "--at", "2024-06-30", "--top", "1"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    overlap = html.split('id="kg-overlap"', 1)[1].split("</table>", 1)[0]
    assert overlap.count("<tr>") == 2  # the head and one pair
    assert re.search(r"De 1 sterkeste av \d+ par", html)


_CLUSTERS = """
import sys
from datetime import date
from pathlib import Path
from kggraph.analyses.clusters import cluster_view
from kggraph.model.view import build_view
from kggraph.sources.load import Sources, load_model
model = load_model(Sources(data=(Path(sys.argv[1]),), bundled=False))
print(cluster_view(build_view(model, date(2030, 1, 1))).members)
"""


def test_the_same_view_gives_the_same_clusters_in_any_process(
    runner: CliRunner, tmp_path: Path
) -> None:
    """30,000 synthetic memberships: enough for Louvain's walk over sets of nodes to depend on
    the order of a set (string hashes differ between processes) unless the nodes are numbers."""
    data = tmp_path / "synth.ttl"
    assert runner.invoke(cli, ["synth", "--memberships", "30000", "-o", str(data)]).exit_code == 0
    runs = {
        subprocess.run(
            [sys.executable, "-c", _CLUSTERS, str(data)],
            env={**os.environ, "PYTHONHASHSEED": seed, "KGGRAPH_CACHE_DIR": str(tmp_path)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1 and runs.pop().count("), (") > 5  # one answer, several clusters
