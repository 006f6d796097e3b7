"""A dependency-free mutation fuzzer over the targets in readers.py, for where atheris does
not build: `python fuzz/mutate.py SECONDS [SEED]` mutates the seeds with the byte patterns
that found issue 16 and prints the runs per target and the crashing inputs it saved."""

from __future__ import annotations

import importlib.util
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

_spec = importlib.util.spec_from_file_location("readers", Path(__file__).with_name("readers.py"))
assert _spec is not None and _spec.loader is not None
readers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(readers)

TOKENS = [b"<![", b"&lt;![", b"\x00", b"9" * 4400, b"<!ENTITY", b"+ADw-", b"]]>", b"\n", b"{",
          b"}", b'"', b"&", b"<", b">", b'encoding="cp500"', b'encoding="utf-7"', b"\xff",
          b"\xfe"]  # fmt: skip


def mutate(rng: random.Random, seed: bytes, pool: list[bytes]) -> bytes:
    data = bytearray(seed)
    for _ in range(rng.randint(1, 6)):
        op, pos = rng.random(), rng.randint(0, len(data))
        if op < 0.4:
            data[pos:pos] = rng.choice(TOKENS)
        elif op < 0.6 and data:
            del data[pos : pos + rng.randint(1, 20)]
        elif op < 0.8 and data:
            data[min(pos, len(data) - 1)] = rng.randrange(256)
        else:
            data[pos:pos] = rng.choice(pool)[: rng.randint(0, 200)]
    return bytes(data)


def main(seconds: float, seed: int) -> int:
    rng = random.Random(seed)
    pool = sorted({s for seeds in readers.SEEDS.values() for s in seeds})
    out = Path(tempfile.mkdtemp(prefix="lapwing-mutate-"))
    runs: dict[str, int] = {}
    crashes = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        name = rng.choice(sorted(readers.TARGETS))
        data = mutate(rng, rng.choice(pool), pool)
        try:
            readers.TARGETS[name](data)
        except Exception:
            crashes += 1
            (out / f"crash-{name}-{crashes}").write_bytes(data)
            traceback.print_exc(limit=3)
        runs[name] = runs.get(name, 0) + 1
    print(f"{sum(runs.values())} runs {runs}; {crashes} crashes (inputs in {out})")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 16))
