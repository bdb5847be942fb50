/* server.h: the HTTP layer, the only code that includes libmicrohttpd. It
 * decodes and validates the request target, calls one handler, and turns the
 * handler's response (a byte buffer that could be kept and served again) into
 * HTTP: conditional GET (ETag, Last-Modified -> 304), gzip, HEAD, security
 * headers, keep-alive, timeouts, and one log line per request. */
#ifndef DL_SERVER_H
#define DL_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/buf.h"

#define DL_PATH_MAX 2048 /* a longer request path is a 400 */

struct dl_request {
    uint64_t id;        /* request number, also in the log line */
    const char *method; /* "GET", "HEAD", ... */
    const char *path;   /* percent-decoded, valid UTF-8, no NUL; NULL when bad is set */
    const char *bad;    /* why the target was refused (the handler answers 400), or NULL */
    void *conn;         /* the library's connection, for the lookups below */
};

/* A request header or query parameter (raw, not percent-decoded), or NULL. */
const char *dl_request_header(const struct dl_request *r, const char *name);
const char *dl_request_query(const struct dl_request *r, const char *name);

struct dl_response {
    int status;               /* 200 unless the handler says otherwise */
    const char *content_type; /* static string, e.g. "text/html; charset=utf-8" */
    struct dl_buf body;       /* the bytes; owned by the response */
    int fd;                   /* or a file to send (>= 0), closed by the server */
    size_t fd_size;
    char *location;           /* Location for redirects (heap, freed by the server) */
    const char *allow;        /* Allow for 405 */
    const char *cache_control; /* static; default "no-cache" for pages */
    time_t last_modified;     /* 0: none */
    int no_etag;              /* don't compute an ETag */
};

typedef void (*dl_handler_fn)(void *ctx, const struct dl_request *req, struct dl_response *res);

struct dl_http_opts {
    const char *listen; /* "127.0.0.1:8080" or "[::1]:8080" */
    unsigned threads;   /* worker threads (>= 1) */
    unsigned timeout;   /* idle/slow connection timeout, seconds */
    unsigned max_connections;
};

struct dl_http;

/* Starts serving in background threads. Returns 0 or DL_EINVAL (bad listen
 * address) / DL_EIO (cannot bind), with err set. */
int dl_http_start(const struct dl_http_opts *o, dl_handler_fn fn, void *ctx, struct dl_http **out,
                  char *err, size_t errlen);
/* The port actually bound (useful with port 0). */
unsigned dl_http_port(const struct dl_http *h);
/* Stops accepting, finishes or closes connections, frees h. */
void dl_http_stop(struct dl_http *h);

/* Percent-decodes path[0..n) into out; refuses %00, bad escapes and invalid
 * UTF-8 (returns DL_EINVAL with *why set) and lengths past DL_PATH_MAX
 * (DL_ETOOBIG). Exposed for tests. */
int dl_http_decode_path(const char *path, size_t n, struct dl_buf *out, const char **why);

#endif
