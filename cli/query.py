"""Query commands: who, members, structures, info, sparql."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from kggraph.analyses import queries
from kggraph.cli.context import emit, model_from, resolve_name
from kggraph.cli.options import data_options, output_options, resolve_at
from kggraph.errors import KgError
from kggraph.model.records import Model
from kggraph.render import render
from kggraph.render.json_rows import render_json
from kggraph.sources.load import Sources

__all__ = ["info", "members", "sparql", "structures", "who"]

_TABLE_MEMBERSHIP = ["role_label", "level_label", "start_text", "end_text", "source"]


def _membership_listing(
    name: str, at: date | None, fmt: str, lang: str, side: str, sources: Sources
) -> None:
    """List NAME's memberships: the structures it is in, or the members it has."""
    model, iri = _listing_model(name, side, sources)
    when = resolve_at(at, model)
    entity = model.entities[iri]
    if side == "member" and entity.is_organisation:
        raise KgError(f"'{name}' is an organisation, not a structure; try: kggraph who {name}")
    lister, columns = (
        (queries.who, queries.WHO_COLUMNS)
        if side == "structure"
        else (queries.members, queries.MEMBERS_COLUMNS)
    )
    rows = lister(model, iri, when, lang)
    state = "" if entity.active.contains(when) else " (not active on this date)"
    name = entity.label(lang, when)
    emit(
        rows,
        fmt,
        columns,
        # a structure's short name says enough; a member's abbreviation needs its name
        [side, *([] if side == "structure" else ["member_label"]), *_TABLE_MEMBERSHIP],
        title=f"{name} ({entity.notation_on(when)}) — {when.isoformat()}{state}: {len(rows)}",
    )


def _listing_model(name: str, side: str, sources: Sources) -> tuple[Model, str]:
    """The model to list from, and NAME's IRI: asked of the store when the data are there
    alone (see :mod:`kggraph.sources.store_query`), else the whole model.

    The store answers even when this machine keeps its current publication: at 100,000
    memberships its few small queries take 0.3 s of CPU, reading the kept publication 0.9 s.
    """
    endpoint, graph = sources.endpoint, sources.graph
    if endpoint and not sources.data:
        from kggraph.sources.store_query import listing_model

        return listing_model(endpoint, graph, name, side, sources.timeout, sources.max_answer_mb)
    model = model_from(sources)
    return model, resolve_name(model, name)


@click.command()
@click.argument("name")
@output_options
@data_options
def who(name: str, at: date | None, fmt: str, lang: str, sources: Sources) -> None:
    """Every structure NAME takes part in on a date.

    NAME is an abbreviation (KD), any name or variant ("Justisdepartementet"), or an IRI.

    Example: kggraph who KD --at 2024-06-30
    """
    _membership_listing(name, at, fmt, lang, "structure", sources)


@click.command()
@click.argument("name")
@output_options
@data_options
def members(name: str, at: date | None, fmt: str, lang: str, sources: Sources) -> None:
    """Who takes part in structure NAME on a date, the lead included.

    Example: kggraph members KUBU --at 2024-06-30
    """
    _membership_listing(name, at, fmt, lang, "member", sources)


@click.command()
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="TYPE",
    help="Only structures of this type, e.g. CoreGroup, Secretariat (repeatable).",
)
@output_options
@data_options
def structures(
    types: tuple[str, ...], at: date | None, fmt: str, lang: str, sources: Sources
) -> None:
    """The structures active on a date, with type, lead, number of members, start and end.

    Example: kggraph structures --type CoreGroup --at 2024-06-30
    """
    model = model_from(sources)
    when = resolve_at(at, model)
    rows = queries.structures(model, when, lang, types)
    emit(
        rows,
        fmt,
        queries.STRUCTURES_COLUMNS,
        [
            "structure",
            "structure_type",
            "part_of",
            "lead",
            "members",
            "start_text",
            "end_text",
            "source",
        ],
        title=f"{when.isoformat()}: {len(rows)} structures",
    )


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@data_options
def info(fmt: str, sources: Sources) -> None:
    """Size of the loaded graph: triples, organisations and structures by type, sources."""
    summary = queries.info(model_from(sources))
    if fmt == "json":
        click.echo(render_json(summary), nl=False)
        return
    rows = [{"what": "triples", "count": summary["triples"]}]
    rows += [{"what": f"type {k}", "count": v} for k, v in summary["entities"].items()]
    rows += [
        {"what": label, "count": summary[k]}
        for k, label in (
            ("organisations", "organisations"),
            ("structures", "structures (top level)"),
            ("parts", "parts of structures"),
            ("memberships", "memberships"),
            ("assignments", "assignments"),
            ("citations", "citations"),
        )
    ]
    rows += [
        {"what": f"memberships citing {k}", "count": v}
        for k, v in summary["memberships_by_document"].items()
    ]
    click.echo(render(rows, ["what", "count"], "table"), nl=False)


@click.command()
@click.argument("query", required=False)
@click.option(
    "--file",
    "query_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the query from a file.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let the query fetch from other endpoints (SERVICE <…>, FROM <…>); refused without it.",
)
@data_options
def sparql(
    query: str | None, query_file: Path | None, fmt: str, allow_service: bool, sources: Sources
) -> None:
    """Run a SPARQL query over the loaded graph (ontology + data).

    The project's prefixes (kg, kgd, org, skos, …) are predeclared.

    Example: kggraph sparql "SELECT ?m WHERE { ?m a kg:Ministry }"
    """
    from kggraph.analyses.sparql_select import run_query
    from kggraph.sources.load import load_graph

    if (query is None) == (query_file is None):
        raise click.UsageError("give a QUERY or --file, not both")
    text = _query_text(query_file) if query_file else query
    columns, rows = run_query(load_graph(sources), text or "", allow_service=allow_service)
    click.echo(render(rows, columns, fmt), nl=False)


def _query_text(path: Path) -> str:
    """The query in ``path``; a file that is not UTF-8 text is a user mistake."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise KgError(f"{path}: not a text file (UTF-8)") from None
