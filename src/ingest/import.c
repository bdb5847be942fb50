/* import.c: the ninjs import run: files and folders, photos into the media
 * store, one transaction per document (see import.h). */
#include "ingest/import.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/fs.h"
#include "core/hash.h"
#include "core/slug.h"
#include "ingest/ninjs.h"
#include "ingest/terms.h"

static int read_file(const char *path, size_t max, struct dl_buf *out, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open: %s", strerror(errno));
        return DL_EIO;
    }
    char chunk[65536];
    size_t got;
    int rc = 0;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (out->n + got > max) {
            snprintf(err, errlen, "file is over the %zu-byte limit", max);
            rc = DL_ETOOBIG;
            break;
        }
        dl_buf_append(out, chunk, got);
    }
    if (!rc && ferror(f)) {
        snprintf(err, errlen, "read error: %s", strerror(errno));
        rc = DL_EIO;
    }
    fclose(f);
    return rc;
}

static size_t curl_write(char *p, size_t size, size_t nmemb, void *user)
{
    struct dl_buf *b = user;
    return dl_buf_append(b, p, size * nmemb) ? 0 : size * nmemb;
}

static int fetch_url(const char *url, struct dl_buf *out, char *err, size_t errlen)
{
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(err, errlen, "cannot start libcurl");
        return DL_EIO;
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)DL_MEDIA_MAX_BYTES);
    curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, curl_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    CURLcode cc = curl_easy_perform(c);
    curl_easy_cleanup(c);
    if (cc != CURLE_OK) {
        snprintf(err, errlen, "%s: %s", url, curl_easy_strerror(cc));
        return DL_EIO;
    }
    return 0;
}

/* The image type by its first bytes, never by its name. */
static const char *sniff(const unsigned char *p, size_t n, const char **ext)
{
    if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
        return *ext = "jpg", "image/jpeg";
    if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8))
        return *ext = "png", "image/png";
    if (n >= 6 && (!memcmp(p, "GIF87a", 6) || !memcmp(p, "GIF89a", 6)))
        return *ext = "gif", "image/gif";
    if (n >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4))
        return *ext = "webp", "image/webp";
    return NULL;
}

/* Width and height from a PNG, GIF or JPEG header; 0 if not found. */
static void dimensions(const unsigned char *p, size_t n, int *w, int *h)
{
    if (n >= 24 && p[0] == 0x89) {
        *w = (p[16] << 24) | (p[17] << 16) | (p[18] << 8) | p[19];
        *h = (p[20] << 24) | (p[21] << 16) | (p[22] << 8) | p[23];
    } else if (n >= 10 && p[0] == 'G') {
        *w = p[6] | (p[7] << 8);
        *h = p[8] | (p[9] << 8);
    } else if (n >= 4 && p[0] == 0xFF) {
        size_t i = 2;
        while (i + 9 < n && p[i] == 0xFF) {
            unsigned char m = p[i + 1];
            size_t len = ((size_t)p[i + 2] << 8) | p[i + 3];
            if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
                *h = (p[i + 5] << 8) | p[i + 6];
                *w = (p[i + 7] << 8) | p[i + 8];
                return;
            }
            i += 2 + len;
        }
    }
}

/* Copies the picture's rendition into the media folder under a name made of
 * its content hash, so that a changed photo gets a new URL. */
static int store_picture(const struct dl_import_opts *o, const char *docpath,
                         const struct dl_ninjs_picture *pic, struct dl_media *m, char **created,
                         char *err, size_t errlen)
{
    struct dl_buf data, path;
    dl_buf_init(&data, DL_MEDIA_MAX_BYTES);
    dl_buf_init(&path, 8192);
    int rc = 0;
    const char *href = pic->href;
    if (!strncmp(href, "http://", 7) || !strncmp(href, "https://", 8)) {
        if (!o->fetch_remote) {
            snprintf(err, errlen, "renditions: %s is remote and fetch_remote is off", href);
            rc = DL_ESKIP;
            goto out;
        }
        rc = fetch_url(href, &data, err, errlen);
    } else {
        if (!strncmp(href, "file://", 7))
            href += 7;
        if (href[0] != '/') {
            const char *slash = strrchr(docpath, '/');
            if (slash)
                dl_buf_append(&path, docpath, (size_t)(slash - docpath + 1));
        }
        dl_buf_puts(&path, href);
        char msg[256];
        rc = read_file(path.p, DL_MEDIA_MAX_BYTES, &data, msg, sizeof msg);
        if (rc)
            snprintf(err, errlen, "renditions: %s: %s", path.p, msg);
    }
    if (rc)
        goto out;
    const char *ext = NULL;
    const char *type = sniff((const unsigned char *)data.p, data.n, &ext);
    if (!type) {
        snprintf(err, errlen, "renditions: %s is not a JPEG, PNG, GIF or WebP image", pic->href);
        rc = DL_EINVAL;
        goto out;
    }
    int w = pic->width, h = pic->height;
    if (w <= 0 || h <= 0)
        dimensions((const unsigned char *)data.p, data.n, &w, &h);
    if (w <= 0 || h <= 0 || w > 100000 || h > 100000) {
        snprintf(err, errlen, "renditions: %s: width and height unknown", pic->href);
        rc = DL_EINVAL;
        goto out;
    }
    char name[64], tmp[128];
    snprintf(name, sizeof name, "%016llx.%s",
             (unsigned long long)dl_hash64(data.p, data.n), ext);
    snprintf(tmp, sizeof tmp, ".tmp-%ld-%s", (long)getpid(), name);
    if (dl_mkdirs(o->media_dir)) {
        snprintf(err, errlen, "media_dir \"%s\": cannot make it: %s", o->media_dir,
                 *o->media_dir ? strerror(errno) : "empty path");
        rc = DL_EIO;
        goto out;
    }
    dl_buf_reset(&path);
    dl_buf_printf(&path, "%s/%s", o->media_dir, name);
    struct stat sb;
    if (stat(path.p, &sb) != 0 || (size_t)sb.st_size != data.n) {
        struct dl_buf tpath;
        dl_buf_init(&tpath, 8192);
        dl_buf_printf(&tpath, "%s/%s", o->media_dir, tmp);
        FILE *f = fopen(tpath.p, "wb");
        if (!f || fwrite(data.p, 1, data.n, f) != data.n || fclose(f) != 0 ||
            rename(tpath.p, path.p) != 0) {
            snprintf(err, errlen, "media_dir: cannot write %s: %s", path.p, strerror(errno));
            unlink(tpath.p);
            rc = DL_EIO;
        }
        dl_buf_release(&tpath);
        if (rc)
            goto out;
        *created = dl_xstrdup(path.p); /* removed again if the document fails */
    }
    m->file = dl_xstrdup(name);
    m->content_type = dl_xstrdup(type);
    m->caption = pic->caption ? dl_xstrdup(pic->caption) : NULL;
    m->credit = pic->credit ? dl_xstrdup(pic->credit) : NULL;
    m->alt = pic->alt ? dl_xstrdup(pic->alt) : NULL;
    m->width = w;
    m->height = h;
out:
    dl_buf_release(&data);
    dl_buf_release(&path);
    return rc;
}

int dl_import_sections(struct dl_store *s, const char *path, char *err, size_t errlen)
{
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    int rc = 0;
    if (!root) {
        snprintf(err, errlen, "%s:%d:%d: %s", path, je.line, je.column, je.text);
        return DL_EINVAL;
    }
    json_t *list = json_object_get(root, "sections");
    if (!json_is_array(list)) {
        snprintf(err, errlen, "%s: sections: expected an array", path);
        rc = DL_EINVAL;
        goto out;
    }
    /* validate all before writing any */
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item) {
        const char *p = json_string_value(json_object_get(item, "path"));
        const char *name = json_string_value(json_object_get(item, "name"));
        int ok = p && name && *p && *name && strlen(p) <= 256 && strlen(name) <= 200;
        for (const char *c = p; ok && *c; c++)
            ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' ||
                 (*c == '/' && c != p && c[1] && c[1] != '/');
        if (!ok) {
            snprintf(err, errlen, "%s: sections[%zu]: needs a path of a-z, 0-9, '-' and '/', and a name",
                     path, i);
            rc = DL_EINVAL;
            goto out;
        }
    }
    if ((rc = dl_store_begin(s)))
        goto store_err;
    json_array_foreach(list, i, item) {
        int64_t id;
        rc = dl_store_section_ensure(s, json_string_value(json_object_get(item, "path")),
                                     json_string_value(json_object_get(item, "name")), (int)i, &id);
        if (rc) {
            dl_store_rollback(s);
            goto store_err;
        }
    }
    if ((rc = dl_store_commit(s))) {
        dl_store_rollback(s);
        goto store_err;
    }
    goto out;
store_err:
    snprintf(err, errlen, "%s: %s", path, dl_store_errmsg(s));
out:
    json_decref(root);
    return rc;
}

static void note(const struct dl_import_opts *o, const char *path, const char *fmt, const char *a)
{
    if (o->log) {
        fprintf(o->log, "%s: ", path);
        fprintf(o->log, fmt, a);
        fputc('\n', o->log);
    }
}

int dl_import_file(struct dl_store *s, const struct dl_import_opts *o, const char *path,
                   struct dl_import_stats *st)
{
    struct dl_buf raw, slug;
    struct dl_ninjs_doc doc;
    struct dl_media media = {0};
    char err[512], **terms = NULL, *created = NULL;
    size_t nterms = 0;
    int rc, have_media = 0, have_doc = 0;
    dl_buf_init(&raw, DL_NINJS_MAX_BYTES + 1);
    dl_buf_init(&slug, 1024);

    if ((rc = read_file(path, DL_NINJS_MAX_BYTES, &raw, err, sizeof err)))
        goto fail;
    rc = dl_ninjs_parse(raw.p, raw.n, &doc, err, sizeof err);
    if (rc == DL_ESKIP) {
        note(o, path, "skipped: %s", err);
        st->skipped++;
        rc = 0;
        goto out;
    }
    if (rc)
        goto fail;
    have_doc = 1;

    struct dl_article_version cur;
    if ((rc = dl_store_article_check(s, doc.uri, &cur))) {
        snprintf(err, sizeof err, "store: %s", dl_store_errmsg(s));
        goto fail;
    }
    if (cur.id && doc.version == cur.version) {
        note(o, path, "unchanged: %s", doc.uri);
        st->unchanged++;
        goto out;
    }
    if (cur.id && doc.version < cur.version) {
        char msg[128];
        snprintf(msg, sizeof msg, "version %lld is older than stored version %lld",
                 (long long)doc.version, (long long)cur.version);
        note(o, path, "ignored: %s", msg);
        st->older++;
        goto out;
    }
    if (doc.picture) {
        rc = store_picture(o, path, doc.picture, &media, &created, err, sizeof err);
        if (rc == DL_ESKIP) {
            note(o, path, "photo left out: %s", err);
        } else if (rc) {
            goto fail;
        } else {
            have_media = 1;
        }
        rc = 0;
    }
    dl_slugify(&slug, doc.slug ? doc.slug : doc.headline, 80, "article");
    dl_terms_extract(doc.headline, doc.summary, doc.body_html, &terms, &nterms);

    if ((rc = dl_store_begin(s))) {
        snprintf(err, sizeof err, "store: %s", dl_store_errmsg(s));
        goto fail;
    }
    int64_t section_id = 0, id = 0;
    if (doc.section_path)
        rc = dl_store_section_ensure(s, doc.section_path, doc.section_name, -1, &section_id);
    if (!rc) {
        struct dl_article_write w = {&doc, slug.p, section_id, have_media ? &media : NULL,
                                     (const char *const *)terms, nterms};
        rc = dl_store_article_write(s, &w, &id);
    }
    if (!rc)
        rc = dl_store_commit(s);
    if (rc) {
        snprintf(err, sizeof err, "store: %s", dl_store_errmsg(s));
        dl_store_rollback(s);
        goto fail;
    }
    if (cur.id) {
        st->updated++;
        note(o, path, "updated: %s", doc.uri);
    } else {
        st->added++;
        note(o, path, "added: %s", doc.uri);
    }
    goto out;
fail:
    st->failed++;
    if (o->log)
        fprintf(o->log, "%s: error: %s\n", path, err);
    if (created)
        unlink(created); /* a photo this run wrote for a document that failed */
out:
    free(created);
    if (have_doc)
        dl_ninjs_doc_release(&doc);
    if (have_media)
        dl_media_release(&media);
    dl_terms_free(terms, nterms);
    dl_buf_release(&raw);
    dl_buf_release(&slug);
    return rc;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int import_path(struct dl_store *s, const struct dl_import_opts *o, const char *path,
                       struct dl_import_stats *st, int depth)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (o->log)
            fprintf(o->log, "%s: error: %s\n", path, strerror(errno));
        st->failed++;
        return DL_EIO;
    }
    if (!S_ISDIR(sb.st_mode))
        return dl_import_file(s, o, path, st);
    if (depth > 16)
        return 0;
    struct dirent **names;
    int n = scandir(path, &names, NULL, by_name), rc = 0;
    if (n < 0) {
        if (o->log)
            fprintf(o->log, "%s: error: %s\n", path, strerror(errno));
        st->failed++;
        return DL_EIO;
    }
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        size_t len = strlen(name);
        if (name[0] != '.') {
            struct dl_buf child;
            dl_buf_init(&child, 8192);
            if (!dl_buf_printf(&child, "%s/%s", path, name)) {
                struct stat cs;
                int is_dir = stat(child.p, &cs) == 0 && S_ISDIR(cs.st_mode);
                if (is_dir || (len > 5 && !strcmp(name + len - 5, ".json")))
                    if (import_path(s, o, child.p, st, depth + 1))
                        rc = DL_EINVAL;
            }
            dl_buf_release(&child);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int dl_import_paths(struct dl_store *s, const struct dl_import_opts *o, char *const *paths,
                    size_t n, struct dl_import_stats *st)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        if (import_path(s, o, paths[i], st, 0))
            rc = DL_EINVAL;
    return st->failed ? DL_EINVAL : rc;
}
