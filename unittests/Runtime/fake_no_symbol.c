/*===- fake_no_symbol.c - a shared library that is not an artifact --------===*
 *
 * Loads fine but lacks strata_get_artifact, so the runtime must refuse it
 * with an ABI error instead of calling through a NULL pointer.
 *
 *===----------------------------------------------------------------------===*/

int strata_not_an_artifact(void) { return 42; }
