/* buf.c: growable byte buffers and aborting allocators (see buf.h). */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

void *dl_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("dateline: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *dl_xcalloc(size_t nmemb, size_t size)
{
    void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
    if (!p) {
        fputs("dateline: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *dl_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fputs("dateline: out of memory\n", stderr);
        abort();
    }
    return p;
}

char *dl_xstrdup(const char *s)
{
    return dl_xstrndup(s, strlen(s));
}

char *dl_xstrndup(const char *s, size_t n)
{
    char *p = dl_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void dl_buf_init(struct dl_buf *b, size_t max)
{
    b->p = NULL;
    b->n = 0;
    b->cap = 0;
    b->max = max ? max : DL_BUF_DEFAULT_MAX;
}

void dl_buf_release(struct dl_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

void dl_buf_reset(struct dl_buf *b)
{
    b->n = 0;
    if (b->p)
        b->p[0] = '\0';
}

static int grow(struct dl_buf *b, size_t extra)
{
    if (extra > b->max || b->n > b->max - extra)
        return DL_ETOOBIG;
    size_t need = b->n + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    b->p = dl_xrealloc(b->p, cap);
    b->cap = cap;
    return 0;
}

int dl_buf_append(struct dl_buf *b, const void *p, size_t n)
{
    int rc = grow(b, n);
    if (rc)
        return rc;
    if (n)
        memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = '\0';
    return 0;
}

int dl_buf_puts(struct dl_buf *b, const char *s)
{
    return dl_buf_append(b, s, strlen(s));
}

int dl_buf_putc(struct dl_buf *b, char c)
{
    return dl_buf_append(b, &c, 1);
}

int dl_buf_vprintf(struct dl_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int len = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (len < 0)
        return DL_EINVAL;
    int rc = grow(b, (size_t)len);
    if (rc)
        return rc;
    vsnprintf(b->p + b->n, (size_t)len + 1, fmt, ap);
    b->n += (size_t)len;
    return 0;
}

int dl_buf_printf(struct dl_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = dl_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

char *dl_buf_detach(struct dl_buf *b, size_t *n)
{
    if (!b->p) {
        grow(b, 0);
        b->p[0] = '\0';
    }
    char *p = b->p;
    if (n)
        *n = b->n;
    b->p = NULL;
    b->n = b->cap = 0;
    return p;
}
