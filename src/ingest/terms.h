/* terms.h: an article's distinctive words, picked once at import time and
 * stored for Related Stories (docs/related.md). */
#ifndef DL_TERMS_H
#define DL_TERMS_H

#include <stddef.h>

#define DL_TERMS_MAX 16

/* Picks at most DL_TERMS_MAX terms from the headline (weight 3), summary
 * (weight 2) and body (weight 1, tags skipped): lower-cased words of three or
 * more letters that are not stop words, ranked by weighted count, ties in
 * byte order. *out is a heap array of heap strings; free with dl_terms_free. */
void dl_terms_extract(const char *headline, const char *summary, const char *body_html,
                      char ***out, size_t *n);
void dl_terms_free(char **terms, size_t n);

#endif
