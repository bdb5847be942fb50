/* fuzz-config.c: libFuzzer target for the config setters (core/config.h):
 * input "name=value" (split at the first '='; without one, all of it is the
 * name and the value is empty), both passed as NUL-terminated copies, as the
 * config file, the environment and the command line do. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    const char *eq = memchr(in, '=', size);
    size_t nn = eq ? (size_t)(eq - in) : size;
    char *name = dl_xstrndup(in, nn);
    char *value = eq ? dl_xstrndup(eq + 1, size - nn - 1) : dl_xstrdup("");
    struct dl_config cfg;
    char err[256];
    dl_config_init(&cfg);
    dl_config_set(&cfg, name, value, err, sizeof err);
    /* a small errlen must truncate, not overflow */
    dl_config_set(&cfg, name, value, err, 8);
    dl_config_release(&cfg);
    free(name);
    free(value);
    return 0;
}
