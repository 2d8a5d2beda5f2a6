"""A large file parsed in two halves side by side gives the index one pass gives, and a file
that cannot be cut safely is read in one pass."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kggraph.extract import Lit, extract_index, objects
from kggraph.fastparse import index_files
from kggraph.resources import ontology_files
from kggraph.splitparse import (
    Forked,
    cut_point,
    directives,
    index_in_halves,
    merge,
    safe_to_cut,
)
from kggraph.synth import write_file

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
    part = ({"s": {"p": ["a", "b"], "q": ("x", None, None)}, "t": {"p": "c"}}, 4)
    assert merge(subjects, part) == 2, "s p a and s q 'x' were there already"
    assert subjects == {"s": {"p": ["a", "b"], "q": ("x", None, None)}, "t": {"p": "c"}}


def test_halves_give_the_index_of_one_pass(synthetic: Path) -> None:
    paths = [*ontology_files(), synthetic]
    assert _halves(synthetic.read_bytes()) is not None, "the synthetic file can be cut"
    split, split_count = index_files(paths, split_from=0)
    whole, whole_count = index_files(paths, split_from=ONE_PASS)
    assert split_count == whole_count
    assert list(split) == list(whole), "subjects in file order"
    assert all(list(split[s]) == list(whole[s]) for s in whole), "predicates in file order"
    assert split == whole
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
    subjects, count = index_files([path], split_from=0)
    assert (count, subjects) == (
        1,
        {"http://example.org/a": {"http://example.org/p": "http://example.org/b"}},
    )


def test_malformed_file_still_names_its_line(tmp_path: Path) -> None:
    from kggraph.fastparse import OxSyntaxError

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
    split, _ = index_files([synthetic], split_from=0)
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
