/* hash.h: a fast 64-bit content hash (FNV-1a) for ETags and content-hashed
 * file names. Not cryptographic: it names content, it does not protect it. */
#ifndef DL_HASH_H
#define DL_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t dl_hash64(const void *p, size_t n);

#endif
