/* test-http.c: the HTTP layer (http/server.h): request path decoding, then a
 * real server on a free loopback port driven with raw sockets: security
 * headers, conditional GET, gzip, HEAD, keep-alive and bad requests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <zlib.h>

#include "core/error.h"
#include "core/timefmt.h"
#include "http/server.h"

/* ---- dl_http_decode_path ---- */

/* Decodes in; returns the code and, on success, checks the output. */
static int decode(const char *in, size_t n, const char *want, size_t want_n)
{
    struct dl_buf out;
    const char *why = NULL;
    dl_buf_init(&out, DL_PATH_MAX + 1);
    int rc = dl_http_decode_path(in, n, &out, &why);
    if (rc == 0) {
        assert_null(why);
        assert_int_equal(out.n, want_n);
        assert_memory_equal(out.p ? out.p : "", want, want_n);
    } else {
        assert_non_null(why);
        assert_true(strlen(why) > 0);
    }
    dl_buf_release(&out);
    return rc;
}

#define DECODE_OK(in, want) assert_int_equal(decode(in, strlen(in), want, strlen(want)), 0)
#define DECODE_ERR(in, code) assert_int_equal(decode(in, strlen(in), NULL, 0), code)

static void test_decode_ok(void **state)
{
    DECODE_OK("/", "/");
    DECODE_OK("", "");
    DECODE_OK("/a%20b", "/a b");
    DECODE_OK("/national/north-korea", "/national/north-korea");
    DECODE_OK("/%41%62%7e", "/Ab~");
    DECODE_OK("/%2f", "//");
    DECODE_OK("/tag/%ED%95%9C%EA%B5%AD", "/tag/한국");
    DECODE_OK("/tag/%ed%95%9c", "/tag/한");
    DECODE_OK("/tag/한국", "/tag/한국"); /* raw UTF-8 is fine too */
    DECODE_OK("/x%25", "/x%");          /* an escaped percent stays literal */
    DECODE_OK("/x%2541", "/x%41");      /* decoded once only */
}

static void test_decode_bad(void **state)
{
    DECODE_ERR("/%00", DL_EINVAL);
    DECODE_ERR("/a%00b", DL_EINVAL);
    DECODE_ERR("/%zz", DL_EINVAL);
    DECODE_ERR("/%g1", DL_EINVAL);
    DECODE_ERR("/%4", DL_EINVAL);
    DECODE_ERR("/%", DL_EINVAL);
    DECODE_ERR("/%C3%28", DL_EINVAL); /* bad UTF-8 after decoding */
    DECODE_ERR("/%C0%AF", DL_EINVAL); /* overlong '/' */
    DECODE_ERR("/%ED%A0%80", DL_EINVAL);
    DECODE_ERR("/\xC3\x28", DL_EINVAL);
    DECODE_ERR("/a\tb", DL_EINVAL);
    DECODE_ERR("/a\nb", DL_EINVAL);
    DECODE_ERR("/a\x7f", DL_EINVAL);
    DECODE_ERR("/a\x01", DL_EINVAL);
    assert_int_equal(decode("/a\0b", 4, NULL, 0), DL_EINVAL); /* a raw NUL */
}

static void test_decode_length(void **state)
{
    char *p = malloc(DL_PATH_MAX + 2);
    p[0] = '/';
    memset(p + 1, 'a', DL_PATH_MAX + 1);
    /* exactly DL_PATH_MAX bytes is allowed */
    assert_int_equal(decode(p, DL_PATH_MAX, p, DL_PATH_MAX), 0);
    assert_int_equal(decode(p, DL_PATH_MAX + 1, NULL, 0), DL_ETOOBIG);
    free(p);
}

/* ---- a live server ---- */

#define LAST_MOD ((time_t)1760245020) /* 2025-10-12T04:57:00Z */
#define BODY_LEN 2048

static char page[BODY_LEN + 1];
static struct dl_http *server;
static unsigned port;

static void handler(void *ctx, const struct dl_request *req, struct dl_response *res)
{
    if (req->bad) {
        assert_null(req->path);
        res->status = 400;
        res->content_type = "text/plain; charset=utf-8";
        dl_buf_printf(&res->body, "bad request: %s\n", req->bad);
        return;
    }
    assert_non_null(req->path);
    assert_true(req->id > 0);
    if (!strcmp(req->path, "/")) {
        res->content_type = "text/html; charset=utf-8";
        dl_buf_append(&res->body, page, BODY_LEN);
        res->last_modified = LAST_MOD;
    } else if (!strncmp(req->path, "/echo", 5)) {
        const char *q = dl_request_query(req, "q");
        const char *h = dl_request_header(req, "X-Test");
        res->content_type = "text/plain; charset=utf-8";
        res->no_etag = 1;
        dl_buf_printf(&res->body, "%s %s q=%s h=%s", req->method, req->path, q ? q : "-",
                      h ? h : "-");
    } else {
        res->status = 404;
        res->content_type = "text/plain; charset=utf-8";
        dl_buf_puts(&res->body, "not found");
    }
}

static int setup_server(void **state)
{
    static const char words[] = "<p>North Korea's leader visits Beijing. 북한 지도자 방문.</p>\n";
    size_t n = 0;
    while (n < BODY_LEN) {
        size_t k = sizeof words - 1 < BODY_LEN - n ? sizeof words - 1 : BODY_LEN - n;
        memcpy(page + n, words, k);
        n += k;
    }
    page[BODY_LEN] = '\0';

    struct dl_http_opts o = {"127.0.0.1:0", 2, 5, 16};
    char err[256] = "";
    if (dl_http_start(&o, handler, NULL, &server, err, sizeof err)) {
        fprintf(stderr, "dl_http_start: %s\n", err);
        return -1;
    }
    port = dl_http_port(server);
    return port ? 0 : -1;
}

static int teardown_server(void **state)
{
    dl_http_stop(server);
    server = NULL;
    return 0;
}

static int connect_server(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

static void send_all(int fd, const char *s)
{
    size_t n = strlen(s);
    while (n) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
        assert_true(w > 0);
        s += w;
        n -= (size_t)w;
    }
}

struct reply {
    int status;
    char *head; /* status line and headers, NUL-terminated */
    char *body;
    size_t body_n;
};

static void reply_release(struct reply *r)
{
    free(r->head);
    free(r->body);
    memset(r, 0, sizeof *r);
}

/* The value of header name in r (case-insensitive), copied into out; NULL if absent. */
static const char *header(const struct reply *r, const char *name, char *out, size_t outn)
{
    size_t nl = strlen(name);
    for (const char *p = strstr(r->head, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n")) {
        const char *line = p + 2;
        if (!strncasecmp(line, name, nl) && line[nl] == ':') {
            const char *v = line + nl + 1;
            while (*v == ' ')
                v++;
            const char *end = strstr(v, "\r\n");
            size_t vn = end ? (size_t)(end - v) : strlen(v);
            if (vn >= outn)
                vn = outn - 1;
            memcpy(out, v, vn);
            out[vn] = '\0';
            return out;
        }
    }
    return NULL;
}

/* Reads one response from fd. With a Content-Length, reads exactly that
 * (none for HEAD or 304); without one, reads to the end of the stream. */
static void read_reply(int fd, int head_only, struct reply *r)
{
    char *buf = NULL;
    size_t n = 0, cap = 0;
    char *end = NULL;
    memset(r, 0, sizeof *r);
    while (!end) {
        if (cap - n < 4096) {
            cap = cap ? cap * 2 : 8192;
            buf = realloc(buf, cap + 1);
        }
        ssize_t got = recv(fd, buf + n, 1, 0); /* one byte: do not eat the next reply */
        if (got <= 0)
            fail_msg("connection closed before the end of the headers");
        n += (size_t)got;
        buf[n] = '\0';
        end = n >= 4 ? strstr(buf + n - 4, "\r\n\r\n") : NULL;
    }
    size_t hn = (size_t)(end - buf) + 2;
    r->head = strndup(buf, hn);
    free(buf);
    assert_int_equal(sscanf(r->head, "HTTP/1.1 %d ", &r->status), 1);

    char v[64];
    int fixed = header(r, "Content-Length", v, sizeof v) != NULL;
    size_t want = fixed ? strtoul(v, NULL, 10) : SIZE_MAX;
    if (head_only || r->status == 304)
        want = 0;
    r->body = malloc(want == SIZE_MAX ? 65536 : want + 1);
    size_t bcap = want == SIZE_MAX ? 65536 : want + 1;
    while (r->body_n < want) {
        if (r->body_n + 1 >= bcap) {
            bcap *= 2;
            r->body = realloc(r->body, bcap);
        }
        size_t room = bcap - 1 - r->body_n;
        if (want != SIZE_MAX && want - r->body_n < room)
            room = want - r->body_n;
        ssize_t got = recv(fd, r->body + r->body_n, room, 0);
        if (got <= 0) {
            if (want == SIZE_MAX)
                break;
            fail_msg("connection closed after %zu of %zu body bytes", r->body_n, want);
        }
        r->body_n += (size_t)got;
    }
    r->body[r->body_n] = '\0';
}

/* Sends one request on a new connection and reads the reply; then checks
 * the server sends nothing more and closes (Connection: close). */
static void request(const char *req, int head_only, struct reply *r)
{
    int fd = connect_server();
    send_all(fd, req);
    read_reply(fd, head_only, r);
    char extra[16];
    ssize_t got = recv(fd, extra, sizeof extra, 0);
    if (got > 0)
        fail_msg("%zd unexpected bytes after the response", got);
    close(fd);
}

static void assert_header(const struct reply *r, const char *name, const char *want)
{
    char v[512];
    if (!header(r, name, v, sizeof v))
        fail_msg("no %s header in:\n%s", name, r->head);
    assert_string_equal(v, want);
}

static void assert_security_headers(const struct reply *r)
{
    char v[512];
    assert_non_null(header(r, "Content-Security-Policy", v, sizeof v));
    assert_non_null(strstr(v, "default-src 'self'"));
    assert_non_null(strstr(v, "object-src 'none'"));
    assert_header(r, "X-Content-Type-Options", "nosniff");
    assert_non_null(header(r, "Referrer-Policy", v, sizeof v));
    assert_true(strlen(v) > 0);
}

static void test_get_200(void **state)
{
    struct reply r;
    char v[256], date[64];
    request("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 0, &r);
    assert_int_equal(r.status, 200);
    assert_header(&r, "Content-Type", "text/html; charset=utf-8");
    dl_time_http(LAST_MOD, date, sizeof date);
    assert_header(&r, "Last-Modified", date);
    assert_header(&r, "Last-Modified", "Sun, 12 Oct 2025 04:57:00 GMT");
    assert_non_null(header(&r, "ETag", v, sizeof v));
    assert_true(strlen(v) > 2 && v[0] == '"' && v[strlen(v) - 1] == '"');
    assert_header(&r, "Content-Length", "2048");
    assert_null(header(&r, "Content-Encoding", v, sizeof v)); /* not asked for gzip */
    assert_security_headers(&r);
    assert_int_equal(r.body_n, BODY_LEN);
    assert_memory_equal(r.body, page, BODY_LEN);
    reply_release(&r);

    /* the same bytes give the same ETag */
    char etag1[128], etag2[128];
    request("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 0, &r);
    header(&r, "ETag", etag1, sizeof etag1);
    reply_release(&r);
    request("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 0, &r);
    header(&r, "ETag", etag2, sizeof etag2);
    reply_release(&r);
    assert_string_equal(etag1, etag2);
}

static void test_other_statuses_have_security_headers(void **state)
{
    struct reply r;
    request("GET /nowhere HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 0, &r);
    assert_int_equal(r.status, 404);
    assert_security_headers(&r);
    assert_string_equal(r.body, "not found");
    reply_release(&r);
}

static void test_if_none_match(void **state)
{
    struct reply r;
    char etag[128], req[512], v[128];
    request("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 0, &r);
    assert_non_null(header(&r, "ETag", etag, sizeof etag));
    reply_release(&r);

    snprintf(req, sizeof req,
             "GET / HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: %s\r\nConnection: close\r\n\r\n",
             etag);
    request(req, 0, &r); /* request() fails if any body byte follows the headers */
    assert_int_equal(r.status, 304);
    assert_int_equal(r.body_n, 0);
    assert_header(&r, "ETag", etag);
    if (header(&r, "Content-Length", v, sizeof v))
        assert_string_equal(v, "0");
    reply_release(&r);

    /* in a list, and weak */
    snprintf(req, sizeof req,
             "GET / HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: \"nope\", W/%s\r\n"
             "Connection: close\r\n\r\n",
             etag);
    request(req, 0, &r);
    assert_int_equal(r.status, 304);
    reply_release(&r);

    /* another ETag: the full page */
    request("GET / HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: \"0000000000000000\"\r\n"
            "Connection: close\r\n\r\n",
            0, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body_n, BODY_LEN);
    reply_release(&r);
}

static void test_if_modified_since(void **state)
{
    struct reply r;
    request("GET / HTTP/1.1\r\nHost: localhost\r\n"
            "If-Modified-Since: Sun, 12 Oct 2025 04:57:00 GMT\r\nConnection: close\r\n\r\n",
            0, &r);
    assert_int_equal(r.status, 304);
    assert_int_equal(r.body_n, 0);
    reply_release(&r);

    /* later than Last-Modified: still not modified */
    request("GET / HTTP/1.1\r\nHost: localhost\r\n"
            "If-Modified-Since: Mon, 13 Oct 2025 00:00:00 GMT\r\nConnection: close\r\n\r\n",
            0, &r);
    assert_int_equal(r.status, 304);
    reply_release(&r);

    /* one second earlier: modified since */
    request("GET / HTTP/1.1\r\nHost: localhost\r\n"
            "If-Modified-Since: Sun, 12 Oct 2025 04:56:59 GMT\r\nConnection: close\r\n\r\n",
            0, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body_n, BODY_LEN);
    reply_release(&r);

    /* an unparsable date is ignored */
    request("GET / HTTP/1.1\r\nHost: localhost\r\n"
            "If-Modified-Since: yesterday\r\nConnection: close\r\n\r\n",
            0, &r);
    assert_int_equal(r.status, 200);
    reply_release(&r);
}

static void test_gzip(void **state)
{
    struct reply r;
    char v[128];
    request("GET / HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: br, gzip\r\n"
            "Connection: close\r\n\r\n",
            0, &r);
    assert_int_equal(r.status, 200);
    assert_header(&r, "Content-Encoding", "gzip");
    assert_non_null(header(&r, "Vary", v, sizeof v));
    assert_non_null(strstr(v, "Accept-Encoding"));
    assert_true(r.body_n > 0 && r.body_n < BODY_LEN); /* repetitive text compresses */

    unsigned char out[BODY_LEN * 2];
    z_stream z = {0};
    assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = (Bytef *)r.body;
    z.avail_in = (uInt)r.body_n;
    z.next_out = out;
    z.avail_out = sizeof out;
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    assert_int_equal(z.total_out, BODY_LEN);
    assert_memory_equal(out, page, BODY_LEN);
    inflateEnd(&z);
    reply_release(&r);
}

static void test_head(void **state)
{
    struct reply r;
    char v[128];
    request("HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 1, &r);
    assert_int_equal(r.status, 200);
    assert_header(&r, "Content-Length", "2048");
    assert_header(&r, "Content-Type", "text/html; charset=utf-8");
    assert_non_null(header(&r, "ETag", v, sizeof v));
    assert_security_headers(&r);
    assert_int_equal(r.body_n, 0); /* and request() saw no bytes after the headers */
    reply_release(&r);
}

static void test_keep_alive(void **state)
{
    struct reply r1, r2;
    int fd = connect_server();
    send_all(fd, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    read_reply(fd, 0, &r1);
    assert_int_equal(r1.status, 200);
    assert_int_equal(r1.body_n, BODY_LEN);
    char v[64];
    if (header(&r1, "Connection", v, sizeof v))
        assert_int_not_equal(strcasecmp(v, "close"), 0);
    /* the second request on the same connection */
    send_all(fd, "GET /echo?q=2 HTTP/1.1\r\nHost: localhost\r\nX-Test: again\r\n\r\n");
    read_reply(fd, 0, &r2);
    assert_int_equal(r2.status, 200);
    assert_string_equal(r2.body, "GET /echo q=2 h=again");
    assert_null(header(&r2, "ETag", v, sizeof v)); /* no_etag */
    close(fd);
    reply_release(&r1);
    reply_release(&r2);
}

static void test_request_lookups(void **state)
{
    struct reply r;
    request("GET /echo/%ED%95%9C%EA%B5%AD?q=a%20b&z=1 HTTP/1.1\r\nHost: localhost\r\n"
            "X-Test: hello\r\nConnection: close\r\n\r\n",
            0, &r);
    assert_int_equal(r.status, 200);
    /* the path is decoded, the query value is left raw */
    assert_string_equal(r.body, "GET /echo/한국 q=a%20b h=hello");
    reply_release(&r);
}

/* Reads from fd until the server closes it; returns the bytes (free them). */
static char *read_to_close(int fd, size_t *n)
{
    size_t cap = 4096;
    char *buf = malloc(cap + 1);
    *n = 0;
    for (;;) {
        if (*n == cap)
            buf = realloc(buf, (cap *= 2) + 1);
        ssize_t got = recv(fd, buf + *n, cap - *n, 0);
        if (got <= 0)
            break;
        *n += (size_t)got;
    }
    buf[*n] = '\0';
    return buf;
}

static void test_missing_host(void **state)
{
    /* libmicrohttpd answers this itself (its 0.9.75 repeats the header block
     * of this error reply, so only the status line and the close are checked) */
    size_t n;
    int fd = connect_server();
    send_all(fd, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    char *got = read_to_close(fd, &n);
    close(fd);
    assert_true(n > 12);
    assert_int_equal(strncmp(got, "HTTP/1.1 400 ", 13), 0);
    assert_null(strstr(got, "North Korea")); /* the page was not served */
    free(got);

    /* HTTP/1.0 needs no Host */
    fd = connect_server();
    send_all(fd, "GET / HTTP/1.0\r\n\r\n");
    got = read_to_close(fd, &n);
    close(fd);
    assert_int_equal(strncmp(got + 9, "200", 3), 0);
    assert_non_null(strstr(got, "North Korea"));
    free(got);
}

static void test_bad_path_is_400(void **state)
{
    static const char *const bad[] = {"/%00", "/a%zz", "/%C3%28", "/%4"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct reply r;
        char req[256];
        snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                 bad[i]);
        request(req, 0, &r);
        if (r.status != 400)
            fail_msg("%s gave %d", bad[i], r.status);
        assert_non_null(strstr(r.body, "bad request: "));
        assert_security_headers(&r);
        reply_release(&r);
    }
    /* the connection stays usable after a 400 from the handler */
    struct reply r1, r2;
    int fd = connect_server();
    send_all(fd, "GET /%00 HTTP/1.1\r\nHost: localhost\r\n\r\n");
    read_reply(fd, 0, &r1);
    assert_int_equal(r1.status, 400);
    send_all(fd, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    read_reply(fd, 0, &r2);
    assert_int_equal(r2.status, 200);
    close(fd);
    reply_release(&r1);
    reply_release(&r2);
}

/* One log line per request on stderr, with method, path, status and bytes. */
static void test_log_line(void **state)
{
    char path[] = "/tmp/dl-test-http-log-XXXXXX", text[8192];
    int lf = mkstemp(path);
    assert_true(lf >= 0);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    dup2(lf, STDERR_FILENO);
    struct reply r;
    request("GET /log-check HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 0, &r);
    int found = 0;
    /* the line is written when the server finishes the request: wait for it */
    for (int i = 0; i < 200 && !found; i++) {
        ssize_t n = pread(lf, text, sizeof text - 1, 0);
        text[n > 0 ? n : 0] = '\0';
        found = strstr(text, " GET /log-check 404 9 ") != NULL;
        if (!found)
            usleep(10000);
    }
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(lf);
    unlink(path);
    assert_int_equal(r.status, 404);
    reply_release(&r);
    if (!found)
        fail_msg("no log line \"GET /log-check 404 9\" in: %s", text);
    assert_non_null(strstr(text, "req="));
}

static void test_start_errors(void **state)
{
    struct dl_http *h = NULL;
    char err[256] = "";
    struct dl_http_opts o = {"not-an-address", 1, 5, 4};
    assert_int_equal(dl_http_start(&o, handler, NULL, &h, err, sizeof err), DL_EINVAL);
    assert_non_null(strstr(err, "not-an-address"));
    o.listen = "127.0.0.1:99999";
    assert_int_equal(dl_http_start(&o, handler, NULL, &h, err, sizeof err), DL_EINVAL);
    o.listen = "127.0.0.1:";
    assert_int_equal(dl_http_start(&o, handler, NULL, &h, err, sizeof err), DL_EINVAL);
    o.listen = "300.1.1.1:80";
    assert_int_equal(dl_http_start(&o, handler, NULL, &h, err, sizeof err), DL_EINVAL);
    assert_null(h);
    /* a port another socket is listening on cannot be bound */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    socklen_t alen = sizeof a;
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(fd, 4), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
    char busy[64];
    snprintf(busy, sizeof busy, "127.0.0.1:%u", (unsigned)ntohs(a.sin_port));
    o.listen = busy;
    int rc = dl_http_start(&o, handler, NULL, &h, err, sizeof err);
    close(fd);
    if (rc == 0)
        dl_http_stop(h);
    assert_int_equal(rc, DL_EIO);
    assert_non_null(strstr(err, busy));
    dl_http_stop(NULL); /* harmless */
}

int main(void)
{
    const struct CMUnitTest decode_tests[] = {
        cmocka_unit_test(test_decode_ok),
        cmocka_unit_test(test_decode_bad),
        cmocka_unit_test(test_decode_length),
    };
    const struct CMUnitTest server_tests[] = {
        cmocka_unit_test(test_get_200),
        cmocka_unit_test(test_other_statuses_have_security_headers),
        cmocka_unit_test(test_if_none_match),
        cmocka_unit_test(test_if_modified_since),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_head),
        cmocka_unit_test(test_keep_alive),
        cmocka_unit_test(test_request_lookups),
        cmocka_unit_test(test_missing_host),
        cmocka_unit_test(test_bad_path_is_400),
        cmocka_unit_test(test_log_line),
        cmocka_unit_test(test_start_errors),
    };
    int failed = cmocka_run_group_tests_name("http decode", decode_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("http server", server_tests, setup_server,
                                          teardown_server);
    return failed;
}
