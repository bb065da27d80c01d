# lit configuration for Strata's regression tests: one folder per layer
# (Dialect/<D>, Conversion/<A>To<B>, Contract/<boundary>, Target/<T>, ...).
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "Strata"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.strata_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "README.md"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
llvm_config.use_default_substitutions()
config.substitutions.append(("%strata_obj_root", config.strata_obj_root))
config.substitutions.append(("%strata_src_root", config.strata_src_root))
llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
# Variables defined in one CHECK-LABEL block do not leak into the next.
config.environment["FILECHECK_OPTS"] = "--enable-var-scope"

tool_dirs = [config.strata_tools_dir, config.llvm_tools_dir]
tools = ["strata-opt", "strata-run", "strata-compile", "strata-cublas-gemm",
         "mlir-runner", "llvm-nm"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Runtime support libraries for tests that execute lowered code with
# mlir-runner (printMemrefF32 and friends).
llvm_lib_dir = os.path.normpath(os.path.join(config.llvm_tools_dir, "..", "lib"))
config.substitutions.append(
    ("%mlir_runner_utils", os.path.join(llvm_lib_dir, "libmlir_runner_utils.so")))
config.substitutions.append(
    ("%mlir_c_runner_utils", os.path.join(llvm_lib_dir, "libmlir_c_runner_utils.so")))

# %python: the project's virtual environment (scripts/setup.sh), which has
# numpy for reference computations (test/E2E). It replaces lit's default
# %python (the interpreter running lit), which may lack numpy.
config.substitutions = [s for s in config.substitutions if s[0] != "%python"]
config.substitutions.append(
    ("%python", os.path.join(config.strata_src_root, ".venv", "bin", "python")))

# Optional pieces are lit features; a test that needs one says
# `REQUIRES: <feature>` and is reported unsupported where it is absent.
import shutil
import subprocess

# spirv-val (Debian's spirv-tools) validates the SPIR-V the vulkan target
# writes.
if shutil.which("spirv-val"):
    config.available_features.add("spirv-val")


def has_vulkan_device():
    """True when the Vulkan loader finds a device (lavapipe counts): asks
    vulkaninfo, which uses the same loader strata-rt opens."""
    if not shutil.which("vulkaninfo"):
        return False
    try:
        out = subprocess.run(["vulkaninfo", "--summary"], capture_output=True,
                             text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and "deviceName" in out.stdout


if has_vulkan_device():
    config.available_features.add("vulkan")

# ptxas (the CUDA toolkit's) assembles the PTX the cuda target writes; no
# GPU is needed. strata-compile finds it the same way ($STRATA_PTXAS, the
# toolkit, PATH).
ptxas = os.environ.get("STRATA_PTXAS") or (
    "/usr/local/cuda/bin/ptxas" if os.access("/usr/local/cuda/bin/ptxas", os.X_OK)
    else shutil.which("ptxas"))
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
# fatbinary (the same toolkit's) packs the cubin and its PTX into the cuda
# artifact's fat binary; strata-compile looks next to ptxas first.
fatbinary = os.environ.get("STRATA_FATBINARY") or (
    os.path.join(os.path.dirname(ptxas), "fatbinary") if ptxas else None)
if fatbinary and os.access(fatbinary, os.X_OK):
    config.available_features.add("fatbinary")


def cuda_device_arch():
    """The first GPU's architecture (sm_80, sm_90a...) when the NVIDIA driver
    lists one (nvidia-smi talks to the same libcuda.so.1 strata-rt opens),
    else None. A cubin only runs on its own major architecture, so the cuda
    E2E tests compile for this one."""
    if not shutil.which("nvidia-smi"):
        return None
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=compute_cap",
                              "--format=csv,noheader"], capture_output=True,
                             text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    caps = out.stdout.split() if out.returncode == 0 else []
    if not caps:
        return None
    arch = "sm_" + caps[0].replace(".", "")
    known = {"sm_80", "sm_86", "sm_89", "sm_90"}
    if arch == "sm_90":
        return "sm_90a"
    return arch if arch in known else None


# The toolkit's stub libcuda.so (link-time only: cuInit fails with
# CUDA_ERROR_STUB_LIBRARY) exercises the runtime's driver error path.
cuda_stub = "/usr/local/cuda/lib64/stubs/libcuda.so"
if os.path.exists(cuda_stub):
    config.available_features.add("cuda-stub")
    config.substitutions.append(("%cuda_stub", cuda_stub))

cuda_arch = cuda_device_arch()
if cuda_arch:
    config.available_features.add("cuda-device")
    config.substitutions.append(("%cuda_arch", cuda_arch))

def hip_device_count():
    """-1 without the HIP runtime (libamdhip64.so, or $STRATA_HIP_RUNTIME,
    as strata-rt opens it), else the number of AMD GPUs it finds."""
    import ctypes
    import os
    names = [os.environ.get("STRATA_HIP_RUNTIME") or "libamdhip64.so",
             "libamdhip64.so.6", "libamdhip64.so.5"]
    for name in names:
        try:
            hip = ctypes.CDLL(name)
            break
        except OSError:
            continue
    else:
        return -1
    count = ctypes.c_int(0)
    if hip.hipInit(0) != 0 or hip.hipGetDeviceCount(ctypes.byref(count)) != 0:
        return 0
    return count.value


# hip-runtime: strata-rt's hip backend can open the HIP runtime; hip-device:
# and it finds an AMD GPU (test/E2E/hip-*.test run the models on it).
_hip_devices = hip_device_count()
if _hip_devices >= 0:
    config.available_features.add("hip-runtime")
if _hip_devices > 0:
    config.available_features.add("hip-device")
# The chip hip-*.test compile for (the GPU at hand).
import os as _os
config.substitutions.append(
    ("%rocm_chip", _os.environ.get("STRATA_ROCM_CHIP", "gfx942")))
if "STRATA_HIP_RUNTIME" in _os.environ:
    config.environment["STRATA_HIP_RUNTIME"] = _os.environ["STRATA_HIP_RUNTIME"]
# mlir-runner's C runner utilities (vector.print), next to the LLVM tools.
config.substitutions.append(
    ("%mlir_c_runner_utils",
     _os.path.join(_os.path.dirname(config.llvm_tools_dir), "lib",
                   "libmlir_c_runner_utils.so")))
