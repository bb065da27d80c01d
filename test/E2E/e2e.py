"""End-to-end numeric tests of the spine: graph-dialect MLIR in,
strata-compile --target=cpu (or vulkan), strata-run on .npy inputs (on the
target's device), outputs compared with a float64 numpy reference that the
compiler did not produce.

usage: e2e.py MODEL --workdir DIR [--bin DIR] [--target cpu|vulkan|cuda|rocm]
              [--cuda-arch sm_80|sm_90a] [--rocm-chip CHIP]
              [--compile-only | --prepare | --prepared]
       e2e.py expect-exit CODE CMD...             (run CMD, check its status)

Each model is written with the small tracer below: every op call appends one
line of graph-dialect MLIR and computes the same op in numpy (float64 for
floats, int64 for integers). Weights are seeded numpy draws written into the
.mlir as `graph.constant dense<...>` literals; inputs are seeded .npy files.
The reference sees exactly the values the compiled model sees: constants and
inputs are rounded to their element type first, then widened.

Only the standard library and numpy are used, plus ml_dtypes (numpy's
bfloat16) for the bf16 model.
"""

import argparse
import json
import math
import os
import shutil
import subprocess
import sys

import numpy as np

try:
    import ml_dtypes
except ImportError:  # only the bf16 model needs it
    ml_dtypes = None

# Tolerances for f32 results against the float64 reference. f32 has a
# relative precision of 6e-8 per operation; a dot product over K <= 512
# terms (the largest contraction here is 128) accumulates at most ~K * eps
# relative error in its worst case, ~sqrt(K) * eps typically, i.e. ~1e-6;
# exp/log/tanh/erf are polynomial approximations accurate to a few ulp, and
# softmax/layer_norm divide by f32 sums. 1e-4 relative leaves ~100x margin
# over that; 1e-5 absolute covers results that cancel to near zero (a
# residual sum, a centered value in layer_norm, a tiny softmax entry).
# Integer and boolean results must match exactly.
RTOL = 1e-4
ATOL = 1e-5

# bf16 results: the op runs in f32 and rounds once to bf16 (8 significant
# bits), round to nearest even: at most half a bf16 ulp, i.e. 2**-8 of the
# result's magnitude, from the float64 reference (f32 rounding inside a dot
# product of K <= 64 bf16 products adds < 1e-5 relative; a truncating
# conversion errs up to 2**-7 and fails). BF16_ATOL covers results that
# cancel to near zero. Outputs marked exact must equal the float64
# reference rounded to bf16 by ml_dtypes (round to nearest even) bit for bit.
BF16_RTOL = 2.0**-8 * 1.01
BF16_ATOL = 1e-5

ELEMENT_TYPES = {
    "f32": np.float32,
    "i32": np.int32,
    "i64": np.int64,
    "i1": np.bool_,
}
if ml_dtypes is not None:
    ELEMENT_TYPES["bf16"] = ml_dtypes.bfloat16

FLOAT_TYPES = ("f32", "bf16")


def tensor_type(shape, et):
    return "tensor<" + "".join(f"{d}x" for d in shape) + et + ">"


def element_type_of(array):
    for et, dtype in ELEMENT_TYPES.items():
        if array.dtype == dtype:
            return et
    raise ValueError(f"no element type for numpy dtype {array.dtype}")


def widen(array):
    """The reference's view of stored data: float64, int64 or bool."""
    if array.dtype == np.bool_:
        return array.copy()
    if np.issubdtype(array.dtype, np.integer):
        return array.astype(np.int64)
    return array.astype(np.float64)


def literal(array, et):
    """The body of dense<...>: nested lists, floats with 9 significant
    digits (enough to round-trip every f32)."""
    if et in FLOAT_TYPES:
        fmt = lambda v: "%.8e" % v
    elif et == "i1":
        fmt = lambda v: "true" if v else "false"
    else:
        fmt = lambda v: str(int(v))

    def rec(a):
        if a.ndim == 0:
            return fmt(a.item())
        return "[" + ", ".join(rec(s) for s in a) + "]"

    return rec(array)


def i64_array(values):
    values = list(values)
    if not values:
        return "array<i64>"
    return "array<i64: " + ", ".join(str(int(v)) for v in values) + ">"


def f32_attr(x):
    return "%.8e : f32" % np.float32(x)


def bool_attr(b):
    return "true" if b else "false"


_erf = np.vectorize(math.erf, otypes=[np.float64])


class Val:
    """A value of the model: its SSA name, element type and reference."""

    def __init__(self, name, et, ref):
        self.name, self.et, self.ref = name, et, ref

    @property
    def shape(self):
        return self.ref.shape

    @property
    def type(self):
        return tensor_type(self.shape, self.et)


class Model:
    """Writes one func.func of graph ops and evaluates it in numpy."""

    def __init__(self, name):
        self.name = name
        self.args = []  # (Val, stored numpy array)
        self.body = []
        self.outputs = []  # (Val, label)
        self.count = 0

    # --- plumbing -------------------------------------------------------

    def _new(self, et, ref):
        v = Val(f"%v{self.count}", et, np.asarray(ref))
        self.count += 1
        return v

    def _result(self, et, ref):
        if et in FLOAT_TYPES:
            ref = np.asarray(ref, np.float64)
        elif et == "i1":
            ref = np.asarray(ref, np.bool_)
        else:
            ref = np.asarray(ref, np.int64)
            info = np.iinfo(ELEMENT_TYPES[et])
            assert ref.size == 0 or (ref.min() >= info.min and ref.max() <= info.max), \
                "test bug: integer reference overflows " + et
        return self._new(et, ref)

    def _functional(self, op, operands, result, attrs="", prefix="", suffix=""):
        """`%r = graph.op [prefix] %a, %b [suffix] {attrs} : (A, B) -> R`."""
        ops = ", ".join(o.name for o in operands)
        types = ", ".join(o.type for o in operands)
        attrs = f" {{{attrs}}}" if attrs else ""
        self.body.append(
            f"{result.name} = graph.{op} {prefix}{ops}{suffix}{attrs} : ({types}) -> {result.type}")
        return result

    def input(self, data):
        data = np.ascontiguousarray(data)
        v = Val(f"%arg{len(self.args)}", element_type_of(data), widen(data))
        self.args.append((v, data))
        return v

    def const(self, data):
        data = np.asarray(data)
        v = self._new(element_type_of(data), widen(data))
        self.body.append(
            f"{v.name} = graph.constant dense<{literal(data, v.et)}> : {v.type}")
        return v

    def output(self, v, label, exact=False):
        """exact (bf16): the result must be the reference rounded to bf16."""
        v.exact = exact
        self.outputs.append((v, label))

    def mlir(self):
        args = ", ".join(f"{v.name}: {v.type}" for v, _ in self.args)
        results = [v.type for v, _ in self.outputs]
        sig = results[0] if len(results) == 1 else "(" + ", ".join(results) + ")"
        lines = [f"// Generated by test/E2E/e2e.py ({self.name}).",
                 f"func.func @{self.name}({args}) -> {sig} {{"]
        lines += ["  " + line for line in self.body]
        lines.append("  return " + ", ".join(v.name for v, _ in self.outputs)
                     + " : " + ", ".join(results))
        lines.append("}")
        return "\n".join(lines) + "\n"

    # --- elementwise ----------------------------------------------------

    def unary(self, op, x):
        r = x.ref
        ref = {
            "exp": np.exp, "log": np.log, "tanh": np.tanh,
            "sigmoid": lambda a: 1.0 / (1.0 + np.exp(-a)),
            "erf": _erf, "sqrt": np.sqrt, "rsqrt": lambda a: 1.0 / np.sqrt(a),
            "floor": np.floor, "ceil": np.ceil, "neg": np.negative,
            "abs": np.abs, "relu": lambda a: np.maximum(a, 0),
        }[op](r)
        v = self._result(x.et, ref)
        self.body.append(f"{v.name} = graph.{op} {x.name} : {x.type}")
        return v

    def gelu(self, x, approximate=None):
        r = x.ref
        if approximate == "tanh":
            ref = 0.5 * r * (1 + np.tanh(math.sqrt(2 / math.pi) * (r + 0.044715 * r**3)))
            suffix = " approximate = tanh"
        else:
            ref = 0.5 * r * (1 + _erf(r / math.sqrt(2)))
            suffix = ""
        v = self._result(x.et, ref)
        self.body.append(f"{v.name} = graph.gelu {x.name}{suffix} : {x.type}")
        return v

    def binary(self, op, a, b):
        x, y = a.ref, b.ref
        if op == "div" and a.et not in FLOAT_TYPES:
            # Integer division truncates toward zero (C semantics).
            ref = np.sign(x) * np.sign(y) * (np.abs(x) // np.abs(y))
        else:
            ref = {
                "add": np.add, "sub": np.subtract, "mul": np.multiply,
                "div": np.divide, "pow": np.power, "max": np.maximum,
                "min": np.minimum,
            }[op](x, y)
        return self._functional(op, [a, b], self._result(a.et, ref))

    def compare(self, kind, a, b):
        ref = {
            "eq": np.equal, "ne": np.not_equal, "lt": np.less,
            "le": np.less_equal, "gt": np.greater, "ge": np.greater_equal,
        }[kind](a.ref, b.ref)
        return self._functional("compare", [a, b], self._result("i1", ref),
                                prefix=f"{kind}, ")

    def select(self, c, a, b):
        ref = np.where(c.ref, a.ref, b.ref)
        return self._functional("select", [c, a, b], self._result(a.et, ref))

    def _to(self, op, x, result):
        self.body.append(f"{result.name} = graph.{op} {x.name} : {x.type} to {result.type}")
        return result

    def cast(self, x, et):
        r = x.ref
        if et in FLOAT_TYPES:
            ref = r.astype(np.float64)
        elif et == "i1":
            ref = r != 0
        else:
            ref = np.trunc(r) if x.et in FLOAT_TYPES else r  # toward zero
        return self._to("cast", x, self._result(et, ref))

    # --- contractions and windows ----------------------------------------

    def matmul(self, a, b):
        return self._functional("matmul", [a, b], self._result(a.et, np.matmul(a.ref, b.ref)))

    def gemm(self, a, b, c=None, alpha=1.0, beta=1.0, trans_a=False, trans_b=False):
        A = a.ref.T if trans_a else a.ref
        B = b.ref.T if trans_b else b.ref
        ref = float(np.float32(alpha)) * (A @ B)
        if c is not None:
            ref = ref + float(np.float32(beta)) * c.ref
        attrs = []
        if alpha != 1.0:
            attrs.append("alpha = " + f32_attr(alpha))
        if beta != 1.0:
            attrs.append("beta = " + f32_attr(beta))
        if trans_a:
            attrs.append("trans_a = true")
        if trans_b:
            attrs.append("trans_b = true")
        operands = [a, b] + ([c] if c is not None else [])
        return self._functional("gemm", operands, self._result(a.et, ref), ", ".join(attrs))

    def conv2d(self, x, w, bias=None, strides=(1, 1), pads=(0, 0, 0, 0),
               dilations=(1, 1), groups=1):
        X, Wt = x.ref, w.ref
        N, C, H, W = X.shape
        F, Cg, KH, KW = Wt.shape
        assert C == Cg * groups and F % groups == 0, "test bug: conv2d shapes"
        Xp = np.pad(X, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
        OH = (H + pads[0] + pads[2] - dilations[0] * (KH - 1) - 1) // strides[0] + 1
        OW = (W + pads[1] + pads[3] - dilations[1] * (KW - 1) - 1) // strides[1] + 1
        out = np.zeros((N, F, OH, OW))
        Fg = F // groups
        for g in range(groups):
            xs = Xp[:, g * Cg:(g + 1) * Cg]
            ws = Wt[g * Fg:(g + 1) * Fg]
            for kh in range(KH):
                for kw in range(KW):
                    h0, w0 = kh * dilations[0], kw * dilations[1]
                    patch = xs[:, :, h0:h0 + strides[0] * (OH - 1) + 1:strides[0],
                               w0:w0 + strides[1] * (OW - 1) + 1:strides[1]]
                    out[:, g * Fg:(g + 1) * Fg] += np.einsum("nchw,fc->nfhw", patch, ws[:, :, kh, kw])
        if bias is not None:
            out += bias.ref[None, :, None, None]
        attrs = [f"strides = {i64_array(strides)}", f"pads = {i64_array(pads)}"]
        if tuple(dilations) != (1, 1):
            attrs.append(f"dilations = {i64_array(dilations)}")
        if groups != 1:
            attrs.append(f"groups = {groups} : i64")
        operands = [x, w] + ([bias] if bias is not None else [])
        return self._functional("conv2d", operands, self._result(x.et, out), ", ".join(attrs))

    @staticmethod
    def _window_dim(n, k, s, lo, hi, d, ceil_mode):
        """Output size of a pooling dim, as ONNX/PyTorch: with ceil_mode the
        last window must still start inside the input or leading padding."""
        eff = d * (k - 1) + 1
        span = n + lo + hi - eff
        out = (-(-span // s) if ceil_mode else span // s) + 1
        if ceil_mode and (out - 1) * s >= n + lo:
            out -= 1
        return out

    def _pool(self, op, x, kernel, strides, pads, dilations, ceil_mode,
              count_include_pad=False):
        X = x.ref
        N, C, H, W = X.shape
        sizes = (H, W)
        outs = [self._window_dim(sizes[i], kernel[i], strides[i], pads[i], pads[i + 2],
                                 dilations[i], ceil_mode) for i in range(2)]
        ref = np.zeros((N, C, outs[0], outs[1]))
        for oh in range(outs[0]):
            for ow in range(outs[1]):
                # Window taps inside the input (padding and the ceil-mode
                # overhang hold nothing that counts).
                taps = []
                for i, o in ((0, oh), (1, ow)):
                    start = o * strides[i] - pads[i]
                    idx = [start + t * dilations[i] for t in range(kernel[i])]
                    taps.append([j for j in idx if 0 <= j < sizes[i]])
                window = X[:, :, taps[0]][:, :, :, taps[1]]
                if op == "max_pool2d":
                    ref[:, :, oh, ow] = window.max(axis=(2, 3))
                else:
                    if count_include_pad:
                        # Positions inside the padded input count, the
                        # ceil-mode overhang past it does not.
                        div = 1
                        for i, o in ((0, oh), (1, ow)):
                            start = o * strides[i] - pads[i]
                            end = min(start + kernel[i], sizes[i] + pads[i + 2])
                            div *= end - max(start, -pads[i])
                    else:
                        div = len(taps[0]) * len(taps[1])
                    ref[:, :, oh, ow] = window.sum(axis=(2, 3)) / div
        attrs = [f"kernel_shape = {i64_array(kernel)}", f"strides = {i64_array(strides)}",
                 f"pads = {i64_array(pads)}"]
        if tuple(dilations) != (1, 1):
            attrs.append(f"dilations = {i64_array(dilations)}")
        if ceil_mode:
            attrs.append("ceil_mode = true")
        if count_include_pad:
            attrs.append("count_include_pad = true")
        return self._functional(op, [x], self._result(x.et, ref), ", ".join(attrs))

    def max_pool2d(self, x, kernel, strides=(1, 1), pads=(0, 0, 0, 0),
                   dilations=(1, 1), ceil_mode=False):
        return self._pool("max_pool2d", x, kernel, strides, pads, dilations, ceil_mode)

    def avg_pool2d(self, x, kernel, strides=(1, 1), pads=(0, 0, 0, 0),
                   ceil_mode=False, count_include_pad=False):
        return self._pool("avg_pool2d", x, kernel, strides, pads, (1, 1), ceil_mode,
                          count_include_pad)

    def global_pool(self, op, x):
        axes = tuple(range(2, x.ref.ndim))
        f = np.max if op == "global_max_pool" else np.mean
        return self._functional(op, [x], self._result(x.et, f(x.ref, axis=axes, keepdims=True)))

    # --- reductions and normalizations ------------------------------------

    def reduce(self, op, x, axes, keepdims=True):
        f = {"reduce_sum": np.sum, "reduce_mean": np.mean, "reduce_max": np.max,
             "reduce_min": np.min, "reduce_prod": np.prod}[op]
        ref = f(x.ref, axis=tuple(axes), keepdims=keepdims) if axes else x.ref
        if op == "reduce_mean" and x.et != "f32":
            ref = np.trunc(ref)
        attrs = f"axes = {i64_array(axes)}, keepdims = {bool_attr(keepdims)}"
        return self._functional(op, [x], self._result(x.et, ref), attrs)

    def arg_reduce(self, op, x, axis, keepdims=True, select_last_index=False):
        r = x.ref
        f = np.argmax if op == "argmax" else np.argmin
        if select_last_index:
            n = r.shape[axis]
            ref = n - 1 - f(np.flip(r, axis=axis), axis=axis)
        else:
            ref = f(r, axis=axis)  # numpy: first occurrence
        if keepdims:
            ref = np.expand_dims(ref, axis)
        attrs = f"axis = {axis} : i64, keepdims = {bool_attr(keepdims)}"
        if select_last_index:
            attrs += ", select_last_index = true"
        return self._functional(op, [x], self._result("i64", ref), attrs)

    def softmax(self, x, axis, log=False):
        r = x.ref
        shifted = r - r.max(axis=axis, keepdims=True)
        total = np.exp(shifted).sum(axis=axis, keepdims=True)
        ref = shifted - np.log(total) if log else np.exp(shifted) / total
        op = "log_softmax" if log else "softmax"
        v = self._result(x.et, ref)
        self.body.append(f"{v.name} = graph.{op} {x.name} {{axis = {axis} : i64}} : {x.type}")
        return v

    def layer_norm(self, x, scale, bias=None, axis=-1, epsilon=1e-5):
        r = x.ref
        axes = tuple(range(axis, r.ndim))
        eps = float(np.float32(epsilon))
        mean = r.mean(axis=axes, keepdims=True)
        var = ((r - mean) ** 2).mean(axis=axes, keepdims=True)
        ref = (r - mean) / np.sqrt(var + eps) * scale.ref
        if bias is not None:
            ref = ref + bias.ref
        operands = [x, scale] + ([bias] if bias is not None else [])
        attrs = f"axis = {axis} : i64, epsilon = {f32_attr(epsilon)}"
        return self._functional("layer_norm", operands, self._result(x.et, ref), attrs)

    def batch_norm(self, x, scale, bias, mean, var, epsilon=1e-5):
        eps = float(np.float32(epsilon))
        c = lambda v: v.ref.reshape((1, -1) + (1,) * (x.ref.ndim - 2))
        ref = (x.ref - c(mean)) / np.sqrt(c(var) + eps) * c(scale) + c(bias)
        return self._functional("batch_norm", [x, scale, bias, mean, var],
                                self._result(x.et, ref), f"epsilon = {f32_attr(epsilon)}")

    # --- data movement ----------------------------------------------------

    def reshape(self, x, shape):
        return self._to("reshape", x, self._result(x.et, x.ref.reshape(shape)))

    def broadcast_to(self, x, shape):
        return self._to("broadcast_to", x, self._result(x.et, np.broadcast_to(x.ref, shape)))

    def transpose(self, x, perm):
        return self._functional("transpose", [x], self._result(x.et, np.transpose(x.ref, perm)),
                                f"perm = {i64_array(perm)}")

    def concat(self, xs, axis):
        ref = np.concatenate([x.ref for x in xs], axis=axis)
        return self._functional("concat", xs, self._result(xs[0].et, ref), f"axis = {axis} : i64")

    def slice(self, x, starts, ends, steps):
        ref = x.ref
        for d, (s, e, st) in enumerate(zip(starts, ends, steps)):
            n = ref.shape[d]
            # ONNX Slice: negative indices count from the end, then clamp to
            # [0, n] ([0, n-1] for the start and [-1, n-1] for the end when
            # walking backwards).
            s = s + n if s < 0 else s
            e = e + n if e < 0 else e
            if st > 0:
                s, e = min(max(s, 0), n), min(max(e, 0), n)
            else:
                s, e = min(max(s, 0), n - 1), min(max(e, -1), n - 1)
            ref = np.take(ref, np.arange(s, e, st, dtype=np.int64), axis=d)
        attrs = (f"starts = {i64_array(starts)}, ends = {i64_array(ends)}, "
                 f"steps = {i64_array(steps)}")
        return self._functional("slice", [x], self._result(x.et, ref), attrs)

    def gather(self, x, idx, axis):
        n = x.ref.shape[axis]
        ind = np.where(idx.ref < 0, idx.ref + n, idx.ref)
        ref = np.take(x.ref, ind, axis=axis)
        return self._functional("gather", [x, idx], self._result(x.et, ref), f"axis = {axis} : i64")

    def squeeze(self, x, axes):
        return self._functional("squeeze", [x], self._result(x.et, np.squeeze(x.ref, tuple(axes))),
                                f"axes = {i64_array(axes)}")

    def unsqueeze(self, x, axes):
        return self._functional("unsqueeze", [x],
                                self._result(x.et, np.expand_dims(x.ref, tuple(axes))),
                                f"axes = {i64_array(axes)}")

    def pad(self, x, pads, mode="constant", value=0.0):
        r = x.ref
        rank = r.ndim
        begins, ends = pads[:rank], pads[rank:]
        # Negative pads crop first; the rest pads.
        crop = tuple(slice(max(-b, 0), r.shape[d] - max(-e, 0))
                     for d, (b, e) in enumerate(zip(begins, ends)))
        r = r[crop]
        widths = [(max(b, 0), max(e, 0)) for b, e in zip(begins, ends)]
        if mode == "constant":
            ref = np.pad(r, widths, mode="constant", constant_values=value)
        else:
            ref = np.pad(r, widths, mode=mode)  # numpy 'reflect', 'edge' = ONNX's
        suffix = f" mode = {mode}" if mode != "constant" else ""
        attrs = f"pads = {i64_array(pads)}"
        if mode == "constant":
            attrs += f", value = {value!r} : f64"
        return self._functional("pad", [x], self._result(x.et, ref), attrs, suffix=suffix)

    def flatten(self, x, axis=1):
        shape = x.ref.shape
        ref = x.ref.reshape(int(np.prod(shape[:axis])), int(np.prod(shape[axis:])))
        return self._functional("flatten", [x], self._result(x.et, ref), f"axis = {axis} : i64")


# ---------------------------------------------------------------------------
# Models. Each takes a seeded Generator and returns a Model.
# ---------------------------------------------------------------------------


def f32(a):
    return np.asarray(a, np.float32)


def normal(rng, shape, scale=1.0):
    return f32(rng.standard_normal(shape) * scale)


def uniform(rng, shape, lo, hi):
    return f32(rng.uniform(lo, hi, shape))


def model_mlp(rng):
    m = Model("mlp")
    x = m.input(normal(rng, (8, 64)))
    w1 = m.const(normal(rng, (64, 128), 1 / math.sqrt(64)))
    b1 = m.const(normal(rng, (128,), 0.1))
    w2 = m.const(normal(rng, (128, 10), 1 / math.sqrt(128)))
    b2 = m.const(normal(rng, (10,), 0.1))
    h = m.gelu(m.binary("add", m.matmul(x, w1), b1))
    logits = m.binary("add", m.matmul(h, w2), b2)
    m.output(m.softmax(logits, axis=1), "probabilities")
    return m


def model_cnn(rng):
    m = Model("cnn")
    x = m.input(normal(rng, (2, 3, 16, 16)))
    w1 = m.const(normal(rng, (8, 3, 3, 3), 1 / math.sqrt(27)))
    b1 = m.const(normal(rng, (8,), 0.1))
    gamma = m.const(uniform(rng, (8,), 0.5, 1.5))
    beta = m.const(normal(rng, (8,), 0.1))
    mean = m.const(normal(rng, (8,), 0.1))
    var = m.const(uniform(rng, (8,), 0.5, 2.0))
    # Second conv: 16 filters over 2 groups of 4 channels.
    w2 = m.const(normal(rng, (16, 4, 3, 3), 1 / math.sqrt(36)))
    wfc = m.const(normal(rng, (10, 16), 1 / math.sqrt(16)))
    bfc = m.const(normal(rng, (10,), 0.1))
    h = m.conv2d(x, w1, b1, pads=(1, 1, 1, 1))                     # 2x8x16x16
    h = m.unary("relu", m.batch_norm(h, gamma, beta, mean, var, epsilon=1e-5))
    h = m.max_pool2d(h, (2, 2), strides=(2, 2))                    # 2x8x8x8
    h = m.unary("relu", m.conv2d(h, w2, strides=(2, 2), groups=2))  # 2x16x3x3
    h = m.flatten(m.global_pool("global_avg_pool", h))              # 2x16
    m.output(m.gemm(h, wfc, bfc, trans_b=True), "logits")          # 2x10
    return m


def model_encoder(rng):
    B, S, D, H, FF = 2, 8, 32, 4, 64
    Dh = D // H
    m = Model("encoder")
    x = m.input(normal(rng, (B, S, D)))

    def linear(v, n_in, n_out):
        w = m.const(normal(rng, (n_in, n_out), 1 / math.sqrt(n_in)))
        b = m.const(normal(rng, (n_out,), 0.1))
        return m.binary("add", m.matmul(v, w), b)

    def heads(v):  # [B,S,D] -> [B,H,S,Dh]
        return m.transpose(m.reshape(v, (B, S, H, Dh)), (0, 2, 1, 3))

    q, k, v = (heads(linear(x, D, D)) for _ in range(3))
    scale = m.const(f32(1 / math.sqrt(Dh)))
    scores = m.binary("mul", m.matmul(q, m.transpose(k, (0, 1, 3, 2))), scale)
    attn = m.matmul(m.softmax(scores, axis=3), v)                    # [B,H,S,Dh]
    attn = m.reshape(m.transpose(attn, (0, 2, 1, 3)), (B, S, D))
    h = m.binary("add", x, linear(attn, D, D))
    ln1 = m.layer_norm(h, m.const(uniform(rng, (D,), 0.5, 1.5)),
                       m.const(normal(rng, (D,), 0.1)), axis=2)
    ff = linear(m.gelu(linear(ln1, D, FF)), FF, D)
    h2 = m.binary("add", ln1, ff)
    out = m.layer_norm(h2, m.const(uniform(rng, (D,), 0.5, 1.5)),
                       m.const(normal(rng, (D,), 0.1)), axis=2)
    m.output(out, "encoded")
    return m


def model_elementwise(rng):
    m = Model("elementwise")
    a = m.input(uniform(rng, (4, 6), -2, 2))
    b = m.input(uniform(rng, (6,), -2, 2))
    c = m.input(uniform(rng, (4, 1), -2, 2))
    p = m.input(uniform(rng, (4, 6), 0.25, 3))           # positive
    s = m.input(uniform(rng, (4, 6), -5, 5))             # for casts
    ia = m.input(rng.integers(-20, 21, (4, 6)).astype(np.int32))
    ib = m.input((rng.integers(1, 6, (6,)) * rng.choice([-1, 1], (6,))).astype(np.int32))
    k = m.const(f32([0.5, -1.5, 2.0, 0.0, 3.25, -0.75]))
    # Binary ops, each broadcasting one way or another.
    m.output(m.binary("add", a, b), "add [4x6]+[6]")
    m.output(m.binary("sub", a, c), "sub [4x6]-[4x1]")
    m.output(m.binary("mul", b, c), "mul [6]*[4x1]")
    m.output(m.binary("div", a, p), "div")
    m.output(m.binary("pow", p, m.binary("mul", k, c)), "pow")
    m.output(m.binary("max", a, b), "max")
    m.output(m.binary("min", c, a), "min")
    # Unary ops, alone and chained (chains get fused).
    for op in ("exp", "tanh", "sigmoid", "erf", "neg", "abs", "relu", "floor", "ceil"):
        m.output(m.unary(op, a), op)
    for op in ("log", "sqrt", "rsqrt"):
        m.output(m.unary(op, p), op)
    m.output(m.gelu(a), "gelu")
    m.output(m.gelu(a, approximate="tanh"), "gelu tanh")
    chain = m.binary("sub", m.binary("add", m.unary("exp", m.unary("neg", a)),
                                     m.binary("mul", m.unary("log", p), m.unary("tanh", b))),
                     m.unary("rsqrt", m.binary("add", p, m.unary("abs", c))))
    m.output(chain, "fused chain")
    # Compare and select.
    gt = m.compare("gt", a, b)
    m.output(gt, "compare gt")
    m.output(m.select(gt, a, c), "select")
    for kind in ("eq", "ne", "lt", "le", "ge"):
        m.output(m.compare(kind, ia, ib), "compare i32 " + kind)
    m.output(m.select(m.compare("le", s, a), m.unary("floor", s), k), "select le")
    # Casts.
    m.output(m.cast(s, "i32"), "cast f32->i32")
    m.output(m.binary("add", m.cast(ia, "f32"), a), "cast i32->f32")
    m.output(m.cast(s, "i1"), "cast f32->i1")
    m.output(m.binary("mul", m.cast(gt, "f32"), a), "cast i1->f32")
    m.output(m.cast(m.binary("mul", m.cast(ia, "i64"), m.cast(ib, "i64")), "i32"), "i32->i64->i32")
    # Integer arithmetic.
    for op in ("add", "sub", "mul", "div", "max", "min"):
        m.output(m.binary(op, ia, ib), "i32 " + op)
    for op in ("neg", "abs", "relu"):
        m.output(m.unary(op, ia), "i32 " + op)
    return m


def bf16(a):
    if ml_dtypes is None:
        sys.exit("e2e: the bf16 model needs ml_dtypes (pip install ml_dtypes)")
    return np.asarray(a, np.float32).astype(ml_dtypes.bfloat16)


def model_bf16(rng):
    """bf16 inputs and outputs (the vulkan target emulates bf16: i16
    storage, f32 arithmetic): relu, add, matmul with a bf16 weight constant,
    and f32 -> bf16 casts that must round to nearest even, ties included."""
    m = Model("bf16")
    a = m.input(bf16(uniform(rng, (4, 24), -3, 3)))
    b = m.input(bf16(uniform(rng, (4, 24), -3, 3)))
    x = m.input(bf16(normal(rng, (6, 64))))
    w = m.const(bf16(normal(rng, (64, 5), 1 / 8)))
    m.output(m.unary("relu", a), "relu", exact=True)
    m.output(m.binary("add", a, b), "add")
    m.output(m.binary("mul", a, b), "mul")
    m.output(m.matmul(x, w), "matmul [6x64] x [64x5]")
    # f32 -> bf16: bf16 keeps 8 significant bits, so 1 + 2**-8 is a tie
    # between 1 and 1 + 2**-7 (even: 1), 1 + 3 * 2**-8 a tie between
    # 1 + 2**-7 and 1 + 2**-6 (even: up; truncation gives 1 + 2**-7),
    # 1 + 2**-8 + 2**-20 just above a tie (up), negative ties likewise, the
    # largest f32 (overflows to inf), a subnormal, random values.
    ties = np.array([1 + 2**-8, 1 + 3 * 2**-8, 1 + 2**-8 + 2**-20,
                     -(1 + 2**-8), -(1 + 3 * 2**-8), 2.0 + 2**-6,
                     np.finfo(np.float32).max, 3e-39, 0.0, -7.0],
                    np.float32)
    t = m.input(np.concatenate([ties, normal(rng, (22,), 10)]))
    m.output(m.cast(t, "bf16"), "cast f32->bf16, round to nearest even",
             exact=True)
    # bf16 -> f32 is exact.
    m.output(m.binary("mul", m.cast(a, "f32"), m.input(normal(rng, (4, 24)))),
             "cast bf16->f32, then f32 mul")
    return m


def reduction_input(m, rng):
    x = m.input(uniform(rng, (3, 4, 5), -2, 2))
    p = m.input(uniform(rng, (3, 4, 5), 0.5, 1.5))                # products near 1
    xi = m.input(rng.integers(0, 4, (3, 4, 5)).astype(np.int32))  # many ties
    return x, p, xi


def model_reductions(rng):
    m = Model("reductions")
    x, p, xi = reduction_input(m, rng)
    m.output(m.reduce("reduce_sum", x, [1], keepdims=False), "sum axis 1")
    m.output(m.reduce("reduce_sum", x, [0, 1, 2], keepdims=False), "sum all -> rank 0")
    m.output(m.reduce("reduce_mean", x, [2], keepdims=False), "mean axis 2")
    m.output(m.reduce("reduce_mean", x, [0, 2], keepdims=False), "mean axes 0,2")
    m.output(m.reduce("reduce_max", x, [0], keepdims=False), "max axis 0")
    m.output(m.reduce("reduce_min", x, [0, 1], keepdims=False), "min axes 0,1")
    m.output(m.reduce("reduce_prod", p, [0, 1], keepdims=False), "prod axes 0,1")
    m.output(m.reduce("reduce_prod", p, [2], keepdims=False), "prod axis 2")
    m.output(m.reduce("reduce_sum", xi, [1], keepdims=False), "i32 sum")
    m.output(m.reduce("reduce_max", xi, [0, 2], keepdims=False), "i32 max")
    m.output(m.reduce("reduce_min", xi, [2], keepdims=False), "i32 min")
    m.output(m.reduce("reduce_prod", xi, [0], keepdims=False), "i32 prod")
    m.output(m.arg_reduce("argmax", x, 1, keepdims=False), "argmax axis 1")
    m.output(m.arg_reduce("argmin", x, 2, keepdims=False), "argmin axis 2")
    m.output(m.arg_reduce("argmax", xi, 2, keepdims=False), "i32 argmax, ties -> first")
    m.output(m.arg_reduce("argmax", xi, 2, keepdims=False, select_last_index=True),
             "i32 argmax, ties -> last")
    m.output(m.arg_reduce("argmin", xi, 0, keepdims=False), "i32 argmin, ties -> first")
    m.output(m.arg_reduce("argmin", xi, 1, keepdims=False, select_last_index=True),
             "i32 argmin, ties -> last")
    m.output(m.softmax(x, axis=1), "softmax axis 1")
    m.output(m.softmax(x, axis=2), "softmax axis 2")
    m.output(m.softmax(x, axis=2, log=True), "log_softmax axis 2")
    m.output(m.softmax(x, axis=0, log=True), "log_softmax axis 0")
    return m


def model_reductions_keepdims(rng):
    """Reductions that keep the reduced dims (and the global pools, which
    keep the spatial dims as size 1)."""
    m = Model("reductions_keepdims")
    x, p, xi = reduction_input(m, rng)
    m.output(m.reduce("reduce_sum", x, [1], keepdims=True), "sum axis 1 keep")
    m.output(m.reduce("reduce_mean", x, [0, 2], keepdims=True), "mean axes 0,2 keep")
    m.output(m.reduce("reduce_max", x, [2], keepdims=True), "max axis 2 keep")
    m.output(m.reduce("reduce_min", x, [1], keepdims=True), "min axis 1 keep")
    m.output(m.reduce("reduce_prod", p, [2], keepdims=True), "prod axis 2 keep")
    m.output(m.reduce("reduce_min", xi, [2], keepdims=True), "i32 min keep")
    m.output(m.arg_reduce("argmin", x, 2, keepdims=True), "argmin axis 2 keep")
    m.output(m.arg_reduce("argmax", xi, 0, keepdims=True, select_last_index=True),
             "i32 argmax keep, ties -> last")
    img = m.input(uniform(rng, (2, 3, 5, 4), -2, 2))
    m.output(m.global_pool("global_avg_pool", img), "global_avg_pool")
    m.output(m.global_pool("global_max_pool", img), "global_max_pool")
    return m


def model_datamovement(rng):
    m = Model("datamovement")
    x = m.input(uniform(rng, (2, 3, 4), -2, 2))
    y = m.input(uniform(rng, (2, 5, 4), -2, 2))
    z = m.input(uniform(rng, (3, 1), -2, 2))
    xi = m.input(rng.integers(-50, 50, (2, 3, 4)).astype(np.int32))
    idx = m.input(np.array([[2, 0], [-1, 1]], np.int64))
    m.output(m.slice(x, [-1, 2, 3], [-100, 0, 0], [-1, -1, -2]), "slice negative steps")
    m.output(m.gather(x, idx, 2), "gather axis 2, 2-D indices (negative)")
    m.output(m.gather(y, m.const(np.array([4, -5, 2], np.int64)), 1), "gather constant indices")
    m.output(m.gather(xi, m.const(np.array([1, 0, 1], np.int32)), 0), "gather i32 data, i32 indices")
    m.output(m.concat([m.transpose(x, (1, 0, 2)), m.transpose(y, (1, 0, 2))], 0), "concat axis 0")
    m.output(m.pad(x, [0, 1, 2, 0, 1, 3], mode="reflect"), "pad reflect")
    m.output(m.pad(x, [1, 0, 3, 0, 2, 1], mode="edge"), "pad edge")
    u = m.unsqueeze(x, [0, 3])
    m.output(u, "unsqueeze")
    m.output(m.squeeze(m.binary("mul", u, u), [0, 3]), "squeeze")
    m.output(m.broadcast_to(z, (2, 3, 4)), "broadcast_to")
    m.output(m.transpose(x, (2, 0, 1)), "transpose")
    m.output(m.transpose(xi, (1, 2, 0)), "transpose i32")
    m.output(m.reshape(m.binary("add", x, x), (4, 6)), "reshape")
    m.output(m.flatten(y, 2), "flatten axis 2")
    m.output(m.flatten(y, 0), "flatten axis 0")
    return m


def model_datamovement_strided(rng):
    """Data movement that writes or reads a strided window of a buffer."""
    m = Model("datamovement_strided")
    x = m.input(uniform(rng, (2, 3, 4), -2, 2))
    y = m.input(uniform(rng, (2, 5, 4), -2, 2))
    m.output(m.slice(x, [0, 1, 0], [2, 3, -1], [1, 1, 2]), "slice steps")
    m.output(m.slice(y, [0, 1, 1], [2, 4, 3], [1, 1, 1]), "slice unit steps")
    m.output(m.slice(y, [1, -4, -100], [100, -1, 100], [1, 2, 3]), "slice steps, clamped")
    m.output(m.concat([x, y, x], 1), "concat axis 1")
    m.output(m.pad(x, [0, 1, 0, 0, 1, 2], value=0.5), "pad constant 0.5")
    m.output(m.pad(x, [0, 2, 1, 0, 1, 3]), "pad zero")
    m.output(m.pad(x, [0, 0, -1, 1, 0, 1], value=-2.0), "pad constant, cropping")
    return m


def model_contractions(rng):
    m = Model("contractions")
    a = m.input(normal(rng, (6, 32)))
    v = m.input(normal(rng, (32,)))
    w = m.const(normal(rng, (32, 5), 0.2))
    m.output(m.matmul(a, w), "matmul 2-D")
    m.output(m.matmul(v, w), "matmul vector x matrix")
    m.output(m.matmul(a, v), "matmul matrix x vector")
    at = m.input(normal(rng, (32, 6)))
    wt = m.const(normal(rng, (5, 32), 0.2))
    m.output(m.gemm(a, w), "gemm, no C")
    m.output(m.gemm(at, wt, m.const(normal(rng, (5,))), trans_a=True, trans_b=True),
             "gemm trans_a trans_b, C [5]")
    m.output(m.gemm(a, w, m.const(normal(rng, (6, 1))), alpha=0.5, beta=-2.0),
             "gemm alpha beta, C [6x1]")
    b = m.input(normal(rng, (1, 4, 5)))
    c = m.input(normal(rng, (3, 5, 2)))
    m.output(m.matmul(b, c), "matmul [1x4x5] x [3x5x2], broadcast batch")
    ia = m.input(rng.integers(-5, 6, (4, 7)).astype(np.int32))
    ib = m.input(rng.integers(-5, 6, (7, 3)).astype(np.int32))
    m.output(m.matmul(ia, ib), "matmul i32")
    return m


def model_contractions_batched(rng):
    """matmul with batch dims (rank > 2), as in attention."""
    m = Model("contractions_batched")
    x = m.input(normal(rng, (2, 8, 32)))
    w = m.const(normal(rng, (32, 16), 0.2))
    q = m.input(normal(rng, (2, 4, 8, 8)))
    k = m.input(normal(rng, (2, 4, 8, 8)))
    m.output(m.matmul(x, w), "matmul [2x8x32] x [32x16]")
    m.output(m.matmul(q, k), "matmul [2x4x8x8] x [2x4x8x8]")
    return m


def model_cooperative(rng):
    """Matmuls and convolutions the GPU tile tables give whole blocks of
    threads (strata-kernel-cooperative-contraction): matmul tiles of 32 and
    64 with an epilogue, constant and input weights, K not a multiple of the
    staged K step; convolutions with padding, bias and relu, stride 2 over
    3 channels and a batch of 2, and dilation 2; a batch matmul."""
    m = Model("cooperative")
    x = m.input(normal(rng, (128, 256)))
    w = m.const(normal(rng, (256, 192), 1 / 16))
    b = m.const(normal(rng, (192,), 0.1))
    m.output(m.unary("relu", m.binary("add", m.matmul(x, w), b)),
             "relu(x @ w + b), tiles of 32")
    a = m.input(normal(rng, (512, 100)))
    c = m.input(normal(rng, (100, 256)))
    m.output(m.matmul(a, c), "[512x100] @ [100x256], tiles of 64, K step 4")
    img = m.input(normal(rng, (1, 16, 32, 32)))
    f = m.const(normal(rng, (32, 16, 3, 3), 1 / 12))
    fb = m.const(normal(rng, (32,), 0.1))
    m.output(m.unary("relu", m.conv2d(img, f, fb, pads=(1, 1, 1, 1))),
             "relu(conv 3x3, pads 1, bias)")
    rgb = m.input(normal(rng, (2, 3, 33, 33)))
    f2 = m.const(normal(rng, (16, 3, 3, 3), 0.2))
    m.output(m.conv2d(rgb, f2, strides=(2, 2)), "conv 3x3 stride 2, batch 2")
    d = m.input(normal(rng, (1, 8, 20, 20)))
    f3 = m.const(normal(rng, (8, 8, 3, 3), 0.1))
    m.output(m.conv2d(d, f3, dilations=(2, 2)), "conv 3x3 dilation 2")
    q = m.input(normal(rng, (4, 64, 128)))
    k = m.input(normal(rng, (4, 128, 96)))
    m.output(m.unary("relu", m.matmul(q, k)), "relu(batch matmul), one batch per block")
    return m


def model_windows(rng):
    """Convolution, pooling and batch_norm without padding or ceil mode."""
    m = Model("windows")
    x = m.input(normal(rng, (2, 4, 9, 8)))
    w = m.const(normal(rng, (6, 4, 3, 3), 1 / 6))
    b = m.const(normal(rng, (6,), 0.1))
    m.output(m.conv2d(x, w, b), "conv2d 3x3 + bias")
    m.output(m.conv2d(x, w, strides=(2, 2)), "conv2d stride 2")
    m.output(m.conv2d(x, m.const(normal(rng, (6, 2, 3, 2), 1 / 3.5)), strides=(2, 1),
                      groups=2), "conv2d groups 2, stride (2, 1)")
    m.output(m.conv2d(x, w, dilations=(2, 1)), "conv2d dilation (2, 1)")
    m.output(m.max_pool2d(x, (2, 2), (2, 2)), "max_pool 2x2 stride 2")
    m.output(m.max_pool2d(x, (2, 3), (1, 2), dilations=(2, 1)), "max_pool dilated")
    m.output(m.avg_pool2d(x, (2, 2), (2, 2)), "avg_pool 2x2 stride 2")
    m.output(m.avg_pool2d(x, (3, 2), (1, 3)), "avg_pool 3x2 stride (1, 3)")
    stats = [m.const(uniform(rng, (4,), 0.5, 1.5)), m.const(normal(rng, (4,), 0.1)),
             m.const(normal(rng, (4,), 0.1)), m.const(uniform(rng, (4,), 0.5, 2.0))]
    m.output(m.batch_norm(x, *stats, epsilon=1e-3), "batch_norm")
    # 16 filters: the CPU vectorizes these (1-D convolutions of 16 filters).
    w16 = m.const(normal(rng, (16, 4, 3, 3), 1 / 6))
    b16 = m.const(normal(rng, (16,), 0.1))
    m.output(m.conv2d(x, w16, b16, strides=(2, 2)), "conv2d 16 filters stride 2")
    m.output(m.conv2d(x, w16, dilations=(2, 1)), "conv2d 16 filters dilation (2, 1)")
    return m


def model_pooling(rng):
    """Pooling (and conv) with padding and ceil mode. The numpy pooling
    reference follows ONNX/PyTorch (and agrees with onnxruntime's
    AveragePool/MaxPool on these cases): with count_include_pad the divisor
    counts the padding but not ceil mode's overhang past it."""
    m = Model("pooling")
    x = m.input(uniform(rng, (2, 3, 8, 7), -2, 2))
    m.output(m.avg_pool2d(x, (3, 3), (2, 2), (1, 1, 1, 1)), "avg pads, count_include_pad false")
    m.output(m.avg_pool2d(x, (3, 3), (2, 2), (1, 1, 1, 1), count_include_pad=True),
             "avg pads, count_include_pad true")
    m.output(m.avg_pool2d(x, (3, 2), (2, 2), (1, 0, 0, 1), ceil_mode=True),
             "avg pads ceil_mode, count_include_pad false")
    m.output(m.avg_pool2d(x, (3, 2), (2, 2), (1, 0, 0, 1), ceil_mode=True,
                          count_include_pad=True), "avg pads ceil_mode, count_include_pad true")
    m.output(m.avg_pool2d(x, (2, 2), (2, 2), ceil_mode=True), "avg ceil_mode only")
    m.output(m.max_pool2d(x, (3, 3), (2, 2), (1, 1, 1, 1), ceil_mode=True), "max pads ceil_mode")
    m.output(m.max_pool2d(x, (2, 3), (1, 2), (0, 1, 0, 1), dilations=(2, 1)),
             "max pads dilated")
    m.output(m.conv2d(x, m.const(normal(rng, (4, 3, 3, 3), 0.2)), pads=(1, 2, 0, 1)),
             "conv2d asymmetric pads")
    return m


MODELS = {
    "mlp": model_mlp,
    "cnn": model_cnn,
    "encoder": model_encoder,
    "elementwise": model_elementwise,
    "reductions": model_reductions,
    "reductions-keepdims": model_reductions_keepdims,
    "datamovement": model_datamovement,
    "datamovement-strided": model_datamovement_strided,
    "contractions": model_contractions,
    "contractions-batched": model_contractions_batched,
    "cooperative": model_cooperative,
    "windows": model_windows,
    "pooling": model_pooling,
    "bf16": model_bf16,
}


# ---------------------------------------------------------------------------
# Driver.
# ---------------------------------------------------------------------------


def find_tool(name, bindir):
    if bindir:
        path = os.path.join(bindir, name)
        if os.path.exists(path):
            return path
    path = shutil.which(name)
    if not path:
        sys.exit(f"e2e: cannot find {name} (give --bin DIR or put it on PATH)")
    return path


def run(cmd, what):
    print("e2e: running " + " ".join(cmd))
    sys.stdout.flush()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        print(f"e2e: FAIL: {what} exited with status {proc.returncode}")
        print(proc.stdout, end="")
        print(proc.stderr, end="")
        sys.exit(1)
    return proc


def compare(index, label, got, v):
    """Checks one output; returns an error string or None."""
    want_dtype = ELEMENT_TYPES[v.et]
    head = f"output {index} ({label}) {v.type}"
    if got.dtype != want_dtype or got.shape != v.shape:
        return (f"{head}: got {got.dtype}{list(got.shape)}, "
                f"expected {np.dtype(want_dtype)}{list(v.shape)}")
    ref = v.ref
    if v.et == "bf16" and getattr(v, "exact", False):
        want = ref.astype(ml_dtypes.bfloat16)
        ok = (got.view(np.uint16) == want.view(np.uint16)) | (
            np.isnan(got.astype(np.float64)) & np.isnan(ref))
        stats = "bit-exact round to nearest even"
    elif v.et == "bf16":
        g = got.astype(np.float64)
        abs_err = np.abs(g - ref)
        ok = (abs_err <= BF16_ATOL + BF16_RTOL * np.abs(ref)) & np.isfinite(g)
        stats = (f"max abs err {abs_err.max() if abs_err.size else 0:.3g}, "
                 f"bf16 tolerance {BF16_RTOL:.3g} rel + {BF16_ATOL:g} abs")
    elif v.et == "f32":
        g = got.astype(np.float64)
        abs_err = np.abs(g - ref)
        rel_err = abs_err / np.maximum(np.abs(ref), np.finfo(np.float32).tiny)
        ok = np.isclose(g, ref, rtol=RTOL, atol=ATOL) & np.isfinite(g)
        stats = (f"max abs err {abs_err.max() if abs_err.size else 0:.3g}, "
                 f"max rel err {rel_err.max() if rel_err.size else 0:.3g}")
    else:
        ok = got == ref
        stats = "exact"
    if ok.all():
        print(f"  {head}: {stats}")
        return None
    bad = np.argwhere(~ok)
    first = tuple(int(i) for i in bad[0])
    return (f"{head}: {len(bad)} of {ok.size} elements mismatch ({stats}); "
            f"first at {list(first)}: got {got[first].item()!r}, expected {ref[first].item()!r}")


# The device a target's artifacts run on (strata-run --device).
DEVICES = {"cpu": "cpu", "vulkan": "vulkan", "cuda": "cuda", "rocm": "hip"}


def find_ptxas():
    p = os.environ.get("STRATA_PTXAS")
    if p:
        return p
    if os.access("/usr/local/cuda/bin/ptxas", os.X_OK):
        return "/usr/local/cuda/bin/ptxas"
    return shutil.which("ptxas")


class Saved:
    """An output's reference as --prepare writes it (what compare reads)."""

    def __init__(self, et, type_, shape, ref, exact=False):
        self.et, self.type, self.shape, self.ref = et, type_, tuple(shape), ref
        self.exact = exact


def prepare_files(workdir, name, target, model):
    """--prepare: the inputs, the references and their description, so that
    --prepared runs the compiled artifact with neither strata-compile nor the
    model's tracer (a GPU machine without LLVM)."""
    outputs = []
    for i, (_, data) in enumerate(model.args):
        save_npy(os.path.join(workdir, f"input{i}.npy"), data)
    for i, (v, label) in enumerate(model.outputs):
        np.save(os.path.join(workdir, f"ref{i}.npy"), v.ref)
        outputs.append({"et": v.et, "type": v.type, "shape": list(v.shape),
                        "label": label, "exact": getattr(v, "exact", False)})
    with open(os.path.join(workdir, "prepared.json"), "w") as f:
        json.dump({"model": name, "target": target, "inputs": len(model.args),
                   "outputs": outputs}, f, indent=1)


def run_and_compare(name, workdir, run_tool, target, artifact, inputs, outputs,
                    reproduce):
    cmd = [run_tool, artifact, f"--device={DEVICES[target]}"]
    for path in inputs:
        cmd += ["--input", path]
    outdir = os.path.join(workdir, "out")
    shutil.rmtree(outdir, ignore_errors=True)
    cmd += ["--output-dir", outdir]
    run(cmd, "strata-run")

    errors = []
    for i, (v, label) in enumerate(outputs):
        got = np.load(os.path.join(outdir, f"output{i}.npy"))
        err = compare(i, label, got, v)
        if err:
            errors.append(err)
    if errors:
        print(f"e2e: FAIL: {name}: {len(errors)} of {len(outputs)} outputs "
              f"differ from the numpy reference (rtol {RTOL}, atol {ATOL}):")
        for e in errors:
            print("  " + e)
        print(f"e2e: reproduce with: {reproduce}")
        sys.exit(1)
    on = "" if target == "cpu" else f" on {target}"
    print(f"e2e: PASS: {name}: {len(outputs)} outputs match the numpy reference{on}")


def run_prepared(name, workdir, bindir):
    """--prepared: runs what --prepare left in workdir."""
    with open(os.path.join(workdir, "prepared.json")) as f:
        meta = json.load(f)
    if meta["model"] != name:
        sys.exit(f"e2e: {workdir} holds {meta['model']}, not {name}")
    outputs = [(Saved(o["et"], o["type"], o["shape"],
                      np.load(os.path.join(workdir, f"ref{i}.npy")),
                      o.get("exact", False)), o["label"])
               for i, o in enumerate(meta["outputs"])]
    inputs = [os.path.join(workdir, f"input{i}.npy") for i in range(meta["inputs"])]
    artifact = os.path.join(workdir, name + ".so")
    run_and_compare(name, workdir, find_tool("strata-run", bindir), meta["target"],
                    artifact, inputs, outputs,
                    f"e2e.py {name} --target {meta['target']} --workdir DIR")


def run_model(name, workdir, bindir, seed, target="cpu", cuda_arch=None,
              rocm_chip="gfx942",
              compile_only=False, prepare=False):
    compile_tool = find_tool("strata-compile", bindir)
    run_tool = find_tool("strata-run", bindir)
    os.makedirs(workdir, exist_ok=True)
    model = MODELS[name](np.random.default_rng(seed))

    mlir = os.path.join(workdir, name + ".mlir")
    with open(mlir, "w") as f:
        f.write(model.mlir())
    artifact = os.path.join(workdir, name + ".so")
    flags = [f"--cuda-arch={cuda_arch}"] if target == "cuda" and cuda_arch else []
    if target == "rocm":
        flags = [f"--rocm-chip={rocm_chip}"]
    run([compile_tool, mlir, f"--target={target}", "-o", artifact] + flags, "strata-compile")
    if target == "cuda":
        # The PTX (--emit=obj), assembled by ptxas for the same architecture
        # (strata-compile already did to build the cubin; this checks the
        # PTX it writes on its own).
        ptx = os.path.join(workdir, name + ".ptx")
        run([compile_tool, mlir, "--target=cuda", "--emit=obj", "-o", ptx] + flags,
            "strata-compile")
        ptxas = find_ptxas()
        if ptxas:
            run([ptxas, f"-arch={cuda_arch or 'sm_80'}", ptx, "-o",
                 os.path.join(workdir, name + ".cubin")], "ptxas")
    if target == "rocm":
        # The HSACO alone, for llvm-readelf/llvm-objdump checks.
        hsaco = os.path.join(workdir, name + ".hsaco")
        run([compile_tool, mlir, "--target=rocm", "--emit=obj", "-o", hsaco] + flags,
            "strata-compile")
    if prepare:
        prepare_files(workdir, name, target, model)
        print(f"e2e: PREPARED: {name} for {target}"
              f"{' ' + cuda_arch if cuda_arch else ''} in {workdir}")
        return
    if compile_only:
        if target == "rocm":
            print(f"e2e: COMPILED: {name} for {target} ({rocm_chip})")
        else:
            checked = " (ptxas: ok)" if target == "cuda" and find_ptxas() else ""
            print(f"e2e: COMPILED: {name} for {target}"
                  f"{' ' + cuda_arch if cuda_arch else ''}{checked}")
        return
    if target == "vulkan" and shutil.which("spirv-val"):
        # Validated in-process already; spirv-val checks it independently.
        spv = os.path.join(workdir, name + ".spv")
        run([compile_tool, mlir, "--target=vulkan", "--emit=obj", "-o", spv], "strata-compile")
        run(["spirv-val", "--target-env", "vulkan1.2", spv], "spirv-val")

    inputs = []
    for i, (_, data) in enumerate(model.args):
        path = os.path.join(workdir, f"input{i}.npy")
        save_npy(path, data)
        inputs.append(path)
    run_and_compare(name, workdir, run_tool, target, artifact, inputs,
                    model.outputs,
                    f"{compile_tool} {mlir} --target={target} -o {artifact}")


def save_npy(path, data):
    """np.save, except that bf16 arrays get the descr 'bfloat16' (np.save
    writes ml_dtypes arrays as '<V2', which np.load reads back as raw bytes
    and strata-rt only as a model input's dtype)."""
    if ml_dtypes is None or data.dtype != ml_dtypes.bfloat16:
        np.save(path, data)
        return
    with open(path, "wb") as f:
        np.lib.format._write_array_header(
            f, {"descr": data.dtype.name, "fortran_order": False,
                "shape": data.shape}, (1, 0))
        f.write(np.ascontiguousarray(data).tobytes())


def expect_exit(code, cmd):
    """Runs cmd (its output passes through) and checks its exit status."""
    sys.stdout.flush()
    got = subprocess.run(cmd).returncode
    if got != code:
        print(f"e2e: expected exit status {code}, got {got}", file=sys.stderr)
        sys.exit(1)


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "expect-exit":
        expect_exit(int(sys.argv[2]), sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", choices=sorted(MODELS))
    parser.add_argument("--workdir", required=True, help="where files are written")
    parser.add_argument("--bin", help="directory holding strata-compile and strata-run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--target", choices=sorted(DEVICES), default="cpu",
                        help="strata-compile --target (run on its device)")
    parser.add_argument("--cuda-arch", help="cuda: strata-compile --cuda-arch "
                        "(and ptxas -arch)")
    parser.add_argument("--rocm-chip", default="gfx942",
                        help="strata-compile --rocm-chip (target rocm)")
    parser.add_argument("--compile-only", action="store_true",
                        help="compile (and for cuda assemble the PTX), do not run")
    parser.add_argument("--prepare", action="store_true",
                        help="compile, and write the inputs and the references "
                        "for --prepared; do not run")
    parser.add_argument("--prepared", action="store_true",
                        help="run and check what --prepare wrote in --workdir "
                        "(needs only strata-run)")
    args = parser.parse_args()
    if args.prepared:
        run_prepared(args.model, args.workdir, args.bin)
        return
    run_model(args.model, args.workdir, args.bin, args.seed, args.target,
              args.cuda_arch, args.rocm_chip, args.compile_only, args.prepare)


if __name__ == "__main__":
    main()
