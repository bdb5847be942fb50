/* escape.c: HTML, URL and JSON-in-HTML escaping (see escape.h). */
#include "core/escape.h"

#include <stdio.h>

int dl_html_escape(struct dl_buf *out, const char *s, size_t n)
{
    size_t start = 0;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        rc = dl_buf_append(out, s + start, i - start);
        if (!rc)
            rc = dl_buf_puts(out, rep);
        start = i + 1;
    }
    if (!rc)
        rc = dl_buf_append(out, s + start, n - start);
    return rc;
}

int dl_url_escape(struct dl_buf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            rc = dl_buf_putc(out, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            rc = dl_buf_append(out, e, 3);
        }
    }
    return rc;
}

int dl_json_escape(struct dl_buf *out, const char *s, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': rc = dl_buf_puts(out, "\\\""); break;
        case '\\': rc = dl_buf_puts(out, "\\\\"); break;
        case '\n': rc = dl_buf_puts(out, "\\n"); break;
        case '\r': rc = dl_buf_puts(out, "\\r"); break;
        case '\t': rc = dl_buf_puts(out, "\\t"); break;
        case '<': rc = dl_buf_puts(out, "\\u003c"); break;
        case '>': rc = dl_buf_puts(out, "\\u003e"); break;
        case '&': rc = dl_buf_puts(out, "\\u0026"); break;
        default:
            if (c < 0x20)
                rc = dl_buf_printf(out, "\\u%04x", c);
            else
                rc = dl_buf_putc(out, (char)c);
        }
    }
    return rc;
}
