"""Crafted models for the composite-op importer tests (OpsComposite.cpp):
losses, Attention, RotaryEmbedding, normalizations, generators, training
optimizers. Same usage as models.py:

usage: composite_models.py NAME OUT_DIR      writes OUT_DIR/NAME.onnx
"""

import os
import sys

import numpy as np
from onnx import TensorProto as T
from onnx import helper as h
from onnx import numpy_helper as nh

MODELS = {}


def case(fn):
    MODELS[fn.__name__] = fn
    return fn


def model(nodes, inputs, outputs, inits=(), opset=17, extra_opsets=()):
    g = h.make_graph(nodes, "g", inputs, outputs, list(inits))
    opsets = [h.make_opsetid(d, v) for d, v in extra_opsets]
    if opset is not None:
        opsets.insert(0, h.make_opsetid("", opset))
    return h.make_model(g, opset_imports=opsets)


def vi(name, shape, dtype=T.FLOAT):
    return h.make_tensor_value_info(name, dtype, shape)


def const(name, array):
    return nh.from_array(np.asarray(array), name)


@case
def nll_weight_ii():
    node = h.make_node("NegativeLogLikelihoodLoss", ["x", "t", "w"], ["loss"],
                       name="nll", reduction="mean", ignore_index=-1)
    return model([node], [vi("x", [3, 5, 2]), vi("t", [3, 2], T.INT64),
                          vi("w", [5])], [vi("loss", None)], opset=13)


@case
def nll_bad_reduction():
    node = h.make_node("NegativeLogLikelihoodLoss", ["x", "t"], ["loss"],
                       name="nll", reduction="average")
    return model([node], [vi("x", [3, 5]), vi("t", [3], T.INT64)],
                 [vi("loss", None)], opset=13)


@case
def sce_log_prob():
    node = h.make_node("SoftmaxCrossEntropyLoss", ["x", "t"], ["loss", "lp"],
                       name="sce", reduction="sum")
    return model([node], [vi("x", [2, 4]), vi("t", [2], T.INT32)],
                 [vi("loss", None), vi("lp", None)], opset=13)


@case
def sce_bad_target():
    node = h.make_node("SoftmaxCrossEntropyLoss", ["x", "t"], ["loss"],
                       name="sce")
    return model([node], [vi("x", [2, 4]), vi("t", [2, 1], T.INT64)],
                 [vi("loss", None)], opset=13)


@case
def attention_3d_gqa_causal():
    node = h.make_node("Attention", ["q", "k", "v", "", "pk", "pv"],
                       ["y", "pk2", "pv2"], name="attn", q_num_heads=4,
                       kv_num_heads=2, is_causal=1, softcap=2.0)
    return model([node], [vi("q", [1, 3, 32]), vi("k", [1, 3, 16]),
                          vi("v", [1, 3, 16]), vi("pk", [1, 2, 2, 8]),
                          vi("pv", [1, 2, 2, 8])],
                 [vi("y", None), vi("pk2", None), vi("pv2", None)], opset=23)


@case
def attention_bool_mask():
    node = h.make_node("Attention", ["q", "k", "v", "m"], ["y", "", "", "qk"],
                       name="attn", scale=0.5, qk_matmul_output_mode=3)
    return model([node], [vi("q", [1, 2, 3, 4]), vi("k", [1, 2, 5, 4]),
                          vi("v", [1, 2, 5, 4]), vi("m", [3, 4], T.BOOL)],
                 [vi("y", None), vi("qk", None)], opset=23)


@case
def attention_bad_heads():
    node = h.make_node("Attention", ["q", "k", "v"], ["y"], name="attn",
                       q_num_heads=3, kv_num_heads=2)
    return model([node], [vi("q", [1, 3, 12]), vi("k", [1, 3, 8]),
                          vi("v", [1, 3, 8])], [vi("y", None)], opset=23)


@case
def rotary_interleaved():
    node = h.make_node("RotaryEmbedding", ["x", "cos", "sin", "pos"], ["y"],
                       name="rope", interleaved=1, num_heads=2,
                       rotary_embedding_dim=4)
    return model([node], [vi("x", [1, 3, 12]), vi("cos", [8, 2]),
                          vi("sin", [8, 2]), vi("pos", [1, 3], T.INT64)],
                 [vi("y", None)], opset=23)


@case
def rotary_odd_dim():
    node = h.make_node("RotaryEmbedding", ["x", "cos", "sin"], ["y"],
                       name="rope", rotary_embedding_dim=3)
    return model([node], [vi("x", [1, 2, 3, 4]), vi("cos", [1, 3, 2]),
                          vi("sin", [1, 3, 2])], [vi("y", None)], opset=23)


@case
def norms():
    nodes = [
        h.make_node("GroupNormalization", ["x", "gs", "gb"], ["g"], name="gn",
                    num_groups=2),
        h.make_node("MeanVarianceNormalization", ["g"], ["m"], name="mvn"),
        h.make_node("LRN", ["m"], ["l"], name="lrn", size=3),
        h.make_node("CenterCropPad", ["l", "shape"], ["y"], name="ccp",
                    axes=[-2, -1]),
    ]
    inits = [const("gs", np.ones(4, np.float32)),
             const("gb", np.zeros(4, np.float32)),
             const("shape", np.array([3, 6], np.int64))]
    return model(nodes, [vi("x", [1, 4, 4, 4])], [vi("y", None)], inits,
                 opset=21)


@case
def groupnorm_bad_groups():
    node = h.make_node("GroupNormalization", ["x", "s", "b"], ["y"], name="gn",
                       num_groups=3)
    return model([node], [vi("x", [1, 4, 2]), vi("s", [4]), vi("b", [4])],
                 [vi("y", None)], opset=21)


@case
def windows():
    nodes = [
        h.make_node("HannWindow", ["n"], ["hann"], name="hann"),
        h.make_node("BlackmanWindow", ["n"], ["bm"], name="bm", periodic=0,
                    output_datatype=T.DOUBLE),
    ]
    return model(nodes, [], [vi("hann", None), vi("bm", None, T.DOUBLE)],
                 [const("n", np.array(4, np.int64))], opset=17)


@case
def window_int_type():
    node = h.make_node("HammingWindow", ["n"], ["y"], name="ham",
                       output_datatype=T.INT32)
    return model([node], [], [vi("y", None, T.INT32)],
                 [const("n", np.array(4, np.int64))], opset=17)


@case
def dropout_mask():
    node = h.make_node("Dropout", ["x", "r", "t"], ["y", "z"], name="drop")
    return model([node], [vi("x", [2, 2])], [vi("y", None), vi("z", None, T.BOOL)],
                 [const("r", np.array(0.0, np.float32)),
                  const("t", np.array(True))], opset=22)


@case
def dropout_training():
    node = h.make_node("Dropout", ["x", "r", "t"], ["y"], name="drop")
    return model([node], [vi("x", [2, 2])], [vi("y", None)],
                 [const("r", np.array(0.5, np.float32)),
                  const("t", np.array(True))], opset=22)


@case
def cumprod_reverse_exclusive():
    node = h.make_node("CumProd", ["x", "axis"], ["y"], name="cp",
                       reverse=1, exclusive=1)
    return model([node], [vi("x", [2, 3], T.INT32)], [vi("y", None, T.INT32)],
                 [const("axis", np.array(-1, np.int64))], opset=26)


@case
def cumprod_dynamic_axis():
    node = h.make_node("CumProd", ["x", "axis"], ["y"], name="cp")
    return model([node], [vi("x", [3]), vi("axis", [], T.INT64)],
                 [vi("y", None)], opset=26)


@case
def gathernd_batch():
    node = h.make_node("GatherND", ["x", "i"], ["y"], name="gnd", batch_dims=1)
    return model([node], [vi("x", [2, 3, 4]), vi("i", [2, 5, 1], T.INT64)],
                 [vi("y", None)], opset=13)


@case
def gathernd_too_long():
    node = h.make_node("GatherND", ["x", "i"], ["y"], name="gnd")
    return model([node], [vi("x", [2, 3]), vi("i", [4, 3], T.INT64)],
                 [vi("y", None)], opset=13)


@case
def einsum_matmul():
    nodes = [h.make_node("Einsum", ["a", "b"], ["c"], name="bmm",
                         equation="bij, bjk -> bik"),
             h.make_node("Einsum", ["c"], ["d"], name="diag",
                         equation="...ii->...i")]
    return model(nodes, [vi("a", [5, 2, 3]), vi("b", [5, 3, 2])],
                 [vi("d", None)], opset=12)


@case
def einsum_broadcast():
    node = h.make_node("Einsum", ["a", "b"], ["c"], name="es",
                       equation="ij,ij->ij")
    return model([node], [vi("a", [2, 3]), vi("b", [1, 3])],
                 [vi("c", None)], opset=12)


@case
def dft_rfft():
    node = h.make_node("DFT", ["x", "", "axis"], ["y"], name="dft", onesided=1)
    return model([node], [vi("x", [2, 4, 1])], [vi("y", None)],
                 [const("axis", np.array(1, np.int64))], opset=20)


@case
def dft_last_axis():
    node = h.make_node("DFT", ["x"], ["y"], name="dft", axis=-1)
    return model([node], [vi("x", [2, 4, 2])], [vi("y", None)], opset=17)


@case
def reverse_sequence():
    node = h.make_node("ReverseSequence", ["x", "lens"], ["y"], name="rs",
                       time_axis=1, batch_axis=0)
    return model([node], [vi("x", [2, 3]), vi("lens", [2], T.INT64)],
                 [vi("y", None)], opset=10)


@case
def reverse_sequence_bad_lens():
    node = h.make_node("ReverseSequence", ["x", "lens"], ["y"], name="rs")
    return model([node], [vi("x", [3, 2]), vi("lens", [3], T.INT64)],
                 [vi("y", None)], opset=10)


@case
def stft_window():
    node = h.make_node("STFT", ["x", "step", "w"], ["y"], name="stft")
    return model([node], [vi("x", [1, 10, 1]), vi("w", [4])], [vi("y", None)],
                 [const("step", np.array(3, np.int64))], opset=17)


@case
def stft_bad_window():
    node = h.make_node("STFT", ["x", "step", "w", "len"], ["y"], name="stft")
    return model([node], [vi("x", [1, 10, 1]), vi("w", [5])], [vi("y", None)],
                 [const("step", np.array(3, np.int64)),
                  const("len", np.array(4, np.int64))], opset=17)


TRAINING = ("ai.onnx.preview.training", 1)


@case
def adam():
    node = h.make_node("Adam", ["r", "t", "x", "g", "v", "hh"],
                       ["x2", "v2", "h2"], name="adam",
                       domain=TRAINING[0], norm_coefficient_post=0.1)
    return model([node], [vi("r", []), vi("t", [], T.INT64), vi("x", [2]),
                          vi("g", [2]), vi("v", [2]), vi("hh", [2])],
                 [vi("x2", None), vi("v2", None), vi("h2", None)], opset=None,
                 extra_opsets=[TRAINING])


@case
def momentum_bad_mode():
    node = h.make_node("Momentum", ["r", "t", "x", "g", "v"], ["x2", "v2"],
                       name="mom", domain=TRAINING[0], alpha=0.9, beta=0.1,
                       mode="adaptive", norm_coefficient=0.0)
    return model([node], [vi("r", []), vi("t", [], T.INT64), vi("x", [2]),
                          vi("g", [2]), vi("v", [2])],
                 [vi("x2", None), vi("v2", None)], opset=None,
                 extra_opsets=[TRAINING])


def main():
    name, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, name + ".onnx"), "wb") as f:
        f.write(MODELS[name]().SerializeToString())


if __name__ == "__main__":
    main()
