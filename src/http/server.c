/* server.c: libmicrohttpd in epoll mode with a thread pool, behind the
 * handler interface of server.h. */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/log.h"
#include "core/timefmt.h"
#include "core/utf8.h"

struct dl_http {
    struct MHD_Daemon *d;
    dl_handler_fn fn;
    void *ctx;
    unsigned port;
};

/* Per-connection-request state, kept from the first call of the access
 * handler to the completion callback. */
struct reqstate {
    uint64_t id;
    struct timespec start;
    char method[16];
    char *path;
    int status;
    size_t bytes;
};

static atomic_uint_fast64_t next_id = 1;

static const char *const security_headers[][2] = {
    {"Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                "script-src 'self'; object-src 'none'; base-uri 'self'; "
                                "frame-ancestors 'none'; form-action 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "strict-origin-when-cross-origin"},
    {"X-Frame-Options", "DENY"},
};

const char *dl_request_header(const struct dl_request *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *dl_request_query(const struct dl_request *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int dl_http_decode_path(const char *path, size_t n, struct dl_buf *out, const char **why)
{
    if (n > DL_PATH_MAX) {
        *why = "request path too long";
        return DL_ETOOBIG;
    }
    for (size_t i = 0; i < n; i++) {
        char c = path[i];
        if (c == '%') {
            int hi = i + 2 < n ? hexval(path[i + 1]) : -1;
            int lo = i + 2 < n ? hexval(path[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                *why = "bad percent-escape in path";
                return DL_EINVAL;
            }
            c = (char)(hi * 16 + lo);
            if (c == '\0') {
                *why = "NUL byte in path";
                return DL_EINVAL;
            }
            i += 2;
        } else if ((unsigned char)c < 0x20 || c == 0x7f) {
            *why = "control character in path";
            return DL_EINVAL;
        }
        dl_buf_putc(out, c);
    }
    if (!dl_utf8_valid(out->p ? out->p : "", out->n)) {
        *why = "path is not valid UTF-8";
        return DL_EINVAL;
    }
    return 0;
}

/* MHD decodes query values through this; we keep values raw and validate
 * them in the routes, and decode the path ourselves. */
static size_t keep_raw(void *cls, struct MHD_Connection *c, char *s)
{
    return strlen(s);
}

static int compressible(const char *type)
{
    return type && (!strncmp(type, "text/", 5) || strstr(type, "json") || strstr(type, "xml") ||
                    strstr(type, "svg"));
}

static int gzip_bytes(const char *in, size_t n, struct dl_buf *out)
{
    z_stream z = {0};
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return DL_EIO;
    size_t bound = deflateBound(&z, (uLong)n);
    dl_buf_reset(out);
    if (dl_buf_append(out, NULL, 0) || bound > out->max) {
        deflateEnd(&z);
        return DL_ETOOBIG;
    }
    out->p = dl_xrealloc(out->p, bound + 1);
    out->cap = bound + 1;
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)out->p;
    z.avail_out = (uInt)bound;
    int rc = deflate(&z, Z_FINISH);
    out->n = z.total_out;
    deflateEnd(&z);
    return rc == Z_STREAM_END ? 0 : DL_EIO;
}

/* Does Accept-Encoding name gzip with a q-value above zero? */
static int accepts_gzip(const char *ae)
{
    for (const char *p = ae; p && (p = strstr(p, "gzip")); p += 4) {
        if (p != ae && p[-1] != ' ' && p[-1] != ',')
            continue;
        const char *q = p + 4;
        while (*q == ' ')
            q++;
        if (*q == '\0' || *q == ',')
            return 1;
        if (*q != ';')
            continue;
        q++;
        while (*q == ' ')
            q++;
        if (strncmp(q, "q=", 2))
            return 1;
        q += 2;
        /* q=0, q=0.0, q=0.000 refuse; anything else accepts */
        if (*q != '0')
            return 1;
        for (q++; *q == '.' || *q == '0'; q++)
            ;
        return *q >= '1' && *q <= '9';
    }
    return 0;
}

/* Does an If-None-Match list contain etag (or "*")? */
static int etag_matches(const char *header, const char *etag)
{
    size_t n = strlen(etag);
    for (const char *p = header; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        if (*p == '*')
            return 1;
        if (!strncmp(p, "W/", 2))
            p += 2;
        if (!strncmp(p, etag, n) && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
            return 1;
        while (*p && *p != ',')
            p++;
    }
    return 0;
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct reqstate *rs,
                                     const struct dl_request *req, struct dl_response *res)
{
    struct MHD_Response *r;
    char etag[32] = "", etag_gz[32] = "", date[40];
    int status = res->status;
    int is_304 = 0, gz = 0;
    struct dl_buf zbuf;
    dl_buf_init(&zbuf, 0);

    int vary = res->fd < 0 && compressible(res->content_type);
    int want_gz = vary && res->body.n >= 512 &&
                  accepts_gzip(dl_request_header(req, MHD_HTTP_HEADER_ACCEPT_ENCODING));
    if (status == 200 && res->fd < 0 && !res->no_etag) {
        /* the gzip representation has its own strong ETag */
        unsigned long long h = (unsigned long long)dl_hash64(res->body.p ? res->body.p : "",
                                                             res->body.n);
        snprintf(etag, sizeof etag, "\"%016llx\"", h);
        snprintf(etag_gz, sizeof etag_gz, "\"%016llx-gz\"", h);
    }
    if (status == 200) {
        const char *inm = dl_request_header(req, MHD_HTTP_HEADER_IF_NONE_MATCH);
        const char *ims = dl_request_header(req, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
        time_t since;
        if (inm && *etag)
            is_304 = etag_matches(inm, etag) || etag_matches(inm, etag_gz);
        else if (!inm && ims && res->last_modified && dl_time_parse_http(ims, &since) == 0)
            is_304 = res->last_modified <= since;
    }
    if (is_304) {
        status = 304;
        gz = want_gz; /* for the ETag below; no body is sent */
        r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    } else if (res->fd >= 0) {
        r = MHD_create_response_from_fd(res->fd_size, res->fd);
        res->fd = -1; /* MHD closes it */
        rs->bytes = res->fd_size;
    } else {
        size_t n;
        if (want_gz && gzip_bytes(res->body.p, res->body.n, &zbuf) == 0)
            gz = 1;
        char *bytes = dl_buf_detach(gz ? &zbuf : &res->body, &n);
        rs->bytes = n; /* for the log line: the body is gone after this */
        r = MHD_create_response_from_buffer(n, bytes, MHD_RESPMEM_MUST_FREE);
    }
    if (!r) {
        dl_buf_release(&zbuf);
        return MHD_NO;
    }
    for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
        MHD_add_response_header(r, security_headers[i][0], security_headers[i][1]);
    if (res->content_type && !is_304)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
    if (*etag)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, gz ? etag_gz : etag);
    if (res->last_modified) {
        dl_time_http(res->last_modified, date, sizeof date);
        MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, date);
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
                            res->cache_control ? res->cache_control : "no-cache");
    if (vary)
        MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
    if (gz && !is_304)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    if (res->location)
        MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, res->location);
    if (res->allow)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, res->allow);
    rs->status = status;
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)status, r);
    MHD_destroy_response(r);
    dl_buf_release(&zbuf);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct dl_http *h = cls;
    struct reqstate *rs = *con_cls;
    if (!rs) {
        /* First call: headers only. Answering now would make MHD close the
         * connection after the response, so wait for the next call. */
        rs = dl_xcalloc(1, sizeof *rs);
        rs->id = atomic_fetch_add(&next_id, 1);
        clock_gettime(CLOCK_MONOTONIC, &rs->start);
        snprintf(rs->method, sizeof rs->method, "%s", method);
        size_t ulen = strlen(url);
        rs->path = dl_xstrndup(url, ulen > 200 ? 200 : ulen);
        *con_cls = rs;
        return MHD_YES;
    }
    if (*upload_data_size) {
        *upload_data_size = 0; /* no route takes a body yet: discard it */
        return MHD_YES;
    }
    struct dl_buf path;
    dl_buf_init(&path, DL_PATH_MAX + 1);
    struct dl_request req = {.id = rs->id, .method = method, .conn = conn};
    const char *why = NULL;
    if (dl_http_decode_path(url, strlen(url), &path, &why) == 0)
        req.path = path.p ? path.p : "";
    else
        req.bad = why;
    struct dl_response res = {.status = 200, .fd = -1};
    dl_buf_init(&res.body, 0);
    h->fn(h->ctx, &req, &res);
    enum MHD_Result ok = send_response(conn, rs, &req, &res);
    if (res.fd >= 0)
        close(res.fd);
    dl_buf_release(&res.body);
    free(res.location);
    dl_buf_release(&path);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct reqstate *rs = *con_cls;
    if (!rs)
        return;
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    long us = (long)((end.tv_sec - rs->start.tv_sec) * 1000000L +
                     (end.tv_nsec - rs->start.tv_nsec) / 1000L);
    dl_info("req=%llu %s %s %d %zu %ldus%s", (unsigned long long)rs->id, rs->method, rs->path,
            rs->status, rs->bytes, us, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
    free(rs->path);
    free(rs);
    *con_cls = NULL;
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host)
        return DL_EINVAL;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || port < 0 || port > 65535)
        return DL_EINVAL;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    memset(ss, 0, sizeof *ss);
    if (host[0] == '[') {
        size_t hl = strlen(host);
        if (host[hl - 1] != ']')
            return DL_EINVAL;
        host[hl - 1] = '\0';
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
            return DL_EINVAL;
        *len = sizeof *a;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)ss;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)port);
        if (!strcmp(host, "localhost"))
            snprintf(host, sizeof host, "127.0.0.1");
        if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
            return DL_EINVAL;
        *len = sizeof *a;
    }
    return 0;
}

int dl_http_start(const struct dl_http_opts *o, dl_handler_fn fn, void *ctx, struct dl_http **out,
                  char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    if (parse_listen(o->listen, &ss, &sslen)) {
        snprintf(err, errlen, "listen: \"%s\" is not ADDRESS:PORT", o->listen);
        return DL_EINVAL;
    }
    struct dl_http *h = dl_xcalloc(1, sizeof *h);
    h->fn = fn;
    h->ctx = ctx;
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    h->d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads ? o->threads : 1),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)o->max_connections, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768,
        MHD_OPTION_STRICT_FOR_CLIENT, (int)1, MHD_OPTION_UNESCAPE_CALLBACK, keep_raw, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
    if (!h->d) {
        snprintf(err, errlen, "cannot listen on %s", o->listen);
        free(h);
        return DL_EIO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
    h->port = info ? info->port : 0;
    *out = h;
    return 0;
}

unsigned dl_http_port(const struct dl_http *h)
{
    return h->port;
}

void dl_http_stop(struct dl_http *h)
{
    if (!h)
        return;
    MHD_stop_daemon(h->d);
    free(h);
}
