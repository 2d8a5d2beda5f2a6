"""The model cache: a repeated load does not parse, a changed file or a corrupt entry does."""

from __future__ import annotations

from pathlib import Path

import pytest

from kggraph.errors import DataError
from kggraph.render.synth_file import write_file
from kggraph.sources import cache, load
from kggraph.sources.load import Sources, load_model


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache folder."""
    monkeypatch.setenv("KGGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KGGRAPH_NO_CACHE", raising=False)
    return tmp_path / "cache"


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "synth.ttl"
    write_file(str(path), 120, seed=3)
    return path


@pytest.fixture()
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the loads that parse (instead of reading the cache)."""
    calls: list[int] = []
    real = load._fast_index

    def counting(*args: object, **kwargs: object):  # noqa: ANN202
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(load, "_fast_index", counting)
    return calls


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.model.pickle"))


def test_second_load_reads_the_cache(folder: Path, data: Path, parses: list[int]) -> None:
    sources = Sources(data=(data,), bundled=False)
    first = load_model(sources)
    second = load_model(sources)
    assert parses == [1]
    assert len(_entries(folder)) == 1
    assert second.memberships == first.memberships
    assert second.entities == first.entities


def test_a_changed_file_is_parsed_again(folder: Path, data: Path, parses: list[int]) -> None:
    sources = Sources(data=(data,), bundled=False)
    before = load_model(sources)
    group = "https://w3id.org/kggraph/id/synth-s1-kg1"
    label = before.entities[group].label("nb")
    assert label.startswith("Kjernegruppe 1")
    data.write_text(data.read_text().replace(f'"{label}"@nb', '"Endret gruppe"@nb'))
    after = load_model(sources)
    assert parses == [1, 1]
    assert len(_entries(folder)) == 2
    assert after.entities[group].label("nb") == "Endret gruppe"


def test_a_corrupt_entry_is_ignored_and_rewritten(
    folder: Path, data: Path, parses: list[int]
) -> None:
    sources = Sources(data=(data,), bundled=False)
    load_model(sources)
    (entry,) = _entries(folder)
    entry.write_bytes(b"not a pickle")
    model = load_model(sources)
    assert parses == [1, 1]
    assert len(model.memberships) == 120
    assert entry.read_bytes() != b"not a pickle"
    load_model(sources)
    assert parses == [1, 1]


def test_no_cache_writes_nothing(
    folder: Path, data: Path, parses: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KGGRAPH_NO_CACHE", "1")
    sources = Sources(data=(data,), bundled=False)
    load_model(sources)
    load_model(sources)
    assert parses == [1, 1]
    assert not folder.exists()


def test_cache_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KGGRAPH_CACHE_DIR", raising=False)
    monkeypatch.delenv("KGGRAPH_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "kggraph"
    monkeypatch.setenv("KGGRAPH_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"


def test_key_depends_on_contents_and_order(tmp_path: Path) -> None:
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    a.write_text("# a\n")
    b.write_text("# b\n")
    key = cache.cache_key([a, b])
    assert key == cache.cache_key([a, b])
    assert key != cache.cache_key([b, a])
    b.write_text("# b, changed\n")
    assert key != cache.cache_key([a, b])


def test_old_entries_are_pruned(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "tiny.ttl"
    for n in range(cache.MAX_ENTRIES + 3):
        path.write_text(f"# version {n}\n")
        load_model(Sources(data=(path,), bundled=False))
    assert len(_entries(folder)) == cache.MAX_ENTRIES


def test_unwritable_cache_is_not_an_error(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("")
    monkeypatch.setenv("KGGRAPH_CACHE_DIR", str(blocker / "cache"))
    assert len(load_model(Sources(data=(data,), bundled=False)).memberships) == 120


def test_syntax_error_names_file_and_line(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b ex:c ;\n   ex:d .\n"
    )
    with pytest.raises(DataError, match=r"bad\.ttl: line 4: "):
        load_model(Sources(data=(bad,), bundled=False))
    assert not _entries(folder)


def test_a_large_models_entry_is_written_aside_and_there_when_the_command_ends(
    folder: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From ASIDE_MEMBERSHIPS memberships a forked child writes the entry; the command waits
    for it at exit. Here the threshold is lowered in a real `kggraph info` process, which must
    leave a readable entry behind and the same answer as a load that stores in place."""
    import os
    import subprocess
    import sys

    script = (
        "import sys; from kggraph.sources import load; load.ASIDE_MEMBERSHIPS = 1; "
        "from kggraph.cli.main import cli; sys.argv = ['kggraph', *sys.argv[1:]]; cli()"
    )
    args = [sys.executable, "-c", script, "info", "--no-bundled", "--data", str(data)]
    done = subprocess.run(args, capture_output=True, text=True, env=os.environ, check=False)
    assert done.returncode == 0, done.stderr
    entries = _entries(folder)
    assert len(entries) == 1
    key = cache.cache_key(list(load.ontology_files()) + [data])
    aside = cache.load(key)
    assert aside is not None
    entries[0].unlink()
    assert aside == load_model(Sources(data=(data,), bundled=False))
