#!/usr/bin/env python3
"""MatrixMarket files from `dgraph eval --sparse --format mtx`, read back.

Runs the release binary (or the one named as the first argument) for the
Rosenbrock Hessian of 1,000 inputs (written with `sum`) and for a residual
of 1,000 inputs with a tridiagonal Jacobian, parses each MatrixMarket file
by hand (standard library only) and compares it with the closed form:
the banner, the size line, every entry (1-based; a symmetric file holds the
lower triangle) and nothing else. When scipy is importable, its
`scipy.io.mmread` must read the same matrix; without scipy that part is
skipped quietly. Exits 1 with a message on the first mismatch.

    python3 tests/mtx_roundtrip.py [path/to/dgraph]
"""

import math
import os
import subprocess
import sys
import tempfile

N = 1000
RTOL = 1e-12


class Mismatch(Exception):
    """What differs, said for a person."""


def point(n):
    """x_1 .. x_n in [1, 2), scattered (as tests/it/sparse_cli.rs)."""
    return [1.0 + (i * 37 % 100) / 100.0 for i in range(1, n + 1)]


def run(binary, args, what):
    try:
        done = subprocess.run(
            [binary] + args, capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise Mismatch(f"{what}: cannot run {binary}: {error}") from None
    if done.returncode != 0:
        raise Mismatch(f"{what}: dgraph exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def parse(text, what):
    """The banner's symmetry, the shape and the entries {(i, j): v} of a
    coordinate real MatrixMarket file, indices from 1."""
    lines = text.splitlines()
    if not lines:
        raise Mismatch(f"{what}: empty output")
    banner = lines[0].split()
    if len(banner) != 5 or banner[0] != "%%MatrixMarket":
        raise Mismatch(f"{what}: not a MatrixMarket banner: {lines[0]!r}")
    obj, layout, field, symmetry = (word.lower() for word in banner[1:])
    if (obj, layout, field) != ("matrix", "coordinate", "real"):
        raise Mismatch(f"{what}: expected `matrix coordinate real`, got {lines[0]!r}")
    if symmetry not in ("symmetric", "general"):
        raise Mismatch(f"{what}: unknown symmetry {symmetry!r}")
    body = [line for line in lines[1:] if not line.startswith("%")]
    if any(not line.strip() for line in body):
        raise Mismatch(f"{what}: a blank line in the data")
    try:
        rows, cols, count = (int(word) for word in body[0].split())
    except (IndexError, ValueError):
        raise Mismatch(f"{what}: bad size line {body[:1]!r}") from None
    if len(body) - 1 != count:
        raise Mismatch(f"{what}: the size line says {count} entries, the file holds {len(body) - 1}")
    entries = {}
    for line in body[1:]:
        words = line.split()
        if len(words) != 3:
            raise Mismatch(f"{what}: entry {line!r} is not `i j value`")
        i, j, value = int(words[0]), int(words[1]), float(words[2])
        if not (1 <= i <= rows and 1 <= j <= cols):
            raise Mismatch(f"{what}: entry ({i}, {j}) outside {rows}x{cols}")
        if symmetry == "symmetric" and j > i:
            raise Mismatch(f"{what}: symmetric entry ({i}, {j}) above the diagonal")
        if (i, j) in entries:
            raise Mismatch(f"{what}: entry ({i}, {j}) given twice")
        entries[(i, j)] = value
    return symmetry, (rows, cols), entries


def close(got, want):
    return abs(got - want) <= RTOL * abs(want)


def compare(what, entries, want):
    """`entries` holds exactly the keys of `want`, each value close."""
    missing = sorted(set(want) - set(entries))
    extra = sorted(set(entries) - set(want))
    if missing:
        raise Mismatch(f"{what}: {len(missing)} entries missing, first {missing[0]}")
    if extra:
        raise Mismatch(f"{what}: {len(extra)} entries not in the closed form, first {extra[0]}")
    for key, value in sorted(want.items()):
        if not close(entries[key], value):
            raise Mismatch(f"{what}: entry {key} = {entries[key]!r}, closed form {value!r}")


def rosenbrock_lower(x):
    """The lower triangle of Rosenbrock's Hessian, indices from 1:
    H_ii = 1200 x_i^2 - 400 x_{i+1} + 2 (i < n) + 200 (i > 1),
    H_{i+1,i} = -400 x_i."""
    n = len(x)
    want = {}
    for i in range(1, n + 1):
        h = 200.0 if i > 1 else 0.0
        if i < n:
            h += 1200.0 * x[i - 1] * x[i - 1] - 400.0 * x[i] + 2.0
            want[(i + 1, i)] = -400.0 * x[i - 1]
        want[(i, i)] = h
    return want


def residual_jacobian(x):
    """Row k (from 1) is r[k+1] = x[k] - 2 x[k+1] + x[k+2] + 1e-4 sin(x[k+1])."""
    want = {}
    for k in range(1, len(x) - 1):
        want[(k, k)] = 1.0
        want[(k, k + 1)] = -2.0 + 1e-4 * math.cos(x[k])
        want[(k, k + 2)] = 1.0
    return want


def with_scipy(what, text, shape, entries, symmetry):
    """scipy.io.mmread reads the same matrix (skipped without scipy)."""
    try:
        import scipy.io  # pylint: disable=import-outside-toplevel
    except ImportError:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "matrix.mtx")
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)
        matrix = scipy.io.mmread(path).tocoo()
    if matrix.shape != shape:
        raise Mismatch(f"{what}: scipy reads shape {matrix.shape}, not {shape}")
    full = dict(entries)
    if symmetry == "symmetric":
        full.update({(j, i): v for (i, j), v in entries.items()})
    read = {(int(i) + 1, int(j) + 1): float(v) for i, j, v in zip(matrix.row, matrix.col, matrix.data)}
    if read != full:
        differ = sorted(set(read.items()) ^ set(full.items()))
        raise Mismatch(f"{what}: scipy reads other entries, first difference {differ[0]}")
    print(f"{what}: scipy.io.mmread agrees")


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/dgraph"
    x = point(N)
    setting = "x=[" + ",".join(repr(v) for v in x) + "]"
    cases = [
        (
            f"Rosenbrock Hessian of {N} inputs",
            ["eval", f"r = sum(i = 1..{N - 1}, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)",
             "--order", "2", "--sparse", "--wrt", "x"],
            "symmetric",
            (N, N),
            rosenbrock_lower(x),
        ),
        (
            f"residual Jacobian of {N} inputs",
            ["eval", f"for i = 2..{N - 1}: r[i] = x[i-1] - 2*x[i] + x[i+1] + 1e-4*sin(x[i])",
             "--of", "r", "--wrt", "x", "--sparse"],
            "general",
            (N - 2, N),
            residual_jacobian(x),
        ),
    ]
    try:
        for what, args, symmetry, shape, want in cases:
            text = run(binary, args + ["--set", setting, "--format", "mtx"], what)
            found_symmetry, found_shape, entries = parse(text, what)
            if found_symmetry != symmetry:
                raise Mismatch(f"{what}: banner says {found_symmetry}, expected {symmetry}")
            if found_shape != shape:
                raise Mismatch(f"{what}: size {found_shape}, expected {shape}")
            compare(what, entries, want)
            print(f"{what}: {len(entries)} entries equal the closed form")
            with_scipy(what, text, shape, entries, symmetry)
    except Mismatch as mismatch:
        print(f"mtx_roundtrip: {mismatch}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
