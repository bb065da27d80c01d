"""Crafted ONNX models for the importer's lit tests, built with onnx.helper.

usage: models.py NAME OUT_DIR      writes OUT_DIR/NAME.onnx (plus any
                                   external-data files the case needs)

Each builder returns a ModelProto (or writes files itself and returns None).
Hostile cases (bad sizes, escaping paths, cycles, ...) are written with
the protobuf API directly so that onnx.helper's own checks do not stop them.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto as T
from onnx import helper as h
from onnx import numpy_helper as nh

OUT = None


def model(nodes, inputs, outputs, inits=(), opset=17, name="g", ir=None):
    g = h.make_graph(nodes, name, inputs, outputs, list(inits))
    m = h.make_model(g, opset_imports=[h.make_opsetid("", opset)])
    if ir is not None:
        m.ir_version = ir
    return m


def vi(name, shape, dtype=T.FLOAT):
    return h.make_tensor_value_info(name, dtype, shape)


def const(name, array):
    return nh.from_array(np.asarray(array), name)


F = lambda *s: vi(*s)

MODELS = {}


def case(fn):
    MODELS[fn.__name__] = fn
    return fn


# --- op coverage -----------------------------------------------------------


@case
def elementwise():
    x, y = vi("x", [2, 3]), vi("y", [3])
    nodes = [
        h.make_node("Add", ["x", "y"], ["a"], name="add"),
        h.make_node("Sub", ["a", "y"], ["b"], name="sub"),
        h.make_node("Mul", ["b", "x"], ["c"], name="mul"),
        h.make_node("Div", ["c", "y"], ["d"], name="div"),
        h.make_node("Max", ["d", "x", "y"], ["e"], name="max3"),
        h.make_node("Reciprocal", ["e"], ["f"], name="recip"),
        h.make_node("LeakyRelu", ["f"], ["g"], name="leaky", alpha=0.1),
        h.make_node("Clip", ["g", "lo", "hi"], ["i"], name="clip"),
        h.make_node("Gelu", ["i"], ["j"], name="gelu", approximate="tanh"),
        h.make_node("Less", ["j", "x"], ["k"], name="less"),
        h.make_node("Where", ["k", "j", "x"], ["l"], name="where"),
        h.make_node("Cast", ["l"], ["out"], name="cast", to=T.INT32),
    ]
    inits = [const("lo", np.float32(-1)), const("hi", np.float32(1))]
    return model(nodes, [x, y], [vi("out", [2, 3], T.INT32)], inits, opset=20)


@case
def datamovement():
    x = vi("x", [2, 3, 4])
    nodes = [
        h.make_node("Reshape", ["x", "shape"], ["r"], name="reshape"),
        h.make_node("Transpose", ["r"], ["t"], name="transpose", perm=[1, 0]),
        h.make_node("Slice", ["t", "starts", "ends", "axes"], ["s"], name="slice"),
        h.make_node("Unsqueeze", ["s", "uaxes"], ["u"], name="unsqueeze"),
        h.make_node("Squeeze", ["u", "uaxes"], ["q"], name="squeeze"),
        h.make_node("Concat", ["q", "q"], ["c"], name="concat", axis=-1),
        h.make_node("Expand", ["c", "eshape"], ["e"], name="expand"),
        h.make_node("Pad", ["e", "pads", "pval"], ["p"], name="pad"),
        h.make_node("Flatten", ["p"], ["f"], name="flatten", axis=2),
        h.make_node("Gather", ["f", "idx"], ["out"], name="gather", axis=-1),
    ]
    inits = [
        const("shape", np.array([0, -1], np.int64)),
        const("starts", np.array([1], np.int64)),
        const("ends", np.array([100], np.int64)),
        const("axes", np.array([-2], np.int64)),
        const("uaxes", np.array([0], np.int64)),
        const("eshape", np.array([2, 1, 1], np.int64)),
        const("pads", np.array([0, 1, 0, 0, 1, 0], np.int64)),
        const("pval", np.float32(0.5)),
        const("idx", np.array([0, -1], np.int64)),
    ]
    return model(nodes, [x], [vi("out", None)], inits, opset=18)


@case
def nn():
    x = vi("x", [1, 3, 8, 8])
    w = np.random.RandomState(0).randn(4, 3, 3, 3).astype(np.float32)
    nodes = [
        h.make_node("Conv", ["x", "w", "b"], ["c"], name="conv",
                    strides=[2, 2], auto_pad="SAME_UPPER"),
        h.make_node("BatchNormalization", ["c", "s", "b", "b", "s"], ["n"],
                    name="bn", epsilon=1e-3),
        h.make_node("MaxPool", ["n"], ["m"], name="pool", kernel_shape=[2, 2],
                    pads=[0, 0, 1, 1]),
        h.make_node("AveragePool", ["m"], ["a"], name="avg", kernel_shape=[2, 2],
                    strides=[1, 1], count_include_pad=1),
        h.make_node("GlobalAveragePool", ["a"], ["g"], name="gap"),
        h.make_node("Flatten", ["g"], ["f"], name="flat"),
        h.make_node("Gemm", ["f", "gw", "gb"], ["y"], name="fc", transB=1,
                    alpha=0.5),
        h.make_node("ReduceMean", ["y"], ["rm"], name="rmean", axes=[-1]),
        h.make_node("ReduceSum", ["y", "rax"], ["rs"], name="rsum", keepdims=0),
        h.make_node("ArgMax", ["y"], ["am"], name="argmax", axis=1),
        h.make_node("LayerNormalization", ["y", "ls"], ["ln"], name="ln"),
        h.make_node("LogSoftmax", ["ln"], ["out"], name="lsm"),
    ]
    inits = [const("w", w), const("b", np.zeros(4, np.float32)),
             const("s", np.ones(4, np.float32)),
             const("gw", np.ones((5, 4), np.float32)),
             const("gb", np.zeros(5, np.float32)),
             const("rax", np.array([1], np.int64)),
             const("ls", np.ones(5, np.float32))]
    return model(nodes, [x], [vi("out", None), vi("rm", None), vi("rs", None),
                              vi("am", None, T.INT64)], inits, opset=17)


@case
def reduce_opset13():
    # Before opset 18, ReduceMean takes axes as an attribute; Split-13 takes
    # split as an input; Squeeze-13 axes as an input.
    x = vi("x", [4, 6])
    nodes = [
        h.make_node("ReduceMax", ["x"], ["m"], name="rmax", axes=[0],
                    keepdims=0),
        h.make_node("Split", ["x", "sp"], ["s0", "s1"], name="split", axis=1),
        h.make_node("Squeeze", ["m"], ["q"], name="sq"),
    ]
    return model(nodes, [x], [vi("s0", None), vi("s1", None), vi("q", None)],
                 [const("sp", np.array([2, 4], np.int64))], opset=13)


@case
def reduce_opset18():
    x = vi("x", [4, 6])
    nodes = [
        h.make_node("ReduceMax", ["x", "ax"], ["m"], name="rmax", keepdims=0),
        h.make_node("Split", ["x"], ["s0", "s1", "s2"], name="split", axis=1,
                    num_outputs=3),
        h.make_node("ReduceL2", ["x"], ["l2"], name="rl2",
                    noop_with_empty_axes=1),
    ]
    return model(nodes, [x], [vi("m", None), vi("s2", None), vi("l2", None)],
                 [const("ax", np.array([-1], np.int64))], opset=18)


@case
def constants():
    x = vi("x", [2, 3])
    nodes = [
        h.make_node("Constant", [], ["c"], name="k",
                    value=nh.from_array(np.array([1, 3], np.int64))),
        h.make_node("Shape", ["x"], ["sh"], name="shape"),
        h.make_node("Mul", ["sh", "c"], ["ns"], name="mulshape"),
        h.make_node("Reshape", ["x", "six"], ["r"], name="reshape"),
        h.make_node("ConstantOfShape", ["sh"], ["z"], name="zeros",
                    value=nh.from_array(np.array([7], np.int32))),
    ]
    return model(nodes, [x], [vi("r", None), vi("ns", None), vi("z", None)],
                 [const("six", np.array([6], np.int64))], opset=17)


@case
def shape_arith():
    # Shape computations as ONNX's expanded functions write them, folded at
    # import: rank - 1 ones after the batch dim, a Where on an Equal, a
    # Range whose limit is a gathered dim.
    x = vi("x", [2, 3, 4])
    i64 = lambda n, v: const(n, np.array(v, np.int64))
    nodes = [
        h.make_node("Shape", ["x"], ["sh"]),
        h.make_node("Size", ["sh"], ["rank"]),
        h.make_node("Sub", ["rank", "one"], ["n"]),
        h.make_node("ConstantOfShape", ["n"], ["ones"],
                    value=nh.from_array(np.array([1], np.int64))),
        h.make_node("Slice", ["sh", "zero", "one"], ["batch"]),
        h.make_node("Concat", ["batch", "ones"], ["target"], axis=0),
        h.make_node("Expand", ["c", "target"], ["y"], name="expand"),
        h.make_node("Concat", ["batch", "neg1"], ["flat"], axis=0),
        h.make_node("Reshape", ["x", "flat"], ["r"], name="reshape"),
        h.make_node("Gather", ["sh", "k1"], ["d1"]),
        h.make_node("Equal", ["d1", "three"], ["is3"]),
        h.make_node("Gather", ["sh", "k2"], ["d2"]),
        h.make_node("Where", ["is3", "d2", "three"], ["lim"]),
        h.make_node("Range", ["zs", "lim", "os"], ["rg"], name="range"),
    ]
    return model(nodes, [x], [vi("y", None), vi("r", None), vi("rg", None)],
                 [i64("one", [1]), i64("zero", [0]), i64("neg1", [-1]),
                  i64("k1", 1), i64("k2", 2), i64("three", 3), i64("zs", 0),
                  i64("os", 1), const("c", np.array([5.0], np.float32))],
                 opset=17)


@case
def computed_shape():
    # A shape computed from a graph input: the error names that input.
    nodes = [h.make_node("Add", ["s", "zero"], ["ss"], name="add"),
             h.make_node("Reshape", ["x", "ss"], ["y"], name="rs")]
    return model(nodes, [vi("x", [2, 3]), vi("s", [2], T.INT64)],
                 [vi("y", None)], [const("zero", np.array([0], np.int64))])


@case
def int_pow_wrap_pad():
    # Integer Pow goes through f64; bool ReduceMax reduces bytes; Pad-19
    # wrap is one gather per padded dim.
    nodes = [
        h.make_node("Pow", ["a", "b"], ["p"], name="pow"),
        h.make_node("ReduceMax", ["m", "ax"], ["any"], name="anyof",
                    keepdims=0),
        h.make_node("Pad", ["x", "pads"], ["w"], name="wrap", mode="wrap"),
    ]
    return model(nodes, [vi("a", [3], T.INT32), vi("b", [3], T.INT32),
                         vi("m", [2, 3], T.BOOL), vi("x", [2, 3])],
                 [vi("p", None), vi("any", None), vi("w", None)],
                 [const("pads", np.array([0, 1, 0, 2], np.int64)),
                  const("ax", np.array([1], np.int64))],
                 opset=20)


@case
def layer_norm_stats():
    # LayerNormalization's optional Mean and InvStdDev outputs.
    nodes = [h.make_node("LayerNormalization", ["x", "s"], ["y", "m", "r"],
                         name="ln", axis=1, epsilon=0.5)]
    return model(nodes, [vi("x", [2, 3, 4])],
                 [vi("y", None), vi("m", None), vi("r", None)],
                 [const("s", np.ones((3, 4), np.float32))])


@case
def windows_1d():
    # 1-D Conv and pools run as 2-D ones of height 1.
    nodes = [
        h.make_node("Conv", ["x", "w"], ["y"], name="conv1d", pads=[1, 0],
                    strides=[2]),
        h.make_node("MaxPool", ["y"], ["p"], name="pool1d", kernel_shape=[2]),
    ]
    return model(nodes, [vi("x", [1, 2, 7])], [vi("p", None)],
                 [const("w", np.ones((4, 2, 3), np.float32))])


@case
def dynamic():
    x = vi("x", ["batch", 4])
    return model([h.make_node("Relu", ["x"], ["y"], name="relu")], [x],
                 [vi("y", None)], opset=17)


# --- unsupported ------------------------------------------------------------


@case
def unsupported_op():
    x = vi("x", [2])
    return model([h.make_node("Foo", ["x"], ["y"], name="n3")], [x],
                 [vi("y", None)], opset=17)


@case
def unnamed_unsupported():
    x = vi("x", [2])
    return model([h.make_node("Relu", ["x"], ["a"]),
                  h.make_node("Det", ["a"], ["y"])], [x], [vi("y", None)],
                 opset=21)


@case
def old_softmax():
    x = vi("x", [2, 3])
    return model([h.make_node("Softmax", ["x"], ["y"], name="sm")], [x],
                 [vi("y", None)], opset=11)


@case
def custom_domain():
    x = vi("x", [2])
    m = model([h.make_node("FusedGelu", ["x"], ["y"], name="fg",
                           domain="com.microsoft")], [x], [vi("y", None)])
    m.opset_import.append(h.make_opsetid("com.microsoft", 1))
    return m


@case
def complex_input():
    return model([h.make_node("Relu", ["x"], ["y"], name="r")],
                 [vi("x", [2], T.COMPLEX64)], [vi("y", None, T.COMPLEX64)])


@case
def complex_initializer():
    return model([h.make_node("Add", ["x", "w"], ["y"], name="a")],
                 [vi("x", [2])], [vi("y", None)],
                 [const("w", np.array([1, 2], np.complex64))])


@case
def resize():
    # Resize-19 with axes and sizes kept to the aspect ratio, with scales and
    # cubic, with a crop region; Upsample-9 (nearest, floor).
    nodes = [
        h.make_node("Resize", ["x", "", "", "sizes"], ["a"], name="r0",
                    axes=[3, 2], keep_aspect_ratio_policy="not_larger"),
        h.make_node("Resize", ["x", "", "scales"], ["b"], name="r1",
                    mode="cubic", cubic_coeff_a=-0.5, exclude_outside=1),
        h.make_node("Resize", ["x", "roi", "", "crop"], ["c"], name="r2",
                    mode="linear", axes=[2, 3],
                    coordinate_transformation_mode="tf_crop_and_resize"),
    ]
    inits = [
        const("sizes", np.array([8, 6], np.int64)),
        const("scales", np.array([1, 1, 0.5, 2], np.float32)),
        const("roi", np.array([0.25, 0, 0.75, 1], np.float32)),
        const("crop", np.array([3, 3], np.int64)),
    ]
    return model(nodes, [vi("x", [1, 1, 4, 4])],
                 [vi("a", None), vi("b", None), vi("c", None)], inits,
                 opset=19)


@case
def upsample():
    return model([h.make_node("Upsample", ["x", "s"], ["y"], name="u")],
                 [vi("x", [1, 2, 3])], [vi("y", None)],
                 [const("s", np.array([1, 1, 2], np.float32))], opset=9)


@case
def resize_scales_and_sizes():
    nodes = [h.make_node("Resize", ["x", "", "s", "z"], ["y"], name="r")]
    inits = [const("s", np.array([1, 2], np.float32)),
             const("z", np.array([2, 4], np.int64))]
    return model(nodes, [vi("x", [2, 2])], [vi("y", None)], inits, opset=19)


@case
def windows_nd():
    # 1-D Conv (a 2-D one of height 1), 3-D MaxPool, dilated AveragePool and
    # LpPool (padded strided slices combined per spatial dim).
    w = np.ones((2, 3, 3), np.float32)
    nodes = [
        h.make_node("Conv", ["x1", "w"], ["c"], name="c1", pads=[1, 1],
                    strides=[2]),
        h.make_node("MaxPool", ["x3"], ["m"], name="m3",
                    kernel_shape=[2, 1, 2], strides=[2, 1, 2]),
        h.make_node("AveragePool", ["x2"], ["a"], name="a2",
                    kernel_shape=[2, 2], dilations=[2, 1], pads=[1, 0, 1, 0]),
        h.make_node("LpPool", ["x2"], ["l"], name="l2", kernel_shape=[2, 2],
                    p=2),
    ]
    return model(nodes, [vi("x1", [1, 3, 8]), vi("x3", [1, 1, 4, 2, 4]),
                         vi("x2", [1, 1, 3, 3])],
                 [vi("c", None), vi("m", None), vi("a", None), vi("l", None)],
                 [const("w", w)], opset=18)


@case
def cumprod():
    return model([h.make_node("CumProd", ["x", "axis"], ["y"], name="cp",
                              exclusive=1)],
                 [vi("x", [2, 3])], [vi("y", None)],
                 [const("axis", np.array(0, np.int64))], opset=26)


@case
def grid_sample():
    # GridSample-16 spells the modes bilinear/bicubic; -20 linear/cubic.
    nodes = [h.make_node("GridSample", ["x", "g"], ["y"], name="gs",
                         mode="bicubic", padding_mode="border",
                         align_corners=1)]
    return model(nodes, [vi("x", [1, 2, 4, 4]), vi("g", [1, 3, 5, 2])],
                 [vi("y", None)], opset=16)


@case
def conv_transpose():
    w = np.arange(2 * 3 * 2 * 2, dtype=np.float32).reshape(2, 3, 2, 2)
    nodes = [h.make_node("ConvTranspose", ["x", "w"], ["y"], name="ct",
                         strides=[2, 1], pads=[0, 1, 1, 0])]
    return model(nodes, [vi("x", [1, 2, 3, 3])], [vi("y", None)],
                 [const("w", w)], opset=17)


@case
def compress():
    nodes = [
        h.make_node("Compress", ["x", "c"], ["a"], name="ca", axis=-1),
        h.make_node("Compress", ["x", "c"], ["b"], name="cb"),
    ]
    return model(nodes, [vi("x", [2, 3])], [vi("a", None), vi("b", None)],
                 [const("c", np.array([True, False, True]))], opset=11)


@case
def compress_bad():
    nodes = [h.make_node("Compress", ["x", "c"], ["a"], name="cc", axis=0)]
    return model(nodes, [vi("x", [2, 3])], [vi("a", None)],
                 [const("c", np.array([False, False, True]))], opset=11)


@case
def einsum():
    nodes = [
        h.make_node("Einsum", ["a", "b"], ["m"], name="mm",
                    equation="bij, bjk -> bik"),
        h.make_node("Einsum", ["d"], ["g"], name="dg", equation="...ii->...i"),
    ]
    return model(nodes, [vi("a", [2, 3, 4]), vi("b", [2, 4, 5]),
                         vi("d", [2, 3, 3])],
                 [vi("m", None), vi("g", None)], opset=12)


@case
def einsum_bad():
    nodes = [h.make_node("Einsum", ["a"], ["y"], name="eb",
                         equation="ij->k")]
    return model(nodes, [vi("a", [2, 3])], [vi("y", None)], opset=12)


@case
def scatter():
    # Constant indices; position 0 of y's row 0 is written twice (add).
    nodes = [
        h.make_node("ScatterElements", ["x", "ei", "eu"], ["a"], name="se",
                    axis=1, reduction="add"),
        h.make_node("ScatterND", ["x", "ni", "nu"], ["b"], name="sn"),
    ]
    inits = [
        const("ei", np.array([[0, 0]], np.int64)),
        const("eu", np.array([[1, 2]], np.float32)),
        const("ni", np.array([[1]], np.int64)),
        const("nu", np.array([[7, 8, 9]], np.float32)),
    ]
    return model(nodes, [vi("x", [2, 3])], [vi("a", None), vi("b", None)],
                 inits, opset=18)


@case
def scatter_bad():
    nodes = [h.make_node("ScatterElements", ["x", "i", "u"], ["a"],
                         name="sb")]
    inits = [const("i", np.array([[5]], np.int64)),
             const("u", np.array([[1]], np.float32))]
    return model(nodes, [vi("x", [2, 3])], [vi("a", None)], inits, opset=18)


@case
def gathernd():
    nodes = [h.make_node("GatherND", ["x", "i"], ["y"], name="gn",
                         batch_dims=1)]
    return model(nodes, [vi("x", [2, 2, 3])], [vi("y", None)],
                 [const("i", np.array([[1], [0]], np.int64))], opset=13)


@case
def unpool_reverse():
    nodes = [
        h.make_node("MaxUnpool", ["x", "i", "s"], ["u"], name="mu",
                    kernel_shape=[2], strides=[2]),
        h.make_node("ReverseSequence", ["r", "l"], ["v"], name="rs",
                    batch_axis=0, time_axis=1),
    ]
    inits = [const("i", np.array([[[1, 2]]], np.int64)),
             const("s", np.array([1, 1, 5], np.int64)),
             const("l", np.array([2, 3], np.int64))]
    return model(nodes, [vi("x", [1, 1, 2]), vi("r", [2, 3])],
                 [vi("u", None), vi("v", None)], inits, opset=11)


@case
def scans():
    nodes = [
        h.make_node("GatherElements", ["x", "idx"], ["g"], name="ge", axis=-1),
        h.make_node("CumSum", ["g", "axis"], ["c"], name="cs", reverse=1),
        h.make_node("BitShift", ["u", "s"], ["sh"], name="bs", direction="RIGHT"),
    ]
    inits = [
        const("idx", np.array([[0, -1], [1, 0]], np.int64)),
        const("axis", np.array(-1, np.int32)),
        const("s", np.array([1], np.uint16)),
    ]
    return model(nodes, [vi("x", [2, 3]), vi("u", [4], T.UINT16)],
                 [vi("c", None), vi("sh", None, T.UINT16)], inits, opset=14)


@case
def uint_add():
    return model([h.make_node("Add", ["x", "w"], ["y"], name="a")],
                 [vi("x", [2], T.UINT8)], [vi("y", None, T.UINT8)],
                 [const("w", np.array([1, 250], np.uint8))])


@case
def string_constant():
    return model([h.make_node("Constant", [], ["y"], name="s",
                              value=h.make_tensor("v", T.STRING, [1], [b"hi"]))],
                 [], [vi("y", None)])


@case
def sequence_input():
    seq = h.make_tensor_sequence_value_info("xs", T.FLOAT, [2])
    return model([h.make_node("Identity", ["xs"], ["y"], name="i")], [seq],
                 [vi("y", None)])


@case
def dynamic_reshape_shape():
    return model([h.make_node("Reshape", ["x", "s"], ["y"], name="rs")],
                 [vi("x", [2, 3]), vi("s", [2], T.INT64)], [vi("y", None)])


@case
def conv3d():
    return model([h.make_node("Conv", ["x", "w"], ["y"], name="c3")],
                 [vi("x", [1, 1, 4, 4, 4])], [vi("y", None)],
                 [const("w", np.ones((1, 1, 2, 2, 2), np.float32))])


@case
def bad_matmul():
    # Shapes that contradict: the graph op's rule names the node.
    return model([h.make_node("MatMul", ["x", "w"], ["y"], name="mm")],
                 [vi("x", [2, 3])], [vi("y", None)],
                 [const("w", np.ones((4, 5), np.float32))])


# --- hostile files ------------------------------------------------------------


def relu_graph(inits=(), extra_nodes=()):
    return model([h.make_node("Add", ["x", "w"], ["y"], name="add")] +
                 list(extra_nodes), [vi("x", [4])], [vi("y", None)],
                 list(inits))


def raw_tensor(name, dims, raw, dtype=T.FLOAT):
    t = TensorProto = onnx.TensorProto()
    t.name = name
    t.data_type = dtype
    t.dims.extend(dims)
    t.raw_data = raw
    return t


def external_tensor(name, dims, location, offset=None, length=None):
    t = onnx.TensorProto()
    t.name = name
    t.data_type = T.FLOAT
    t.dims.extend(dims)
    t.data_location = T.EXTERNAL
    for k, v in (("location", location), ("offset", offset),
                 ("length", length)):
        if v is not None:
            e = t.external_data.add()
            e.key, e.value = k, str(v)
    return t


@case
def raw_size_mismatch():
    return relu_graph([raw_tensor("w", [4], b"\0" * 12)])


@case
def negative_dim():
    return relu_graph([raw_tensor("w", [-4], b"")])


@case
def count_overflow():
    return relu_graph([raw_tensor("w", [1 << 40, 1 << 40], b"")])


@case
def over_cap():
    # 1 Gi floats = 4 GiB + 4 bytes of claimed data; refused before reading.
    return relu_graph([raw_tensor("w", [(1 << 30) + 1], b"")])


@case
def typed_count_mismatch():
    t = onnx.TensorProto()
    t.name, t.data_type = "w", T.FLOAT
    t.dims.extend([4])
    t.float_data.extend([1.0, 2.0])
    return relu_graph([t])


def write_external(name, files, tensor):
    for rel, data in files.items():
        path = os.path.join(OUT, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    return relu_graph([tensor])


FOUR = np.arange(4, dtype=np.float32).tobytes()


@case
def external_ok():
    return write_external("w", {"weights.bin": b"\0" * 8 + FOUR},
                          external_tensor("w", [4], "weights.bin", 8, 16))


@case
def external_dotdot():
    return relu_graph([external_tensor("w", [4], "../secret.bin")])


@case
def external_absolute():
    return relu_graph([external_tensor("w", [4], "/etc/passwd")])


@case
def external_symlink():
    m = relu_graph([external_tensor("w", [4], "link.bin")])
    link = os.path.join(OUT, "link.bin")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink("/etc/hostname", link)
    return m


@case
def external_dir_symlink():
    # A directory symlink inside the model dir that points outside it.
    d = os.path.join(OUT, "subdir")
    if os.path.lexists(d):
        os.remove(d)
    os.symlink("/etc", d)
    return relu_graph([external_tensor("w", [4], "subdir/hostname")])


@case
def external_hardlink():
    src = os.path.join(OUT, "orig.bin")
    with open(src, "wb") as f:
        f.write(FOUR)
    dst = os.path.join(OUT, "hard.bin")
    if os.path.lexists(dst):
        os.remove(dst)
    os.link(src, dst)
    return relu_graph([external_tensor("w", [4], "hard.bin")])


@case
def external_past_end():
    return write_external("w", {"short.bin": FOUR},
                          external_tensor("w", [4], "short.bin", 8, 16))


@case
def external_huge_offset():
    return write_external("w", {"w2.bin": FOUR},
                          external_tensor("w", [4], "w2.bin",
                                          18446744073709551615, 16))


@case
def external_bad_offset():
    return write_external("w", {"w3.bin": FOUR},
                          external_tensor("w", [4], "w3.bin", "-1"))


@case
def cycle():
    nodes = [h.make_node("Relu", ["b"], ["a"], name="first"),
             h.make_node("Relu", ["a"], ["b"], name="second"),
             h.make_node("Add", ["x", "a"], ["y"], name="out")]
    return model(nodes, [vi("x", [4])], [vi("y", None)])


@case
def undefined_input():
    return model([h.make_node("Add", ["x", "nowhere"], ["y"], name="add")],
                 [vi("x", [4])], [vi("y", None)])


@case
def duplicate_output():
    nodes = [h.make_node("Relu", ["x"], ["a"], name="r1"),
             h.make_node("Neg", ["x"], ["a"], name="r2"),
             h.make_node("Add", ["a", "a"], ["y"], name="out")]
    return model(nodes, [vi("x", [4])], [vi("y", None)])


@case
def duplicate_initializer():
    w = const("w", np.ones(4, np.float32))
    return relu_graph([w, w])


@case
def unsorted():
    # Valid but not in topological order: imported in dependency order.
    nodes = [h.make_node("Neg", ["a"], ["y"], name="second"),
             h.make_node("Relu", ["x"], ["a"], name="first")]
    return model(nodes, [vi("x", [4])], [vi("y", None)])


@case
def huge_input_dim():
    return model([h.make_node("Relu", ["x"], ["y"], name="r")],
                 [vi("x", [1 << 62, 1 << 62])], [vi("y", None)])


@case
def low_precision():
    """Packed int4 and uint2 initializers (raw and int32_data), a float8
    Constant, Cast with saturate, QuantizeLinear and DequantizeLinear."""
    w4 = h.make_tensor("w4", T.INT4, [5], [-1, 2, -8, 7, 3])  # packed raw
    u2 = h.make_tensor("u2", T.UINT2, [5], [0, 1, 2, 3, 1])  # int32_data
    zp = h.make_tensor("zp", T.INT4, [], [1])
    scale = h.make_tensor("scale", T.FLOAT, [], [0.5])
    f8 = h.make_tensor("f8", T.FLOAT8E4M3FN, [2], [1.0, -448.0])
    nodes = [
        h.make_node("Constant", [], ["c8"], value=f8),
        h.make_node("Cast", ["w4"], ["w4f"], to=T.FLOAT),
        h.make_node("Cast", ["u2"], ["u2f"], to=T.FLOAT),
        h.make_node("Add", ["x", "w4f"], ["a"]),
        h.make_node("Add", ["a", "u2f"], ["b"]),
        h.make_node("Cast", ["b"], ["sat"], to=T.FLOAT8E5M2),
        h.make_node("QuantizeLinear", ["b", "scale", "zp"], ["q"]),
        h.make_node("DequantizeLinear", ["q", "scale", "zp"], ["dq"]),
        h.make_node("Cast", ["c8"], ["c8f"], to=T.FLOAT),
    ]
    return model(nodes, [vi("x", [5])],
                 [vi("sat", None, T.FLOAT8E5M2), vi("q", None, T.INT4),
                  vi("dq", None), vi("c8f", None)],
                 [w4, u2, zp, scale], opset=25)


@case
def quant_matmul():
    """MatMulInteger and QLinearMatMul with uint8 inputs."""
    def u8(name, v):
        return h.make_tensor(name, T.UINT8, [], [v])

    def f(name, v):
        return h.make_tensor(name, T.FLOAT, [], [v])
    nodes = [
        h.make_node("MatMulInteger", ["a", "b", "az", "bz"], ["i"]),
        h.make_node("QLinearMatMul", ["a", "as", "az", "b", "bs", "bz", "ys",
                                      "yz"], ["q"]),
    ]
    return model(nodes, [vi("a", [2, 3], T.UINT8), vi("b", [3, 4], T.UINT8)],
                 [vi("i", None, T.INT32), vi("q", None, T.UINT8)],
                 [u8("az", 1), u8("bz", 2), u8("yz", 3), f("as", 0.5),
                  f("bs", 0.25), f("ys", 2.0)], opset=21)


@case
def packed_raw_mismatch():
    # 5 int4 values pack into 3 bytes.
    return relu_graph([raw_tensor("w", [5], b"\0" * 2, dtype=T.INT4)])


@case
def packed_typed_mismatch():
    t = onnx.TensorProto()
    t.name, t.data_type = "w", T.UINT4
    t.dims.extend([5])
    t.int32_data.extend([1, 2, 3, 4, 5])  # one per element: not packed
    return relu_graph([t])


@case
def e8m0_round_nearest():
    return model([h.make_node("Cast", ["x"], ["y"], name="c",
                              to=T.FLOAT8E8M0, round_mode="nearest")],
                 [vi("x", [4])], [vi("y", None, T.FLOAT8E8M0)], opset=25)


def main():
    global OUT
    name, OUT = sys.argv[1], sys.argv[2]
    os.makedirs(OUT, exist_ok=True)
    m = MODELS[name]()
    with open(os.path.join(OUT, name + ".onnx"), "wb") as f:
        f.write(m.SerializeToString())


if __name__ == "__main__":
    main()
