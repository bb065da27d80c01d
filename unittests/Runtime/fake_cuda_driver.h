/*===- fake_cuda_driver.h - what fake_libcuda records for the tests -------===*
 *
 * The records fake_cuda_driver.c keeps of the ABI-3 calls (tensor map
 * encoding, the dynamic shared memory opt-in) and of launches, shared with
 * CudaTest.cpp, which reads them through the exported fake_cuda_* functions.
 *
 *===----------------------------------------------------------------------===*/

#ifndef STRATA_UNITTESTS_RUNTIME_FAKE_CUDA_DRIVER_H
#define STRATA_UNITTESTS_RUNTIME_FAKE_CUDA_DRIVER_H

#define FAKE_CUDA_MAX_RECORDS 16
#define FAKE_CUDA_MAX_PARAMS 8

/* One cuTensorMapEncodeTiled call: its arguments (the arrays' first `rank`
 * entries; strides: rank - 1) and the 128 bytes it wrote. */
struct fake_cuda_tensor_map_call {
  int data_type;
  unsigned rank;
  unsigned long long global_address;
  unsigned long long global_dim[5];
  unsigned long long global_strides[5];
  unsigned box_dim[5];
  unsigned element_strides[5];
  int interleave, swizzle, l2_promotion, oob_fill;
  unsigned char encoded[128];
};

/* One cuFuncSetAttribute call. */
struct fake_cuda_attribute_call {
  char function[64];
  int attribute;
  int value;
};

/* One cuLaunchKernel call: the kernel, sharedMemBytes, and the first
 * fake_cuda_record_params(n) parameters, read as device pointers. */
struct fake_cuda_launch {
  char function[64];
  unsigned shared_mem_bytes;
  unsigned long long params[FAKE_CUDA_MAX_PARAMS];
};

#endif /* STRATA_UNITTESTS_RUNTIME_FAKE_CUDA_DRIVER_H */
