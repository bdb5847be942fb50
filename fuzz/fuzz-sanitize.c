/* fuzz-sanitize.c: libFuzzer target for the HTML sanitizer and the text/plain
 * converter (ingest/sanitize.h), which turn wire copy bodies into page HTML. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <libxml/parser.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/utf8.h"
#include "ingest/sanitize.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    xmlInitParser();
    return 0;
}

/* Runs one converter into a capped buffer holding a prefix, and checks the
 * documented contract: on error the buffer is left as it was; on success the
 * appended bytes are valid UTF-8. */
static void check(int (*fn)(const char *, size_t, struct dl_buf *), const char *in, size_t n)
{
    static const char prefix[] = "<article>\n";
    struct dl_buf b;
    dl_buf_init(&b, 1 << 20);
    if (dl_buf_append(&b, prefix, sizeof prefix - 1))
        abort();
    int rc = fn(in, n, &b);
    if (rc) {
        if (b.n != sizeof prefix - 1)
            abort();
    } else if (!dl_utf8_valid(b.p, b.n)) {
        abort();
    }
    dl_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check(dl_sanitize_html, (const char *)data, size);
    check(dl_plain_to_html, (const char *)data, size);
    return 0;
}
