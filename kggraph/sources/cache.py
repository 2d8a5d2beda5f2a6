"""A cache of extracted models, so repeated commands skip parsing.

Parsing and extracting are the slow part of every command; the records they produce
(:class:`~kggraph.model.records.Model`) depend only on the files read and on the code that reads
them.
So the model is pickled under a key made of:

- the SHA-256 of every file's contents, with its path, in load order;
- kggraph's version and the source of the modules that shape the records
  (``model``, ``dates``, ``extract``, ``fastparse``, ``splitparse``, ``screen``), so an edit there
  invalidates old entries even without a version bump.

A changed file makes a new key; a missing, unreadable or corrupt entry is ignored (and
rewritten by the next load). Where: ``$KGGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/kggraph``,
else ``~/.cache/kggraph``. ``KGGRAPH_NO_CACHE=1`` turns the cache off. At most
:data:`MAX_ENTRIES` entries are kept, the least recently used go first.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kggraph.model.records import Model

__all__ = ["MAX_ENTRIES", "cache_dir", "cache_key", "load", "store"]

MAX_ENTRIES = 8
# The reading code, relative to the kggraph package: a change to any of it is a new key.
_CODE = (
    "model/records.py",
    "model/dates.py",
    "sources/extract.py",
    "sources/subject_index.py",
    "sources/plain_memberships.py",
    "sources/fastparse.py",
    "sources/splitparse.py",
    "sources/screen.py",
)
_SUFFIX = ".model.pickle"


def cache_dir() -> Path | None:
    """The cache folder, or None when ``KGGRAPH_NO_CACHE`` is set to a true value."""
    if os.environ.get("KGGRAPH_NO_CACHE", "").strip().lower() in {"1", "true", "yes"}:
        return None
    override = os.environ.get("KGGRAPH_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kggraph"


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_key(files: Sequence[Path]) -> str:
    """The key of a load of ``files``: their contents and paths, and the reading code.

    An unreadable file raises :class:`OSError` (the loader reports it).
    """
    from kggraph import __version__

    digest = hashlib.sha256(f"kggraph {__version__}\n".encode())
    here = Path(__file__).parent.parent
    for name in _CODE:
        digest.update(_file_digest(here / name).encode())
    for path in files:
        digest.update(f"{Path(path).resolve()}\0{_file_digest(Path(path))}\n".encode())
    return digest.hexdigest()


def _entry(key: str) -> Path | None:
    folder = cache_dir()
    return folder / f"{key}{_SUFFIX}" if folder else None


def load(key: str) -> Model | None:
    """The cached model for ``key``, or None (no cache, no entry, or an unreadable one)."""
    entry = _entry(key)
    if entry is None:
        return None
    try:
        with open(entry, "rb") as f:
            model = pickle.load(f)
        os.utime(entry)
    except Exception:  # noqa: BLE001 - a missing or corrupt entry is only a cache miss
        return None
    from kggraph.model.records import Model

    return model if isinstance(model, Model) else None


def store(key: str, model: Model) -> Path | None:
    """Write ``model`` under ``key`` (atomically); returns the entry, or None when the cache
    is off or cannot be written (a read-only home is not an error)."""
    entry = _entry(key)
    if entry is None:
        return None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=entry.parent, suffix=".tmp", delete=False) as f:
            tmp = Path(f.name)
            try:
                pickle.dump(model, f, protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:
                f.close()
                tmp.unlink(missing_ok=True)
                raise
        os.replace(tmp, entry)
    except OSError:
        return None
    _prune(entry.parent)
    return entry


def _prune(folder: Path) -> None:
    """Keep the :data:`MAX_ENTRIES` most recently used entries."""
    try:
        entries = sorted(folder.glob(f"*{_SUFFIX}"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-MAX_ENTRIES]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
