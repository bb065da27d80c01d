"""Model latencies: Strata vs onnxruntime on the same graphs and weights.

usage: .venv/bin/python bench/models.py [--bin build/bin] [--lib build/lib]
           [--workdir build/bench/models] [--runs N] [--models mlp,cnn,encoder]

Each model (an MLP, a small CNN, a transformer encoder block) is written once
by the tracer below, which emits the same graph twice: as graph-dialect MLIR
(weights as hex `dense<"0x...">` literals) for `strata-compile --target=cpu`,
and as an ONNX model (onnx.helper, weights as initializers) for onnxruntime.
Both get the same seeded inputs; the outputs are compared (max |diff| /
max |ort| < 1e-3) before anything is timed.

Timing, in this process: the Strata artifact through strata-rt via ctypes
(`strata_model_run_into`, preallocated outputs), onnxruntime through an
InferenceSession (CPUExecutionProvider, all graph optimizations). 1 thread
and 2 threads: `omp_set_num_threads` on the libomp the artifacts link
(/usr/lib/llvm-22/lib) for Strata, `intra_op_num_threads` (inter-op 1,
sequential execution) for onnxruntime. Each number is the median of N timed
runs after warm-up runs; the two sides alternate with a pause between them
so neither runtime's spinning threads steal the other's cores.
"""

import argparse
import ctypes
import math
import os
import subprocess
import sys
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ttype(shape):
    return "tensor<" + "".join(f"{d}x" for d in shape) + "f32>"


def i64s(values):
    return "array<i64: " + ", ".join(str(int(v)) for v in values) + ">"


class Val:
    def __init__(self, name, shape):
        self.name, self.shape = name, tuple(int(d) for d in shape)

    @property
    def type(self):
        return ttype(self.shape)

    @property
    def onnx(self):
        return "t" + self.name[1:]


class Dual:
    """Builds one graph as graph-dialect MLIR and as ONNX, op by op (f32)."""

    def __init__(self, name):
        self.name = name
        self.inputs, self.outputs = [], []
        self.body, self.nodes, self.inits = [], [], []
        self.count = 0

    def _new(self, shape):
        v = Val(f"%v{self.count}", shape)
        self.count += 1
        return v

    def input(self, data):
        v = Val(f"%arg{len(self.inputs)}", data.shape)
        self.inputs.append((v, np.ascontiguousarray(data, np.float32)))
        return v

    def const(self, data):
        data = np.ascontiguousarray(data, np.float32)
        v = self._new(data.shape)
        self.body.append(f'{v.name} = graph.constant dense<"0x{data.tobytes().hex().upper()}"> : {v.type}')
        self.inits.append(numpy_helper.from_array(data, v.onnx))
        return v

    def _i64_init(self, values):
        name = f"shape{len(self.inits)}"
        self.inits.append(numpy_helper.from_array(np.asarray(values, np.int64), name))
        return name

    def _op(self, op, onnx_op, operands, shape, attrs="", onnx_attrs=None,
            extra_onnx_inputs=()):
        r = self._new(shape)
        names = ", ".join(o.name for o in operands)
        types = ", ".join(o.type for o in operands)
        a = f" {{{attrs}}}" if attrs else ""
        self.body.append(f"{r.name} = graph.{op} {names}{a} : ({types}) -> {r.type}")
        self.nodes.append(helper.make_node(
            onnx_op, [o.onnx for o in operands] + list(extra_onnx_inputs), [r.onnx],
            **(onnx_attrs or {})))
        return r

    def _unary(self, op, onnx_op, x):
        r = self._new(x.shape)
        self.body.append(f"{r.name} = graph.{op} {x.name} : {x.type}")
        self.nodes.append(helper.make_node(onnx_op, [x.onnx], [r.onnx]))
        return r

    def relu(self, x):
        return self._unary("relu", "Relu", x)

    def gelu(self, x):  # exact (erf) GELU; ONNX Gelu-20
        return self._unary("gelu", "Gelu", x)

    def binary(self, op, a, b):
        onnx_op = {"add": "Add", "mul": "Mul", "sub": "Sub"}[op]
        shape = np.broadcast_shapes(a.shape, b.shape)
        return self._op(op, onnx_op, [a, b], shape)

    def matmul(self, a, b):
        shape = np.broadcast_shapes(a.shape[:-2], b.shape[:-2]) + (a.shape[-2], b.shape[-1])
        return self._op("matmul", "MatMul", [a, b], shape)

    def gemm_tb(self, a, b, c):  # a @ b^T + c
        return self._op("gemm", "Gemm", [a, b, c], (a.shape[0], b.shape[0]),
                        "trans_b = true", {"transB": 1})

    def softmax(self, x, axis):
        r = self._new(x.shape)
        self.body.append(f"{r.name} = graph.softmax {x.name} {{axis = {axis} : i64}} : {x.type}")
        self.nodes.append(helper.make_node("Softmax", [x.onnx], [r.onnx], axis=axis))
        return r

    def conv2d(self, x, w, b, stride=1, pad=0):
        n, _, h, wd = x.shape
        f, _, kh, kw = w.shape
        oh = (h + 2 * pad - kh) // stride + 1
        ow = (wd + 2 * pad - kw) // stride + 1
        return self._op("conv2d", "Conv", [x, w, b], (n, f, oh, ow),
                        f"strides = {i64s([stride] * 2)}, pads = {i64s([pad] * 4)}",
                        {"strides": [stride] * 2, "pads": [pad] * 4,
                         "kernel_shape": [kh, kw]})

    def max_pool2d(self, x, k):
        n, c, h, w = x.shape
        return self._op("max_pool2d", "MaxPool", [x], (n, c, h // k, w // k),
                        f"kernel_shape = {i64s([k, k])}, strides = {i64s([k, k])}, "
                        f"pads = {i64s([0] * 4)}",
                        {"kernel_shape": [k, k], "strides": [k, k]})

    def global_avg_pool(self, x):
        return self._op("global_avg_pool", "GlobalAveragePool", [x],
                        x.shape[:2] + (1,) * (len(x.shape) - 2))

    def flatten(self, x):
        return self._op("flatten", "Flatten", [x],
                        (x.shape[0], int(np.prod(x.shape[1:]))),
                        "axis = 1 : i64", {"axis": 1})

    def reshape(self, x, shape):
        r = self._new(shape)
        self.body.append(f"{r.name} = graph.reshape {x.name} : {x.type} to {r.type}")
        self.nodes.append(helper.make_node("Reshape", [x.onnx, self._i64_init(shape)], [r.onnx]))
        return r

    def transpose(self, x, perm):
        return self._op("transpose", "Transpose", [x], tuple(x.shape[p] for p in perm),
                        f"perm = {i64s(perm)}", {"perm": list(perm)})

    def layer_norm(self, x, scale, bias, eps=1e-5):
        axis = len(x.shape) - 1
        return self._op("layer_norm", "LayerNormalization", [x, scale, bias], x.shape,
                        f"axis = {axis} : i64, epsilon = {eps:.8e} : f32",
                        {"axis": axis, "epsilon": eps})

    def output(self, v):
        self.outputs.append(v)

    def mlir(self):
        args = ", ".join(f"{v.name}: {v.type}" for v, _ in self.inputs)
        res = [v.type for v in self.outputs]
        sig = res[0] if len(res) == 1 else "(" + ", ".join(res) + ")"
        lines = [f"// Generated by bench/models.py ({self.name}).",
                 f"func.func @{self.name}({args}) -> {sig} {{"]
        lines += ["  " + l for l in self.body]
        lines.append("  return " + ", ".join(v.name for v in self.outputs) + " : " + ", ".join(res))
        lines.append("}")
        return "\n".join(lines) + "\n"

    def onnx_model(self):
        vi = lambda v: helper.make_tensor_value_info(v.onnx, TensorProto.FLOAT, list(v.shape))
        graph = helper.make_graph(self.nodes, self.name, [vi(v) for v, _ in self.inputs],
                                  [vi(v) for v in self.outputs], self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)])
        model.ir_version = 9
        onnx.checker.check_model(model)
        return model


# ---------------------------------------------------------------------------
# Models.
# ---------------------------------------------------------------------------


def normal(rng, shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def model_mlp(rng):
    """Batch 64: 784 -> 1024 (relu) -> 1024 (relu) -> 10, softmax."""
    m = Dual("mlp")
    x = m.input(normal(rng, (64, 784)))
    h = x
    for n_in, n_out, act in ((784, 1024, True), (1024, 1024, True), (1024, 10, False)):
        w = m.const(normal(rng, (n_in, n_out), 1 / math.sqrt(n_in)))
        b = m.const(normal(rng, (n_out,), 0.1))
        h = m.binary("add", m.matmul(h, w), b)
        if act:
            h = m.relu(h)
    m.output(m.softmax(h, axis=1))
    return m


def model_cnn(rng):
    """Batch 8 of 3x32x32: 3 x (conv3x3 pad 1 + relu), max-pool 2 after the
    first two, global average pool, fully connected 128 -> 10."""
    m = Dual("cnn")
    x = m.input(normal(rng, (8, 3, 32, 32)))
    h = x
    for i, (c_in, c_out) in enumerate(((3, 32), (32, 64), (64, 128))):
        w = m.const(normal(rng, (c_out, c_in, 3, 3), 1 / math.sqrt(9 * c_in)))
        b = m.const(normal(rng, (c_out,), 0.1))
        h = m.relu(m.conv2d(h, w, b, pad=1))
        if i < 2:
            h = m.max_pool2d(h, 2)
    h = m.flatten(m.global_avg_pool(h))
    wfc = m.const(normal(rng, (10, 128), 1 / math.sqrt(128)))
    bfc = m.const(normal(rng, (10,), 0.1))
    m.output(m.gemm_tb(h, wfc, bfc))
    return m


def model_encoder(rng):
    """One post-norm transformer encoder block: batch 1, 128 tokens, width
    256, 4 heads, FFN 1024 with GELU."""
    B, S, D, H, FF = 1, 128, 256, 4, 1024
    Dh = D // H
    m = Dual("encoder")
    x = m.input(normal(rng, (B, S, D)))

    def linear(v, n_in, n_out):
        w = m.const(normal(rng, (n_in, n_out), 1 / math.sqrt(n_in)))
        b = m.const(normal(rng, (n_out,), 0.1))
        return m.binary("add", m.matmul(v, w), b)

    def heads(v):  # [B,S,D] -> [B,H,S,Dh]
        return m.transpose(m.reshape(v, (B, S, H, Dh)), (0, 2, 1, 3))

    q, k, v = (heads(linear(x, D, D)) for _ in range(3))
    scale = m.const(np.float32(1 / math.sqrt(Dh)).reshape(()))
    scores = m.binary("mul", m.matmul(q, m.transpose(k, (0, 1, 3, 2))), scale)
    attn = m.matmul(m.softmax(scores, axis=3), v)
    attn = m.reshape(m.transpose(attn, (0, 2, 1, 3)), (B, S, D))
    h = m.binary("add", x, linear(attn, D, D))
    ln = lambda t: m.layer_norm(t, m.const(1 + normal(rng, (D,), 0.1)),
                                m.const(normal(rng, (D,), 0.1)))
    h1 = ln(h)
    h2 = m.binary("add", h1, linear(m.gelu(linear(h1, D, FF)), FF, D))
    m.output(ln(h2))
    return m


MODELS = {"mlp": model_mlp, "cnn": model_cnn, "encoder": model_encoder}


# ---------------------------------------------------------------------------
# Runtimes.
# ---------------------------------------------------------------------------


class StrataRT:
    def __init__(self, libdir):
        self.omp = ctypes.CDLL("/usr/lib/llvm-22/lib/libomp.so", mode=ctypes.RTLD_GLOBAL)
        self.rt = rt = ctypes.CDLL(os.path.join(libdir, "libstrata-rt.so"))
        P = ctypes.c_void_p
        rt.strata_last_error.restype = ctypes.c_char_p
        rt.strata_model_load.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(P)]
        rt.strata_tensor_create.argtypes = [ctypes.c_int, ctypes.c_int32,
                                            ctypes.POINTER(ctypes.c_int64), ctypes.POINTER(P)]
        rt.strata_tensor_data.argtypes = [P]
        rt.strata_tensor_data.restype = P
        rt.strata_model_run_into.argtypes = [P, ctypes.POINTER(P), ctypes.c_int32,
                                             ctypes.POINTER(P), ctypes.c_int32]
        rt.strata_model_free.argtypes = [P]
        rt.strata_tensor_free.argtypes = [P]

    def check(self, status, what):
        if status != 0:
            sys.exit(f"models: {what}: {self.rt.strata_last_error().decode()}")

    def tensor(self, shape):
        dims = (ctypes.c_int64 * len(shape))(*shape)
        t = ctypes.c_void_p()
        self.check(self.rt.strata_tensor_create(1, len(shape), dims, ctypes.byref(t)),
                   "tensor")
        ptr = self.rt.strata_tensor_data(t)
        n = int(np.prod(shape))
        view = np.ctypeslib.as_array((ctypes.c_float * n).from_address(ptr)).reshape(shape)
        return t, view

    def load(self, path, inputs, output_shapes):
        model = ctypes.c_void_p()
        self.check(self.rt.strata_model_load(path.encode(), b"cpu", ctypes.byref(model)),
                   "load " + path)
        ins, outs, views = [], [], []
        for data in inputs:
            t, view = self.tensor(data.shape)
            view[...] = data
            ins.append(t)
        for shape in output_shapes:
            t, view = self.tensor(shape)
            outs.append(t)
            views.append(view)
        in_arr = (ctypes.c_void_p * len(ins))(*[t.value for t in ins])
        out_arr = (ctypes.c_void_p * len(outs))(*[t.value for t in outs])

        def run():
            self.check(self.rt.strata_model_run_into(model, in_arr, len(ins), out_arr,
                                                     len(outs)), "run")
            return views
        return run

    def set_threads(self, n):
        self.omp.omp_set_num_threads(n)


def median_ms(fn, runs, warmup=3):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1e3 * float(np.median(times))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    p.add_argument("--lib", default=os.path.join(ROOT, "build", "lib"))
    p.add_argument("--workdir", default=os.path.join(ROOT, "build", "bench", "models"))
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--models", default=",".join(MODELS))
    p.add_argument("--threads", default="1,2")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    strata = StrataRT(args.lib)
    threads = [int(t) for t in args.threads.split(",")]
    print(f"# onnxruntime {ort.__version__}, numpy {np.__version__}; median of "
          f"{args.runs} runs; {os.cpu_count()} hardware threads")
    print(f"{'model':<8} {'threads':>7} {'strata ms':>10} {'ort ms':>9} {'ratio ort/strata':>17}"
          f" {'max rel diff':>13}")
    failures = 0
    for name in args.models.split(","):
        m = MODELS[name](np.random.default_rng(args.seed))
        mlir = os.path.join(args.workdir, name + ".mlir")
        so = os.path.join(args.workdir, name + ".so")
        with open(mlir, "w") as f:
            f.write(m.mlir())
        proc = subprocess.run([os.path.join(args.bin, "strata-compile"), mlir,
                               "--target=cpu", "-o", so], capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{name}: strata-compile FAILED\n{proc.stderr}")
            failures += 1
            continue
        onnx_path = os.path.join(args.workdir, name + ".onnx")
        onnx.save(m.onnx_model(), onnx_path)
        inputs = [d for _, d in m.inputs]
        run_strata = strata.load(so, inputs, [v.shape for v in m.outputs])
        feeds = {v.onnx: d for v, d in m.inputs}
        for t in threads:
            so_opts = ort.SessionOptions()
            so_opts.intra_op_num_threads = t
            so_opts.inter_op_num_threads = 1
            so_opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            so_opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            sess = ort.InferenceSession(onnx_path, so_opts, providers=["CPUExecutionProvider"])
            run_ort = lambda: sess.run(None, feeds)
            strata.set_threads(t)
            got = run_strata()
            want = run_ort()
            diff = max(float(np.max(np.abs(g - w))) / max(float(np.max(np.abs(w))), 1e-30)
                       for g, w in zip(got, want))
            ok = diff < 1e-3
            time.sleep(0.3)
            ts = median_ms(run_strata, args.runs)
            time.sleep(0.3)
            to = median_ms(run_ort, args.runs)
            time.sleep(0.3)
            print(f"{name:<8} {t:>7} {ts:>10.3f} {to:>9.3f} {to / ts:>17.2f} {diff:>13.1e}"
                  + ("" if ok else "  WRONG"))
            sys.stdout.flush()
            failures += not ok
            del sess
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
