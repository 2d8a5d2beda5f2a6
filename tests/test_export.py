"""The export serves clients that know only W3C ORG."""

from __future__ import annotations

from pathlib import Path

import rdflib
from click.testing import CliRunner

from kggraph.cli.main import cli

ORG_ONLY = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?member ?organization WHERE {
  ?m rdf:type org:Membership ; org:member ?member ; org:organization ?organization .
}
"""


def test_org_only_client_lists_memberships(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "kggraph.nt"
    result = runner.invoke(cli, ["export", "--format", "nt", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    graph = rdflib.Graph().parse(out, format="nt")
    pairs = {
        (str(m).rsplit("/", 1)[-1], str(o).rsplit("/", 1)[-1]) for m, o in graph.query(ORG_ONLY)
    }
    assert ("BFD", "KUBU") in pairs
    assert ("KD", "Kunnskap-i-kriser") in pairs
    assert len(pairs) > 100


def test_turtle_export_round_trips(runner: CliRunner, model) -> None:  # noqa: ANN001
    result = runner.invoke(cli, ["export", "--format", "turtle"])
    assert result.exit_code == 0
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) == model.triples


def test_csv_export_has_header(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "subject,predicate,object,language,datatype"
