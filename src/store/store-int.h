/* store-int.h: what the storage backends implement: one table of function
 * pointers per backend (SQLite's VFS, curl's TLS backends). Used only
 * inside src/store/; store.c dispatches the public calls through it. */
#ifndef DL_STORE_INT_H
#define DL_STORE_INT_H

#include "store/store.h"

/* Each entry has the contract of the dl_store_* call of the same name. */
struct dl_store_ops {
    void (*close)(struct dl_store *s);
    const char *(*errmsg)(struct dl_store *s);
    int (*schema_version)(struct dl_store *s);
    int (*begin)(struct dl_store *s);
    int (*commit)(struct dl_store *s);
    void (*rollback)(struct dl_store *s);
    int (*section_ensure)(struct dl_store *s, const char *path, const char *name, int position,
                          int64_t *id);
    int (*sections)(struct dl_store *s, struct dl_section_list *out);
    int (*section_by_path)(struct dl_store *s, const char *path, struct dl_section *out);
    int (*article_check)(struct dl_store *s, const char *uri, struct dl_article_version *out);
    int (*article_write)(struct dl_store *s, const struct dl_article_write *w, int64_t *id);
    int (*article_get)(struct dl_store *s, int64_t id, time_t now, struct dl_article *out);
    int (*list_section)(struct dl_store *s, const char *path, time_t now, size_t offset,
                        size_t limit, struct dl_teaser_list *out, size_t *total);
    int (*list_tag)(struct dl_store *s, int64_t tag_id, time_t now, size_t offset, size_t limit,
                    struct dl_teaser_list *out, size_t *total);
    int (*list_range)(struct dl_store *s, time_t from, time_t to, time_t now, size_t offset,
                      size_t limit, struct dl_teaser_list *out, size_t *total);
    int (*list_more)(struct dl_store *s, const char *path, int64_t exclude, time_t now,
                     size_t limit, struct dl_teaser_list *out);
    int (*list_related)(struct dl_store *s, int64_t id, time_t now, size_t limit,
                        struct dl_teaser_list *out);
    int (*tag_by_slug)(struct dl_store *s, const char *slug, struct dl_tag *out);
    int (*media_by_file)(struct dl_store *s, const char *file, time_t now, struct dl_media *out);
    int (*last_change)(struct dl_store *s, time_t now, time_t *out);
};

/* Every backend's handle starts with this. */
struct dl_store {
    const struct dl_store_ops *ops;
};

/* The SQLite backend (sqlite.c). */
int dl_sqlite_open(const char *path, struct dl_store **out, char *err, size_t errlen);

#endif
