"""Makes and checks .npy files for the strata-run lit tests.

Expected values are computed here with numpy (or, for random inputs, with a
pure-Python mt19937_64), never taken from strata-run, so the tests compare
the tool against an independent reference.

usage: npy_helper.py COMMAND ARGS...   (see the functions below)
"""

import os
import subprocess
import sys

import numpy as np

# Inputs of the fake identity model (unittests/Runtime/fake_identity.c).
IDENTITY = [
    ("f32", np.float32, (2,)),
    ("f16", np.float16, (3,)),
    ("i8", np.int8, (2, 2)),
    ("i32", np.int32, (2, 2)),
    ("i64", np.int64, ()),
    ("bool", np.bool_, (5,)),
    ("big", np.float32, (1, 3, 4)),
]


def make_add(d):
    """a.npy and b.npy for the fake add model (f32[2x3]), plus wrong ones."""
    os.makedirs(d, exist_ok=True)
    a = (np.arange(6, dtype=np.float32) + 1.5).reshape(2, 3)
    b = np.full((2, 3), 2.25) - 0.5 * np.arange(6).reshape(2, 3)
    np.save(os.path.join(d, "a.npy"), a)
    np.save(os.path.join(d, "b.npy"), b.astype(np.float32))
    np.save(os.path.join(d, "wide.npy"), np.zeros((2, 4), np.float32))
    np.save(os.path.join(d, "ints.npy"), np.zeros((2, 3), np.int32))


def check_add(d, out):
    a = np.load(os.path.join(d, "a.npy"))
    b = np.load(os.path.join(d, "b.npy"))
    got = np.load(os.path.join(out, "output0.npy"))
    assert got.dtype == np.float32 and got.shape == (2, 3), (got.dtype, got.shape)
    np.testing.assert_array_equal(got, a + b)
    print("add ok:", " ".join(f"{v:g}" for v in got.ravel()))


def make_identity(d):
    """One input per dtype, with values that make each byte count."""
    os.makedirs(d, exist_ok=True)
    rng = np.random.default_rng(7)
    for i, (name, dtype, shape) in enumerate(IDENTITY):
        if dtype == np.bool_:
            value = rng.integers(0, 2, shape).astype(np.bool_)
        elif np.issubdtype(dtype, np.integer):
            info = np.iinfo(dtype)
            value = rng.integers(info.min, info.max, shape, dtype=dtype)
        else:
            value = (rng.standard_normal(shape) * 100).astype(dtype)
        # Formats 2.0 and 3.0 too, as numpy writes them.
        version = [(1, 0), (2, 0), (3, 0)][i % 3]
        with open(os.path.join(d, f"in{i}.npy"), "wb") as f:
            np.lib.format.write_array(f, value, version=version)


def save_ml_dtypes(path, value):
    """np.save writes ml_dtypes arrays as '<V2'; strata-rt reads the
    ml_dtypes name ('bfloat16', 'float8_e4m3fn', ...) as the descr."""
    with open(path, "wb") as f:
        np.lib.format._write_array_header(
            f, {"descr": value.dtype.name, "fortran_order": False,
                "shape": value.shape}, (1, 0))
        f.write(np.ascontiguousarray(value).tobytes())


def make_identity_bf16(d):
    """The identity inputs plus the bf16 one of fake_identity_bf16."""
    import ml_dtypes
    make_identity(d)
    save_ml_dtypes(os.path.join(d, "in7.npy"),
                   np.array([1.5, -2.25], ml_dtypes.bfloat16))


def check_identity_bf16(d, out):
    import ml_dtypes
    check_identity(d, out)
    got = np.load(os.path.join(out, "output7.npy"))
    assert got.dtype == ml_dtypes.bfloat16, got.dtype
    np.testing.assert_array_equal(got.astype(np.float32), [1.5, -2.25])
    print("bf16 ok:", " ".join(f"{v:g}" for v in got.astype(np.float32)))


def check_identity(d, out):
    for i, (name, dtype, shape) in enumerate(IDENTITY):
        want = np.load(os.path.join(d, f"in{i}.npy"))
        got = np.load(os.path.join(out, f"output{i}.npy"))
        assert got.dtype == want.dtype, (name, got.dtype, want.dtype)
        assert got.shape == want.shape, (name, got.shape, want.shape)
        np.testing.assert_array_equal(got, want)
    print("identity ok:", len(IDENTITY), "outputs")


class MT19937_64:
    """std::mt19937_64, written out so the check does not trust strata-run."""

    def __init__(self, seed):
        self.mt = [0] * 312
        self.mt[0] = seed & (2**64 - 1)
        for i in range(1, 312):
            prev = self.mt[i - 1]
            self.mt[i] = (6364136223846793005 * (prev ^ (prev >> 62)) + i) & (2**64 - 1)
        self.index = 312

    def __call__(self):
        if self.index >= 312:
            for i in range(312):
                x = (self.mt[i] & 0xFFFFFFFF80000000) | (self.mt[(i + 1) % 312] & 0x7FFFFFFF)
                xa = x >> 1
                if x & 1:
                    xa ^= 0xB5026F5AA96619E9
                self.mt[i] = self.mt[(i + 156) % 312] ^ xa
            self.index = 0
        y = self.mt[self.index]
        self.index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        return y


def check_random(seed, out):
    """strata-run's documented random inputs, through the identity model."""
    rng = MT19937_64(int(seed))
    for i, (name, dtype, shape) in enumerate(IDENTITY):
        n = int(np.prod(shape))
        if dtype in (np.float32, np.float16):
            # float in [-1, 1) from the top 24 bits, then rounded to dtype.
            want = [np.float32((rng() >> 40) * 2.0**-23 - 1.0) for _ in range(n)]
        elif dtype == np.bool_:
            want = [rng() >> 63 for _ in range(n)]
        else:
            want = [rng() % 10 for _ in range(n)]
        want = np.array(want).astype(dtype).reshape(shape)
        got = np.load(os.path.join(out, f"output{i}.npy"))
        np.testing.assert_array_equal(got, want, err_msg=name)
        if dtype == np.float32:
            assert np.all(got >= -1) and np.all(got < 1), name
    print("random ok: seed", seed)


def make_hostile(d):
    """Broken .npy files, each wrong in one way."""
    os.makedirs(d, exist_ok=True)
    good = os.path.join(d, "good.npy")
    np.save(good, np.ones((2, 3), np.float32))
    data = open(good, "rb").read()

    def write(name, content):
        with open(os.path.join(d, name), "wb") as f:
            f.write(content)

    write("empty.npy", b"")
    write("truncated.npy", data[:-4])
    write("header-cut.npy", data[:40])
    write("magic.npy", b"GIF89a" + data[6:])
    write("garbage-header.npy", data[:10] + b"{'descr': <f4 ???" + data[27:])
    np.save(os.path.join(d, "c64.npy"), np.ones((2, 3), np.complex64))
    np.save(os.path.join(d, "fortran.npy"), np.asfortranarray(np.ones((2, 3), np.float32)))
    np.save(os.path.join(d, "big-endian.npy"), np.ones((2, 3), ">f4"))


def expect_exit(code, *cmd):
    """Runs cmd (its output passes through) and checks its exit status."""
    sys.stdout.flush()
    got = subprocess.run(cmd).returncode
    if got != int(code):
        print(f"npy_helper: expected exit status {code}, got {got}", file=sys.stderr)
        sys.exit(1)


COMMANDS = {
    "make-add": make_add,
    "check-add": check_add,
    "make-identity": make_identity,
    "check-identity": check_identity,
    "make-identity-bf16": make_identity_bf16,
    "check-identity-bf16": check_identity_bf16,
    "check-random": check_random,
    "make-hostile": make_hostile,
    "expect-exit": expect_exit,
}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
