/* fuzz-mustache.c: libFuzzer target for the Mustache compiler and renderer
 * (tmpl/mustache.h). Input is "template\0json context" (no NUL: all template,
 * empty context). Rendering is capped at 1 MiB: a bigger output must be
 * DL_ETOOBIG with the buffer left as it was, never a crash. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/error.h"
#include "tmpl/mustache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *src = (const char *)data;
    const char *nul = memchr(src, '\0', size);
    size_t tn = nul ? (size_t)(nul - src) : size;
    json_t *ctx = NULL;
    if (nul)
        ctx = json_loadb(nul + 1, size - tn - 1, JSON_DECODE_ANY, NULL);

    struct dl_tmpl *t;
    char err[256];
    if (dl_tmpl_new(&t))
        abort();
    /* The template is also its own partial ("{{>t}}"), so partial recursion is reached. */
    if (dl_tmpl_add(t, "t", src, tn, err, sizeof err) == 0) {
        struct dl_buf b;
        dl_buf_init(&b, 1 << 20);
        int rc = dl_tmpl_render(t, "t", ctx, &b);
        if (rc != 0 && rc != DL_ETOOBIG && rc != DL_EINVAL)
            abort();
        if (rc != 0 && b.n != 0)
            abort();
        if (b.n > b.max)
            abort();
        dl_buf_release(&b);
    }
    dl_tmpl_free(t);
    json_decref(ctx);
    return 0;
}
