/* hash.c: FNV-1a, 64 bits (see hash.h). */
#include "core/hash.h"

uint64_t dl_hash64(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL; /* the FNV-64 offset basis */
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL; /* the FNV-64 prime */
    }
    return h;
}
