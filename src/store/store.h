/* store.h: the storage interface. Everything above src/store/ talks to the
 * database through struct dl_store and these calls; the SQLite backend
 * (sqlite.c) is the first implementation, PostgreSQL comes later. No backend
 * type or SQL leaks past this header. Times are UTC time_t. */
#ifndef DL_STORE_H
#define DL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ingest/ninjs.h"

struct dl_store;

struct dl_section {
    int64_t id;
    int64_t parent_id; /* 0 for a top-level section */
    char *path;        /* "national/north-korea" */
    char *name;        /* "North Korea" */
    int position;
};

struct dl_section_list {
    struct dl_section *v;
    size_t n;
};

struct dl_media {
    int64_t id;
    char *file;         /* name in the media folder, content-hashed: "3f2a...c1.jpg" */
    char *content_type; /* "image/jpeg" */
    char *caption, *credit, *alt; /* may be NULL */
    int width, height;
};

struct dl_tag {
    int64_t id;
    enum dl_tag_kind kind;
    char *name;
    char *slug;
};

struct dl_tag_list {
    struct dl_tag *v;
    size_t n;
};

/* A row of an article list: enough for a teaser. */
struct dl_teaser {
    int64_t id;
    char *slug;
    char *headline;
    char *summary;      /* may be NULL */
    char *section_path; /* "" when the article has no section */
    char *section_name;
    time_t published;
    time_t updated;
    char *thumb;        /* lead photo file, NULL if none */
    char *thumb_alt;
};

struct dl_teaser_list {
    struct dl_teaser *v;
    size_t n;
};

/* An editor-picked Related Article link: target resolved if imported and visible. */
struct dl_link {
    char *uri;
    char *headline;         /* from the association, or the target's; may be NULL */
    struct dl_teaser *target; /* NULL if not imported or not visible */
};

struct dl_article {
    int64_t id;
    char *uri;
    int64_t version;
    char *slug;
    char *headline;
    char *summary;
    char *body_html;
    char *language;
    enum dl_pub_status status;
    time_t published;  /* first published */
    time_t updated;    /* last version */
    time_t embargo;    /* 0 if none */
    char *source;
    char *copyright;
    struct dl_section section; /* id 0 when none */
    struct dl_media *media;    /* lead photo, NULL if none */
    struct dl_tag_list tags;
    struct dl_link *links;     /* editor picks in their order */
    size_t nlinks;
};

/* What the importer writes for one document. Terms are the article's
 * distinctive words (see ingest/terms.h), used for Related Stories. */
struct dl_article_write {
    const struct dl_ninjs_doc *doc;
    const char *slug;
    int64_t section_id; /* 0 for none */
    const struct dl_media *media; /* NULL for none; id ignored */
    const char *const *terms;
    size_t nterms;
};

/* Outcome of dl_store_article_check. */
struct dl_article_version {
    int64_t id;      /* 0 if the uri is new */
    int64_t version; /* stored version */
};

/* Opens (creating if needed) the database at path, in WAL mode, and applies
 * pending schema migrations. Returns 0, DL_ESTORE (err says why). The caller
 * frees *out with dl_store_close. One handle is used by one thread at a time. */
int dl_store_open(const char *path, struct dl_store **out, char *err, size_t errlen);
void dl_store_close(struct dl_store *s);
/* The backend's last error message (valid until the next call). */
const char *dl_store_errmsg(struct dl_store *s);
/* Schema version the database is at. */
int dl_store_schema_version(struct dl_store *s);

int dl_store_begin(struct dl_store *s);
int dl_store_commit(struct dl_store *s);
void dl_store_rollback(struct dl_store *s);

/* Sections. ensure creates path (and its missing parents, named from names
 * or from their slugs) and returns its id; name may be NULL to keep/derive. */
int dl_store_section_ensure(struct dl_store *s, const char *path, const char *name, int position,
                            int64_t *id);
/* Every section, ordered by depth-first tree order (parent, then children by position). */
int dl_store_sections(struct dl_store *s, struct dl_section_list *out);
int dl_store_section_by_path(struct dl_store *s, const char *path, struct dl_section *out);

/* Import support: the stored version of uri (id 0 if new). */
int dl_store_article_check(struct dl_store *s, const char *uri, struct dl_article_version *out);
/* Inserts or replaces (keeping id and slug history) one article with its
 * media, tags, links and terms. Call inside begin/commit. *id is its id. */
int dl_store_article_write(struct dl_store *s, const struct dl_article_write *w, int64_t *id);

/* Reader queries: only articles visible at `now` (published, embargo passed). */
int dl_store_article_get(struct dl_store *s, int64_t id, time_t now, struct dl_article *out);
/* Latest articles in the section at path and all its descendants (NULL: all). */
int dl_store_list_section(struct dl_store *s, const char *path, time_t now, size_t offset,
                          size_t limit, struct dl_teaser_list *out, size_t *total);
int dl_store_list_tag(struct dl_store *s, int64_t tag_id, time_t now, size_t offset, size_t limit,
                      struct dl_teaser_list *out, size_t *total);
/* Published in [from, to), newest first. */
int dl_store_list_range(struct dl_store *s, time_t from, time_t to, time_t now, size_t offset,
                        size_t limit, struct dl_teaser_list *out, size_t *total);
/* Section's latest without `exclude`, directly in that section or below. */
int dl_store_list_more(struct dl_store *s, const char *path, int64_t exclude, time_t now,
                       size_t limit, struct dl_teaser_list *out);
/* Related Stories: see docs/related.md for the scoring. */
int dl_store_list_related(struct dl_store *s, int64_t id, time_t now, size_t limit,
                          struct dl_teaser_list *out);
int dl_store_tag_by_slug(struct dl_store *s, const char *slug, struct dl_tag *out);
/* A media row by its file name, only if a visible article shows it. */
int dl_store_media_by_file(struct dl_store *s, const char *file, time_t now, struct dl_media *out);
/* The newest instant at which what readers can see changed: an article
 * updated, published or let out of embargo (for Last-Modified). */
int dl_store_last_change(struct dl_store *s, time_t now, time_t *out);

void dl_section_release(struct dl_section *v);
void dl_section_list_release(struct dl_section_list *l);
void dl_media_release(struct dl_media *m);
void dl_tag_release(struct dl_tag *t);
void dl_teaser_release(struct dl_teaser *t);
void dl_teaser_list_release(struct dl_teaser_list *l);
void dl_article_release(struct dl_article *a);

#endif
