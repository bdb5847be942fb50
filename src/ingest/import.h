/* import.h: `dateline import`: reads ninjs files and folders, copies photos
 * into the media folder and writes each document in one transaction. */
#ifndef DL_IMPORT_H
#define DL_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "store/store.h"

#define DL_MEDIA_MAX_BYTES ((size_t)20 << 20) /* a larger photo is refused */

struct dl_import_opts {
    const char *media_dir; /* created if missing */
    bool fetch_remote;     /* fetch http(s) renditions with libcurl */
    FILE *log;             /* one line per document: what happened */
};

struct dl_import_stats {
    size_t added, updated, unchanged, older, skipped, failed;
};

/* Reads the sections file ({"sections": [{"path": ..., "name": ...}, ...]},
 * order = display order) and creates or renames those sections, in one
 * transaction. Returns 0 or DL_EINVAL/DL_EIO/DL_ESTORE with err set. */
int dl_import_sections(struct dl_store *s, const char *path, char *err, size_t errlen);

/* Imports one ninjs document file. Returns 0 (added, updated or unchanged,
 * older ignored, or skipped, as counted in st) or an error code after
 * logging "PATH: field: message"; on error nothing is written. */
int dl_import_file(struct dl_store *s, const struct dl_import_opts *o, const char *path,
                   struct dl_import_stats *st);

/* Imports files and folders (recursively, *.json in name order). Returns 0
 * if every document was imported or deliberately skipped, else DL_EINVAL. */
int dl_import_paths(struct dl_store *s, const struct dl_import_opts *o, char *const *paths,
                    size_t n, struct dl_import_stats *st);

#endif
