#!/usr/bin/env python3
"""GPU GEMM: Strata's cuda target against cuBLAS, in the same run.

usage: bench/gpu_gemm.py [--dtypes f16,bf16,f32] [--sizes 4096,8192]
                         [--workdir DIR] [--out FILE.md] [--bin DIR]
                         [--cuda-arch ARCH] [--budget SECONDS] [--tf32]
                         [--compile-only]

For each dtype and size N it writes the graph-dialect model

    func.func @gemm(%a: tensor<NxNxT>, %b: tensor<NxNxT>) -> tensor<NxNxT>
      C = graph.matmul(A, B)        (both operands are inputs, no constants)

compiles it with `strata-compile --target=cuda --cuda-arch=ARCH` (ARCH from
`nvidia-smi --query-gpu=compute_cap`: 8.0 -> sm_80, 9.0 -> sm_90a, ...),
and then, on GPU 0:

- checks it: a 64x64x64 model of the same dtype against a float64 reference
  of every entry, then the N-sized model itself on 64 sampled entries of C
  (inputs are periodic patterns of multiples of 1/32, exact in every dtype
  and in TF32, whose products sum exactly in f32, so the reference needs no
  numpy and the only error allowed is the output's rounding):
  |C - ref| / max(|ref|, 2^-10) at most 1e-3 (f16), 8e-3 (bf16), 1e-6 (f32);
- times it with strata_model_time_device (strata-rt, via ctypes): inputs
  copied once, launch plans timed with CUDA events; after the check's run
  and one timed sizing run (both warm-ups), as many runs as fit in
  --budget seconds (3..50), median;
- runs `strata-cublas-gemm` (bench/cublas_gemm.cpp) for the same dtype and
  shape: cublasGemmEx, f32 accumulation (CUBLAS_COMPUTE_32F; with --tf32 an
  extra f32 row with CUBLAS_COMPUTE_32F_FAST_TF32), on the same inputs, same
  timing rule, plus the same check on 64 sampled entries;

and prints a markdown table (also written to --out, after every row):
shape, dtype, Strata TFLOP/s, cuBLAS TFLOP/s, ratio, checks, device.
TFLOP/s = 2 N^3 / median. The small checks come first, then the sizes in
increasing order.

Exit status: 0 when every row ran and every check passed, or when there is
no GPU (one line "gpu_gemm: SKIP: ..." says why); 1 on a failed check or a
failed step (the row says which); 2 on bad arguments. A missing cuBLAS is
not a failure: its columns read "n/a" and the reason is printed.
--compile-only compiles the models (needs --cuda-arch, no GPU) into
--workdir, where a later run on a GPU reuses them.
"""
import argparse
import ctypes
import hashlib
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DTYPES = ("f16", "bf16", "f32")
# strata_dtype values (include/strata-rt/strata_artifact.h).
STRATA_DTYPE = {"f32": 1, "f16": 2, "bf16": 3}
ELEM = {"f16": 2, "bf16": 2, "f32": 4}
# Every partial sum of these inputs (multiples of 1/1024 below 2^13) is
# exact in f32, so a product accumulated in f32 (or TF32) is exact and the
# only error left is the output's rounding: half an ulp, 2^-11 relative for
# f16 and 2^-8 for bf16. Error = |C - ref| / max(|ref|, 2^-10).
TOL = {"f16": 1e-3, "bf16": 8e-3, "f32": 1e-6}
CHECK_SIZE = 64
SAMPLES = 64


def log(msg):
    print(msg, flush=True)


def fail_args(msg):
    print(f"gpu_gemm: error: {msg}", file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------------------
# The device
# ---------------------------------------------------------------------------

def arch_for(cap):
    """strata-compile's --cuda-arch for a compute capability "9.0"."""
    arch = "sm_" + cap.replace(".", "")
    if arch == "sm_90":
        return "sm_90a"
    return arch if arch in ("sm_80", "sm_86", "sm_89") else None


def query_gpu():
    """(name, compute_cap) of GPU 0, or (None, why)."""
    smi = shutil.which("nvidia-smi")
    if not smi:
        return None, "nvidia-smi not found (no NVIDIA driver on this machine)"
    try:
        out = subprocess.run([smi, "--query-gpu=name,compute_cap",
                              "--format=csv,noheader"], capture_output=True,
                             text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as e:
        return None, f"nvidia-smi failed: {e}"
    lines = [l for l in out.stdout.splitlines() if l.strip()]
    if out.returncode != 0 or not lines:
        why = (out.stderr or out.stdout).strip().splitlines()
        return None, "nvidia-smi lists no GPU" + (f" ({why[0]})" if why else "")
    name, _, cap = lines[0].rpartition(",")
    return (name.strip(), cap.strip()), None


# ---------------------------------------------------------------------------
# Values: exact in f16, bf16 and f32, so inputs mean the same in every dtype
# ---------------------------------------------------------------------------

# Multiples of 1/32 in [-1, 1): 6 significant bits at most.
TABLE_A = [((i * 37) % 64 - 32) / 32.0 for i in range(61)]
TABLE_B = [((i * 23) % 64 - 32) / 32.0 for i in range(59)]


def a_value(i, k):
    return TABLE_A[(7 * i + k) % 61]


def b_value(k, j):
    return TABLE_B[(3 * k + j) % 59]


def encode(values, dtype):
    if dtype == "f32":
        return struct.pack(f"<{len(values)}f", *values)
    if dtype == "f16":
        return struct.pack(f"<{len(values)}e", *values)
    # bf16: the top half of the f32 bits (exact for these values).
    words = struct.unpack(f"<{len(values)}I", struct.pack(f"<{len(values)}f", *values))
    return struct.pack(f"<{len(values)}H", *(w >> 16 for w in words))


def decode_one(raw, index, dtype):
    if dtype == "f32":
        return struct.unpack_from("<f", raw, 4 * index)[0]
    if dtype == "f16":
        return struct.unpack_from("<e", raw, 2 * index)[0]
    (h,) = struct.unpack_from("<H", raw, 2 * index)
    return struct.unpack("<f", struct.pack("<I", h << 16))[0]


def matrix_bytes(rows, cols, fn, period, dtype):
    """Row-major bytes of fn over rows x cols, built from shifted copies of one
    long row (fn is periodic in its second index with `period`)."""
    base = encode([fn(0, c) for c in range(cols + period)], dtype)
    e = ELEM[dtype]
    out = []
    for r in range(rows):
        # fn(r, c) == fn(0, c + shift(r)) for these patterns.
        shift = (7 * r) % 61 if fn is a_value else (3 * r) % 59
        out.append(base[shift * e:(shift + cols) * e])
    return b"".join(out)


# ---------------------------------------------------------------------------
# strata-rt through ctypes
# ---------------------------------------------------------------------------

class Runtime:
    def __init__(self, libdir):
        path = os.path.join(libdir, "libstrata-rt.so")
        self.lib = ctypes.CDLL(path)
        L = self.lib
        P, I32, I64 = ctypes.c_void_p, ctypes.c_int32, ctypes.c_int64
        L.strata_last_error.restype = ctypes.c_char_p
        L.strata_model_load.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(P)]
        L.strata_model_free.argtypes = [P]
        L.strata_tensor_create.argtypes = [ctypes.c_int, I32, ctypes.POINTER(I64), ctypes.POINTER(P)]
        L.strata_tensor_free.argtypes = [P]
        L.strata_tensor_data.argtypes = [P]
        L.strata_tensor_data.restype = P
        L.strata_model_run_into.argtypes = [P, ctypes.POINTER(P), I32, ctypes.POINTER(P), I32]
        L.strata_model_time_device.argtypes = [P, ctypes.POINTER(P), I32, I32, I32,
                                               ctypes.POINTER(ctypes.c_double)]

    def error(self):
        return self.lib.strata_last_error().decode(errors="replace")

    def load(self, path, device="cuda"):
        m = ctypes.c_void_p()
        if self.lib.strata_model_load(path.encode(), device.encode(), ctypes.byref(m)):
            raise RuntimeError(self.error())
        return m

    def tensor(self, dtype, rows, cols, data=None):
        t = ctypes.c_void_p()
        dims = (ctypes.c_int64 * 2)(rows, cols)
        if self.lib.strata_tensor_create(STRATA_DTYPE[dtype], 2, dims, ctypes.byref(t)):
            raise RuntimeError(self.error())
        if data is not None:
            ctypes.memmove(self.lib.strata_tensor_data(t), data, len(data))
        return t

    def read(self, t, nbytes):
        return ctypes.string_at(self.lib.strata_tensor_data(t), nbytes)


def mlir_model(n, dtype):
    t = f"tensor<{n}x{n}x{dtype}>"
    return (f"func.func @gemm(%a: {t}, %b: {t}) -> {t} {{\n"
            f"  %0 = graph.matmul %a, %b : ({t}, {t}) -> {t}\n"
            f"  return %0 : {t}\n}}\n")


_DIGESTS = {}


def file_digest(path):
    """sha256 of a file (None if absent), so that an artifact compiled by
    another strata-compile is not reused."""
    if path not in _DIGESTS:
        try:
            with open(path, "rb") as f:
                _DIGESTS[path] = hashlib.sha256(f.read()).hexdigest()
        except OSError:
            _DIGESTS[path] = None
    return _DIGESTS[path]


def compile_model(bindir, workdir, n, dtype, arch):
    """The cuda artifact of the n^3 model (compile_target's)."""
    return compile_target(bindir, workdir, n, dtype, "cuda", arch)


def compile_target(bindir, workdir, n, dtype, target, arch):
    """Writes and compiles the model unless an artifact of the same source,
    arch and compiler is already in workdir; returns the artifact's path."""
    stem = os.path.join(workdir, f"gemm_{dtype}_{n}_{arch or target}")
    src, so, stamp = stem + ".mlir", stem + ".so", stem + ".stamp"
    compiler = os.path.join(bindir, "strata-compile")
    text = mlir_model(n, dtype)
    key = json.dumps([text, target, arch, file_digest(compiler)])
    if os.path.exists(so) and os.path.exists(stamp):
        saved = open(stamp).read()
        if saved == key:
            return so
        # Compiled elsewhere (scripts/device-check.sh --prepare) for a machine
        # without strata-compile: the same source, target and arch will do.
        if not os.path.exists(compiler) and json.loads(saved)[:3] == [text, target, arch]:
            return so
    with open(src, "w") as f:
        f.write(text)
    start = time.time()
    cmd = [compiler, src, f"--target={target}", "-o", so]
    if arch:
        cmd.append(f"--cuda-arch={arch}")
    out = subprocess.run(cmd,
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"strata-compile failed ({out.returncode}): "
                           + (out.stderr.strip().splitlines() or ["?"])[-1])
    with open(stamp, "w") as f:
        f.write(key)
    log(f"compiled {os.path.basename(so)} in {time.time() - start:.1f} s")
    return so


def check_entries(raw, n, dtype, entries):
    """Worst |C - ref| / max(|ref|, 2^-10) over `entries` (pairs i, j)."""
    worst = 0.0
    for i, j in entries:
        ref = math.fsum(a_value(i, k) * b_value(k, j) for k in range(n))
        got = decode_one(raw, i * n + j, dtype)
        err = abs(got - ref) / max(abs(ref), 2.0 ** -10)
        if not err <= worst:  # NaN sticks
            worst = err
    return worst


def strata_row(rt, so, n, dtype, budget, full, device="cuda"):
    """Checks and times one artifact; returns (tflops, check text, ok)."""
    model = rt.load(so, device)
    tensors = []
    try:
        a = rt.tensor(dtype, n, n, matrix_bytes(n, n, a_value, 61, dtype))
        tensors.append(a)
        b = rt.tensor(dtype, n, n, matrix_bytes(n, n, b_value, 59, dtype))
        tensors.append(b)
        c = rt.tensor(dtype, n, n)
        tensors.append(c)
        ins = (ctypes.c_void_p * 2)(a, b)
        outs = (ctypes.c_void_p * 1)(c)
        if rt.lib.strata_model_run_into(model, ins, 2, outs, 1):
            raise RuntimeError(rt.error())
        raw = rt.read(c, n * n * ELEM[dtype])
        if full:
            entries = [(i, j) for i in range(n) for j in range(n)]
        else:
            entries = [((s * 7919 + 3) % n, (s * 104729 + 13) % n) for s in range(SAMPLES)]
        worst = check_entries(raw, n, dtype, entries)
        ok = worst <= TOL[dtype]
        check = (f"{'PASS' if ok else 'FAIL'} {worst:.2g}"
                 f" ({'all' if full else SAMPLES} entries)")
        if full or device != "cuda":
            return None, check, ok
        # One run to size the measurement, then as many as fit the budget.
        # (the run above warmed the module up; the sizing run warms the
        # measurement's).
        ms = (ctypes.c_double * 50)()
        if rt.lib.strata_model_time_device(model, ins, 2, 0, 1, ms):
            raise RuntimeError(rt.error())
        runs = max(3, min(50, int(budget * 1000 / max(ms[0], 1e-3))))
        if rt.lib.strata_model_time_device(model, ins, 2, 0, runs, ms):
            raise RuntimeError(rt.error())
        times = sorted(ms[:runs])
        median = (times[runs // 2] if runs % 2
                  else (times[runs // 2 - 1] + times[runs // 2]) / 2)
        return 2.0 * n ** 3 / (median * 1e-3) / 1e12, check, ok
    finally:
        for t in tensors:
            rt.lib.strata_tensor_free(t)
        rt.lib.strata_model_free(model)


def cublas_row(bindir, n, dtype, budget):
    """(tflops or None, check text, ok, note) from strata-cublas-gemm."""
    tool = os.path.join(bindir, "strata-cublas-gemm")
    if not os.path.exists(tool):
        return None, "-", True, f"{tool} not built"

    def run(runs):
        return subprocess.run([tool, "--dtype", dtype, "--m", str(n), "--n", str(n),
                               "--k", str(n), "--runs", str(runs), "--warmup", "2",
                               "--check"], capture_output=True, text=True, timeout=600)
    out = run(3)
    if out.returncode == 2:
        return None, "-", True, out.stderr.strip()
    m = re.search(r"median ([0-9.]+) ms", out.stdout)
    if not m:
        return None, "FAIL", False, (out.stderr or out.stdout).strip()
    runs = max(3, min(50, int(budget * 1000 / max(float(m.group(1)), 1e-3))))
    out = run(runs)
    m = re.search(r", ([0-9.]+|n/a) TFLOP/s", out.stdout)
    c = re.search(r"check: (PASS|FAIL): .* = ([^ ]+) over", out.stdout)
    if not m or not c:
        return None, "FAIL", False, (out.stderr or out.stdout).strip()
    ok = out.returncode == 0 and c.group(1) == "PASS"
    tflops = None if m.group(1) == "n/a" else float(m.group(1))
    return tflops, f"{c.group(1)} {float(c.group(2)):.2g}", ok, None


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dtypes", default=",".join(DTYPES))
    p.add_argument("--sizes", default="4096,8192")
    p.add_argument("--workdir", default=os.path.join(ROOT, "build", "gpu-bench"))
    p.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    p.add_argument("--lib", default=None, help="libstrata-rt.so's directory (default BIN/../lib)")
    p.add_argument("--cuda-arch", default=None)
    p.add_argument("--budget", type=float, default=2.0,
                   help="seconds of timed runs per measurement (default 2)")
    p.add_argument("--tf32", action="store_true", help="also cuBLAS f32 with TF32 compute")
    p.add_argument("--out", default=None, help="also write the table to this file")
    p.add_argument("--compile-only", action="store_true")
    p.add_argument("--cpu-check", action="store_true",
                   help="check the checker: the same models and checks on the cpu "
                        "target (no GPU needed), nothing timed")
    a = p.parse_args()

    dtypes = [d for d in a.dtypes.split(",") if d]
    for d in dtypes:
        if d not in DTYPES:
            fail_args(f"--dtypes: unknown dtype '{d}' (expected f16, bf16, f32)")
    try:
        sizes = [int(s) for s in a.sizes.split(",") if s]
    except ValueError:
        fail_args(f"--sizes expects comma-separated integers, got '{a.sizes}'")
    if not sizes or any(s < 1 for s in sizes) or not dtypes:
        fail_args("--sizes and --dtypes need at least one positive entry each")
    if a.budget <= 0:
        fail_args("--budget must be positive")
    libdir = a.lib or os.path.join(os.path.dirname(os.path.abspath(a.bin)), "lib")
    os.makedirs(a.workdir, exist_ok=True)

    if a.compile_only:
        if not a.cuda_arch:
            fail_args("--compile-only needs --cuda-arch")
        for d in dtypes:
            for n in [CHECK_SIZE] + sizes:
                compile_model(a.bin, a.workdir, n, d, a.cuda_arch)
        log(f"gpu_gemm: compiled {len(dtypes) * (len(sizes) + 1)} models for "
            f"{a.cuda_arch} into {a.workdir}")
        return 0

    if a.cpu_check:
        rt, failed = Runtime(libdir), False
        for d in dtypes:
            for n, full in [(CHECK_SIZE, True)] + [(n, False) for n in sizes]:
                try:
                    so = compile_target(a.bin, a.workdir, n, d, "cpu", None)
                    _, check, ok = strata_row(rt, so, n, d, a.budget, full, "cpu")
                except (RuntimeError, subprocess.SubprocessError, OSError) as e:
                    check, ok = f"ERROR: {e}", False
                failed |= not ok
                log(f"cpu check {d} {n}^3: {check}")
        return 1 if failed else 0

    gpu, why = query_gpu()
    if not gpu:
        log(f"gpu_gemm: SKIP: {why}")
        return 0
    name, cap = gpu
    arch = a.cuda_arch or arch_for(cap)
    if not arch:
        log(f"gpu_gemm: SKIP: GPU '{name}' has compute capability {cap}; "
            "strata-compile --cuda-arch knows sm_80, sm_86, sm_89 and sm_90a")
        return 0
    log(f"gpu_gemm: GPU 0: {name} (compute capability {cap}), --cuda-arch={arch}")
    rt = Runtime(libdir)

    rows, failed = [], False
    header = ("| shape (MxKxN) | dtype | Strata TFLOP/s | cuBLAS TFLOP/s | ratio "
              "| Strata check | cuBLAS check | device |")
    notes = []
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())

    def write_table():
        # Rewritten after every row: a run cut short keeps what it measured.
        table = "\n".join([header, "|---|---|---|---|---|---|---|---|"] + rows)
        if a.out:
            with open(a.out, "w") as f:
                f.write(f"GPU 0: {name} (compute capability {cap}), --cuda-arch={arch}, "
                        f"{stamp}\n\n" + table + "\n"
                        + "".join(f"\nnote: {n}" for n in notes) + "\n")
        return table

    # The small full checks first: a wrong kernel is reported before timing.
    for d in dtypes:
        try:
            so = compile_model(a.bin, a.workdir, CHECK_SIZE, d, arch)
            _, check, ok = strata_row(rt, so, CHECK_SIZE, d, a.budget, full=True)
        except (RuntimeError, subprocess.SubprocessError, OSError) as e:
            check, ok = f"ERROR: {e}", False
        log(f"check {d} {CHECK_SIZE}^3 on {name}: {check}")
        failed |= not ok
    # Then size by size, smallest first, so that a slow large size cut short
    # by a time limit leaves the smaller rows measured.
    for n in sorted(sizes):
        for d in dtypes:
            shape = f"{n}x{n}x{n}"
            try:
                so = compile_model(a.bin, a.workdir, n, d, arch)
                tf, check, ok = strata_row(rt, so, n, d, a.budget, full=False)
            except (RuntimeError, subprocess.SubprocessError, OSError) as e:
                tf, check, ok = None, f"ERROR: {e}", False
            failed |= not ok
            log(f"strata {d} {shape}: {f'{tf:.2f} TFLOP/s' if tf else 'not timed'}, "
                f"check {check}")
            variants = [(d, d)] + ([("f32 (cuBLAS TF32)", "tf32")] if d == "f32" and a.tf32 else [])
            for label, cd in variants:
                try:
                    ctf, ccheck, cok, note = cublas_row(a.bin, n, cd, a.budget)
                except (subprocess.SubprocessError, OSError) as e:
                    ctf, ccheck, cok, note = None, "ERROR", False, str(e)
                failed |= not cok
                if note and note not in notes:
                    notes.append(note)
                ratio = f"{tf / ctf:.2f}" if tf and ctf else "n/a"
                row = (f"| {shape} | {label} | {f'{tf:.2f}' if tf else 'n/a'} | "
                       f"{f'{ctf:.2f}' if ctf else 'n/a'} | {ratio} | {check} | "
                       f"{ccheck} | {name} |")
                rows.append(row)
                log(row)
                write_table()
    log("")
    log(write_table())
    for note in notes:
        log(f"note: {note}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
