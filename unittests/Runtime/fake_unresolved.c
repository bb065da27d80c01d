/*===- fake_unresolved.c - an artifact that needs a symbol nobody defines -===*
 *
 * Linked with undefined symbols allowed, so only dlopen(RTLD_NOW) can notice
 * that strata_missing_kernel does not exist: the runtime must report that
 * at load time, not crash in the middle of a run.
 *
 *===----------------------------------------------------------------------===*/

#include "strata-rt/strata_artifact.h"

extern int32_t strata_missing_kernel(void *const *inputs, void *const *outputs);

static const strata_artifact kArtifact = {
    STRATA_ABI_VERSION, "unresolved", "cpu", 0, 0, 0, 0, strata_missing_kernel,
};

const strata_artifact *strata_get_artifact(void) { return &kArtifact; }
