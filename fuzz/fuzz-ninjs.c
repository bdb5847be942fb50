/* fuzz-ninjs.c: libFuzzer target for the ninjs parser (ingest/ninjs.h), which
 * reads wire feeds: any bytes in, a parsed doc or an error out, never a crash. */
#include <stddef.h>
#include <stdint.h>

#include "ingest/ninjs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dl_ninjs_doc doc;
    char err[256];
    if (dl_ninjs_parse((const char *)data, size, &doc, err, sizeof err) == 0)
        dl_ninjs_doc_release(&doc);
    return 0;
}
