/* sanitize.h: turns untrusted HTML (wire copy bodies) into safe HTML built
 * from an allow-list of elements and attributes, using libxml2's HTML parser. */
#ifndef DL_SANITIZE_H
#define DL_SANITIZE_H

#include <stddef.h>

#include "core/buf.h"

/* Parses html (n bytes, UTF-8) and appends the sanitized markup to out.
 * A whole document contributes only its <body>'s content. Elements not on
 * the allow-list are dropped with their content if they are script-like
 * (script, style, iframe, object, embed, template, noscript...), otherwise
 * unwrapped (their children are kept). Only allow-listed attributes survive;
 * href/src must be http, https, mailto, or relative; never javascript:,
 * data:, vbscript:. Output is well-formed HTML5 (void elements unclosed).
 * Returns 0, DL_EUTF8 for invalid UTF-8, DL_ETOOBIG if out's cap is reached,
 * DL_EINVAL if the parser fails. */
int dl_sanitize_html(const char *html, size_t n, struct dl_buf *out);

/* Appends text/plain as HTML paragraphs: blank lines separate paragraphs,
 * single newlines become <br>; text is escaped. */
int dl_plain_to_html(const char *text, size_t n, struct dl_buf *out);

#endif
