"""SHACL validation: the bundled data conform; a broken copy does not."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from rdflib import RDF, Graph

from kggraph.cli.main import cli
from kggraph.resources import bundled_data_files


def test_bundled_data_conform(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("Conforms")


def test_broken_copy_fails(runner: CliRunner, tmp_path: Path) -> None:
    """A membership without a source, and an agency without a parent ministry, fail."""
    for path in bundled_data_files():
        shutil.copy(path, tmp_path / path.name)
    kubu = tmp_path / "kubu.ttl"
    text = kubu.read_text(encoding="utf-8")
    start = text.index("kgd:m-KUBU-BFD-lead a org:Membership")
    end = text.index("\n\n", start)
    block = text[start:end]
    broken = block[: block.index("    dcterms:source")].rstrip().rstrip(";") + " .\n"
    kubu.write_text(text.replace(block, broken), encoding="utf-8")
    agencies = tmp_path / "agencies.ttl"
    agencies.write_text(
        agencies.read_text(encoding="utf-8").replace("kg:parentMinistry kgd:BFD", "", 1),
        encoding="utf-8",
    )

    result = runner.invoke(cli, ["validate", "--no-bundled", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "Does not conform" in result.stdout
    assert "a membership needs a source" in result.stdout
    assert "an agency needs exactly one kg:parentMinistry" in result.stdout


def _plant_violations(graph: Graph) -> None:
    """One break of each kind the shapes look for, on the bundled data."""
    from rdflib import Literal, URIRef

    from kggraph.model.namespaces import DCTERMS, KG, ORG, SKOS, TIME

    kgd = "https://w3id.org/kggraph/id/"
    lead = URIRef(kgd + "m-KUBU-BFD-lead")
    graph.remove((lead, ORG.member, None))  # minCount
    graph.add((lead, ORG.role, URIRef(kgd + "KD")))  # maxCount, and sh:class
    graph.remove((lead, DCTERMS.source, None))
    graph.add((URIRef(kgd + "KD"), SKOS.notation, Literal("KD2")))
    graph.remove((URIRef(kgd + "KUBU"), KG.theme, None))
    graph.remove((URIRef(kgd + "Bufdir"), KG.parentMinistry, None))
    instant = next(graph.subjects(TIME.inXSDDate, None))
    graph.set((instant, TIME.inXSDDate, Literal("2024")))


def test_the_shapes_as_run_give_the_results_of_the_shapes_as_written() -> None:
    """``shapes_for`` runs each property shape with its node shape's targets (pySHACL is
    three times faster so): on data with planted breaks, the results are the ones the shapes
    file as written gives."""
    from pyshacl import validate as shacl_validate
    from rdflib.namespace import SH

    from kggraph.resources import shapes_file
    from kggraph.sources.load import load_graph
    from kggraph.sources.validate import shapes_for

    graph = load_graph()
    _plant_violations(graph)
    found = []
    for shapes in (Graph().parse(shapes_file()), shapes_for(graph)):
        _, results, _ = shacl_validate(graph, shacl_graph=shapes, inference="none")
        fields = (SH.focusNode, SH.resultPath, SH.resultMessage, SH.value, SH.resultSeverity)
        found.append(
            sorted(
                tuple(str(results.value(r, f)) for f in (*fields, SH.sourceConstraintComponent))
                for r in results.subjects(RDF.type, SH.ValidationResult)
            )
        )
    assert len(found[0]) >= 8
    assert found[0] == found[1]
