/* slug.h: readable URL slugs from headlines and names. */
#ifndef DL_SLUG_H
#define DL_SLUG_H

#include "core/buf.h"

/* Appends a slug of s (lower-case ASCII letters and digits joined by single
 * '-', at most max bytes, cut at a word end when possible); letters outside
 * ASCII are dropped. Appends fallback if nothing is left. */
int dl_slugify(struct dl_buf *out, const char *s, size_t max, const char *fallback);

#endif
