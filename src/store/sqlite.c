/* sqlite.c: the SQLite backend of the storage interface (store.h): schema
 * migrations, WAL mode, and one prepared statement cache per handle. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/slug.h"
#include "store/store-int.h"

/* Each migration moves the schema one version up; never edit a released one. */
static const char *const migrations[] = {
    /* 1: the content model */
    "CREATE TABLE sections ("
    "  id INTEGER PRIMARY KEY,"
    "  parent_id INTEGER REFERENCES sections(id),"
    "  path TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  position INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE media ("
    "  id INTEGER PRIMARY KEY,"
    "  file TEXT NOT NULL,"
    "  content_type TEXT NOT NULL,"
    "  caption TEXT, credit TEXT, alt TEXT,"
    "  width INTEGER NOT NULL, height INTEGER NOT NULL);"
    "CREATE INDEX media_file ON media(file);"
    "CREATE TABLE articles ("
    "  id INTEGER PRIMARY KEY,"
    "  uri TEXT NOT NULL UNIQUE,"
    "  version INTEGER NOT NULL,"
    "  slug TEXT NOT NULL,"
    "  headline TEXT NOT NULL,"
    "  summary TEXT,"
    "  body_html TEXT NOT NULL,"
    "  language TEXT,"
    "  status TEXT NOT NULL CHECK (status IN ('draft','scheduled','published','withdrawn')),"
    "  published INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL,"
    "  embargo INTEGER NOT NULL DEFAULT 0,"
    "  source TEXT, copyright TEXT,"
    "  section_id INTEGER REFERENCES sections(id),"
    "  media_id INTEGER REFERENCES media(id));"
    "CREATE INDEX articles_published ON articles(published);"
    "CREATE INDEX articles_section ON articles(section_id, published);"
    "CREATE TABLE tags ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  UNIQUE (kind, name));"
    "CREATE TABLE article_tags ("
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  tag_id INTEGER NOT NULL REFERENCES tags(id),"
    "  position INTEGER NOT NULL,"
    "  PRIMARY KEY (article_id, tag_id)) WITHOUT ROWID;"
    "CREATE INDEX article_tags_tag ON article_tags(tag_id, article_id);"
    "CREATE TABLE article_links ("
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  uri TEXT NOT NULL,"
    "  headline TEXT,"
    "  PRIMARY KEY (article_id, position)) WITHOUT ROWID;"
    "CREATE TABLE article_terms ("
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  term TEXT NOT NULL,"
    "  PRIMARY KEY (article_id, term)) WITHOUT ROWID;"
    "CREATE INDEX article_terms_term ON article_terms(term, article_id);",
    /* 2: Last-Modified reads the newest update and lifted embargo by index */
    "CREATE INDEX articles_updated ON articles(updated);"
    "CREATE INDEX articles_embargo ON articles(embargo);",
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

#define VISIBLE "a.status = 'published' AND a.published <= ?2 AND a.embargo <= ?3"
#define TEASER_COLS                                                                              \
    "a.id, a.slug, a.headline, a.summary, coalesce(s.path, ''), coalesce(s.name, ''), "         \
    "a.published, a.updated, m.file, m.alt"
#define TEASER_FROM                                                                              \
    " FROM articles a LEFT JOIN sections s ON s.id = a.section_id"                              \
    " LEFT JOIN media m ON m.id = a.media_id"
/* a section and its descendants, by path range: "p" and "p/..." ('0' follows '/') */
#define IN_SECTION "(?1 IS NULL OR s.path = ?1 OR (s.path > ?1 || '/' AND s.path < ?1 || '0'))"

enum stmt {
    ST_SECTION_BY_PATH,
    ST_SECTION_INSERT,
    ST_SECTION_UPDATE,
    ST_SECTIONS,
    ST_ARTICLE_CHECK,
    ST_ARTICLE_INSERT,
    ST_ARTICLE_UPDATE,
    ST_ARTICLE_MEDIA_OF,
    ST_ARTICLE_UNSET_MEDIA,
    ST_MEDIA_DELETE,
    ST_MEDIA_INSERT,
    ST_TAGS_CLEAR,
    ST_LINKS_CLEAR,
    ST_TERMS_CLEAR,
    ST_TAG_FIND,
    ST_TAG_SLUG_TAKEN,
    ST_TAG_INSERT,
    ST_ARTICLE_TAG_INSERT,
    ST_LINK_INSERT,
    ST_TERM_INSERT,
    ST_ARTICLE_GET,
    ST_ARTICLE_TAGS,
    ST_ARTICLE_LINKS,
    ST_TEASER_BY_URI,
    ST_LIST_SECTION,
    ST_COUNT_SECTION,
    ST_LIST_TAG,
    ST_COUNT_TAG,
    ST_LIST_RANGE,
    ST_COUNT_RANGE,
    ST_LIST_MORE,
    ST_LIST_RELATED,
    ST_TAG_BY_SLUG,
    ST_MEDIA_BY_FILE,
    ST_LAST_CHANGE,
    ST_DATA_VERSION,
    ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    [ST_SECTION_BY_PATH] = "SELECT id, coalesce(parent_id, 0), path, name, position FROM sections "
                           "WHERE path = ?1",
    [ST_SECTION_INSERT] = "INSERT INTO sections (parent_id, path, name, position) "
                          "VALUES (nullif(?1, 0), ?2, ?3, ?4)",
    [ST_SECTION_UPDATE] = "UPDATE sections SET name = ?2, position = ?3 WHERE id = ?1",
    [ST_SECTIONS] = "WITH RECURSIVE t(id, parent_id, path, name, position, k) AS ("
                    " SELECT id, 0, path, name, position, printf('%06d', position) || path "
                    " FROM sections WHERE parent_id IS NULL"
                    " UNION ALL SELECT c.id, c.parent_id, c.path, c.name, c.position,"
                    " t.k || '/' || printf('%06d', c.position) || c.path"
                    " FROM sections c JOIN t ON c.parent_id = t.id)"
                    " SELECT id, parent_id, path, name, position FROM t ORDER BY k",
    [ST_ARTICLE_CHECK] = "SELECT id, version FROM articles WHERE uri = ?1",
    [ST_ARTICLE_INSERT] =
        "INSERT INTO articles (uri, version, slug, headline, summary, body_html, language, status,"
        " published, updated, embargo, source, copyright, section_id, media_id)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, nullif(?14, 0),"
        " nullif(?15, 0))",
    [ST_ARTICLE_UPDATE] =
        "UPDATE articles SET version = ?2, slug = ?3, headline = ?4, summary = ?5, body_html = ?6,"
        " language = ?7, status = ?8, published = ?9, updated = ?10, embargo = ?11, source = ?12,"
        " copyright = ?13, section_id = nullif(?14, 0), media_id = nullif(?15, 0)"
        " WHERE id = ?1",
    [ST_ARTICLE_MEDIA_OF] = "SELECT media_id FROM articles WHERE id = ?1 AND media_id IS NOT NULL",
    [ST_ARTICLE_UNSET_MEDIA] = "UPDATE articles SET media_id = NULL WHERE id = ?1",
    [ST_MEDIA_DELETE] = "DELETE FROM media WHERE id = ?1",
    [ST_MEDIA_INSERT] = "INSERT INTO media (file, content_type, caption, credit, alt, width, height)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_TAGS_CLEAR] = "DELETE FROM article_tags WHERE article_id = ?1",
    [ST_LINKS_CLEAR] = "DELETE FROM article_links WHERE article_id = ?1",
    [ST_TERMS_CLEAR] = "DELETE FROM article_terms WHERE article_id = ?1",
    [ST_TAG_FIND] = "SELECT id FROM tags WHERE kind = ?1 AND name = ?2",
    [ST_TAG_SLUG_TAKEN] = "SELECT 1 FROM tags WHERE slug = ?1",
    [ST_TAG_INSERT] = "INSERT INTO tags (kind, name, slug) VALUES (?1, ?2, ?3)",
    [ST_ARTICLE_TAG_INSERT] = "INSERT OR IGNORE INTO article_tags (article_id, tag_id, position)"
                              " VALUES (?1, ?2, ?3)",
    [ST_LINK_INSERT] = "INSERT INTO article_links (article_id, position, uri, headline)"
                       " VALUES (?1, ?2, ?3, ?4)",
    [ST_TERM_INSERT] = "INSERT OR IGNORE INTO article_terms (article_id, term) VALUES (?1, ?2)",
    [ST_ARTICLE_GET] =
        "SELECT a.id, a.uri, a.version, a.slug, a.headline, a.summary, a.body_html, a.language,"
        " a.status, a.published, a.updated, a.embargo, a.source, a.copyright,"
        " coalesce(s.id, 0), coalesce(s.parent_id, 0), s.path, s.name, coalesce(s.position, 0),"
        " m.id, m.file, m.content_type, m.caption, m.credit, m.alt, m.width, m.height"
        " FROM articles a LEFT JOIN sections s ON s.id = a.section_id"
        " LEFT JOIN media m ON m.id = a.media_id WHERE a.id = ?1 AND " VISIBLE,
    [ST_ARTICLE_TAGS] = "SELECT t.id, t.kind, t.name, t.slug FROM article_tags x"
                        " JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ?1"
                        " ORDER BY x.position",
    [ST_ARTICLE_LINKS] = "SELECT uri, headline FROM article_links WHERE article_id = ?1"
                         " ORDER BY position",
    [ST_TEASER_BY_URI] = "SELECT " TEASER_COLS TEASER_FROM " WHERE a.uri = ?1 AND " VISIBLE,
    [ST_LIST_SECTION] = "SELECT " TEASER_COLS TEASER_FROM " WHERE " IN_SECTION " AND " VISIBLE
                        " ORDER BY a.published DESC, a.id DESC LIMIT ?4 OFFSET ?5",
    [ST_COUNT_SECTION] = "SELECT count(*)" TEASER_FROM " WHERE " IN_SECTION " AND " VISIBLE,
    [ST_LIST_TAG] = "SELECT " TEASER_COLS TEASER_FROM
                    " JOIN article_tags x ON x.article_id = a.id WHERE x.tag_id = ?1 AND " VISIBLE
                    " ORDER BY a.published DESC, a.id DESC LIMIT ?4 OFFSET ?5",
    [ST_COUNT_TAG] = "SELECT count(*)" TEASER_FROM
                     " JOIN article_tags x ON x.article_id = a.id WHERE x.tag_id = ?1 AND " VISIBLE,
    [ST_LIST_RANGE] = "SELECT " TEASER_COLS TEASER_FROM
                      " WHERE a.published >= ?1 AND a.published < ?6 AND " VISIBLE
                      " ORDER BY a.published DESC, a.id DESC LIMIT ?4 OFFSET ?5",
    [ST_COUNT_RANGE] = "SELECT count(*)" TEASER_FROM
                       " WHERE a.published >= ?1 AND a.published < ?6 AND " VISIBLE,
    [ST_LIST_MORE] = "SELECT " TEASER_COLS TEASER_FROM " WHERE " IN_SECTION " AND a.id <> ?6 AND "
                     VISIBLE " ORDER BY a.published DESC, a.id DESC LIMIT ?4",
    /* Related Stories (docs/related.md): shared tags weigh by kind, shared
     * distinctive terms weigh 1 each; ties go to the newer, then higher id. */
    [ST_LIST_RELATED] =
        "SELECT " TEASER_COLS ", r.score FROM ("
        "  SELECT aid, sum(w) AS score FROM ("
        "    SELECT y.article_id AS aid, CASE t.kind WHEN 'person' THEN 6 WHEN 'place' THEN 4"
        "      WHEN 'organisation' THEN 4 ELSE 3 END AS w"
        "    FROM article_tags x JOIN article_tags y ON y.tag_id = x.tag_id"
        "    JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ?1 AND y.article_id <> ?1"
        "    UNION ALL"
        "    SELECT v.article_id, 1 FROM article_terms u JOIN article_terms v ON v.term = u.term"
        "    WHERE u.article_id = ?1 AND v.article_id <> ?1)"
        "  GROUP BY aid) r JOIN articles a ON a.id = r.aid"
        " LEFT JOIN sections s ON s.id = a.section_id LEFT JOIN media m ON m.id = a.media_id"
        " WHERE " VISIBLE " ORDER BY r.score DESC, a.published DESC, a.id DESC LIMIT ?4",
    [ST_TAG_BY_SLUG] = "SELECT id, kind, name, slug FROM tags WHERE slug = ?1",
    /* a photo is served only while an article showing it is visible */
    [ST_MEDIA_BY_FILE] = "SELECT m.id, m.file, m.content_type, m.caption, m.credit, m.alt,"
                         " m.width, m.height FROM media m JOIN articles a ON a.media_id = m.id"
                         " WHERE m.file = ?1 AND " VISIBLE " LIMIT 1",
    [ST_DATA_VERSION] = "PRAGMA data_version",
    /* the newest instant anything visible changed: an update, or a
     * publication or embargo time that has passed (withdrawn ones count) */
    [ST_LAST_CHANGE] = "SELECT max(coalesce((SELECT updated FROM articles WHERE updated <= ?2"
                       " ORDER BY updated DESC LIMIT 1), 0),"
                       " coalesce((SELECT published FROM articles WHERE published <= ?2"
                       " ORDER BY published DESC LIMIT 1), 0),"
                       " coalesce((SELECT embargo FROM articles WHERE embargo <= ?3"
                       " ORDER BY embargo DESC LIMIT 1), 0))",
};

static const struct dl_store_ops sqlite_ops;
static void sq_close(struct dl_store *base);
static int sq_schema_version(struct dl_store *base);

struct sq_store {
    struct dl_store base; /* first: the ops table */
    sqlite3 *db;
    sqlite3_stmt *st[ST_COUNT];
    /* The section tree changes only when something is imported, so it is
     * read once and kept until the database changes: data_version moves
     * when another connection commits, total_changes when this one writes. */
    struct dl_section_list sections;
    int sections_valid;
    int data_version;
    sqlite3_int64 total_changes;
};

static char *col_str(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? dl_xstrndup((const char *)t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

static sqlite3_stmt *prep(struct sq_store *s, enum stmt k)
{
    if (!s->st[k]) {
        if (sqlite3_prepare_v3(s->db, stmt_sql[k], -1, SQLITE_PREPARE_PERSISTENT, &s->st[k],
                               NULL) != SQLITE_OK)
            return NULL;
    }
    return s->st[k];
}

static void done(sqlite3_stmt *st)
{
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* Binds the visibility instant (?2 and ?3 in reader queries). */
static void bind_now(sqlite3_stmt *st, time_t now)
{
    sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
}

/* Runs a statement that returns no rows. */
static int step_done(struct sq_store *s, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    done(st);
    return rc == SQLITE_DONE ? 0 : DL_ESTORE;
}

static int migrate(struct sq_store *s, char *err, size_t errlen)
{
    int version = sq_schema_version(&s->base);
    for (int v = version; v < NMIGRATIONS; v++) {
        char *msg = NULL, pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", v + 1);
        if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(s->db, migrations[v], NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(s->db, pragma, NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(s->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
            snprintf(err, errlen, "migration %d: %s", v + 1, msg ? msg : "failed");
            sqlite3_free(msg);
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return DL_ESTORE;
        }
    }
    return 0;
}

int dl_sqlite_open(const char *path, struct dl_store **out, char *err, size_t errlen)
{
    struct sq_store *s = dl_xcalloc(1, sizeof *s);
    s->base.ops = &sqlite_ops;
    int rc = DL_ESTORE;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "cannot open");
        goto out;
    }
    sqlite3_busy_timeout(s->db, 5000);
    char *msg = NULL;
    if (sqlite3_exec(s->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                            " PRAGMA foreign_keys = ON;",
                     NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, msg ? msg : "cannot set up");
        sqlite3_free(msg);
        goto out;
    }
    if ((rc = migrate(s, err, errlen)))
        goto out;
    *out = &s->base;
    return 0;
out:
    sq_close(&s->base);
    return rc;
}

static void sq_close(struct dl_store *base)
{
    struct sq_store *s = (struct sq_store *)base;
    if (!s)
        return;
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    dl_section_list_release(&s->sections);
    sqlite3_close(s->db);
    free(s);
}

static const char *sq_errmsg(struct dl_store *base)
{
    struct sq_store *s = (struct sq_store *)base;
    return sqlite3_errmsg(s->db);
}

static int sq_schema_version(struct dl_store *base)
{
    struct sq_store *s = (struct sq_store *)base;
    sqlite3_stmt *st;
    int v = 0;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int sq_begin(struct dl_store *base)
{
    struct sq_store *s = (struct sq_store *)base;
    return sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : DL_ESTORE;
}

static int sq_commit(struct dl_store *base)
{
    struct sq_store *s = (struct sq_store *)base;
    return sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : DL_ESTORE;
}

static void sq_rollback(struct dl_store *base)
{
    struct sq_store *s = (struct sq_store *)base;
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- sections ---- */

static void read_section(sqlite3_stmt *st, struct dl_section *out)
{
    out->id = sqlite3_column_int64(st, 0);
    out->parent_id = sqlite3_column_int64(st, 1);
    out->path = col_str(st, 2);
    out->name = col_str(st, 3);
    out->position = sqlite3_column_int(st, 4);
}

static int sq_section_by_path(struct dl_store *base, const char *path, struct dl_section *out)
{
    struct sq_store *s = (struct sq_store *)base;
    sqlite3_stmt *st = prep(s, ST_SECTION_BY_PATH);
    if (!st)
        return DL_ESTORE;
    bind_text(st, 1, path);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_section(st, out);
    done(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? DL_ENOTFOUND : DL_ESTORE;
}

/* "north-korea" -> "North Korea" */
static char *name_from_slug(const char *slug, size_t n)
{
    char *name = dl_xstrndup(slug, n);
    int up = 1;
    for (char *p = name; *p; p++) {
        if (*p == '-') {
            *p = ' ';
            up = 1;
        } else if (up && *p >= 'a' && *p <= 'z') {
            *p = (char)(*p - 'a' + 'A');
            up = 0;
        } else {
            up = 0;
        }
    }
    return name;
}

static int sq_section_ensure(struct dl_store *base, const char *path, const char *name, int position,
                            int64_t *id)
{
    struct sq_store *s = (struct sq_store *)base;
    int64_t parent = 0;
    size_t len = strlen(path);
    int rc = 0;
    /* walk the path's prefixes: "national", then "national/north-korea" */
    for (size_t end = 0; end <= len && !rc; end++) {
        if (end < len && path[end] != '/')
            continue;
        char *prefix = dl_xstrndup(path, end);
        int last = end == len;
        struct dl_section sec = {0};
        rc = sq_section_by_path(&s->base, prefix, &sec);
        if (rc == 0) {
            parent = sec.id;
            if (last && name && (strcmp(sec.name, name) || (position >= 0 && sec.position != position))) {
                sqlite3_stmt *st = prep(s, ST_SECTION_UPDATE);
                if (st) {
                    sqlite3_bind_int64(st, 1, sec.id);
                    bind_text(st, 2, name);
                    sqlite3_bind_int(st, 3, position >= 0 ? position : sec.position);
                    rc = step_done(s, st);
                } else {
                    rc = DL_ESTORE;
                }
            }
        } else if (rc == DL_ENOTFOUND) {
            const char *seg = strrchr(prefix, '/');
            seg = seg ? seg + 1 : prefix;
            char *derived = (last && name) ? dl_xstrdup(name) : name_from_slug(seg, strlen(seg));
            sqlite3_stmt *st = prep(s, ST_SECTION_INSERT);
            if (st) {
                sqlite3_bind_int64(st, 1, parent);
                bind_text(st, 2, prefix);
                bind_text(st, 3, derived);
                sqlite3_bind_int(st, 4, (last && position >= 0) ? position : 1000);
                rc = step_done(s, st);
                parent = sqlite3_last_insert_rowid(s->db);
            } else {
                rc = DL_ESTORE;
            }
            free(derived);
        }
        dl_section_release(&sec);
        free(prefix);
    }
    if (!rc)
        *id = parent;
    return rc;
}

/* PRAGMA data_version: changes whenever another connection commits. */
static int data_version(struct sq_store *s, int *v)
{
    sqlite3_stmt *st = prep(s, ST_DATA_VERSION);
    if (!st)
        return DL_ESTORE;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *v = sqlite3_column_int(st, 0);
    done(st);
    return rc == SQLITE_ROW ? 0 : DL_ESTORE;
}

static int load_sections(struct sq_store *s, struct dl_section_list *out)
{
    sqlite3_stmt *st = prep(s, ST_SECTIONS);
    size_t cap = 0;
    int rc;
    out->v = NULL;
    out->n = 0;
    if (!st)
        return DL_ESTORE;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            out->v = dl_xrealloc(out->v, cap * sizeof *out->v);
        }
        read_section(st, &out->v[out->n++]);
    }
    done(st);
    if (rc != SQLITE_DONE) {
        dl_section_list_release(out);
        return DL_ESTORE;
    }
    return 0;
}

static int sq_sections(struct dl_store *base, struct dl_section_list *out)
{
    struct sq_store *s = (struct sq_store *)base;
    int version, rc;
    out->v = NULL;
    out->n = 0;
    if ((rc = data_version(s, &version)))
        return rc;
    sqlite3_int64 changes = sqlite3_total_changes64(s->db);
    if (!s->sections_valid || version != s->data_version || changes != s->total_changes) {
        dl_section_list_release(&s->sections);
        s->sections_valid = 0;
        if ((rc = load_sections(s, &s->sections)))
            return rc;
        s->sections_valid = 1;
        s->data_version = version;
        s->total_changes = changes;
    }
    out->n = s->sections.n;
    out->v = dl_xmalloc((out->n ? out->n : 1) * sizeof *out->v);
    for (size_t i = 0; i < out->n; i++) {
        out->v[i] = s->sections.v[i];
        out->v[i].path = dl_xstrdup(s->sections.v[i].path);
        out->v[i].name = dl_xstrdup(s->sections.v[i].name);
    }
    return 0;
}

/* ---- import ---- */

static int sq_article_check(struct dl_store *base, const char *uri, struct dl_article_version *out)
{
    struct sq_store *s = (struct sq_store *)base;
    sqlite3_stmt *st = prep(s, ST_ARTICLE_CHECK);
    if (!st)
        return DL_ESTORE;
    bind_text(st, 1, uri);
    int rc = sqlite3_step(st);
    out->id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    out->version = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    done(st);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0 : DL_ESTORE;
}

static int tag_id(struct sq_store *s, const struct dl_ninjs_tag *t, int64_t *id)
{
    const char *kind = dl_tag_kind_names[t->kind];
    sqlite3_stmt *st = prep(s, ST_TAG_FIND);
    if (!st)
        return DL_ESTORE;
    bind_text(st, 1, kind);
    bind_text(st, 2, t->name);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    done(st);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc != SQLITE_DONE)
        return DL_ESTORE;
    /* a new tag: slug from its name, then name-kind, then name-kind-N if taken */
    struct dl_buf slug;
    dl_buf_init(&slug, 512);
    dl_slugify(&slug, t->name, 80, "tag");
    size_t base = slug.n;
    for (int attempt = 0;; attempt++) {
        if (attempt == 1)
            dl_buf_printf(&slug, "-%s", kind);
        else if (attempt > 1) {
            slug.n = base;
            dl_buf_printf(&slug, "-%s-%d", kind, attempt);
        }
        st = prep(s, ST_TAG_SLUG_TAKEN);
        if (!st) {
            rc = DL_ESTORE;
            break;
        }
        bind_text(st, 1, slug.p);
        rc = sqlite3_step(st);
        done(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            rc = DL_ESTORE;
            break;
        }
    }
    if (rc == SQLITE_DONE) {
        st = prep(s, ST_TAG_INSERT);
        if (st) {
            bind_text(st, 1, kind);
            bind_text(st, 2, t->name);
            bind_text(st, 3, slug.p);
            rc = step_done(s, st);
            *id = sqlite3_last_insert_rowid(s->db);
        } else {
            rc = DL_ESTORE;
        }
    }
    dl_buf_release(&slug);
    return rc;
}

static int clear_children(struct sq_store *s, int64_t id)
{
    static const enum stmt clears[] = {ST_TAGS_CLEAR, ST_LINKS_CLEAR, ST_TERMS_CLEAR};
    for (size_t i = 0; i < sizeof clears / sizeof clears[0]; i++) {
        sqlite3_stmt *st = prep(s, clears[i]);
        if (!st)
            return DL_ESTORE;
        sqlite3_bind_int64(st, 1, id);
        if (step_done(s, st))
            return DL_ESTORE;
    }
    /* the old lead photo row goes; the new version brings its own */
    sqlite3_stmt *st = prep(s, ST_ARTICLE_MEDIA_OF);
    if (!st)
        return DL_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    int64_t media = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    done(st);
    if (media) {
        if (!(st = prep(s, ST_ARTICLE_UNSET_MEDIA)))
            return DL_ESTORE;
        sqlite3_bind_int64(st, 1, id);
        if (step_done(s, st))
            return DL_ESTORE;
        if (!(st = prep(s, ST_MEDIA_DELETE)))
            return DL_ESTORE;
        sqlite3_bind_int64(st, 1, media);
        return step_done(s, st);
    }
    return 0;
}

static int sq_article_write(struct dl_store *base, const struct dl_article_write *w, int64_t *id)
{
    struct sq_store *s = (struct sq_store *)base;
    const struct dl_ninjs_doc *d = w->doc;
    struct dl_article_version cur;
    int64_t media_id = 0;
    int rc = sq_article_check(&s->base, d->uri, &cur);
    if (rc)
        return rc;
    if (cur.id && (rc = clear_children(s, cur.id)))
        return rc;
    if (w->media) {
        const struct dl_media *m = w->media;
        sqlite3_stmt *st = prep(s, ST_MEDIA_INSERT);
        if (!st)
            return DL_ESTORE;
        bind_text(st, 1, m->file);
        bind_text(st, 2, m->content_type);
        bind_text(st, 3, m->caption);
        bind_text(st, 4, m->credit);
        bind_text(st, 5, m->alt);
        sqlite3_bind_int(st, 6, m->width);
        sqlite3_bind_int(st, 7, m->height);
        if ((rc = step_done(s, st)))
            return rc;
        media_id = sqlite3_last_insert_rowid(s->db);
    }
    sqlite3_stmt *st = prep(s, cur.id ? ST_ARTICLE_UPDATE : ST_ARTICLE_INSERT);
    if (!st)
        return DL_ESTORE;
    time_t published = d->first_created ? d->first_created : d->version_created;
    time_t updated = d->version_created ? d->version_created : published;
    if (cur.id)
        sqlite3_bind_int64(st, 1, cur.id);
    else
        bind_text(st, 1, d->uri);
    sqlite3_bind_int64(st, 2, d->version);
    bind_text(st, 3, w->slug);
    bind_text(st, 4, d->headline);
    bind_text(st, 5, d->summary);
    bind_text(st, 6, d->body_html ? d->body_html : "");
    bind_text(st, 7, d->language);
    bind_text(st, 8, dl_pub_status_names[d->status]);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)published);
    sqlite3_bind_int64(st, 10, (sqlite3_int64)updated);
    sqlite3_bind_int64(st, 11, (sqlite3_int64)d->embargoed_until);
    bind_text(st, 12, d->source);
    bind_text(st, 13, d->copyright);
    sqlite3_bind_int64(st, 14, w->section_id);
    sqlite3_bind_int64(st, 15, media_id);
    if ((rc = step_done(s, st)))
        return rc;
    int64_t aid = cur.id ? cur.id : sqlite3_last_insert_rowid(s->db);

    for (size_t i = 0; i < d->ntags; i++) {
        int64_t tid;
        if ((rc = tag_id(s, &d->tags[i], &tid)))
            return rc;
        if (!(st = prep(s, ST_ARTICLE_TAG_INSERT)))
            return DL_ESTORE;
        sqlite3_bind_int64(st, 1, aid);
        sqlite3_bind_int64(st, 2, tid);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
        if ((rc = step_done(s, st)))
            return rc;
    }
    for (size_t i = 0; i < d->nrelated; i++) {
        if (!(st = prep(s, ST_LINK_INSERT)))
            return DL_ESTORE;
        sqlite3_bind_int64(st, 1, aid);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        bind_text(st, 3, d->related[i].uri);
        bind_text(st, 4, d->related[i].headline);
        if ((rc = step_done(s, st)))
            return rc;
    }
    for (size_t i = 0; i < w->nterms; i++) {
        if (!(st = prep(s, ST_TERM_INSERT)))
            return DL_ESTORE;
        sqlite3_bind_int64(st, 1, aid);
        bind_text(st, 2, w->terms[i]);
        if ((rc = step_done(s, st)))
            return rc;
    }
    *id = aid;
    return 0;
}

/* ---- reader queries ---- */

static void read_teaser(sqlite3_stmt *st, struct dl_teaser *t)
{
    t->id = sqlite3_column_int64(st, 0);
    t->slug = col_str(st, 1);
    t->headline = col_str(st, 2);
    t->summary = col_str(st, 3);
    t->section_path = col_str(st, 4);
    t->section_name = col_str(st, 5);
    t->published = (time_t)sqlite3_column_int64(st, 6);
    t->updated = (time_t)sqlite3_column_int64(st, 7);
    t->thumb = col_str(st, 8);
    t->thumb_alt = col_str(st, 9);
}

static int read_teasers(sqlite3_stmt *st, struct dl_teaser_list *out)
{
    size_t cap = 0;
    int rc;
    out->v = NULL;
    out->n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 8;
            out->v = dl_xrealloc(out->v, cap * sizeof *out->v);
        }
        read_teaser(st, &out->v[out->n++]);
    }
    done(st);
    return rc == SQLITE_DONE ? 0 : DL_ESTORE;
}

static int count(sqlite3_stmt *st, size_t *total)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *total = (size_t)sqlite3_column_int64(st, 0);
    done(st);
    return rc == SQLITE_ROW ? 0 : DL_ESTORE;
}

static int sq_article_get(struct dl_store *base, int64_t id, time_t now, struct dl_article *out)
{
    struct sq_store *s = (struct sq_store *)base;
    sqlite3_stmt *st = prep(s, ST_ARTICLE_GET);
    memset(out, 0, sizeof *out);
    if (!st)
        return DL_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    bind_now(st, now);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        done(st);
        return rc == SQLITE_DONE ? DL_ENOTFOUND : DL_ESTORE;
    }
    out->id = sqlite3_column_int64(st, 0);
    out->uri = col_str(st, 1);
    out->version = sqlite3_column_int64(st, 2);
    out->slug = col_str(st, 3);
    out->headline = col_str(st, 4);
    out->summary = col_str(st, 5);
    out->body_html = col_str(st, 6);
    out->language = col_str(st, 7);
    const char *status = (const char *)sqlite3_column_text(st, 8);
    for (int i = 0; i <= DL_STATUS_WITHDRAWN; i++)
        if (status && !strcmp(status, dl_pub_status_names[i]))
            out->status = (enum dl_pub_status)i;
    out->published = (time_t)sqlite3_column_int64(st, 9);
    out->updated = (time_t)sqlite3_column_int64(st, 10);
    out->embargo = (time_t)sqlite3_column_int64(st, 11);
    out->source = col_str(st, 12);
    out->copyright = col_str(st, 13);
    out->section.id = sqlite3_column_int64(st, 14);
    out->section.parent_id = sqlite3_column_int64(st, 15);
    out->section.path = col_str(st, 16);
    out->section.name = col_str(st, 17);
    out->section.position = sqlite3_column_int(st, 18);
    if (sqlite3_column_type(st, 19) != SQLITE_NULL) {
        struct dl_media *m = dl_xcalloc(1, sizeof *m);
        m->id = sqlite3_column_int64(st, 19);
        m->file = col_str(st, 20);
        m->content_type = col_str(st, 21);
        m->caption = col_str(st, 22);
        m->credit = col_str(st, 23);
        m->alt = col_str(st, 24);
        m->width = sqlite3_column_int(st, 25);
        m->height = sqlite3_column_int(st, 26);
        out->media = m;
    }
    done(st);

    /* tags */
    if (!(st = prep(s, ST_ARTICLE_TAGS)))
        goto fail;
    sqlite3_bind_int64(st, 1, id);
    size_t cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->tags.n == cap) {
            cap = cap ? cap * 2 : 8;
            out->tags.v = dl_xrealloc(out->tags.v, cap * sizeof *out->tags.v);
        }
        struct dl_tag *t = &out->tags.v[out->tags.n++];
        t->id = sqlite3_column_int64(st, 0);
        const char *kind = (const char *)sqlite3_column_text(st, 1);
        t->kind = DL_TAG_TOPIC;
        for (int i = 0; i <= DL_TAG_TOPIC; i++)
            if (kind && !strcmp(kind, dl_tag_kind_names[i]))
                t->kind = (enum dl_tag_kind)i;
        t->name = col_str(st, 2);
        t->slug = col_str(st, 3);
    }
    done(st);
    if (rc != SQLITE_DONE)
        goto fail;

    /* editor-picked links, resolved to visible articles where possible */
    if (!(st = prep(s, ST_ARTICLE_LINKS)))
        goto fail;
    sqlite3_bind_int64(st, 1, id);
    cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->nlinks == cap) {
            cap = cap ? cap * 2 : 4;
            out->links = dl_xrealloc(out->links, cap * sizeof *out->links);
        }
        struct dl_link *l = &out->links[out->nlinks++];
        l->uri = col_str(st, 0);
        l->headline = col_str(st, 1);
        l->target = NULL;
    }
    done(st);
    if (rc != SQLITE_DONE)
        goto fail;
    for (size_t i = 0; i < out->nlinks; i++) {
        if (!(st = prep(s, ST_TEASER_BY_URI)))
            goto fail;
        bind_text(st, 1, out->links[i].uri);
        bind_now(st, now);
        if (sqlite3_step(st) == SQLITE_ROW) {
            out->links[i].target = dl_xcalloc(1, sizeof(struct dl_teaser));
            read_teaser(st, out->links[i].target);
        }
        done(st);
    }
    return 0;
fail:
    dl_article_release(out);
    return DL_ESTORE;
}

static int list_paged(struct sq_store *s, enum stmt list, enum stmt cnt, const char *text1,
                      int64_t int1, time_t to, time_t now, size_t offset, size_t limit,
                      struct dl_teaser_list *out, size_t *total)
{
    sqlite3_stmt *st = prep(s, list);
    out->v = NULL;
    out->n = 0;
    if (!st)
        return DL_ESTORE;
    enum stmt k[2] = {list, cnt};
    for (int pass = 0; pass < 2; pass++) {
        if (!k[pass])
            continue;
        if (!(st = prep(s, k[pass])))
            return DL_ESTORE;
        if (text1)
            bind_text(st, 1, text1);
        else if (int1 >= 0)
            sqlite3_bind_int64(st, 1, int1);
        else
            sqlite3_bind_null(st, 1);
        bind_now(st, now);
        if (pass == 0) {
            sqlite3_bind_int64(st, 4, (sqlite3_int64)limit);
            sqlite3_bind_int64(st, 5, (sqlite3_int64)offset);
        }
        if (to)
            sqlite3_bind_int64(st, 6, (sqlite3_int64)to);
        int rc = pass == 0 ? read_teasers(st, out) : count(st, total);
        if (rc) {
            dl_teaser_list_release(out);
            return rc;
        }
    }
    return 0;
}

static int sq_list_section(struct dl_store *base, const char *path, time_t now, size_t offset,
                          size_t limit, struct dl_teaser_list *out, size_t *total)
{
    struct sq_store *s = (struct sq_store *)base;
    return list_paged(s, ST_LIST_SECTION, ST_COUNT_SECTION, path, -1, 0, now, offset, limit, out,
                      total);
}

static int sq_list_tag(struct dl_store *base, int64_t tag, time_t now, size_t offset, size_t limit,
                      struct dl_teaser_list *out, size_t *total)
{
    struct sq_store *s = (struct sq_store *)base;
    return list_paged(s, ST_LIST_TAG, ST_COUNT_TAG, NULL, tag, 0, now, offset, limit, out, total);
}

static int sq_list_range(struct dl_store *base, time_t from, time_t to, time_t now, size_t offset,
                        size_t limit, struct dl_teaser_list *out, size_t *total)
{
    struct sq_store *s = (struct sq_store *)base;
    return list_paged(s, ST_LIST_RANGE, ST_COUNT_RANGE, NULL, (int64_t)from, to, now, offset,
                      limit, out, total);
}

static int sq_list_more(struct dl_store *base, const char *path, int64_t exclude, time_t now,
                       size_t limit, struct dl_teaser_list *out)
{
    struct sq_store *s = (struct sq_store *)base;
    sqlite3_stmt *st = prep(s, ST_LIST_MORE);
    out->v = NULL;
    out->n = 0;
    if (!st)
        return DL_ESTORE;
    bind_text(st, 1, path);
    bind_now(st, now);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)limit);
    sqlite3_bind_int64(st, 6, exclude);
    return read_teasers(st, out);
}

static int sq_list_related(struct dl_store *base, int64_t id, time_t now, size_t limit,
                          struct dl_teaser_list *out)
{
    struct sq_store *s = (struct sq_store *)base;
    sqlite3_stmt *st = prep(s, ST_LIST_RELATED);
    out->v = NULL;
    out->n = 0;
    if (!st)
        return DL_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    bind_now(st, now);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)limit);
    return read_teasers(st, out);
}

static int sq_tag_by_slug(struct dl_store *base, const char *slug, struct dl_tag *out)
{
    struct sq_store *s = (struct sq_store *)base;
    sqlite3_stmt *st = prep(s, ST_TAG_BY_SLUG);
    if (!st)
        return DL_ESTORE;
    bind_text(st, 1, slug);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        const char *kind = (const char *)sqlite3_column_text(st, 1);
        out->kind = DL_TAG_TOPIC;
        for (int i = 0; i <= DL_TAG_TOPIC; i++)
            if (kind && !strcmp(kind, dl_tag_kind_names[i]))
                out->kind = (enum dl_tag_kind)i;
        out->name = col_str(st, 2);
        out->slug = col_str(st, 3);
    }
    done(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? DL_ENOTFOUND : DL_ESTORE;
}

static int sq_media_by_file(struct dl_store *base, const char *file, time_t now, struct dl_media *out)
{
    struct sq_store *s = (struct sq_store *)base;
    sqlite3_stmt *st = prep(s, ST_MEDIA_BY_FILE);
    if (!st)
        return DL_ESTORE;
    bind_text(st, 1, file);
    bind_now(st, now);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->file = col_str(st, 1);
        out->content_type = col_str(st, 2);
        out->caption = col_str(st, 3);
        out->credit = col_str(st, 4);
        out->alt = col_str(st, 5);
        out->width = sqlite3_column_int(st, 6);
        out->height = sqlite3_column_int(st, 7);
    }
    done(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? DL_ENOTFOUND : DL_ESTORE;
}

static int sq_last_change(struct dl_store *base, time_t now, time_t *out)
{
    struct sq_store *s = (struct sq_store *)base;
    sqlite3_stmt *st = prep(s, ST_LAST_CHANGE);
    if (!st)
        return DL_ESTORE;
    bind_now(st, now);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = (time_t)sqlite3_column_int64(st, 0);
    done(st);
    return rc == SQLITE_ROW ? 0 : DL_ESTORE;
}


static const struct dl_store_ops sqlite_ops = {
    .close = sq_close,
    .errmsg = sq_errmsg,
    .schema_version = sq_schema_version,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .section_by_path = sq_section_by_path,
    .section_ensure = sq_section_ensure,
    .sections = sq_sections,
    .article_check = sq_article_check,
    .article_write = sq_article_write,
    .article_get = sq_article_get,
    .list_section = sq_list_section,
    .list_tag = sq_list_tag,
    .list_range = sq_list_range,
    .list_more = sq_list_more,
    .list_related = sq_list_related,
    .tag_by_slug = sq_tag_by_slug,
    .media_by_file = sq_media_by_file,
    .last_change = sq_last_change,
};
