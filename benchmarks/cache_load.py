"""``python -m benchmarks.cache_load``: what signing the cache costs a cached load.

The cache keeps a model as a pickle with an HMAC-SHA256 signature before it
(:mod:`kggraph.sources.cache`). This fills a cache from a synthetic data set (``kggraph
synth``, kept in the work folder) and then reads the entry ``--runs`` times each way, the
ways taking turns, in this one process with the garbage collector off (as the loader reads):

- **unsigned**: the bytes after the signature unpickled, which is what the cache did before
  it signed its entries (``pickle.load`` of the file);
- **signed**: :func:`kggraph.sources.cache.load`, which checks the signature first.

It prints the medians and their ratio (signed ÷ unsigned), and the entry's size.
``--memberships 0`` reads the bundled data's entry, the one a quick ``kggraph who`` reads.
"""

from __future__ import annotations

import gc
import os
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import arguments, synthetic_file


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv, __doc__, memberships=100_000, runs=5)
    data = synthetic_file(args.work, args.memberships) if args.memberships else None
    with tempfile.TemporaryDirectory() as folder:
        os.environ["KGGRAPH_CACHE_DIR"] = folder
        return _measure(data, args.runs)


def _measure(data: Path | None, runs: int) -> int:
    """Fill the cache with ``data`` (the bundled data when None, as ``kggraph who`` reads
    it) and read the entry both ways."""
    from kggraph.resources import bundled_data_files, ontology_files
    from kggraph.sources import cache
    from kggraph.sources.load import Sources, load_model

    files = [data] if data else list(bundled_data_files())
    load_model(Sources(data=(data,), bundled=False) if data else Sources())
    key = cache.cache_key([*ontology_files(), *files])
    entry = next(Path(os.environ["KGGRAPH_CACHE_DIR"]).glob(f"{key}*"))

    def unsigned() -> object:
        return pickle.loads(memoryview(entry.read_bytes())[32:])

    def signed() -> object:
        return cache.load(key)

    seconds: dict[str, list[float]] = {"unsigned": [], "signed": []}
    gc.disable()
    for _ in range(runs):
        for name, read in (("unsigned", unsigned), ("signed", signed)):
            start = time.perf_counter()
            model = read()
            seconds[name].append(time.perf_counter() - start)
            if model is None:
                print(f"{name}: the entry did not load")
                return 1
            del model
    gc.enable()
    print(f"{data.name if data else 'bundled data'}: cache entry {entry.stat().st_size:,} bytes")
    for name, values in seconds.items():
        print(f"{name:>9}: median {statistics.median(values) * 1e3:.2f} ms of", end=" ")
        print(", ".join(f"{v * 1e3:.2f}" for v in values))
    ratio = statistics.median(seconds["signed"]) / statistics.median(seconds["unsigned"])
    print(f"    ratio: signed / unsigned = {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
