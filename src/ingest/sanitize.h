/* sanitize.h: turns untrusted HTML (wire copy bodies) into safe HTML built
 * from an allow-list of elements and attributes, using libxml2's HTML parser. */
#ifndef DL_SANITIZE_H
#define DL_SANITIZE_H

#include <stddef.h>

#include "core/buf.h"

/* Parses html (n bytes, UTF-8) and appends the sanitized markup to out.
 *
 * Elements kept (all attributes dropped unless listed):
 *   p br hr h2-h6 blockquote q cite ul ol li dl dt dd strong b em i u s sub
 *   sup small mark abbr[title] code pre a[href title] figure figcaption
 *   img[src alt width height] table thead tbody tfoot tr th[colspan rowspan
 *   scope] td[colspan rowspan] caption span.
 * Dropped with their content: script style iframe object embed applet
 *   template noscript noembed form input button select option textarea svg
 *   math link meta base head title frame frameset noframes audio video
 *   source track canvas dialog.
 * Anything else (html, body, div, section, font...) is unwrapped: its
 *   children are kept. A whole document thus contributes only its body's
 *   content. Comments are dropped.
 *
 * URLs (href, src): surrounding whitespace and ASCII control characters
 * are removed; the scheme, compared without case, must be http, https,
 * mailto or absent (relative), otherwise the attribute is dropped; an a
 * without a usable href is unwrapped, an img without a usable src dropped.
 * Spaces, quotes, < > ` { } | \ ^ and a % not starting an escape are
 * percent-encoded. target and rel are never written.
 * width/height: digits only (at most 6); colspan 1-1000, rowspan clamped
 * to the rows left in its row group (at most 256), scope row/col/rowgroup/
 * colgroup; invalid values are dropped. img always gets an alt ("" if none).
 *
 * The output is valid HTML5 inside an <article> (checked with the Nu HTML
 * checker on fuzzed input): h1 becomes h2 and heading levels are renumbered
 * so none is skipped (the page's h1 being the headline); block elements
 * inside phrasing content (p in p, figure in p, ul in a...) and nested a are
 * unwrapped; stray li/dt/dd/tr/td are unwrapped; text or inline content
 * directly in ul/ol/dl/table/tr gets an implied li/dd/tr/td; dl groups get
 * an empty dt/dd if one is missing; an empty tr gets an empty td; colspans
 * are kept only in tables whose layout the checker accepts; nesting deeper
 * than 100 elements is unwrapped; C1 controls and noncharacters are removed.
 * Text and attribute values are escaped with dl_html_escape. Void elements
 * are written <br>, <hr>, <img ...>; <pre> is followed by a newline (which
 * HTML parsers drop) so its own leading newline survives.
 *
 * Returns 0 (empty or blank input appends nothing), DL_EUTF8 for invalid
 * UTF-8 (NUL included), DL_ETOOBIG if out's cap is reached, DL_EINVAL if the
 * parser fails. On error out is left as it was. libxml2 must have been
 * initialised (xmlInitParser) before threads call this. */
int dl_sanitize_html(const char *html, size_t n, struct dl_buf *out);

/* Appends text/plain as HTML paragraphs: lines that are blank (or only
 * whitespace) separate paragraphs, each written "<p>...</p>\n"; single
 * newlines (LF, CRLF or CR) become "<br>\n"; lines are trimmed; text is
 * escaped, control characters removed. Empty or blank input appends
 * nothing. Returns 0, DL_EUTF8 or DL_ETOOBIG; on error out is left as it
 * was. */
int dl_plain_to_html(const char *text, size_t n, struct dl_buf *out);

#endif
