/*===- fake_cublas.c - a cuBLAS stand-in for strata-cublas-gemm's tests ----===*
 *
 * Exports the three cuBLAS entry points bench/cublas_gemm.cpp resolves and
 * computes cublasGemmEx on the host, with cuBLAS's column-major semantics
 * (no transposes): C[i + j ldc] = sum_p A[i + p lda] B[p + j ldb], f32
 * accumulation, one rounding to the output type. Used with the fake CUDA
 * driver (fake_cuda_driver.c), whose device pointers are host memory, so
 * that the benchmark's operand order, inputs and check run here
 * (STRATA_CUBLAS=<this library>). $FAKE_CUBLAS_WRONG=1 swaps the operands,
 * which the check must catch.
 *
 *===----------------------------------------------------------------------===*/

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

enum { R_32F = 0, R_16F = 2, R_16BF = 14 };

static int g_handle;

static float load(const void *p, int type, size_t i) {
  if (type == R_32F)
    return ((const float *)p)[i];
  uint16_t u = ((const uint16_t *)p)[i];
  if (type == R_16F) {
    _Float16 h;
    memcpy(&h, &u, 2);
    return (float)h;
  }
  uint32_t x = (uint32_t)u << 16;
  float f;
  memcpy(&f, &x, 4);
  return f;
}

static void store(void *p, int type, size_t i, float f) {
  if (type == R_32F) {
    ((float *)p)[i] = f;
    return;
  }
  uint16_t u;
  if (type == R_16F) {
    _Float16 h = (_Float16)f;
    memcpy(&u, &h, 2);
  } else {
    uint32_t x;
    memcpy(&x, &f, 4);
    u = (uint16_t)((x + 0x7fff + ((x >> 16) & 1)) >> 16);
  }
  ((uint16_t *)p)[i] = u;
}

EXPORT int cublasCreate_v2(void **handle) {
  *handle = &g_handle;
  return 0;
}

EXPORT int cublasDestroy_v2(void *handle) {
  (void)handle;
  return 0;
}

EXPORT int cublasGemmEx(void *handle, int transa, int transb, int m, int n,
                        int k, const void *alpha, const void *A, int atype,
                        int lda, const void *B, int btype, int ldb,
                        const void *beta, void *C, int ctype, int ldc,
                        int compute, int algo) {
  (void)handle, (void)compute, (void)algo, (void)alpha, (void)beta;
  if (transa || transb || atype != btype || atype != ctype)
    return 15; /* CUBLAS_STATUS_NOT_SUPPORTED */
  int wrong = getenv("FAKE_CUBLAS_WRONG") != NULL;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < m; ++i) {
      float acc = 0;
      for (int p = 0; p < k; ++p)
        acc += wrong ? load(B, btype, (size_t)p + (size_t)i * ldb) *
                           load(A, atype, (size_t)j + (size_t)p * lda)
                     : load(A, atype, (size_t)i + (size_t)p * lda) *
                           load(B, btype, (size_t)p + (size_t)j * ldb);
      store(C, ctype, (size_t)i + (size_t)j * ldc, acc);
    }
  return 0;
}
