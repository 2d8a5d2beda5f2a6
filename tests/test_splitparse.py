"""A large file parsed in two halves side by side gives the index one pass gives, and a file
that cannot be cut safely is read in one pass."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kggraph.render.synth_file import write_file
from kggraph.resources import ontology_files
from kggraph.sources.extract import extract_index
from kggraph.sources.fastparse import index_files
from kggraph.sources.plain_memberships import row_props
from kggraph.sources.splitparse import (
    Forked,
    cut_point,
    directives,
    index_in_halves,
    merge,
    safe_to_cut,
)
from kggraph.sources.subject_index import Lit, objects

ONE_PASS = 1 << 40
PREFIX = b"@prefix : <http://example.org/> .\n"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("split") / "synth.ttl"
    write_file(str(path), 1500, seed=11)
    return path


def _halves(data: bytes) -> tuple | None:
    """``index_in_halves`` with a parser that records triples as ``(s, p, o)`` strings."""
    import pyoxigraph as ox

    def index(part: bytes) -> tuple[dict, int]:
        triples = {
            (str(q.subject), str(q.predicate), str(q.object))
            for q in ox.parse(input=part, format=ox.RdfFormat.TURTLE)
        }
        return {t: {} for t in triples}, len(triples)

    return index_in_halves(data, index, index)


def _objects(index: dict) -> list:
    """Every object in a subject index (one object is itself, several are a list)."""
    return [o for props in index.values() for v in props.values() for o in objects(v)]


def test_merge_adds_the_second_part_after_the_first_and_counts_new_triples() -> None:
    subjects = {"s": {"p": "a", "q": ("x", None, None)}}
    part = ({"s": {"p": ["a", "b"], "q": ("x", None, None)}, "t": {"p": "c"}}, 4, [])
    assert merge(subjects, part) == 2, "s p a and s q 'x' were there already"
    assert subjects == {"s": {"p": ["a", "b"], "q": ("x", None, None)}, "t": {"p": "c"}}


def test_halves_give_the_index_of_one_pass(synthetic: Path) -> None:
    paths = [*ontology_files(), synthetic]
    assert _halves(synthetic.read_bytes()) is not None, "the synthetic file can be cut"
    split, split_count, taken = index_files(paths, split_from=0)
    whole, whole_count, none_taken = index_files(paths, split_from=ONE_PASS)
    assert split_count == whole_count
    assert none_taken == [] and len(taken) == 1500, "each half took its memberships as rows"
    rows = {row[0]: row_props(row) for row in taken}
    assert list(split) == [s for s in whole if s not in rows], "subjects in file order"
    assert all(list(split[s]) == list(whole[s]) for s in split), "predicates in file order"
    assert split | rows == whole, "the rows give back the memberships' properties"
    assert any(type(o) is tuple for o in _objects(split)), (
        "the second half's literals came over as plain tuples: the file was read in halves"
    )


def test_halves_give_the_records_of_one_pass(synthetic: Path) -> None:
    paths = [*ontology_files(), synthetic]
    split, whole = (extract_index(*index_files(paths, split_from=n)) for n in (0, ONE_PASS))
    assert len(split.memberships) == 1500
    assert split == whole


def test_second_half_reads_prefixes_of_the_first() -> None:
    data = PREFIX + b"".join(b":s%d :p :o .\n" % i for i in range(40))
    head, tail = _halves(data)
    assert head[1] + tail[1] == 40
    assert all(s.startswith("<http://example.org/s") for s, _, _ in tail[0])


@pytest.mark.parametrize(
    "statement",
    [b':s :p """long\n:x :p :y .\n""" .\n', b"_:b :p :o .\n", b":s :p '''a\nb''' .\n"],
    ids=["long string", "blank node label", "single-quoted long string"],
)
def test_file_with_tokens_across_lines_or_halves_is_not_cut(statement: bytes) -> None:
    data = PREFIX + b":s :p :o .\n" * 20 + statement + b":s :p :o .\n" * 20
    assert not safe_to_cut(data)
    assert _halves(data) is None


def test_cut_inside_a_statement_is_refused(tmp_path: Path) -> None:
    """The line before the cut ends in '.', but in a comment: the first half does not parse,
    so the file is read in one pass, and nothing is lost."""
    data = PREFIX + b":a :p\n" + b"# filler\n" * 200 + b"# a comment that ends.\n:b .\n"
    assert data[cut_point(data, len(data) // 2) :] == b":b .\n"
    assert _halves(data) is None
    path = tmp_path / "comment.ttl"
    path.write_bytes(data)
    subjects, count, _ = index_files([path], split_from=0)
    assert (count, subjects) == (
        1,
        {"http://example.org/a": {"http://example.org/p": "http://example.org/b"}},
    )


def test_malformed_file_still_names_its_line(tmp_path: Path) -> None:
    from kggraph.sources.fastparse import OxSyntaxError

    path = tmp_path / "bad.ttl"
    path.write_bytes(PREFIX + b":s :p :o .\n" * 50 + b":s :p .\n" + b":s :p :o .\n" * 50)
    with pytest.raises(OxSyntaxError) as err:
        index_files([path], split_from=0)
    assert err.value.line == 52


def test_directives_in_order_and_only_directives() -> None:
    head = (
        b"@base <http://a/> .\n"
        b"prefix:x prefix:p prefix:o .\n"
        b"PREFIX ex: <http://e/>\n"
        b'ex:s ex:label "a base of prefix" .\n'
        b"  @prefix prefix: <http://p/> .\n"
        b"Base <http://b/>\n"
    )
    assert directives(head) == (
        b"@base <http://a/> .\n"
        b"PREFIX ex: <http://e/>\n"
        b"  @prefix prefix: <http://p/> .\n"
        b"Base <http://b/>\n"
    )


def test_literals_cross_as_plain_tuples_and_read_as_literals(synthetic: Path) -> None:
    split = index_files([synthetic], split_from=0).subjects
    kinds = {type(o) for o in _objects(split) if not isinstance(o, str)}
    assert kinds == {Lit, tuple}, "the first half's literals are Lit, the second's tuples"


def test_forked_work_returns_its_bytes_or_none() -> None:
    big = os.urandom(3 << 20)
    with Forked(lambda: big) as child:
        assert child.result() == big
    with Forked(lambda: 1 / 0) as child:
        assert child.result() is None


def test_forked_child_is_stopped_when_left() -> None:
    with Forked(lambda: __import__("time").sleep(60) or b"") as child:
        pid = child.pid
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)


def _one_and_two_passes(paths: list[Path]) -> tuple:
    """The index and the records of ``paths`` read in halves and in one pass."""
    indexed = [index_files(paths, split_from=n) for n in (0, ONE_PASS)]
    return indexed, [extract_index(*i) for i in indexed]


def _memberships(path: Path) -> list[str]:
    """The local names of the memberships in a synthetic file, in file order."""
    return re.findall(rb"^kgd:(synth-m\d+) a org:Membership", path.read_bytes(), re.M)


@pytest.mark.parametrize("where", ["first half", "second half", "earlier file", "later file"])
def test_membership_named_elsewhere_is_not_taken_as_a_row(
    synthetic: Path, tmp_path: Path, where: str
) -> None:
    """A row stands for a membership only if nothing else is said of it: one more statement
    about it (in the other half, or in another file) and the files are read in one pass."""
    first, last = _memberships(synthetic)[0], _memberships(synthetic)[-1]
    local = last if where == "first half" else first
    statement = b"kgd:%s <http://purl.org/dc/terms/source> kgd:elsewhere .\n" % local
    prefixes = synthetic.read_bytes().split(b"\n\n")[0] + b"\n"
    if where.endswith("half"):
        data = synthetic.read_bytes()
        data = prefixes + statement + data if where == "first half" else data + statement
        files = [tmp_path / "synth.ttl"]
        files[0].write_bytes(data)
    else:
        extra = tmp_path / "extra.ttl"
        extra.write_bytes(prefixes + statement)
        files = [extra, synthetic] if where == "earlier file" else [synthetic, extra]
    (split, whole), (split_model, whole_model) = _one_and_two_passes(files)
    assert split == whole and split.taken == [], "read again in one pass"
    assert split_model == whole_model
    sources = {m.iri.rsplit("/", 1)[1]: m.sources for m in whole_model.memberships}
    assert any(s.endswith("/elsewhere") for s in sources[local.decode()])


def test_membership_taken_as_a_row_reads_as_a_node(synthetic: Path, tmp_path: Path) -> None:
    """Data that names a membership as a mandate reads the membership's properties from its
    row, as one pass reads them from the index."""
    local = _memberships(synthetic)[-1].decode()
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix kgd: <https://w3id.org/kggraph/id/> .\n"
        "@prefix kg: <https://w3id.org/kggraph/ont#> .\n"
        f"kgd:odd a kg:CoreGroup ; kg:mandate kgd:{local} .\n"
    )
    paths = [*ontology_files(), synthetic, extra]
    (split, _), (split_model, whole_model) = _one_and_two_passes(paths)
    assert any(row[0].endswith(local) for row in split.taken)
    assert split_model == whole_model
    mandate = whole_model.entities["https://w3id.org/kggraph/id/odd"].mandate
    assert mandate is not None and mandate.sources, "the membership's sources, read as a mandate"
