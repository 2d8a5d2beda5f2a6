"""``kggraph dedupe``: propose probably-same organisations for review; apply what was accepted."""

from __future__ import annotations

import csv
from pathlib import Path

import click

from kggraph.errors import KgError

__all__ = ["dedupe"]


def _rows(clusters: list) -> list[list[object]]:  # list[list[Candidate]]
    from kggraph.model.names import compact_iri

    return [
        [
            c.cluster,
            compact_iri(c.keep),
            compact_iri(c.record.iri),
            c.record.name,
            c.record.country,
            c.record.category,
            c.record.seats,
            c.score,
            c.evidence,
            "",
        ]
        for cluster in clusters
        for c in cluster
    ]


def _write_review(rows: list[list[object]], output: Path) -> None:
    """The review table as CSV (or '-') or, for a .xlsx name, a workbook; written atomically,
    no cell read as a formula."""
    import io

    from kggraph.outputs import atomic_file, csv_cell
    from kggraph.sources.merge import REVIEW_COLUMNS

    safe = [[csv_cell(v) if isinstance(v, str) else v for v in row] for row in rows]
    if output.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("review")
        sheet.append(list(REVIEW_COLUMNS))
        for row in safe:
            sheet.append(row)
        data = io.BytesIO()
        book.save(data)
        with atomic_file(output, "wb") as f:
            f.write(data.getvalue())
        return
    if str(output) == "-":
        csv.writer(click.get_text_stream("stdout")).writerows([REVIEW_COLUMNS, *safe])
        return
    with atomic_file(output, encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([REVIEW_COLUMNS, *safe])


@click.command()
@click.argument("data", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The review table to write (.csv, .xlsx, or '-'), or with --apply the Turtle file.",
)
@click.option(
    "--apply",
    "review",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Apply the rows of this review table whose accept column says yes.",
)
@click.option(
    "--min-name",
    type=click.FloatRange(0, 100),
    default=45.0,
    show_default=True,
    help="How alike (0-100) the rest of two names sharing an acronym must be.",
)
def dedupe(data: Path, output: Path, review: Path | None, min_name: float) -> None:
    """Propose organisations in DATA that are probably the same, for a person to review.

    Organisations in the same country or area are linked when they share an acronym (and the
    rest of their names are alike, or one is the bare acronym) or when their names are nearly
    the same. The review table lists each candidate cluster: the organisation proposed to keep,
    every member with its score and evidence, and an empty accept column. Nothing is merged
    until a person writes yes in accept and runs --apply: each accepted organisation then
    becomes the kept one, its names the kept one's alternative names.

    Example: kggraph dedupe eg.ttl -o review.csv, then after the review:
    kggraph dedupe eg.ttl --apply review.csv -o eg-merged.ttl
    """
    from kggraph.sources.merge import apply_merges, org_records, read_review, read_triples

    triples = read_triples(data)
    if review is None:
        from kggraph.analyses.dedupe import candidate_clusters

        clusters = candidate_clusters(org_records(triples), min_name=min_name)
        rows = _rows(clusters)
        _write_review(rows, output)
        click.echo(
            f"Wrote {output}: {len(clusters)} candidate clusters, {len(rows)} organisations. "
            "Write yes in accept for the ones to merge, then run with --apply.",
            err=True,
        )
        return
    if output.suffix.lower() not in (".ttl", "") and str(output) != "-":
        raise KgError(f"{output}: --apply writes Turtle (.ttl)")
    merges = read_review(review)
    from kggraph.cli.import_cmd import write_turtle_file

    written = write_turtle_file(apply_merges(triples, merges), output)
    click.echo(
        f"Wrote {output}: {written} triples; {len(merges)} organisations merged into "
        f"{len(set(merges.values()))}.",
        err=True,
    )
