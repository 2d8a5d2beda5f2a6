"""``kggraph serve``: the graph as a small, read-only web site for the team."""

from __future__ import annotations

import click

from kggraph.cli.context import model_from
from kggraph.cli.options import data_options
from kggraph.model.dates import today
from kggraph.sources.load import Sources

__all__ = ["serve"]


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on. The default is this machine only; put the site behind "
    "the organisation's reverse proxy rather than opening it to the network.",
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="The port."
)
@data_options
def serve(host: str, port: int, sources: Sources) -> None:
    """Serve the graph as a read-only web site: search, organisation and structure pages,
    findings, overlap, a what-if form for a proposed group, and SPARQL.

    Pages are in Norwegian or English (a switch on every page), take a date, and are also
    JSON (?format=json or .json), with the CLI's keys. The graph is loaded once at start;
    nothing is written to the data or the store. Stop it with Ctrl-C.

    Example: kggraph serve --port 8765 --data register.ttl
    """
    import uvicorn

    from kggraph.site.app import create_app
    from kggraph.site.state import SiteState
    from kggraph.sources.load import load_graph

    model = model_from(sources)
    state = SiteState(model, model.snapshot or today(), load_graph=lambda: load_graph(sources))
    click.echo(f"Serving {len(model.entities)} entities at http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(create_app(state), host=host, port=port, log_level="warning", access_log=False)
