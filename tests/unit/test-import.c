/* test-import.c: `dateline import` (ingest/import.h): ninjs files and
 * folders into a temporary store and media folder; versions (added,
 * unchanged, updated, older), bad documents writing nothing, photos, skipped
 * events, the sections file, and the log lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "ingest/import.h"

#define NOW ((time_t)2000000000) /* 2033: every test document is published by then */

/* A valid 4x3 RGB PNG. */
static const unsigned char png_4x3[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x03, 0x08, 0x02, 0x00, 0x00, 0x00, 0x3b,
    0x96, 0x39, 0x91, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x38,
    0x21, 0x27, 0x07, 0x47, 0x0c, 0x38, 0x39, 0x00, 0xf5, 0xc7, 0x0c, 0x31, 0xef, 0xea, 0x02,
    0x16, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

struct fx {
    char dir[64];
    char media[128];
    struct dl_store *s;
    struct dl_import_opts o;
    struct dl_import_stats st;
    char *log;
    size_t logn, mark;
};

/* ---- helpers ---- */

/* Removes a folder tree (only what the tests made). */
static void rm_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char p[1024];
            snprintf(p, sizeof p, "%s/%s", path, e->d_name);
            struct stat sb;
            if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
                rm_tree(p);
            else
                unlink(p);
        }
        closedir(d);
    }
    rmdir(path);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    char db[160], err[256] = "";
    snprintf(f->dir, sizeof f->dir, "/tmp/dl-test-import-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(db, sizeof db, "%s/test.db", f->dir);
    snprintf(f->media, sizeof f->media, "%s/var/media", f->dir); /* made on first photo */
    if (dl_store_open(db, &f->s, err, sizeof err)) {
        fprintf(stderr, "dl_store_open: %s\n", err);
        return -1;
    }
    f->o.media_dir = f->media;
    f->o.fetch_remote = false;
    f->o.log = open_memstream(&f->log, &f->logn);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    dl_store_close(f->s);
    fclose(f->o.log);
    free(f->log);
    rm_tree(f->dir);
    free(f);
    return 0;
}

/* The log written since the last call. */
static const char *log_new(struct fx *f)
{
    fflush(f->o.log);
    const char *p = f->log + f->mark;
    f->mark = f->logn;
    return p;
}

/* Writes n bytes to dir/name (dir relative to the fixture) and returns the
 * full path in a static buffer. */
static const char *write_file(struct fx *f, const char *name, const void *p, size_t n)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    /* make parent folders */
    for (char *s = path + strlen(f->dir) + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            mkdir(path, 0755);
            *s = '/';
        }
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(p, 1, n, fp), n);
    assert_int_equal(fclose(fp), 0);
    return path;
}

static const char *write_text(struct fx *f, const char *name, const char *text)
{
    return write_file(f, name, text, strlen(text));
}

/* Number of entries in the media folder (0 if it does not exist). */
static int media_files(struct fx *f)
{
    DIR *d = opendir(f->media);
    int n = 0;
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static int64_t stored_id(struct fx *f, const char *uri, int64_t *version)
{
    struct dl_article_version av;
    assert_int_equal(dl_store_article_check(f->s, uri, &av), 0);
    if (version)
        *version = av.version;
    return av.id;
}

/* A ninjs 3 text item. extra is spliced in before the closing brace (start
 * it with a comma), version is the "version" value. */
static char *doc_json(const char *uri, const char *version, const char *headline,
                      const char *extra)
{
    struct dl_buf b;
    dl_buf_init(&b, 0);
    dl_buf_printf(&b,
            "{\n"
            "  \"uri\": \"%s\",\n"
            "  \"type\": \"text\",\n"
            "  \"version\": \"%s\",\n"
            "  \"firstCreated\": \"2025-10-12T04:57:00Z\",\n"
            "  \"versionCreated\": \"2025-10-12T05:%02d:00Z\",\n"
            "  \"pubStatus\": \"usable\",\n"
            "  \"language\": \"en\",\n"
            "  \"headlines\": [{\"role\": \"main\", \"value\": \"%s\"}],\n"
            "  \"descriptions\": [{\"role\": \"summary\", \"value\": \"Kim arrived by train.\"}],\n"
            "  \"bodies\": [{\"role\": \"main\", \"contentType\": \"text/html\",\n"
            "              \"value\": \"<p>Kim Jong Un arrived in Beijing.</p>\"}],\n"
            "  \"subjects\": [{\"name\": \"North Korea\", \"rel\": \"section\",\n"
            "                \"literal\": \"national/north-korea\"}],\n"
            "  \"people\": [{\"name\": \"Kim Jong Un\"}],\n"
            "  \"places\": [{\"name\": \"Beijing\"}]%s\n"
            "}\n",
            uri, version, (int)(strtol(version, NULL, 10) % 60), headline, extra ? extra : "");
    return dl_buf_detach(&b, NULL);
}

#define PICTURE(href)                                                                        \
    ",\n  \"associations\": [{\"name\": \"photo1\", \"type\": \"picture\","                   \
    " \"headlines\": [{\"value\": \"Kim at the station\"}],"                                 \
    " \"renditions\": [{\"name\": \"original\", \"href\": \"" href "\","                     \
    " \"contentType\": \"image/png\"}]}]"

static void write_doc(struct fx *f, const char *name, const char *uri, const char *version,
                      const char *headline, const char *extra)
{
    char *j = doc_json(uri, version, headline, extra);
    write_text(f, name, j);
    free(j);
}

static const char *path_of(struct fx *f, const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    return path;
}

/* Asserts the last import failed, was counted, logged "PATH: ... want" and wrote nothing. */
static void assert_failed_cleanly(struct fx *f, int rc, const char *name, const char *uri,
                                  const char *want_in_log, size_t failed_before)
{
    const char *log = log_new(f);
    char prefix[600];
    if (rc == 0)
        fail_msg("%s was accepted", name);
    assert_int_equal(f->st.failed, failed_before + 1);
    snprintf(prefix, sizeof prefix, "%s: ", path_of(f, name));
    const char *line = strstr(log, prefix);
    if (!line)
        fail_msg("log does not name %s: %s", name, log);
    /* the message after "PATH: " names the field (or the problem) */
    const char *msg = line + strlen(prefix);
    if (want_in_log && !strstr(msg, want_in_log))
        fail_msg("log for %s does not mention \"%s\": %s", name, want_in_log, log);
    if (uri)
        assert_int_equal(stored_id(f, uri, NULL), 0);
    assert_int_equal(media_files(f), 0);
}

/* ---- tests ---- */

static void test_versions(void **state)
{
    struct fx *f = *state;
    int64_t v = 0;
    struct dl_article a;

    write_doc(f, "v1.json", "urn:test:import:1", "1", "North Korea's leader visits Beijing", NULL);
    assert_int_equal(dl_import_file(f->s, &f->o, path_of(f, "v1.json"), &f->st), 0);
    assert_int_equal(f->st.added, 1);
    assert_int_equal(f->st.failed, 0);
    int64_t id = stored_id(f, "urn:test:import:1", &v);
    assert_true(id > 0);
    assert_int_equal(v, 1);
    const char *log = log_new(f);
    assert_non_null(strstr(log, path_of(f, "v1.json")));
    assert_non_null(strstr(log, "added"));

    assert_int_equal(dl_store_article_get(f->s, id, NOW, &a), 0);
    assert_string_equal(a.headline, "North Korea's leader visits Beijing");
    assert_string_equal(a.slug, "north-koreas-leader-visits-beijing");
    assert_string_equal(a.section.path, "national/north-korea");
    assert_string_equal(a.section.name, "North Korea");
    assert_int_equal(a.published, 1760245020);
    assert_int_equal(a.tags.n, 2);
    assert_null(a.media);
    dl_article_release(&a);

    /* the section's parent was made too */
    struct dl_section sec;
    assert_int_equal(dl_store_section_by_path(f->s, "national", &sec), 0);
    dl_section_release(&sec);

    /* the same file again: unchanged */
    assert_int_equal(dl_import_file(f->s, &f->o, path_of(f, "v1.json"), &f->st), 0);
    assert_int_equal(f->st.unchanged, 1);
    assert_int_equal(f->st.added, 1);
    assert_int_equal(stored_id(f, "urn:test:import:1", NULL), id);
    assert_non_null(strstr(log_new(f), "unchanged"));

    /* a newer version: updated in place */
    write_doc(f, "v2.json", "urn:test:import:1", "2", "North Korean leader ends Beijing visit",
              NULL);
    assert_int_equal(dl_import_file(f->s, &f->o, path_of(f, "v2.json"), &f->st), 0);
    assert_int_equal(f->st.updated, 1);
    assert_int_equal(stored_id(f, "urn:test:import:1", &v), id);
    assert_int_equal(v, 2);
    assert_non_null(strstr(log_new(f), "updated"));
    assert_int_equal(dl_store_article_get(f->s, id, NOW, &a), 0);
    assert_string_equal(a.headline, "North Korean leader ends Beijing visit");
    dl_article_release(&a);

    /* the older version again: ignored */
    assert_int_equal(dl_import_file(f->s, &f->o, path_of(f, "v1.json"), &f->st), 0);
    assert_int_equal(f->st.older, 1);
    assert_int_equal(stored_id(f, "urn:test:import:1", &v), id);
    assert_int_equal(v, 2);
    log = log_new(f);
    assert_non_null(strstr(log, path_of(f, "v1.json")));
    assert_non_null(strstr(log, "older"));
    assert_int_equal(dl_store_article_get(f->s, id, NOW, &a), 0);
    assert_string_equal(a.headline, "North Korean leader ends Beijing visit");
    dl_article_release(&a);

    assert_int_equal(f->st.failed, 0);
    assert_int_equal(f->st.skipped, 0);
}

static void test_bad_documents(void **state)
{
    struct fx *f = *state;
    size_t failed = 0;
    int rc;
    char *j;

    /* a good photo sits next to every bad document: none may be copied */
    write_file(f, "bad/photo.png", png_4x3, sizeof png_4x3);

    write_text(f, "bad/invalid.json", "{\"uri\": \"urn:test:bad:json\", \"headlines\": [");
    rc = dl_import_file(f->s, &f->o, path_of(f, "bad/invalid.json"), &f->st);
    assert_failed_cleanly(f, rc, "bad/invalid.json", "urn:test:bad:json", "JSON", failed++);

    write_text(f, "bad/no-uri.json",
               "{\"type\": \"text\", \"headlines\": [{\"role\": \"main\", \"value\": \"No uri\"}],"
               " \"versionCreated\": \"2025-10-12T04:57:00Z\"" PICTURE("photo.png") "}");
    rc = dl_import_file(f->s, &f->o, path_of(f, "bad/no-uri.json"), &f->st);
    assert_failed_cleanly(f, rc, "bad/no-uri.json", NULL, "uri:", failed++);

    write_text(f, "bad/no-headline.json",
               "{\"uri\": \"urn:test:bad:headline\", \"type\": \"text\","
               " \"versionCreated\": \"2025-10-12T04:57:00Z\","
               " \"bodies\": [{\"contentType\": \"text/html\", \"value\": \"<p>x</p>\"}]"
               PICTURE("photo.png") "}");
    rc = dl_import_file(f->s, &f->o, path_of(f, "bad/no-headline.json"), &f->st);
    assert_failed_cleanly(f, rc, "bad/no-headline.json", "urn:test:bad:headline", "headline",
                          failed++);

    j = doc_json("urn:test:bad:date", "1", "Bad date", PICTURE("photo.png"));
    size_t at = (size_t)(strstr(j, "2025-10-12T04:57:00Z") - j);
    memcpy(j + at, "2023-13-45T00:00:00Z", 20);
    write_text(f, "bad/date.json", j);
    free(j);
    rc = dl_import_file(f->s, &f->o, path_of(f, "bad/date.json"), &f->st);
    assert_failed_cleanly(f, rc, "bad/date.json", "urn:test:bad:date", "firstCreated", failed++);

    j = doc_json("urn:test:bad:utf8", "1", "Bad \xC3\x28 bytes", PICTURE("photo.png"));
    write_text(f, "bad/utf8.json", j);
    free(j);
    rc = dl_import_file(f->s, &f->o, path_of(f, "bad/utf8.json"), &f->st);
    assert_failed_cleanly(f, rc, "bad/utf8.json", "urn:test:bad:utf8", "UTF-8", failed++);

    /* over the size limit: a valid document padded with spaces */
    j = doc_json("urn:test:bad:big", "1", "Too big", PICTURE("photo.png"));
    size_t jn = strlen(j), bign = DL_NINJS_MAX_BYTES + 16;
    char *big = malloc(bign);
    memset(big, ' ', bign);
    memcpy(big, j, jn);
    write_file(f, "bad/big.json", big, bign);
    free(big);
    free(j);
    rc = dl_import_file(f->s, &f->o, path_of(f, "bad/big.json"), &f->st);
    assert_int_equal(rc, DL_ETOOBIG);
    assert_failed_cleanly(f, rc, "bad/big.json", "urn:test:bad:big", "limit", failed++);

    /* a photo that is not on disk */
    write_doc(f, "bad/missing-photo.json", "urn:test:bad:photo", "1", "Missing photo",
              PICTURE("nowhere.png"));
    rc = dl_import_file(f->s, &f->o, path_of(f, "bad/missing-photo.json"), &f->st);
    assert_failed_cleanly(f, rc, "bad/missing-photo.json", "urn:test:bad:photo", "renditions",
                          failed++);

    /* a "photo" that is not an image */
    write_text(f, "bad/fake.png", "this is not an image");
    write_doc(f, "bad/fake-photo.json", "urn:test:bad:fake", "1", "Fake photo",
              PICTURE("fake.png"));
    rc = dl_import_file(f->s, &f->o, path_of(f, "bad/fake-photo.json"), &f->st);
    assert_failed_cleanly(f, rc, "bad/fake-photo.json", "urn:test:bad:fake", "renditions",
                          failed++);

    /* a file that is not there */
    rc = dl_import_file(f->s, &f->o, path_of(f, "bad/absent.json"), &f->st);
    assert_failed_cleanly(f, rc, "bad/absent.json", NULL, "cannot open", failed++);

    assert_int_equal(f->st.added + f->st.updated + f->st.unchanged + f->st.older, 0);
    struct dl_teaser_list l;
    size_t total = 99;
    assert_int_equal(dl_store_list_section(f->s, NULL, NOW, 0, 10, &l, &total), 0);
    assert_int_equal(total, 0);
    dl_teaser_list_release(&l);
}

static void test_picture(void **state)
{
    struct fx *f = *state;
    struct dl_article a;
    write_file(f, "in/photos/kim.png", png_4x3, sizeof png_4x3);
    write_doc(f, "in/with-photo.json", "urn:test:photo:1", "1", "Kim at the station",
              PICTURE("photos/kim.png"));
    assert_int_equal(dl_import_file(f->s, &f->o, path_of(f, "in/with-photo.json"), &f->st), 0);
    assert_int_equal(f->st.added, 1);

    /* one file named by its content hash */
    DIR *d = opendir(f->media);
    assert_non_null(d);
    struct dirent *e;
    char name[256] = "";
    int n = 0;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') {
            snprintf(name, sizeof name, "%s", e->d_name);
            n++;
        }
    closedir(d);
    assert_int_equal(n, 1);
    assert_int_equal(strlen(name), 16 + 4);
    assert_string_equal(name + 16, ".png");
    for (int i = 0; i < 16; i++)
        assert_non_null(strchr("0123456789abcdef", name[i]));

    /* the same bytes */
    char path[512];
    snprintf(path, sizeof path, "%s/%s", f->media, name);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    unsigned char buf[256];
    size_t got = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    assert_int_equal(got, sizeof png_4x3);
    assert_memory_equal(buf, png_4x3, sizeof png_4x3);

    /* the media row, with the size read from the PNG */
    int64_t id = stored_id(f, "urn:test:photo:1", NULL);
    assert_int_equal(dl_store_article_get(f->s, id, NOW, &a), 0);
    assert_non_null(a.media);
    assert_string_equal(a.media->file, name);
    assert_string_equal(a.media->content_type, "image/png");
    assert_int_equal(a.media->width, 4);
    assert_int_equal(a.media->height, 3);
    dl_article_release(&a);
    struct dl_media m = {0};
    assert_int_equal(dl_store_media_by_file(f->s, name, NOW, &m), 0);
    assert_int_equal(m.width, 4);
    dl_media_release(&m);

    /* the same photo from a second story is stored once */
    write_doc(f, "in/same-photo.json", "urn:test:photo:2", "1", "Same photo again",
              PICTURE("photos/kim.png"));
    assert_int_equal(dl_import_file(f->s, &f->o, path_of(f, "in/same-photo.json"), &f->st), 0);
    assert_int_equal(media_files(f), 1);

    /* a remote photo with fetching off: the story comes in without it */
    write_doc(f, "in/remote.json", "urn:test:photo:3", "1", "Remote photo",
              PICTURE("https://images.example.com/kim.png"));
    assert_int_equal(dl_import_file(f->s, &f->o, path_of(f, "in/remote.json"), &f->st), 0);
    assert_int_equal(f->st.added, 3);
    assert_non_null(strstr(log_new(f), "fetch_remote"));
    id = stored_id(f, "urn:test:photo:3", NULL);
    assert_int_equal(dl_store_article_get(f->s, id, NOW, &a), 0);
    assert_null(a.media);
    dl_article_release(&a);
    assert_int_equal(media_files(f), 1);
}

static void test_event_skipped(void **state)
{
    struct fx *f = *state;
    write_text(f, "event.json",
               "{\"uri\": \"urn:test:event:1\", \"type\": \"event\", \"title\": \"A conference\","
               " \"versionCreated\": \"2023-10-04T08:16:21+02:00\"}");
    assert_int_equal(dl_import_file(f->s, &f->o, path_of(f, "event.json"), &f->st), 0);
    assert_int_equal(f->st.skipped, 1);
    assert_int_equal(f->st.failed, 0);
    assert_int_equal(f->st.added, 0);
    assert_int_equal(stored_id(f, "urn:test:event:1", NULL), 0);
    const char *log = log_new(f);
    assert_non_null(strstr(log, path_of(f, "event.json")));
    assert_non_null(strstr(log, "skipped"));

    /* the shared fixture too, if present */
    const char *shared = getenv("DL_SHARED_DIR");
    if (shared) {
        char p[512];
        snprintf(p, sizeof p, "%s/fixtures/ninjs/simpleEvent.json", shared);
        if (access(p, R_OK) == 0) {
            assert_int_equal(dl_import_file(f->s, &f->o, p, &f->st), 0);
            assert_int_equal(f->st.skipped, 2);
        }
    }
}

static void test_sections_file(void **state)
{
    struct fx *f = *state;
    char err[512] = "";
    struct dl_section_list l;

    write_text(f, "sections.json",
               "{\"sections\": ["
               " {\"path\": \"national\", \"name\": \"National\"},"
               " {\"path\": \"national/north-korea\", \"name\": \"North Korea\"},"
               " {\"path\": \"business\", \"name\": \"Business\"},"
               " {\"path\": \"culture\", \"name\": \"Culture\"}]}");
    assert_int_equal(dl_import_sections(f->s, path_of(f, "sections.json"), err, sizeof err), 0);
    assert_int_equal(dl_store_sections(f->s, &l), 0);
    assert_int_equal(l.n, 4);
    assert_string_equal(l.v[0].path, "national");
    assert_string_equal(l.v[1].path, "national/north-korea");
    assert_string_equal(l.v[1].name, "North Korea");
    assert_string_equal(l.v[2].path, "business");
    assert_string_equal(l.v[3].path, "culture");
    dl_section_list_release(&l);

    /* a bad entry: an error naming the file, and nothing written (not even the good first entry) */
    static const char *const bad[] = {
        "{\"sections\": [{\"path\": \"sport\", \"name\": \"Sport\"},"
        " {\"path\": \"Bad Path\", \"name\": \"Bad\"}]}",
        "{\"sections\": [{\"path\": \"sport\", \"name\": \"Sport\"},"
        " {\"path\": \"a//b\", \"name\": \"Double slash\"}]}",
        "{\"sections\": [{\"path\": \"sport\", \"name\": \"Sport\"}, {\"path\": \"x\"}]}",
        "{\"sections\": [{\"path\": \"sport\", \"name\": \"Sport\"},"
        " {\"path\": \"/lead\", \"name\": \"Lead slash\"}]}",
        "{\"sections\": {\"path\": \"sport\"}}",
        "{\"sections\": [{\"path\": \"sport\", \"name\": \"Sport\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        write_text(f, "bad-sections.json", bad[i]);
        int rc = dl_import_sections(f->s, path_of(f, "bad-sections.json"), err, sizeof err);
        if (rc != DL_EINVAL)
            fail_msg("accepted %s", bad[i]);
        assert_non_null(strstr(err, path_of(f, "bad-sections.json")));
        struct dl_section sec;
        assert_int_equal(dl_store_section_by_path(f->s, "sport", &sec), DL_ENOTFOUND);
    }
    err[0] = '\0';
    assert_int_not_equal(dl_import_sections(f->s, path_of(f, "none.json"), err, sizeof err), 0);
    assert_true(strlen(err) > 0);

    /* renaming and reordering from a second file */
    write_text(f, "sections.json",
               "{\"sections\": [{\"path\": \"business\", \"name\": \"Economy\"},"
               " {\"path\": \"national\", \"name\": \"National\"}]}");
    assert_int_equal(dl_import_sections(f->s, path_of(f, "sections.json"), err, sizeof err), 0);
    assert_int_equal(dl_store_sections(f->s, &l), 0);
    assert_string_equal(l.v[0].path, "business");
    assert_string_equal(l.v[0].name, "Economy");
    assert_string_equal(l.v[1].path, "national");
    dl_section_list_release(&l);
}

static void test_folder(void **state)
{
    struct fx *f = *state;
    write_doc(f, "batch/01-first.json", "urn:test:batch:1", "1", "First story", NULL);
    write_text(f, "batch/02-broken.json", "{ not json");
    write_doc(f, "batch/03-third.json", "urn:test:batch:3", "1", "Third story", NULL);
    write_doc(f, "batch/sub/04-nested.json", "urn:test:batch:4", "1", "Nested story", NULL);
    write_text(f, "batch/notes.txt", "not a document");
    write_doc(f, "batch/.hidden.json", "urn:test:batch:hidden", "1", "Hidden", NULL);
    write_text(f, "batch/05-event.json",
               "{\"uri\": \"urn:test:batch:event\", \"type\": \"event\", \"title\": \"x\"}");

    char *dir = strdup(path_of(f, "batch"));
    char *paths[] = {dir};
    int rc = dl_import_paths(f->s, &f->o, paths, 1, &f->st);
    assert_int_equal(rc, DL_EINVAL); /* one bad file */
    assert_int_equal(f->st.added, 3); /* the rest went in, after the bad one too */
    assert_int_equal(f->st.failed, 1);
    assert_int_equal(f->st.skipped, 1);
    assert_true(stored_id(f, "urn:test:batch:1", NULL) > 0);
    assert_true(stored_id(f, "urn:test:batch:3", NULL) > 0);
    assert_true(stored_id(f, "urn:test:batch:4", NULL) > 0);
    assert_int_equal(stored_id(f, "urn:test:batch:hidden", NULL), 0);
    const char *log = log_new(f);
    char want[600];
    snprintf(want, sizeof want, "%s/02-broken.json: ", dir);
    assert_non_null(strstr(log, want));
    /* files in name order */
    const char *p1 = strstr(log, "01-first.json"), *p3 = strstr(log, "03-third.json");
    assert_non_null(p1);
    assert_non_null(p3);
    assert_true(p1 < p3);

    /* again, without the bad file: all unchanged, success */
    unlink(path_of(f, "batch/02-broken.json"));
    memset(&f->st, 0, sizeof f->st);
    assert_int_equal(dl_import_paths(f->s, &f->o, paths, 1, &f->st), 0);
    assert_int_equal(f->st.unchanged, 3);
    assert_int_equal(f->st.failed, 0);

    /* a path that does not exist fails */
    char *missing[] = {dir, "/nonexistent/dateline/docs"};
    memset(&f->st, 0, sizeof f->st);
    assert_int_equal(dl_import_paths(f->s, &f->o, missing, 2, &f->st), DL_EINVAL);
    assert_int_equal(f->st.failed, 1);
    assert_int_equal(f->st.unchanged, 3);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_documents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_picture, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sections_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_folder, setup, teardown),
    };
    return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
