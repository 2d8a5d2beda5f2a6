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
rewritten by the next load).

An entry is a pickle, and unpickling can run code: so each entry is signed (HMAC-SHA256 over
its key and its bytes) with a secret made on first use and kept in the user's config folder
(``$XDG_CONFIG_HOME/kggraph/cache.key``, else ``~/.config/kggraph/cache.key``; mode 0600).
An entry whose signature does not match is never unpickled: whoever can write the cache
folder, but not read the secret, cannot make kggraph run their code or give a planted answer.
Without a secret (a read-only home) the cache is off. Checking the signature costs about
what reading the bytes does (``python -m benchmarks.cache_load``).

Where: ``$KGGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/kggraph``, else ``~/.cache/kggraph``.
``KGGRAPH_NO_CACHE=1`` turns the cache off. At most :data:`MAX_ENTRIES` entries are kept, the
least recently used go first.

A large model (a million memberships pickle in about 4 s) is written by a forked child while the
command goes on (:func:`store_aside`); the command waits for the child before it exits, so the
entry is there when the command is done, and the write costs no wall time on a second core.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import hmac
import os
import pickle
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kggraph.errors import KgError
from kggraph.outputs import atomic_file

if TYPE_CHECKING:
    from kggraph.model.records import Model

__all__ = ["MAX_ENTRIES", "cache_dir", "cache_key", "load", "secret_path", "store", "store_aside"]

MAX_ENTRIES = 8
# The reading code, relative to the kggraph package: a change to any of it is a new key.
_CODE = (
    "model/records.py",
    "model/dates.py",
    "sources/extract.py",
    "sources/kinds.py",
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


_SIGNATURE = 32  # bytes of an HMAC-SHA256


def secret_path() -> Path:
    """Where the secret that signs the cache's entries is kept."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "kggraph" / "cache.key"


def _secret() -> bytes | None:
    """The signing secret, made (32 random bytes, readable by the user only) if there is none;
    None when it can be neither read nor made."""
    path = secret_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError:
        return None
    else:
        with os.fdopen(fd, "wb") as f:
            f.write(os.urandom(32))
    try:
        secret = path.read_bytes()
    except OSError:
        return None
    return secret if len(secret) >= 32 else None


def _signature(secret: bytes, key: str, blob: bytes | memoryview) -> bytes:
    mac = hmac.new(secret, key.encode() + b"\0", hashlib.sha256)
    mac.update(blob)
    return mac.digest()


def _entry(key: str) -> Path | None:
    folder = cache_dir()
    return folder / f"{key}{_SUFFIX}" if folder else None


def load(key: str) -> Model | None:
    """The cached model for ``key``, or None (no cache, no entry, or an unreadable one)."""
    entry = _entry(key)
    secret = _secret() if entry is not None else None
    if entry is None or secret is None:
        return None
    try:
        data = memoryview(entry.read_bytes())
        signature, blob = data[:_SIGNATURE], data[_SIGNATURE:]
        if not hmac.compare_digest(signature, _signature(secret, key, blob)):
            return None
        model = pickle.loads(blob)
        os.utime(entry)
    except Exception:  # noqa: BLE001 - a missing or corrupt entry is only a cache miss
        return None
    from kggraph.model.records import Model

    return model if isinstance(model, Model) else None


def store(key: str, model: Model) -> Path | None:
    """Write ``model`` under ``key`` (atomically); returns the entry, or None when the cache
    is off or cannot be written (a read-only home is not an error)."""
    entry = _entry(key)
    secret = _secret() if entry is not None else None
    if entry is None or secret is None:
        return None
    blob = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(entry, "wb") as f:
            f.write(_signature(secret, key, blob))
            f.write(blob)
    except (OSError, KgError):
        return None
    _prune(entry.parent)
    return entry


def store_aside(key: str, model: Model) -> None:
    """:func:`store`, in a forked child while this process goes on; this process waits for it
    at exit. Where there is no ``fork``, or other threads run (forking them is unsafe), it
    stores here and now."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        store(key, model)
        return
    child = os.fork()
    if child == 0:  # the child: write the entry and leave at once, running no exit handlers
        try:
            store(key, model)
        finally:
            os._exit(0)
    atexit.register(_reap, child)


def _reap(child: int) -> None:
    """Wait for a child writing an entry (so the command ends with its cache written)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(child, 0)


def _prune(folder: Path) -> None:
    """Keep the :data:`MAX_ENTRIES` most recently used entries."""
    try:
        entries = sorted(folder.glob(f"*{_SUFFIX}"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-MAX_ENTRIES]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
