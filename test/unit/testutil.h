/*
 * testutil.h — what every cmocka unit test includes.
 */
#ifndef UREG_TESTUTIL_H
#define UREG_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#endif
