/* mustache.h: Mustache templates, compiled once at start-up and rendered from many threads. */
#ifndef DL_MUSTACHE_H
#define DL_MUSTACHE_H

#include <jansson.h>

#include "core/buf.h"

/* A set of compiled templates keyed by name (names are also partial names).
 *
 * Language: the Mustache spec (interpolation, sections, inverted sections,
 * comments, partials, set delimiters; no lambdas, no inheritance).
 * {{x}} is HTML-escaped with dl_html_escape; {{{x}}} and {{& x}} are raw.
 * Sections are skipped for a missing name, null, false, [] and "" (every
 * other value, 0 and {} included, is truthy); an array repeats the section
 * once per element. Strings interpolate as they are, integers plainly, reals
 * in their shortest round-trip form (1.21 -> "1.21"), true/false as
 * "true"/"false"; null, objects and arrays interpolate as nothing.
 *
 * Building the set (new, add, load_dir) is single-threaded; once built, the
 * set is only read, so any number of threads may render from it at once. */
struct dl_tmpl;

/* Makes an empty set in *out. Returns 0. Free it with dl_tmpl_free. */
int dl_tmpl_new(struct dl_tmpl **out);

/* Frees the set and every template in it. NULL is allowed. */
void dl_tmpl_free(struct dl_tmpl *t);

/* Compiles src[0..n) under name (replacing one of that name). src and name
 * are copied; the caller keeps them. On a syntax error (unclosed tag, unclosed
 * section, mismatched section end, bad delimiter, empty or malformed name,
 * sections nested deeper than 64) returns DL_EINVAL, leaves the set as it
 * was and writes "name:LINE: message" into err (err may be NULL when errlen
 * is 0). Returns 0 on success. */
int dl_tmpl_add(struct dl_tmpl *t, const char *name, const char *src, size_t n, char *err,
                size_t errlen);

/* Compiles every regular file DIR/NAME.mustache as NAME (other files and
 * names starting with '.' are skipped; no recursion into subdirectories).
 * Returns 0, DL_EIO (err names the file or directory and the system error),
 * DL_ETOOBIG (a file over 16 MiB) or DL_EINVAL (syntax error; err is
 * "DIR/NAME.mustache:LINE: message"). Templates compiled before an error stay
 * in the set. */
int dl_tmpl_load_dir(struct dl_tmpl *t, const char *dir, char *err, size_t errlen);

/* Returns 1 if the set holds a template called name, else 0. */
int dl_tmpl_has(const struct dl_tmpl *t, const char *name);

/* Appends the rendering of template `name` with context ctx (borrowed, only
 * read; NULL renders as an empty context) to out. Partials are looked up by
 * name in the same set; a missing partial renders as nothing. Returns 0,
 * DL_ENOTFOUND (no such template), DL_ETOOBIG (out's cap), DL_EINVAL (partial
 * recursion deeper than 64). On error out is left as it was before the call.
 * Thread-safe on a const set. */
int dl_tmpl_render(const struct dl_tmpl *t, const char *name, const json_t *ctx,
                   struct dl_buf *out);

#endif
