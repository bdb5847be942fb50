/* slug.c: URL slugs (see slug.h). */
#include "core/slug.h"

#include <string.h>

int dl_slugify(struct dl_buf *out, const char *s, size_t max, const char *fallback)
{
    size_t start = out->n, last_word_end = start;
    int pending_dash = 0, cut = 0, rc = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && !rc; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (pending_dash && out->n > start) {
                last_word_end = out->n;
                if (out->n - start + 1 >= max)
                    break;
                rc = dl_buf_putc(out, '-');
            }
            pending_dash = 0;
            if (out->n - start >= max) {
                cut = 1; /* mid-word: go back to the last word end below */
                break;
            }
            if (!rc)
                rc = dl_buf_putc(out, (char)c);
        } else if (c == '\'') {
            /* apostrophes join: "Korea's" -> "koreas" */
        } else if (c == 0xE2 && p[1] == 0x80 && p[2] == 0x99) {
            p += 2; /* U+2019, the typographic apostrophe */
        } else {
            pending_dash = 1;
        }
    }
    if (rc)
        return rc;
    if (cut && last_word_end > start) {
        out->n = last_word_end;
        out->p[out->n] = '\0';
    }
    while (out->n > start && out->p[out->n - 1] == '-')
        out->p[--out->n] = '\0';
    if (out->n == start)
        return dl_buf_puts(out, fallback);
    return 0;
}
