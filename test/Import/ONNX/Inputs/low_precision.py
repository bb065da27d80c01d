"""Exhaustive checks of the float8, float4, int4 and int2 conversions, through
strata-compile and strata-run, against ml_dtypes and onnx's reference
(numpy_helper), which the compiler did not produce.

usage: low_precision.py --workdir DIR --bin DIR

One model per float type casts: every bit pattern to FLOAT; FLOAT inputs
(every value of the type, the midpoints between neighbours and one f32 ulp
either side of them, out of range, infinities, NaN, -0, tiny) to the type
with saturate=0 and saturate=1; the same through FLOAT16 and DOUBLE. One
model casts every 4- and 2-bit integer to INT32 and floats to them.
Prints "PASS: type: ..." or "FAIL: type: reason" per model.
"""

import argparse
import os
import sys

import ml_dtypes
import numpy as np
import onnx
from onnx import TensorProto as T
from onnx import helper as h
from onnx import numpy_helper as nh

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_onnx  # noqa: E402

FLOATS = [
    ("float8_e4m3fn", T.FLOAT8E4M3FN),
    ("float8_e4m3fnuz", T.FLOAT8E4M3FNUZ),
    ("float8_e5m2", T.FLOAT8E5M2),
    ("float8_e5m2fnuz", T.FLOAT8E5M2FNUZ),
    ("float4_e2m1fn", T.FLOAT4E2M1),
    ("float8_e8m0fnu", T.FLOAT8E8M0),
]
INTS = [("int4", T.INT4), ("uint4", T.UINT4), ("int2", T.INT2),
        ("uint2", T.UINT2)]


def all_patterns(name):
    bits = 4 if name == "float4_e2m1fn" else 8
    return np.arange(1 << bits, dtype=np.uint8).view(np.dtype(name))


def probe_values(name):
    """f32 values that exercise every rounding decision of the type."""
    vals = all_patterns(name).astype(np.float32)
    finite = np.unique(vals[np.isfinite(vals)])
    mids = (finite[:-1].astype(np.float64) + finite[1:]) / 2
    mids = mids.astype(np.float32)
    up = np.nextafter(mids, np.float32(np.inf))
    down = np.nextafter(mids, np.float32(-np.inf))
    top = finite.max()
    extra = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, top * 1.01,
                      top * 4, -top * 4, 1e-30, -1e-30, 1e30, -1e30],
                     np.float32)
    x = np.concatenate([finite, mids, up, down, extra])
    if name == "float8_e8m0fnu":  # unsigned: negative input is unspecified
        x = x[~(x < 0)]
    return x


def vi(name, dtype, n):
    return h.make_tensor_value_info(name, dtype, [n])


def expect_narrow(x, name, saturate):
    """The reference for Cast(x) to the type (x: f32, f16 or f64)."""
    dt = np.dtype(name)
    if name == "float8_e8m0fnu":
        return onnx.numpy_helper.to_float8e8m0(x, saturate, "up").astype(dt)
    if saturate and name != "float4_e2m1fn":
        return onnx.numpy_helper.saturate_cast(x, dt)
    return x.astype(dt)


def check_float(name, onnx_type, workdir, bin_dir):
    pats = all_patterns(name)
    x32 = probe_values(name)
    # f16 and f64 sources: the f32 probes as f16 (those that stay finite or
    # were not finite) and as f64; f8E8M0 takes f32 and f16 only.
    with np.errstate(over="ignore"):
        x16 = x32.astype(np.float16)
    x64 = x32.astype(np.float64)
    n, m = len(x32), len(pats)
    nodes = [
        h.make_node("Cast", ["bits"], ["wide"], to=T.FLOAT),
        h.make_node("Cast", ["x32"], ["n32"], to=onnx_type, saturate=0),
        h.make_node("Cast", ["x32"], ["s32"], to=onnx_type, saturate=1),
        h.make_node("Cast", ["x16"], ["n16"], to=onnx_type, saturate=0),
    ]
    inputs = [vi("bits", onnx_type, m), vi("x32", T.FLOAT, n),
              vi("x16", T.FLOAT16, n)]
    outputs = [vi("wide", T.FLOAT, m), vi("n32", onnx_type, n),
               vi("s32", onnx_type, n), vi("n16", onnx_type, n)]
    feeds = [pats, x32, x16]
    want = [pats.astype(np.float32), expect_narrow(x32, name, False),
            expect_narrow(x32, name, True), expect_narrow(x16, name, False)]
    if name != "float8_e8m0fnu":
        nodes.append(h.make_node("Cast", ["x64"], ["n64"], to=onnx_type,
                                 saturate=0))
        inputs.append(vi("x64", T.DOUBLE, n))
        outputs.append(vi("n64", onnx_type, n))
        feeds.append(x64)
        want.append(expect_narrow(x64, name, False))
    return run_model(name, nodes, inputs, outputs, feeds, want, workdir,
                     bin_dir)


def check_ints(workdir, bin_dir):
    nodes, inputs, outputs, feeds, want = [], [], [], [], []
    xf_feeds = []
    for name, onnx_type in INTS:
        bits = 4 if "4" in name else 2
        pats = np.arange(1 << bits, dtype=np.uint8).view(np.dtype(name))
        # Float -> int casts are checked within the type's range, by halves:
        # out of range the result is undefined (ml_dtypes's own answer for
        # -20 -> int4 is -4 on an AVX2 host and 0 on an AVX-512 one).
        lo, hi = int(pats.min()), int(pats.max())
        xf = np.arange(2 * lo, 2 * hi + 2, dtype=np.float32) / 2
        nodes += [h.make_node("Cast", [name], [name + "_wide"], to=T.INT32),
                  h.make_node("Cast", [name + "_xf"], [name + "_narrow"],
                              to=onnx_type)]
        inputs.append(vi(name, onnx_type, len(pats)))
        outputs += [vi(name + "_wide", T.INT32, len(pats)),
                    vi(name + "_narrow", onnx_type, len(xf))]
        feeds.append(pats)
        xf_feeds.append((vi(name + "_xf", T.FLOAT, len(xf)), xf))
        want += [pats.astype(np.int32), xf.astype(np.dtype(name))]
    for info, xf in xf_feeds:
        inputs.append(info)
        feeds.append(xf)
    return run_model("int4/uint4/int2/uint2", nodes, inputs, outputs, feeds,
                     want, workdir, bin_dir)


def run_model(label, nodes, inputs, outputs, feeds, want, workdir, bin_dir):
    g = h.make_graph(nodes, "cast", inputs, outputs)
    model = h.make_model(g, opset_imports=[h.make_opsetid("", 25)])
    work = os.path.join(workdir, label.replace("/", "_"))
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, "model.onnx")
    onnx.save(model, path)
    got, why = run_onnx.compile_and_run(path, feeds, work, bin_dir)
    if not why:
        why = compare_exact(got, want)
    total = sum(len(w) for w in want)
    print(f"FAIL: {label}: {why}" if why else
          f"PASS: {label}: {len(want)} outputs, {total} values match")
    return not why


def compare_exact(got, want):
    """Bit-exact but for NaN payloads (NaN must meet NaN)."""
    if len(got) != len(want):
        return f"{len(got)} outputs, expected {len(want)}"
    for i, (g, w) in enumerate(zip(got, want)):
        if g.dtype != w.dtype or g.shape != w.shape:
            return f"output {i}: {g.dtype}{g.shape}, expected {w.dtype}{w.shape}"
        gf, wf = g.astype(np.float64), w.astype(np.float64)
        # -0 and +0 differ in bits: compare signs too.
        same = ((gf == wf) & (np.signbit(gf) == np.signbit(wf))) | (
            np.isnan(gf) & np.isnan(wf))
        if not same.all():
            j = int(np.argmin(same))
            return f"output {i}: element {j} is {g[j]}, expected {w[j]}"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--bin", required=True)
    a = ap.parse_args()
    ok = True
    for name, onnx_type in FLOATS:
        ok &= check_float(name, onnx_type, a.workdir, a.bin)
    ok &= check_ints(a.workdir, a.bin)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
