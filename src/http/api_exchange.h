/*
 * api_exchange.h — the exchange's handlers (routes in api.c): the signed message endpoint of
 * the hub, the timeliness / backlog view, the registry, and the public consultation
 * information (notice §8).
 */
#ifndef UREG_HTTP_API_EXCHANGE_H
#define UREG_HTTP_API_EXCHANGE_H

#include "http/server.h"

int api_exchange_receive(struct http_req *req, struct http_resp *w);
int api_exchange_overview(struct http_req *req, struct http_resp *w);
int api_exchange_systems(struct http_req *req, struct http_resp *w);
int api_exchange_register(struct http_req *req, struct http_resp *w);
int api_public_consultation(struct http_req *req, struct http_resp *w);

#endif
