"""End-to-end checks of ONNX models through strata-compile + strata-run,
against references the compiler did not produce.

usage: run_onnx.py ort MODEL --workdir DIR --bin DIR
           builds MODEL (see MODELS) with onnx.helper, compiles and runs it,
           and compares with onnxruntime (f32: rtol 1e-4, atol 1e-5)
       run_onnx.py node TESTDIR... --workdir DIR --bin DIR
           runs ONNX backend node tests (model.onnx + test_data_set_*/) and
           compares with the suite's expected outputs (rtol 1e-3, atol 1e-7;
           integers and booleans exactly)

Prints one line per model or test: "PASS: name" or "FAIL: name: reason".
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto as T
from onnx import helper as h
from onnx import numpy_helper as nh


def vi(name, shape, dtype=T.FLOAT):
    return h.make_tensor_value_info(name, dtype, shape)


def mlp(rng):
    """x[8x64] -> Gemm 128 -> Gelu -> MatMul 10 + b -> Softmax; opset 20."""
    w1 = rng.randn(128, 64).astype(np.float32) * 0.1
    b1 = rng.randn(128).astype(np.float32) * 0.1
    w2 = rng.randn(128, 10).astype(np.float32) * 0.1
    b2 = rng.randn(10).astype(np.float32) * 0.1
    nodes = [
        h.make_node("Gemm", ["x", "w1", "b1"], ["h"], name="fc1", transB=1),
        h.make_node("Gelu", ["h"], ["a"], name="gelu"),
        h.make_node("MatMul", ["a", "w2"], ["m"], name="fc2"),
        h.make_node("Add", ["m", "b2"], ["l"], name="bias2"),
        h.make_node("Softmax", ["l"], ["y"], name="softmax", axis=-1),
    ]
    inits = [nh.from_array(a, n) for a, n in
             ((w1, "w1"), (b1, "b1"), (w2, "w2"), (b2, "b2"))]
    g = h.make_graph(nodes, "mlp", [vi("x", ["batch", 64])], [vi("y", None)],
                     inits)
    m = h.make_model(g, opset_imports=[h.make_opsetid("", 20)])
    m.ir_version = 10  # what onnxruntime reads
    return m, {"x": rng.randn(8, 64).astype(np.float32)}, ["--input-shape=x:8x64"]


def cnn(rng):
    """Conv-BN-Relu-MaxPool, Conv (SAME), GlobalAveragePool, Flatten, Gemm,
    LogSoftmax, with a residual Add and a Reshape from a Shape subgraph."""
    def r(*s):
        return rng.randn(*s).astype(np.float32) * 0.2
    nodes = [
        h.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1",
                    pads=[1, 1, 1, 1]),
        h.make_node("BatchNormalization", ["c1", "g", "be", "mu", "var"],
                    ["n1"], name="bn1"),
        h.make_node("Relu", ["n1"], ["r1"], name="relu1"),
        h.make_node("MaxPool", ["r1"], ["p1"], name="pool1",
                    kernel_shape=[2, 2], strides=[2, 2]),
        h.make_node("Conv", ["p1", "w2"], ["c2"], name="conv2",
                    auto_pad="SAME_UPPER"),
        h.make_node("Add", ["c2", "p1"], ["s"], name="residual"),
        h.make_node("Sigmoid", ["s"], ["sg"], name="sigmoid"),
        h.make_node("GlobalAveragePool", ["sg"], ["gp"], name="gap"),
        h.make_node("Shape", ["gp"], ["shp"], name="shape"),
        h.make_node("Slice", ["shp", "zero", "two"], ["nc"], name="take_nc"),
        h.make_node("Reshape", ["gp", "nc"], ["f"], name="reshape"),
        h.make_node("Gemm", ["f", "wf", "bf"], ["logits"], name="fc"),
        h.make_node("LogSoftmax", ["logits"], ["y"], name="lsm"),
    ]
    inits = [nh.from_array(a, n) for n, a in [
        ("w1", r(8, 3, 3, 3)), ("b1", r(8)), ("g", 1 + r(8)), ("be", r(8)),
        ("mu", r(8)), ("var", 1 + np.abs(r(8))), ("w2", r(8, 8, 3, 3)),
        ("zero", np.array([0], np.int64)), ("two", np.array([2], np.int64)),
        ("wf", r(8, 5)), ("bf", r(5))]]
    g = h.make_graph(nodes, "cnn", [vi("x", [2, 3, 16, 16])], [vi("y", None)],
                     inits)
    m = h.make_model(g, opset_imports=[h.make_opsetid("", 17)])
    m.ir_version = 10
    return m, {"x": rng.randn(2, 3, 16, 16).astype(np.float32)}, []


MODELS = {"mlp": mlp, "cnn": cnn}


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, (p.stdout + p.stderr).strip()


# numpy dtypes that the ml_dtypes package adds (onnx's numpy_helper uses it).
ML_DTYPES = {"bfloat16", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2",
             "float8_e5m2fnuz", "float4_e2m1fn", "float8_e8m0fnu", "int4",
             "uint4", "int2", "uint2"}


def save_npy(path, a):
    """np.save, except that arrays of ml_dtypes types (bfloat16, float8_*,
    float4_e2m1fn, int4, uint4, int2, uint2), which np.save writes as raw
    '<V1'/'<V2', name their type in the header, as strata-rt reads and
    writes them (docs/Runtime.md); np.load reads them back once ml_dtypes is
    imported."""
    if a.dtype.name not in ML_DTYPES:
        np.save(path, a)
        return
    a = np.array(a, order="C")  # (ascontiguousarray would make 0-d 1-d)
    with open(path, "wb") as f:
        np.lib.format._write_array_header(
            f, {"descr": a.dtype.name, "fortran_order": False,
                "shape": a.shape}, (1, 0))
        f.write(a.tobytes())


# The strata-run device of each strata-compile target.
DEVICES = {"cpu": "cpu", "vulkan": "vulkan"}
# Targets compiled only (no device here): the artifact is built, which for
# cuda includes ptxas assembling the PTX (and fatbinary packing it), for
# rocm the HSACO link; nothing runs.
COMPILE_ONLY = {"cuda": ["--cuda-arch=sm_90a"], "rocm": ["--rocm-chip=gfx942"]}
COMPILED = "compiled"


def compile_artifact(model_path, out_dir, bin_dir, target, extra=()):
    """out_dir/model.so; None, or why it failed ("compile: ...")."""
    so = os.path.join(out_dir, "model.so")
    flags = COMPILE_ONLY.get(target, [])
    rc, log = run([os.path.join(bin_dir, "strata-compile"), model_path,
                   f"--target={target}", "-o", so, *flags, *extra])
    if rc:
        return "compile: " + log.splitlines()[-1] if log else "compile"
    return None


def compile_and_run(model_path, inputs, out_dir, bin_dir, extra=(),
                    target="cpu"):
    """Returns (list of output arrays, None) or (None, reason); for a
    COMPILE_ONLY target (None, COMPILED) once the artifact is built."""
    so = os.path.join(out_dir, "model.so")
    why = compile_artifact(model_path, out_dir, bin_dir, target, extra)
    if why:
        return None, why
    if target in COMPILE_ONLY:
        return None, COMPILED
    args = []
    for i, a in enumerate(inputs):
        p = os.path.join(out_dir, f"input{i}.npy")
        save_npy(p, a)
        args += ["--input", p]
    res = os.path.join(out_dir, "out")
    rc, log = run([os.path.join(bin_dir, "strata-run"), so, *args,
                   f"--device={DEVICES[target]}", "--output-dir", res])
    if rc:
        return None, "run: " + (log.splitlines()[-1] if log else "")
    outs = []
    i = 0
    while os.path.exists(os.path.join(res, f"output{i}.npy")):
        outs.append(np.load(os.path.join(res, f"output{i}.npy")))
        i += 1
    return outs, None


def compare(got, want, rtol, atol):
    if len(got) != len(want):
        return f"{len(got)} outputs, expected {len(want)}"
    for i, (g, w) in enumerate(zip(got, want)):
        if g.shape != w.shape:
            return f"output {i}: shape {g.shape}, expected {w.shape}"
        if w.dtype.name in ML_DTYPES:  # compare the values in f32
            if g.dtype != w.dtype:
                return f"output {i}: dtype {g.dtype}, expected {w.dtype}"
            g, w = g.astype(np.float32), w.astype(np.float32)
        if np.issubdtype(w.dtype, np.floating):
            if not np.allclose(g.astype(np.float64), w.astype(np.float64),
                               rtol=rtol, atol=atol, equal_nan=True):
                err = np.max(np.abs(g.astype(np.float64) - w))
                return f"output {i}: max abs error {err:.3g}"
        elif not np.array_equal(g.astype(w.dtype), w):
            return f"output {i}: values differ"
    return None


def run_ort(name, workdir, bin_dir, target="cpu"):
    import onnxruntime as ort
    rng = np.random.RandomState(0)
    m, feeds, extra = MODELS[name](rng)
    os.makedirs(workdir, exist_ok=True)
    path = os.path.join(workdir, name + ".onnx")
    onnx.save(m, path)
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    want = sess.run(None, feeds)
    order = [i.name for i in m.graph.input]
    got, why = compile_and_run(path, [feeds[n] for n in order], workdir,
                               bin_dir, extra, target)
    why = why or compare(got, want, 1e-4, 1e-5)
    print(f"FAIL: {name}: {target}: {why}" if why else
          f"PASS: {name}: {target}: {len(want)} outputs match onnxruntime")
    return not why


def load_dataset(ds):
    """A test_data_set_* folder's inputs and outputs, in order."""
    def arrays(kind):
        return [load_pb(p) for p in sorted(
            glob.glob(os.path.join(ds, f"{kind}_*.pb")),
            key=lambda p: int(p.rsplit("_", 1)[1][:-3]))]
    return arrays("input"), arrays("output")


def load_pb(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return nh.to_array(t)


# The input itself, or the first graph input it is computed from.
CONSTANT_RE = re.compile(r"input #\d+ '([^']+)' \([a-z_ ]+\) must be a constant"
                         r"(?:.*depends on graph inputs? '([^']+)')?")


def freeze(model, values):
    """The model with the named graph inputs turned into initializers."""
    m = onnx.ModelProto()
    m.CopyFrom(model)
    keep = [i for i in m.graph.input if i.name not in values]
    del m.graph.input[:]
    m.graph.input.extend(keep)
    for n, v in values.items():
        m.graph.initializer.append(nh.from_array(v, n))
    return m


def compile_freezing(model, feeds, frozen, work, attempt):
    """Saves `model` with the graph inputs named in `frozen` turned into
    constants (their values in `feeds`) as work/model.onnx and returns
    attempt(path), a (result, why) pair; while `why` says the compiler
    needs another graph input as a constant, that input joins `frozen` (in
    place) and it tries again."""
    while True:
        path = os.path.join(work, "model.onnx")
        onnx.save(freeze(model, {n: feeds[n] for n in frozen}), path)
        result, why = attempt(path)
        hit = CONSTANT_RE.search(why or "")
        need = hit and (hit.group(2) or hit.group(1))
        if not (need and need in feeds and need not in frozen):
            return result, why
        frozen.append(need)


def run_node(test_dir, workdir, bin_dir, target="cpu"):
    """Harness rule: a graph input that Strata needs as a constant (Reshape's
    shape, Reduce axes, ...) is frozen to the data set's value, and the line
    says so; everything else is run as the suite gives it."""
    name = os.path.basename(os.path.normpath(test_dir))
    work = os.path.join(workdir, name)
    os.makedirs(work, exist_ok=True)
    model = onnx.load(os.path.join(test_dir, "model.onnx"))
    names = [i.name for i in model.graph.input
             if i.name not in {t.name for t in model.graph.initializer}]
    frozen = []
    for ds in sorted(glob.glob(os.path.join(test_dir, "test_data_set_*"))):
        ins, outs = load_dataset(ds)
        feeds = dict(zip(names, ins))
        got, why = compile_freezing(
            model, feeds, frozen, work,
            lambda path: compile_and_run(
                path, [feeds[n] for n in names if n not in frozen], work,
                bin_dir, target=target))
        if why == COMPILED:
            print(f"PASS: {name} (compiled for {target}, not run)")
            return True
        why = why or compare(got, outs, 1e-3, 1e-7)
        if why:
            print(f"FAIL: {name}: {why}")
            return False
    note = f" (frozen constant inputs: {', '.join(frozen)})" if frozen else ""
    print(f"PASS: {name}{note}")
    return True


def prepare_node(test_dir, workdir, bin_dir, target):
    """run_node's compile half for a machine without the compiler (a GPU
    machine, scripts/device-check.sh): per data set, the artifact (with
    the same constant freezing), the inputs and the expected outputs, in
    workdir/NAME/dsK; run_prepared_node runs and compares them there."""
    name = os.path.basename(os.path.normpath(test_dir))
    work = os.path.join(workdir, name)
    model = onnx.load(os.path.join(test_dir, "model.onnx"))
    names = [i.name for i in model.graph.input
             if i.name not in {t.name for t in model.graph.initializer}]
    sets = sorted(glob.glob(os.path.join(test_dir, "test_data_set_*")))
    for k, ds in enumerate(sets):
        out = os.path.join(work, f"ds{k}")
        os.makedirs(out, exist_ok=True)
        ins, outs = load_dataset(ds)
        feeds = dict(zip(names, ins))
        frozen = []
        _, why = compile_freezing(
            model, feeds, frozen, out,
            lambda path: (None, compile_artifact(path, out, bin_dir, target)))
        if why:
            shutil.rmtree(work, ignore_errors=True)
            print(f"FAIL: {name}: {why}")
            return False
        for f in ("model.onnx", "model.h"):
            os.remove(os.path.join(out, f))
        for i, a in enumerate(feeds[n] for n in names if n not in frozen):
            save_npy(os.path.join(out, f"input{i}.npy"), a)
        for j, a in enumerate(outs):
            save_npy(os.path.join(out, f"want{j}.npy"), a)
    print(f"PASS: {name} (prepared for {target}, {len(sets)} data sets)")
    return True


def run_prepared_node(work, bin_dir, device):
    """Runs and checks what prepare_node wrote in `work` (strata-run and
    numpy only)."""
    name = os.path.basename(os.path.normpath(work))
    for ds in sorted(glob.glob(os.path.join(work, "ds*"))):
        args = []
        for p in sorted(glob.glob(os.path.join(ds, "input*.npy")),
                        key=lambda p: int(p.rsplit("input", 1)[1][:-4])):
            args += ["--input", p]
        res = os.path.join(ds, "out")
        rc, log = run([os.path.join(bin_dir, "strata-run"),
                       os.path.join(ds, "model.so"), *args,
                       f"--device={device}", "--output-dir", res])
        if rc:
            print(f"FAIL: {name}: run: " + (log.splitlines()[-1] if log else ""))
            return False
        got, i = [], 0
        while os.path.exists(os.path.join(res, f"output{i}.npy")):
            got.append(np.load(os.path.join(res, f"output{i}.npy")))
            i += 1
        want = [np.load(p) for p in sorted(
            glob.glob(os.path.join(ds, "want*.npy")),
            key=lambda p: int(p.rsplit("want", 1)[1][:-4]))]
        why = compare(got, want, 1e-3, 1e-7)
        if why:
            print(f"FAIL: {name}: {why}")
            return False
    print(f"PASS: {name} (on {device})")
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["ort", "node"])
    ap.add_argument("items", nargs="+")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--target", default="cpu", choices=sorted(DEVICES))
    a = ap.parse_args()
    ok = True
    for item in a.items:
        if a.mode == "ort":
            ok &= run_ort(item, os.path.join(a.workdir, item), a.bin,
                          a.target)
        else:
            ok &= run_node(item, a.workdir, a.bin)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
