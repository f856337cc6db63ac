/*
 * api_track.h — the handlers of a registration's tracked services (routes in api.c): open an
 * item, move it a step, list a registration's items (what falls due is on GET /api/v1/due).
 */
#ifndef UREG_HTTP_API_TRACK_H
#define UREG_HTTP_API_TRACK_H

#include "http/server.h"

#include "app/track.h"

#include <jansson.h>

int api_track_open(struct http_req *req, struct http_resp *w);
int api_track_move(struct http_req *req, struct http_resp *w);
int api_track_list(struct http_req *req, struct http_resp *w);

/* One tracked item as the API shows it, with its steps and next statuses (a new reference); the
 * registration view (api_reg.c) shows the same. */
json_t *api_track_item_json(const struct track_view *v);

#endif
