/* escape.h: HTML text, HTML attribute and URL escaping, separate on purpose. */
#ifndef DL_ESCAPE_H
#define DL_ESCAPE_H

#include <stddef.h>

#include "core/buf.h"

/* Appends s with & < > " ' escaped (safe in text and in quoted attributes).
 * Returns 0 or DL_ETOOBIG. */
int dl_html_escape(struct dl_buf *out, const char *s, size_t n);
/* Appends s percent-encoded for a URL path segment or query value
 * (unreserved characters kept). Returns 0 or DL_ETOOBIG. */
int dl_url_escape(struct dl_buf *out, const char *s, size_t n);
/* Appends s escaped for a JSON string body (no quotes added), safe inside an
 * HTML <script> element ("</" and "<!--" cannot appear). */
int dl_json_escape(struct dl_buf *out, const char *s, size_t n);

#endif
