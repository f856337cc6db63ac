/*
 * version.h — the one place the version is written (ureg version, GET /api/v1/version).
 */
#ifndef UREG_BASE_VERSION_H
#define UREG_BASE_VERSION_H

#define UREG_VERSION "0.2.0"

#endif
