/*
 * check.h — asserted invariants: conditions that only a programming error can make false.
 *
 * UREG_ASSERT(cond) is compiled in when UREG_ASSERTS is defined (the Makefile defines it for
 * sanitizer builds, `make SANITIZE=...` and so `make unit-san`, for the unit-test binaries, and
 * on request with `make ASSERTS=1`). There a false condition prints "FILE:LINE: assertion
 * failed: COND" on stderr and aborts, so a test run stops at the broken invariant. Otherwise the
 * condition is type-checked but not evaluated, and the code after the assertion keeps its
 * release-build handling (an error return, a log line). Conditions must have no side effects.
 * Errors a user, the input or the environment can cause are never asserted: they are -ERR_*.
 */
#ifndef UREG_BASE_CHECK_H
#define UREG_BASE_CHECK_H

/* Print where an assertion failed and abort. Called only through UREG_ASSERT. */
_Noreturn void check_fail(const char *file, int line, const char *cond);

#ifdef UREG_ASSERTS
#define UREG_ASSERT(cond) ((cond) ? (void)0 : check_fail(__FILE__, __LINE__, #cond))
#else
#define UREG_ASSERT(cond) ((void)sizeof((cond) ? 1 : 0))
#endif

#endif
