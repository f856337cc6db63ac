/*
 * openapi.h — the OpenAPI 3.1 description of the API, generated from the route table.
 *
 * Every row of the table (http/api.c) names, beside its handler, its query parameters, its
 * request body schema, its success status and its response schema (struct route's doc fields);
 * the schemas and query parameters themselves live in one table here. openapi_document walks
 * the route table once and builds the document: a path item per pattern ({name} segments become
 * path parameters), an operation per row with its summary, its permission as a security
 * requirement (public: none; staff: session cookie or bearer token; metrics: the metrics token,
 * or none from an allowed address) and as `x-permission`, its success response, and the
 * contract's error object for 4XX and 5XX. Served at GET /api/v1/openapi.json.
 */
#ifndef UREG_HTTP_OPENAPI_H
#define UREG_HTTP_OPENAPI_H

#include "http/router.h"

#include <jansson.h>
#include <stddef.h>

/*
 * Build the document for the n routes of `table`, with info.version `version`. Returns a new
 * reference (the caller owns it), or NULL after logging the route and the name when a row names
 * a schema or query parameter that the table here does not have (a programming error: the
 * server refuses to start, and test_openapi checks the real table).
 */
json_t *openapi_document(const struct route *table, size_t n, const char *version);

#endif
