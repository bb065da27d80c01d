"""Runs an f16 matmul (the tensor-core path of the cuda target, the
matrix-unit path of the rocm target) on a device and compares it with a
float64 numpy reference of the same f16 inputs.

usage: matmul_f16.py MODEL.mlir --target T --device D --workdir DIR --bin DIR
                     [--cuda-arch ARCH] [--rocm-chip CHIP] [--shape M K N]
                     [--prepare | --prepared]

--prepare compiles and writes the inputs; --prepared (MODEL is then not
read) runs what --prepare wrote with strata-run alone and checks it
(scripts/device-check.sh: a GPU machine without LLVM).
The model is test/Target/CUDA/Inputs/matmul-f16.mlir (64x128 @ 128x32),
matmul-f16-large.mlir (128x256 @ 256x128), matmul-f16-wgmma.mlir
(256x512 @ 512x256) or
test/Target/ROCm/Inputs/matmul-f16.mlir (64x128 @ 128x64); the shapes are
read from the model's function signature (its two f16 arguments); --shape,
if given, must agree with them.
A bf16 model (bf16 arguments) and a bias argument with relu
(matmul-f16-bias-wgmma.mlir) are read from the signature too.
The output is f16 or bf16: rtol 1e-2, atol 1e-2 (K <= 512 products of
values in [-1, 1), accumulated in f32, rounded once to f16, 2^-11
relative, or bf16, 2^-8; the bias added in the element type rounds once
more).
"""
import argparse
import os
import re
import subprocess
import sys

import ml_dtypes
import numpy as np

from e2e import save_npy  # bf16 with a descr np.load reads back


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("--target", required=True)
    p.add_argument("--device", required=True)
    p.add_argument("--workdir", required=True)
    p.add_argument("--bin", required=True)
    p.add_argument("--cuda-arch")
    p.add_argument("--rocm-chip")
    p.add_argument("--shape", type=int, nargs=3)
    p.add_argument("--prepare", action="store_true",
                   help="compile and write the inputs for --prepared; do not run")
    p.add_argument("--prepared", action="store_true",
                   help="run and check what --prepare wrote in --workdir "
                   "(needs only strata-run in --bin)")
    a = p.parse_args()
    so = os.path.join(a.workdir, "mm.so")
    if a.prepared:
        inputs = sorted(f for f in os.listdir(a.workdir) if re.fullmatch(r"in\d\.npy", f))
        check(a, so, [np.load(os.path.join(a.workdir, f)) for f in inputs],
              os.path.exists(os.path.join(a.workdir, "relu")))
        return
    with open(a.model) as f:
        text = f.read()
    args = re.findall(r"%\w+: tensor<([0-9x]+)x(f16|bf16)>", text)
    shapes = [tuple(map(int, d.split("x"))) for d, _ in args]
    if len(shapes) < 2 or len(shapes[0]) != 2 or len(shapes[1]) != 2 or \
            (len(shapes) == 3 and shapes[2] != (shapes[1][1],)) or len(shapes) > 3:
        sys.exit(f"matmul_f16: {a.model}: expected two f16 or bf16 matrix "
                 "arguments and an optional bias")
    (m, k), (k2, n) = shapes[:2]
    if a.shape and list(a.shape) != [m, k, n]:
        sys.exit(f"matmul_f16: --shape {a.shape} does not match {a.model} "
                 f"({m}x{k} @ {k2}x{n})")
    dtype = ml_dtypes.bfloat16 if args[0][1] == "bf16" else np.float16
    os.makedirs(a.workdir, exist_ok=True)
    rng = np.random.default_rng(0)
    inputs = [rng.uniform(-1, 1, shape).astype(dtype) for shape in shapes]
    for i, v in enumerate(inputs):
        save_npy(os.path.join(a.workdir, f"in{i}.npy"), v)
    relu = "graph.relu" in text
    if relu:
        open(os.path.join(a.workdir, "relu"), "w").close()
    cmd = [os.path.join(a.bin, "strata-compile"), a.model, f"--target={a.target}", "-o", so]
    if a.cuda_arch:
        cmd.append(f"--cuda-arch={a.cuda_arch}")
    if a.rocm_chip:
        cmd.append(f"--rocm-chip={a.rocm_chip}")
    subprocess.run(cmd, check=True)
    if a.prepare:
        print(f"matmul_f16: PREPARED: {m}x{k} @ {k2}x{n} for {a.target} in {a.workdir}")
        return
    check(a, so, inputs, relu)


def check(a, so, inputs, relu):
    """Runs the artifact on x, w (and a bias) and compares with float64
    numpy: x @ w, rounded to the element type as the kernel's f32
    accumulator is, then + bias and relu when the model has them."""
    out = os.path.join(a.workdir, "out")
    cmd = [os.path.join(a.bin, "strata-run"), so, f"--device={a.device}"]
    for i in range(len(inputs)):
        cmd += ["--input", os.path.join(a.workdir, f"in{i}.npy")]
    subprocess.run(cmd + ["--output-dir", out], check=True, stdout=subprocess.DEVNULL)
    got = np.load(os.path.join(out, "output0.npy")).astype(np.float64)
    x, w = inputs[0].astype(np.float64), inputs[1].astype(np.float64)
    ref = x @ w
    if len(inputs) == 3:
        ref = ref.astype(inputs[0].dtype).astype(np.float64) + inputs[2].astype(np.float64)
    if relu:
        ref = np.maximum(ref, 0)
    ok = np.isclose(got, ref, rtol=1e-2, atol=1e-2)
    name = np.dtype(inputs[0].dtype).name
    if not ok.all():
        bad = np.argwhere(~ok)[0]
        print(f"matmul_f16: FAIL: {int((~ok).sum())} of {ok.size} differ; first at "
              f"{bad.tolist()}: got {got[tuple(bad)]}, expected {ref[tuple(bad)]}")
        sys.exit(1)
    print(f"matmul_f16: PASS: {ok.size} elements match the numpy reference on "
          f"{a.device}{'' if name == 'float16' else ' (' + name + ')'}")


if __name__ == "__main__":
    main()
