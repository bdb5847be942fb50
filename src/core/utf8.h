/* utf8.h: UTF-8 validation and character counting (Korean text counts one
 * per character, not per byte). */
#ifndef DL_UTF8_H
#define DL_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True if s[0..n) is well-formed UTF-8 (no overlongs, surrogates, or code
 * points past U+10FFFF). NUL bytes are rejected too. */
bool dl_utf8_valid(const char *s, size_t n);
/* Number of code points in valid UTF-8 s[0..n). */
size_t dl_utf8_count(const char *s, size_t n);
/* Length in bytes of the longest prefix of valid UTF-8 s[0..n) holding at
 * most max code points. */
size_t dl_utf8_prefix(const char *s, size_t n, size_t max);

#endif
