"""``kggraph publish``: put ontology + data into a shared SPARQL store, replacing the graph."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import click

from kggraph.cli.options import data_option, no_bundled_option, timeout_option
from kggraph.model.names import entity_names
from kggraph.resources import ontology_files
from kggraph.sources.load import Sources, data_files, load_graph, load_model
from kggraph.sources.store import DEFAULT_GRAPH
from kggraph.sources.store_publish import NotConformingError, PublishInterrupted
from kggraph.sources.store_publish import publish as publish_graph

__all__ = ["PASSWORD_VARIABLE", "publish"]

PASSWORD_VARIABLE = "KGGRAPH_PASSWORD"


@click.command()
@click.option(
    "--endpoint",
    envvar="KGGRAPH_ENDPOINT",
    required=True,
    metavar="URL",
    help="The store's SPARQL query endpoint [env KGGRAPH_ENDPOINT].",
)
@click.option(
    "--graph",
    "graph_iri",
    envvar="KGGRAPH_GRAPH",
    default=DEFAULT_GRAPH,
    show_default=True,
    metavar="IRI",
    help="The named graph to replace [env KGGRAPH_GRAPH].",
)
@click.option(
    "--update-endpoint",
    envvar="KGGRAPH_UPDATE_ENDPOINT",
    default=None,
    metavar="URL",
    help="Where the store takes updates, if not at --endpoint (Virtuoso: /sparql-auth) "
    "[env KGGRAPH_UPDATE_ENDPOINT].",
)
@click.option(
    "--user",
    envvar="KGGRAPH_USER",
    default=None,
    metavar="NAME",
    help=f"User for the update endpoint; the password comes only from {PASSWORD_VARIABLE} "
    "[env KGGRAPH_USER].",
)
@click.option(
    "--graph-store",
    envvar="KGGRAPH_GRAPH_STORE",
    default=None,
    metavar="URL",
    help="The store's Graph Store Protocol endpoint for bulk loads (default: guessed from "
    "the update endpoint, Virtuoso: /sparql-graph-crud-auth) [env KGGRAPH_GRAPH_STORE].",
)
@click.option(
    "--no-bulk",
    is_flag=True,
    help="Send the graph as INSERT DATA requests instead (slow; for stores without a Graph "
    "Store endpoint, which kggraph also finds by itself).",
)
@data_option
@no_bundled_option
@timeout_option
def publish(
    endpoint: str,
    graph_iri: str,
    update_endpoint: str | None,
    user: str | None,
    graph_store: str | None,
    no_bulk: bool,
    data: tuple[Path, ...],
    no_bundled: bool,
    timeout: float,
) -> None:
    """Publish ontology + data to a SPARQL store, replacing the named graph at once.

    The data are checked against the SHACL shapes while they are loaded into a fresh staging
    graph; nothing is switched in unless they conform (else the staging graph is dropped).
    The staging graph is switched in with one MOVE, so readers see the old graph or the new
    one, never half. If anything fails, the
    old graph stays as it was. Ctrl-C drops the staging graph; staging graphs older than an
    hour, left by a publish that was killed, are dropped. Beside the data go the keys each
    organisation and structure is filed under for its names, so that who and members through
    the store resolve a name as the local files do.

    \b
    Example (Virtuoso; the password only in the environment):
      export KGGRAPH_PASSWORD=…
      kggraph publish --endpoint http://localhost:8890/sparql \\
        --update-endpoint http://localhost:8890/sparql-auth --user dba
    """
    sources = Sources(data=tuple(data), bundled=not no_bundled)
    graph = load_graph(sources)
    # what the data leave out is for the shapes to report, not for the names
    names = entity_names(load_model(replace(sources, keep_going=True)))
    try:
        with _terminate_as_interrupt():
            result = publish_graph(
                graph,
                endpoint,
                graph_iri,
                update_endpoint=update_endpoint,
                graph_store=graph_store,
                bulk=not no_bulk,
                user=user,
                password=os.environ.get(PASSWORD_VARIABLE),
                timeout=timeout,
                files=[*ontology_files(), *data_files(sources)],
                names=names,
            )
    except NotConformingError as err:
        click.echo(err.report, err=True)
        raise
    except PublishInterrupted as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(130)
    for old in result.dropped:
        click.echo(f"Dropped <{old}>, a staging graph left by an earlier publish.", err=True)
    click.echo(
        f"Published {result.triples} triples to <{result.graph}> "
        f"through {result.update_endpoint} (it held {result.previous})."
    )


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt, as Ctrl-C does, so that publish can clean up."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave SIGTERM as it is
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
