/* fuzz-path.c: libFuzzer target for the request-path decoder (http/server.h):
 * on success the decoded path must be valid UTF-8 without NUL bytes, as
 * handlers rely on (struct dl_request.path). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "http/server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dl_buf b;
    const char *why = NULL;
    dl_buf_init(&b, 0);
    int rc = dl_http_decode_path((const char *)data, size, &b, &why);
    if (rc == 0) {
        const char *p = b.p ? b.p : "";
        if (!dl_utf8_valid(p, b.n) || memchr(p, '\0', b.n) || b.n > size)
            abort();
    } else if (!why) {
        abort();
    }
    dl_buf_release(&b);
    return 0;
}
