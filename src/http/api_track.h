/*
 * api_track.h — the handlers of a registration's tracked services (routes in api.c): open an
 * item, move it a step, list a registration's items, the items due of the caller's region.
 */
#ifndef UREG_HTTP_API_TRACK_H
#define UREG_HTTP_API_TRACK_H

#include "http/server.h"

int api_track_open(struct http_req *req, struct http_resp *w);
int api_track_move(struct http_req *req, struct http_resp *w);
int api_track_list(struct http_req *req, struct http_resp *w);
int api_track_due(struct http_req *req, struct http_resp *w);

#endif
