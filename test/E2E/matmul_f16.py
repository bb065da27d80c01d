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
The output is f16, so the tolerance is f16's: rtol 1e-2, atol 1e-2 (K <= 512
products of values in [-1, 1), accumulated in f32, rounded once to f16:
2^-11 relative, about 5e-3 at the largest sums).
"""
import argparse
import os
import re
import subprocess
import sys

import numpy as np


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
        x = np.load(os.path.join(a.workdir, "x.npy"))
        w = np.load(os.path.join(a.workdir, "w.npy"))
        check(a, so, x, w)
        return
    with open(a.model) as f:
        shapes = re.findall(r"%\w+: tensor<(\d+)x(\d+)xf16>", f.read())
    if len(shapes) < 2:
        sys.exit(f"matmul_f16: {a.model}: expected two f16 matrix arguments")
    (m, k), (k2, n) = [tuple(map(int, t)) for t in shapes[:2]]
    if a.shape and list(a.shape) != [m, k, n]:
        sys.exit(f"matmul_f16: --shape {a.shape} does not match {a.model} "
                 f"({m}x{k} @ {k2}x{n})")
    os.makedirs(a.workdir, exist_ok=True)
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (m, k)).astype(np.float16)
    w = rng.uniform(-1, 1, (k2, n)).astype(np.float16)
    np.save(os.path.join(a.workdir, "x.npy"), x)
    np.save(os.path.join(a.workdir, "w.npy"), w)
    cmd = [os.path.join(a.bin, "strata-compile"), a.model, f"--target={a.target}", "-o", so]
    if a.cuda_arch:
        cmd.append(f"--cuda-arch={a.cuda_arch}")
    if a.rocm_chip:
        cmd.append(f"--rocm-chip={a.rocm_chip}")
    subprocess.run(cmd, check=True)
    if a.prepare:
        print(f"matmul_f16: PREPARED: {m}x{k} @ {k2}x{n} for {a.target} in {a.workdir}")
        return
    check(a, so, x, w)


def check(a, so, x, w):
    """Runs the artifact on x, w and compares with float64 numpy."""
    out = os.path.join(a.workdir, "out")
    subprocess.run([os.path.join(a.bin, "strata-run"), so, f"--device={a.device}",
                    "--input", os.path.join(a.workdir, "x.npy"),
                    "--input", os.path.join(a.workdir, "w.npy"),
                    "--output-dir", out], check=True, stdout=subprocess.DEVNULL)
    got = np.load(os.path.join(out, "output0.npy")).astype(np.float64)
    ref = x.astype(np.float64) @ w.astype(np.float64)
    ok = np.isclose(got, ref, rtol=1e-2, atol=1e-2)
    if not ok.all():
        bad = np.argwhere(~ok)[0]
        print(f"matmul_f16: FAIL: {int((~ok).sum())} of {ok.size} differ; first at "
              f"{bad.tolist()}: got {got[tuple(bad)]}, expected {ref[tuple(bad)]}")
        sys.exit(1)
    print(f"matmul_f16: PASS: {ok.size} elements match the numpy reference on {a.device}")


if __name__ == "__main__":
    main()
