/* buf.h: growable byte buffers with a size cap, and length-carrying string views.
 * Output of every module (pages, escaped text, SQL results copied out) is built here. */
#ifndef DL_BUF_H
#define DL_BUF_H

#include <stdarg.h>
#include <stddef.h>

/* A borrowed string with its length; p need not be NUL-terminated. */
struct dl_str {
    const char *p;
    size_t n;
};

#define DL_STR(lit) ((struct dl_str){(lit), sizeof(lit) - 1})

/* A growable buffer. p is always NUL-terminated after any successful call
 * (the NUL is not counted in n). max caps n: an append that would pass it
 * fails with DL_ETOOBIG and leaves the buffer as it was. max == 0 means
 * DL_BUF_DEFAULT_MAX. The caller owns the struct; dl_buf_release frees p. */
struct dl_buf {
    char *p;
    size_t n;
    size_t cap;
    size_t max;
};

#define DL_BUF_DEFAULT_MAX ((size_t)64 << 20)

void dl_buf_init(struct dl_buf *b, size_t max);
void dl_buf_release(struct dl_buf *b);
/* Empties the buffer, keeping its memory. */
void dl_buf_reset(struct dl_buf *b);
/* Each returns 0 or DL_ETOOBIG. */
int dl_buf_append(struct dl_buf *b, const void *p, size_t n);
int dl_buf_puts(struct dl_buf *b, const char *s);
int dl_buf_putc(struct dl_buf *b, char c);
int dl_buf_printf(struct dl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int dl_buf_vprintf(struct dl_buf *b, const char *fmt, va_list ap);
/* Hands the bytes to the caller (free() them) and leaves b empty. */
char *dl_buf_detach(struct dl_buf *b, size_t *n);

/* Allocation that aborts on out-of-memory: callers never test for NULL. */
void *dl_xmalloc(size_t n);
void *dl_xcalloc(size_t nmemb, size_t size);
void *dl_xrealloc(void *p, size_t n);
char *dl_xstrdup(const char *s);
char *dl_xstrndup(const char *s, size_t n);

#endif
