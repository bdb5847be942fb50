/* test-store.c: the storage interface (store/store.h) on the SQLite backend:
 * migrations, sections, article writes, and every reader query with its
 * visibility rules (embargo, drafts, withdrawn), paging and Related Stories. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "store/store.h"

#define T0 ((time_t)1760245020) /* 2025-10-12T04:57:00Z */
#define H 3600
#define NOW (T0 + H)
#define LATER (NOW + 2 * H) /* after the embargo has passed */

enum { A1, A2, A3, A4, A5, A6, A7, A8, A9, NART };

struct fx {
    char dir[64];
    char db[128];
    struct dl_store *s;
    int64_t national, nk, business, world, natnews;
    int64_t id[NART];
};

/* ---- fixture ---- */

static struct fx *fx_new(void)
{
    struct fx *f = calloc(1, sizeof *f);
    char err[256] = "";
    snprintf(f->dir, sizeof f->dir, "/tmp/dl-test-store-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/test.db", f->dir);
    if (dl_store_open(f->db, &f->s, err, sizeof err))
        fail_msg("dl_store_open: %s", err);
    return f;
}

static void fx_free(struct fx *f)
{
    static const char *const files[] = {"test.db", "test.db-wal", "test.db-shm"};
    char p[160];
    dl_store_close(f->s);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", f->dir, files[i]);
        unlink(p);
    }
    rmdir(f->dir);
    free(f);
}

static void doc_init(struct dl_ninjs_doc *d, char *uri, char *headline, time_t created)
{
    memset(d, 0, sizeof *d);
    d->uri = uri;
    d->headline = headline;
    d->body_html = "<p>Body text.</p>";
    d->version = 1;
    d->first_created = created;
    d->version_created = created + 600;
    d->status = DL_STATUS_PUBLISHED;
}

/* Writes one article in its own transaction and returns its id. */
static int64_t put(struct dl_store *s, const struct dl_ninjs_doc *d, const char *slug,
                   int64_t section, const struct dl_media *m, const char *const *terms,
                   size_t nterms)
{
    struct dl_article_write w = {d, slug, section, m, terms, nterms};
    int64_t id = 0;
    assert_int_equal(dl_store_begin(s), 0);
    int rc = dl_store_article_write(s, &w, &id);
    if (rc) {
        dl_store_rollback(s);
        fail_msg("article_write %s: %s", d->uri, dl_store_errmsg(s));
    }
    assert_int_equal(dl_store_commit(s), 0);
    assert_true(id > 0);
    return id;
}

static int setup_empty(void **state)
{
    *state = fx_new();
    return 0;
}

/*
 * The newsroom at NOW (T0 + 1h), newest first:
 *   A8 withdrawn  T0-10m national
 *   A7 draft      T0-20m national
 *   A6 embargoed  T0-30m national, embargo until NOW+1h
 *   A4            T0-1h  business  (no tag or term shared with A1)
 *   A5            T0-2h  world     (shares the term "beijing" with A1)
 *   A2            T0-4h  national
 *   A1            T0-5h  national/north-korea  (person Kim, place Beijing, topic)
 *   A9            T0-6h  national-news (a sibling path, not under national)
 *   A3            T0-10h national/north-korea  (person Kim, place Beijing)
 */
static int setup_newsroom(void **state)
{
    struct fx *f = fx_new();
    struct dl_store *s = f->s;
    struct dl_ninjs_doc d;

    assert_int_equal(dl_store_begin(s), 0);
    assert_int_equal(dl_store_section_ensure(s, "national/north-korea", "North Korea", 1, &f->nk), 0);
    assert_int_equal(dl_store_section_ensure(s, "national", "National", 0, &f->national), 0);
    assert_int_equal(dl_store_section_ensure(s, "business", "Business", 2, &f->business), 0);
    assert_int_equal(dl_store_section_ensure(s, "world", "World", 3, &f->world), 0);
    assert_int_equal(dl_store_section_ensure(s, "national-news", "National News", 4, &f->natnews),
                     0);
    assert_int_equal(dl_store_commit(s), 0);

    struct dl_ninjs_tag kim = {DL_TAG_PERSON, "Kim Jong Un"};
    struct dl_ninjs_tag beijing = {DL_TAG_PLACE, "Beijing"};
    struct dl_ninjs_tag diplomacy = {DL_TAG_TOPIC, "Diplomacy"};
    struct dl_ninjs_tag seoul = {DL_TAG_PLACE, "Seoul"};
    struct dl_ninjs_tag markets = {DL_TAG_TOPIC, "Markets"};

    /* A1: every field set */
    struct dl_ninjs_tag a1_tags[] = {kim, beijing, diplomacy};
    struct dl_ninjs_related a1_rel[] = {{"urn:test:a2", "Seoul responds"},
                                        {"urn:test:missing", NULL},
                                        {"urn:test:a6", "Embargoed follow-up"}};
    struct dl_media a1_photo = {0, "0123456789abcdef.png", "image/png", "Kim arrives in Beijing",
                                "Photo: Agency", "Kim Jong Un waves", 4, 3};
    static const char *const a1_terms[] = {"beijing", "kim", "visit"};
    doc_init(&d, "urn:test:a1", "Kim Jong Un visits Beijing", T0 - 5 * H);
    d.summary = "The leader arrived by train.";
    d.body_html = "<p>Kim Jong Un arrived in Beijing on Sunday.</p>";
    d.language = "en";
    d.source = "Dateline Wire";
    d.copyright = "(c) 2025 Dateline";
    d.version = 3;
    d.version_created = T0 - 15 * 60; /* corrected recently */
    d.tags = a1_tags;
    d.ntags = 3;
    d.related = a1_rel;
    d.nrelated = 3;
    f->id[A1] = put(s, &d, "kim-jong-un-visits-beijing", f->nk, &a1_photo, a1_terms, 3);

    struct dl_ninjs_tag a2_tags[] = {seoul};
    doc_init(&d, "urn:test:a2", "Seoul responds to visit", T0 - 4 * H);
    d.tags = a2_tags;
    d.ntags = 1;
    f->id[A2] = put(s, &d, "seoul-responds", f->national, NULL, NULL, 0);

    struct dl_ninjs_tag a3_tags[] = {beijing, kim};
    static const char *const a3_terms[] = {"beijing", "kim", "xi"};
    doc_init(&d, "urn:test:a3", "Kim meets Xi in Beijing", T0 - 10 * H);
    d.tags = a3_tags;
    d.ntags = 2;
    f->id[A3] = put(s, &d, "kim-meets-xi", f->nk, NULL, a3_terms, 3);

    struct dl_ninjs_tag a4_tags[] = {markets};
    static const char *const a4_terms[] = {"kospi", "rises"};
    doc_init(&d, "urn:test:a4", "KOSPI rises", T0 - 1 * H);
    d.tags = a4_tags;
    d.ntags = 1;
    f->id[A4] = put(s, &d, "kospi-rises", f->business, NULL, a4_terms, 2);

    static const char *const a5_terms[] = {"beijing", "trade"};
    doc_init(&d, "urn:test:a5", "Beijing trade fair opens", T0 - 2 * H);
    f->id[A5] = put(s, &d, "beijing-trade-fair", f->world, NULL, a5_terms, 2);

    struct dl_ninjs_tag a6_tags[] = {kim};
    struct dl_media a6_photo = {0, "eeeeeeeeeeeeeeee.jpg", "image/jpeg", NULL, NULL, NULL, 8, 6};
    static const char *const a6_terms[] = {"beijing", "kim"};
    doc_init(&d, "urn:test:a6", "Embargoed: Kim returns", T0 - 30 * 60);
    d.embargoed_until = NOW + H;
    d.version_created = T0;
    d.tags = a6_tags;
    d.ntags = 1;
    f->id[A6] = put(s, &d, "kim-returns", f->national, &a6_photo, a6_terms, 2);

    struct dl_media a7_photo = {0, "dddddddddddddddd.jpg", "image/jpeg", NULL, NULL, NULL, 8, 6};
    doc_init(&d, "urn:test:a7", "Draft about Kim", T0 - 20 * 60);
    d.status = DL_STATUS_DRAFT;
    d.version_created = T0 + 100;
    d.tags = a6_tags;
    d.ntags = 1;
    f->id[A7] = put(s, &d, "draft", f->national, &a7_photo, a6_terms, 2);

    doc_init(&d, "urn:test:a8", "Withdrawn story about Kim", T0 - 10 * 60);
    d.status = DL_STATUS_WITHDRAWN;
    d.version_created = T0 + 200;
    d.tags = a6_tags;
    d.ntags = 1;
    f->id[A8] = put(s, &d, "withdrawn", f->national, NULL, a6_terms, 2);

    doc_init(&d, "urn:test:a9", "Sibling section story", T0 - 6 * H);
    f->id[A9] = put(s, &d, "sibling", f->natnews, NULL, NULL, 0);

    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx_free(*state);
    return 0;
}

/* Checks a teaser list holds exactly the articles want[0..n) in that order. */
static void assert_ids(const struct fx *f, const struct dl_teaser_list *l, const int *want,
                       size_t n)
{
    if (l->n != n) {
        char got[256] = "";
        size_t k = 0;
        for (size_t i = 0; i < l->n && k < sizeof got - 24; i++)
            k += (size_t)snprintf(got + k, sizeof got - k, "%lld ", (long long)l->v[i].id);
        fail_msg("got %zu teasers (%s), want %zu", l->n, got, n);
    }
    for (size_t i = 0; i < n; i++)
        if (l->v[i].id != f->id[want[i]])
            fail_msg("teaser %zu is id %lld, want A%d (id %lld)", i, (long long)l->v[i].id,
                     want[i] + 1, (long long)f->id[want[i]]);
}

#define IDS(...) (const int[]){__VA_ARGS__}, sizeof((const int[]){__VA_ARGS__}) / sizeof(int)

/* ---- schema and sections ---- */

static void test_open_and_migrate(void **state)
{
    struct fx *f = *state;
    char err[256] = "";
    int v = dl_store_schema_version(f->s);
    assert_true(v >= 1);

    struct dl_ninjs_doc d;
    doc_init(&d, "urn:test:persist", "Persisted", T0);
    int64_t id = put(f->s, &d, "persisted", 0, NULL, NULL, 0);

    /* reopening finds the same schema and keeps the data: nothing re-migrated */
    dl_store_close(f->s);
    f->s = NULL;
    assert_int_equal(dl_store_open(f->db, &f->s, err, sizeof err), 0);
    assert_int_equal(dl_store_schema_version(f->s), v);
    struct dl_article_version av;
    assert_int_equal(dl_store_article_check(f->s, "urn:test:persist", &av), 0);
    assert_int_equal(av.id, id);
    assert_int_equal(av.version, 1);
    assert_int_equal(dl_store_article_check(f->s, "urn:test:nothing", &av), 0);
    assert_int_equal(av.id, 0);

    /* a database that cannot be created is an error with a message */
    struct dl_store *bad = NULL;
    err[0] = '\0';
    assert_int_equal(dl_store_open("/nonexistent-dir/x/test.db", &bad, err, sizeof err),
                     DL_ESTORE);
    assert_null(bad);
    assert_true(strlen(err) > 0);
}

static void test_sections(void **state)
{
    struct fx *f = *state;
    struct dl_store *s = f->s;
    struct dl_section sec = {0};
    int64_t nk = 0, nk2 = 0, national = 0, politics = 0, business = 0;

    assert_int_equal(dl_store_section_by_path(s, "national", &sec), DL_ENOTFOUND);
    assert_int_equal(dl_store_section_ensure(s, "national/north-korea", "North Korea", 2, &nk), 0);
    assert_true(nk > 0);

    /* the missing parent was made, named from its slug */
    assert_int_equal(dl_store_section_by_path(s, "national", &sec), 0);
    assert_string_equal(sec.path, "national");
    assert_string_equal(sec.name, "National");
    assert_int_equal(sec.parent_id, 0);
    national = sec.id;
    dl_section_release(&sec);
    assert_int_equal(dl_store_section_by_path(s, "national/north-korea", &sec), 0);
    assert_int_equal(sec.id, nk);
    assert_int_equal(sec.parent_id, national);
    assert_string_equal(sec.name, "North Korea");
    assert_int_equal(sec.position, 2);
    dl_section_release(&sec);

    /* ensure again: the same id; a NULL name keeps the name */
    assert_int_equal(dl_store_section_ensure(s, "national/north-korea", NULL, -1, &nk2), 0);
    assert_int_equal(nk2, nk);
    assert_int_equal(dl_store_section_by_path(s, "national/north-korea", &sec), 0);
    assert_string_equal(sec.name, "North Korea");
    dl_section_release(&sec);

    /* a parent with a multi-word slug is named word by word */
    int64_t deep = 0;
    assert_int_equal(dl_store_section_ensure(s, "culture-and-arts/k-pop", "K-pop", 0, &deep), 0);
    assert_int_equal(dl_store_section_by_path(s, "culture-and-arts", &sec), 0);
    assert_string_equal(sec.name, "Culture And Arts");
    dl_section_release(&sec);

    /* renaming and positions */
    assert_int_equal(dl_store_section_ensure(s, "business", "Business", 1, &business), 0);
    assert_int_equal(dl_store_section_ensure(s, "national", "Nation", 0, &national), 0);
    assert_int_equal(dl_store_section_ensure(s, "national/politics", "Politics", 1, &politics),
                     0);
    assert_int_equal(dl_store_section_ensure(s, "culture-and-arts", "Culture", 5, &deep), 0);
    assert_int_equal(dl_store_section_by_path(s, "national", &sec), 0);
    assert_string_equal(sec.name, "Nation");
    dl_section_release(&sec);

    /* depth first: a parent, then its children by position, then the next top section */
    static const char *const want[] = {"national", "national/politics", "national/north-korea",
                                       "business", "culture-and-arts", "culture-and-arts/k-pop"};
    struct dl_section_list l;
    assert_int_equal(dl_store_sections(s, &l), 0);
    assert_int_equal(l.n, 6);
    for (size_t i = 0; i < l.n; i++)
        assert_string_equal(l.v[i].path, want[i]);
    assert_int_equal(l.v[0].parent_id, 0);
    assert_int_equal(l.v[1].parent_id, national);
    assert_int_equal(l.v[2].id, nk);
    assert_string_equal(l.v[3].name, "Business");
    dl_section_list_release(&l);
    assert_null(l.v);
    assert_int_equal(l.n, 0);
}

/* ---- articles ---- */

static void test_article_get(void **state)
{
    struct fx *f = *state;
    struct dl_article a;
    assert_int_equal(dl_store_article_get(f->s, f->id[A1], NOW, &a), 0);
    assert_int_equal(a.id, f->id[A1]);
    assert_string_equal(a.uri, "urn:test:a1");
    assert_int_equal(a.version, 3);
    assert_string_equal(a.slug, "kim-jong-un-visits-beijing");
    assert_string_equal(a.headline, "Kim Jong Un visits Beijing");
    assert_string_equal(a.summary, "The leader arrived by train.");
    assert_string_equal(a.body_html, "<p>Kim Jong Un arrived in Beijing on Sunday.</p>");
    assert_string_equal(a.language, "en");
    assert_int_equal(a.status, DL_STATUS_PUBLISHED);
    assert_int_equal(a.published, T0 - 5 * H);
    assert_int_equal(a.updated, T0 - 15 * 60);
    assert_int_equal(a.embargo, 0);
    assert_string_equal(a.source, "Dateline Wire");
    assert_string_equal(a.copyright, "(c) 2025 Dateline");

    assert_int_equal(a.section.id, f->nk);
    assert_int_equal(a.section.parent_id, f->national);
    assert_string_equal(a.section.path, "national/north-korea");
    assert_string_equal(a.section.name, "North Korea");

    assert_non_null(a.media);
    assert_string_equal(a.media->file, "0123456789abcdef.png");
    assert_string_equal(a.media->content_type, "image/png");
    assert_string_equal(a.media->caption, "Kim arrives in Beijing");
    assert_string_equal(a.media->credit, "Photo: Agency");
    assert_string_equal(a.media->alt, "Kim Jong Un waves");
    assert_int_equal(a.media->width, 4);
    assert_int_equal(a.media->height, 3);

    /* tags in the document's order, with slugs */
    assert_int_equal(a.tags.n, 3);
    assert_string_equal(a.tags.v[0].name, "Kim Jong Un");
    assert_int_equal(a.tags.v[0].kind, DL_TAG_PERSON);
    assert_string_equal(a.tags.v[0].slug, "kim-jong-un");
    assert_string_equal(a.tags.v[1].name, "Beijing");
    assert_int_equal(a.tags.v[1].kind, DL_TAG_PLACE);
    assert_string_equal(a.tags.v[2].name, "Diplomacy");
    assert_int_equal(a.tags.v[2].kind, DL_TAG_TOPIC);
    assert_string_equal(a.tags.v[2].slug, "diplomacy");

    /* editor picks: resolved when stored and visible */
    assert_int_equal(a.nlinks, 3);
    assert_string_equal(a.links[0].uri, "urn:test:a2");
    assert_string_equal(a.links[0].headline, "Seoul responds");
    assert_non_null(a.links[0].target);
    assert_int_equal(a.links[0].target->id, f->id[A2]);
    assert_string_equal(a.links[0].target->headline, "Seoul responds to visit");
    assert_string_equal(a.links[0].target->slug, "seoul-responds");
    assert_string_equal(a.links[0].target->section_path, "national");
    assert_string_equal(a.links[1].uri, "urn:test:missing");
    assert_null(a.links[1].headline);
    assert_null(a.links[1].target);
    assert_string_equal(a.links[2].uri, "urn:test:a6");
    assert_null(a.links[2].target); /* embargoed at NOW */
    dl_article_release(&a);
    assert_null(a.uri);

    /* after the embargo the third link resolves too */
    assert_int_equal(dl_store_article_get(f->s, f->id[A1], LATER, &a), 0);
    assert_non_null(a.links[2].target);
    assert_int_equal(a.links[2].target->id, f->id[A6]);
    dl_article_release(&a);

    /* an article without section or photo */
    struct dl_ninjs_doc d;
    doc_init(&d, "urn:test:bare", "Bare", T0);
    int64_t bare = put(f->s, &d, "bare", 0, NULL, NULL, 0);
    assert_int_equal(dl_store_article_get(f->s, bare, NOW, &a), 0);
    assert_int_equal(a.section.id, 0);
    assert_null(a.media);
    assert_null(a.summary);
    assert_int_equal(a.tags.n, 0);
    assert_int_equal(a.nlinks, 0);
    dl_article_release(&a);

    assert_int_equal(dl_store_article_get(f->s, 999999, NOW, &a), DL_ENOTFOUND);
}

static void test_visibility(void **state)
{
    struct fx *f = *state;
    struct dl_article a;
    struct dl_teaser_list l;
    size_t total = 0;

    /* embargoed: hidden at NOW, shown once the embargo has passed */
    assert_int_equal(dl_store_article_get(f->s, f->id[A6], NOW, &a), DL_ENOTFOUND);
    assert_int_equal(dl_store_article_get(f->s, f->id[A6], NOW + H, &a), 0); /* embargo <= now */
    assert_int_equal(a.embargo, NOW + H);
    dl_article_release(&a);
    assert_int_equal(dl_store_article_get(f->s, f->id[A6], LATER, &a), 0);
    dl_article_release(&a);

    /* drafts and withdrawn stories never show */
    static const time_t whens[] = {NOW, LATER, T0 + 365 * 24 * H};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(dl_store_article_get(f->s, f->id[A7], whens[i], &a), DL_ENOTFOUND);
        assert_int_equal(dl_store_article_get(f->s, f->id[A8], whens[i], &a), DL_ENOTFOUND);
    }

    /* an article is not shown before it was published */
    assert_int_equal(dl_store_article_get(f->s, f->id[A4], T0 - 2 * H, &a), DL_ENOTFOUND);

    assert_int_equal(dl_store_list_section(f->s, "national", NOW, 0, 20, &l, &total), 0);
    assert_ids(f, &l, IDS(A2, A1, A3));
    assert_int_equal(total, 3);
    dl_teaser_list_release(&l);
    assert_int_equal(dl_store_list_section(f->s, "national", LATER, 0, 20, &l, &total), 0);
    assert_ids(f, &l, IDS(A6, A2, A1, A3));
    assert_int_equal(total, 4);
    dl_teaser_list_release(&l);

    /* the whole site */
    assert_int_equal(dl_store_list_section(f->s, NULL, NOW, 0, 20, &l, &total), 0);
    assert_ids(f, &l, IDS(A4, A5, A2, A1, A9, A3));
    assert_int_equal(total, 6);
    dl_teaser_list_release(&l);
}

static void test_list_section(void **state)
{
    struct fx *f = *state;
    struct dl_teaser_list l;
    size_t total = 0;

    /* a child section's stories are in its parent's list, newest first */
    assert_int_equal(dl_store_list_section(f->s, "national/north-korea", NOW, 0, 20, &l, &total),
                     0);
    assert_ids(f, &l, IDS(A1, A3));
    assert_int_equal(total, 2);
    assert_string_equal(l.v[0].headline, "Kim Jong Un visits Beijing");
    assert_string_equal(l.v[0].slug, "kim-jong-un-visits-beijing");
    assert_string_equal(l.v[0].summary, "The leader arrived by train.");
    assert_string_equal(l.v[0].section_path, "national/north-korea");
    assert_string_equal(l.v[0].section_name, "North Korea");
    assert_int_equal(l.v[0].published, T0 - 5 * H);
    assert_int_equal(l.v[0].updated, T0 - 15 * 60);
    assert_string_equal(l.v[0].thumb, "0123456789abcdef.png");
    assert_string_equal(l.v[0].thumb_alt, "Kim Jong Un waves");
    assert_null(l.v[1].thumb);
    dl_teaser_list_release(&l);

    /* paging: offset and limit, with the full total */
    assert_int_equal(dl_store_list_section(f->s, "national", NOW, 1, 1, &l, &total), 0);
    assert_ids(f, &l, IDS(A1));
    assert_int_equal(total, 3);
    dl_teaser_list_release(&l);
    assert_int_equal(dl_store_list_section(f->s, "national", NOW, 0, 2, &l, &total), 0);
    assert_ids(f, &l, IDS(A2, A1));
    assert_int_equal(total, 3);
    dl_teaser_list_release(&l);
    assert_int_equal(dl_store_list_section(f->s, "national", NOW, 2, 2, &l, &total), 0);
    assert_ids(f, &l, IDS(A3));
    dl_teaser_list_release(&l);
    total = 99;
    assert_int_equal(dl_store_list_section(f->s, "national", NOW, 10, 2, &l, &total), 0);
    assert_int_equal(l.n, 0);
    assert_int_equal(total, 3);
    dl_teaser_list_release(&l);

    /* "national-news" and a bare prefix are not under "national" */
    assert_int_equal(dl_store_list_section(f->s, "national-news", NOW, 0, 20, &l, &total), 0);
    assert_ids(f, &l, IDS(A9));
    dl_teaser_list_release(&l);
    assert_int_equal(dl_store_list_section(f->s, "nation", NOW, 0, 20, &l, &total), 0);
    assert_int_equal(l.n, 0);
    assert_int_equal(total, 0);
    dl_teaser_list_release(&l);
    assert_int_equal(dl_store_list_section(f->s, "business", NOW, 0, 20, &l, &total), 0);
    assert_ids(f, &l, IDS(A4));
    dl_teaser_list_release(&l);
}

static void test_list_tag(void **state)
{
    struct fx *f = *state;
    struct dl_tag t = {0};
    struct dl_teaser_list l;
    size_t total = 0;

    assert_int_equal(dl_store_tag_by_slug(f->s, "kim-jong-un", &t), 0);
    assert_int_equal(t.kind, DL_TAG_PERSON);
    assert_string_equal(t.name, "Kim Jong Un");
    assert_string_equal(t.slug, "kim-jong-un");
    /* drafts, withdrawn and embargoed stories with the tag are not listed */
    assert_int_equal(dl_store_list_tag(f->s, t.id, NOW, 0, 20, &l, &total), 0);
    assert_ids(f, &l, IDS(A1, A3));
    assert_int_equal(total, 2);
    dl_teaser_list_release(&l);
    assert_int_equal(dl_store_list_tag(f->s, t.id, LATER, 0, 1, &l, &total), 0);
    assert_ids(f, &l, IDS(A6));
    assert_int_equal(total, 3);
    dl_teaser_list_release(&l);
    dl_tag_release(&t);

    assert_int_equal(dl_store_tag_by_slug(f->s, "beijing", &t), 0);
    assert_int_equal(t.kind, DL_TAG_PLACE);
    dl_tag_release(&t);
    assert_int_equal(dl_store_tag_by_slug(f->s, "no-such-tag", &t), DL_ENOTFOUND);

    /* the same name as a place and as a person: two tags, two slugs */
    struct dl_ninjs_tag tags[] = {{DL_TAG_PLACE, "Jordan"}, {DL_TAG_PERSON, "Jordan"},
                                  {DL_TAG_TOPIC, "북한"}, {DL_TAG_PERSON, "김정은"}};
    struct dl_ninjs_doc d;
    doc_init(&d, "urn:test:jordan", "Jordan", T0);
    d.tags = tags;
    d.ntags = 4;
    int64_t id = put(f->s, &d, "jordan", 0, NULL, NULL, 0);
    struct dl_article a;
    assert_int_equal(dl_store_article_get(f->s, id, NOW, &a), 0);
    assert_int_equal(a.tags.n, 4);
    assert_string_equal(a.tags.v[0].slug, "jordan");
    assert_string_equal(a.tags.v[1].slug, "jordan-person");
    /* Hangul-only names still get distinct ASCII slugs */
    assert_string_not_equal(a.tags.v[2].slug, a.tags.v[3].slug);
    assert_string_equal(a.tags.v[2].name, "북한");
    dl_article_release(&a);
    assert_int_equal(dl_store_tag_by_slug(f->s, "jordan-person", &t), 0);
    assert_int_equal(t.kind, DL_TAG_PERSON);
    dl_tag_release(&t);
}

static void test_list_range(void **state)
{
    struct fx *f = *state;
    struct dl_teaser_list l;
    size_t total = 0;

    assert_int_equal(dl_store_list_range(f->s, T0 - 6 * H, T0, NOW, 0, 20, &l, &total), 0);
    assert_ids(f, &l, IDS(A4, A5, A2, A1, A9)); /* from is inclusive; A6-A8 hidden */
    assert_int_equal(total, 5);
    dl_teaser_list_release(&l);
    /* to is exclusive */
    assert_int_equal(dl_store_list_range(f->s, T0 - 5 * H, T0 - 4 * H, NOW, 0, 20, &l, &total), 0);
    assert_ids(f, &l, IDS(A1));
    assert_int_equal(total, 1);
    dl_teaser_list_release(&l);
    /* paging */
    assert_int_equal(dl_store_list_range(f->s, T0 - 24 * H, T0, NOW, 2, 2, &l, &total), 0);
    assert_ids(f, &l, IDS(A2, A1));
    assert_int_equal(total, 6);
    dl_teaser_list_release(&l);
    /* after the embargo */
    assert_int_equal(dl_store_list_range(f->s, T0 - H, T0, LATER, 0, 20, &l, &total), 0);
    assert_ids(f, &l, IDS(A6, A4));
    dl_teaser_list_release(&l);
    assert_int_equal(dl_store_list_range(f->s, T0 + H, T0 + 2 * H, LATER, 0, 20, &l, &total), 0);
    assert_int_equal(l.n, 0);
    assert_int_equal(total, 0);
    dl_teaser_list_release(&l);
}

static void test_list_more(void **state)
{
    struct fx *f = *state;
    struct dl_teaser_list l;

    assert_int_equal(dl_store_list_more(f->s, "national/north-korea", f->id[A1], NOW, 10, &l), 0);
    assert_ids(f, &l, IDS(A3));
    dl_teaser_list_release(&l);
    assert_int_equal(dl_store_list_more(f->s, "national", f->id[A2], NOW, 10, &l), 0);
    assert_ids(f, &l, IDS(A1, A3));
    dl_teaser_list_release(&l);
    assert_int_equal(dl_store_list_more(f->s, "national", f->id[A2], NOW, 1, &l), 0);
    assert_ids(f, &l, IDS(A1));
    dl_teaser_list_release(&l);
    assert_int_equal(dl_store_list_more(f->s, "national", f->id[A3], LATER, 10, &l), 0);
    assert_ids(f, &l, IDS(A6, A2, A1));
    dl_teaser_list_release(&l);
}

static void test_list_related(void **state)
{
    struct fx *f = *state;
    struct dl_teaser_list l;

    /* A3 shares person + place (and terms) with A1 and outranks the newer A5,
     * which only shares one term; A4 shares nothing; hidden ones never show */
    assert_int_equal(dl_store_list_related(f->s, f->id[A1], NOW, 5, &l), 0);
    assert_ids(f, &l, IDS(A3, A5));
    dl_teaser_list_release(&l);
    assert_int_equal(dl_store_list_related(f->s, f->id[A1], NOW, 1, &l), 0);
    assert_ids(f, &l, IDS(A3));
    dl_teaser_list_release(&l);
    /* after the embargo A6 (person Kim + 2 terms = 8) sits between them */
    assert_int_equal(dl_store_list_related(f->s, f->id[A1], LATER, 5, &l), 0);
    assert_ids(f, &l, IDS(A3, A6, A5));
    dl_teaser_list_release(&l);
    /* an article sharing nothing has no related stories */
    assert_int_equal(dl_store_list_related(f->s, f->id[A4], NOW, 5, &l), 0);
    assert_int_equal(l.n, 0);
    dl_teaser_list_release(&l);
}

static void test_rewrite_keeps_id(void **state)
{
    struct fx *f = *state;
    struct dl_ninjs_doc d;
    struct dl_article a;
    struct dl_article_version av;
    struct dl_ninjs_tag tags[] = {{DL_TAG_ORG, "National Assembly"}};
    struct dl_media photo = {0, "ffffffffffffffff.jpg", "image/jpeg", NULL, NULL, NULL, 8, 6};
    static const char *const terms[] = {"assembly"};

    doc_init(&d, "urn:test:a2", "Seoul responds to Kim's visit", T0 - 4 * H);
    d.version = 2;
    d.version_created = T0 - 5 * 60;
    d.tags = tags;
    d.ntags = 1;
    int64_t id = put(f->s, &d, "seoul-responds-to-kims-visit", f->national, &photo, terms, 1);
    assert_int_equal(id, f->id[A2]);
    assert_int_equal(dl_store_article_check(f->s, "urn:test:a2", &av), 0);
    assert_int_equal(av.id, f->id[A2]);
    assert_int_equal(av.version, 2);

    assert_int_equal(dl_store_article_get(f->s, id, NOW, &a), 0);
    assert_string_equal(a.headline, "Seoul responds to Kim's visit");
    assert_int_equal(a.version, 2);
    assert_int_equal(a.updated, T0 - 5 * 60);
    assert_int_equal(a.tags.n, 1); /* the old "Seoul" tag is gone */
    assert_string_equal(a.tags.v[0].name, "National Assembly");
    assert_int_equal(a.tags.v[0].kind, DL_TAG_ORG);
    assert_non_null(a.media);
    assert_string_equal(a.media->file, "ffffffffffffffff.jpg");
    dl_article_release(&a);

    /* the next version drops the photo: its media row goes too */
    struct dl_media m = {0};
    assert_int_equal(dl_store_media_by_file(f->s, "ffffffffffffffff.jpg", NOW, &m), 0);
    dl_media_release(&m);
    d.version = 3;
    id = put(f->s, &d, "seoul-responds-to-kims-visit", f->national, NULL, terms, 1);
    assert_int_equal(id, f->id[A2]);
    assert_int_equal(dl_store_media_by_file(f->s, "ffffffffffffffff.jpg", LATER, &m),
                     DL_ENOTFOUND);
    assert_int_equal(dl_store_article_get(f->s, id, NOW, &a), 0);
    assert_null(a.media);
    dl_article_release(&a);

    /* only one row for the uri: the section holds it once */
    struct dl_teaser_list l;
    size_t total;
    assert_int_equal(dl_store_list_section(f->s, "national", NOW, 0, 20, &l, &total), 0);
    assert_int_equal(total, 3);
    dl_teaser_list_release(&l);

    /* withdrawing a published story hides it */
    d.version = 4;
    d.status = DL_STATUS_WITHDRAWN;
    put(f->s, &d, "seoul-responds-to-kims-visit", f->national, NULL, NULL, 0);
    assert_int_equal(dl_store_article_get(f->s, id, NOW, &a), DL_ENOTFOUND);
}

static void test_rollback(void **state)
{
    struct fx *f = *state;
    struct dl_ninjs_doc d;
    struct dl_article_version av;
    struct dl_article_write w = {&d, "rolled-back", 0, NULL, NULL, 0};
    int64_t id = 0;
    doc_init(&d, "urn:test:rollback", "Never committed", T0);
    assert_int_equal(dl_store_begin(f->s), 0);
    assert_int_equal(dl_store_article_write(f->s, &w, &id), 0);
    dl_store_rollback(f->s);
    assert_int_equal(dl_store_article_check(f->s, "urn:test:rollback", &av), 0);
    assert_int_equal(av.id, 0);
}

static void test_media_by_file(void **state)
{
    struct fx *f = *state;
    struct dl_media m = {0};

    assert_int_equal(dl_store_media_by_file(f->s, "0123456789abcdef.png", NOW, &m), 0);
    assert_string_equal(m.file, "0123456789abcdef.png");
    assert_string_equal(m.content_type, "image/png");
    assert_string_equal(m.caption, "Kim arrives in Beijing");
    assert_string_equal(m.credit, "Photo: Agency");
    assert_string_equal(m.alt, "Kim Jong Un waves");
    assert_int_equal(m.width, 4);
    assert_int_equal(m.height, 3);
    assert_true(m.id > 0);
    dl_media_release(&m);
    assert_null(m.file);

    /* the embargoed story's photo only after the embargo */
    assert_int_equal(dl_store_media_by_file(f->s, "eeeeeeeeeeeeeeee.jpg", NOW, &m), DL_ENOTFOUND);
    assert_int_equal(dl_store_media_by_file(f->s, "eeeeeeeeeeeeeeee.jpg", LATER, &m), 0);
    assert_null(m.caption);
    assert_int_equal(m.width, 8);
    dl_media_release(&m);
    /* a draft's photo never */
    assert_int_equal(dl_store_media_by_file(f->s, "dddddddddddddddd.jpg", LATER, &m), DL_ENOTFOUND);
    assert_int_equal(dl_store_media_by_file(f->s, "nothing.jpg", NOW, &m), DL_ENOTFOUND);
}

static void test_last_change(void **state)
{
    struct fx *f = *state;
    time_t t = 0;
    assert_int_equal(dl_store_last_change(f->s, NOW, &t), 0);
    assert_int_equal(t, T0 + 200); /* A8's withdrawal: readers see it go */
    assert_int_equal(dl_store_last_change(f->s, LATER, &t), 0);
    assert_int_equal(t, NOW + H); /* the embargo on A6 lifted: it appears */
    assert_int_equal(dl_store_last_change(f->s, T0 - 100 * H, &t), 0);
    assert_int_equal(t, 0); /* nothing visible yet */
}

/* The section tree a reader connection keeps is refreshed when another
 * connection (an import while serving) adds a section, and when it writes. */
static void test_sections_seen_across_connections(void **state)
{
    struct fx *f = *state;
    struct dl_store *other;
    struct dl_section_list l = {0};
    char err[256];
    int64_t id;
    assert_int_equal(dl_store_section_ensure(f->s, "world", "World", 0, &id), 0);
    assert_int_equal(dl_store_sections(f->s, &l), 0);
    assert_int_equal(l.n, 1);
    dl_section_list_release(&l);

    assert_int_equal(dl_store_open(f->db, &other, err, sizeof err), 0);
    assert_int_equal(dl_store_section_ensure(other, "world/asia", "Asia", 0, &id), 0);
    dl_store_close(other);
    assert_int_equal(dl_store_sections(f->s, &l), 0);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.v[1].path, "world/asia");
    dl_section_list_release(&l);

    assert_int_equal(dl_store_section_ensure(f->s, "world", "The World", 0, &id), 0);
    assert_int_equal(dl_store_sections(f->s, &l), 0);
    assert_string_equal(l.v[0].name, "The World");
    dl_section_list_release(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_and_migrate, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_sections, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_sections_seen_across_connections, setup_empty,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_article_get, setup_newsroom, teardown),
        cmocka_unit_test_setup_teardown(test_visibility, setup_newsroom, teardown),
        cmocka_unit_test_setup_teardown(test_list_section, setup_newsroom, teardown),
        cmocka_unit_test_setup_teardown(test_list_tag, setup_newsroom, teardown),
        cmocka_unit_test_setup_teardown(test_list_range, setup_newsroom, teardown),
        cmocka_unit_test_setup_teardown(test_list_more, setup_newsroom, teardown),
        cmocka_unit_test_setup_teardown(test_list_related, setup_newsroom, teardown),
        cmocka_unit_test_setup_teardown(test_rewrite_keeps_id, setup_newsroom, teardown),
        cmocka_unit_test_setup_teardown(test_rollback, setup_newsroom, teardown),
        cmocka_unit_test_setup_teardown(test_media_by_file, setup_newsroom, teardown),
        cmocka_unit_test_setup_teardown(test_last_change, setup_newsroom, teardown),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
