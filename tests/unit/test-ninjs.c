/* test-ninjs.c: unit tests for the ninjs parser (src/ingest/ninjs.c): the
 * real examples in $DL_SHARED_DIR/fixtures/ninjs, then bad input and each
 * mapping rule on documents written here. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/utf8.h"
#include "ingest/ninjs.h"

/* What each fixture must give. A .json file not listed fails the test, so
 * new fixtures get an explicit expectation. */
struct expect {
    const char *file;
    int rc;
    const char *uri;      /* for DL_OK */
    const char *headline; /* for DL_OK */
};

static const struct expect fixtures[] = {
    {"20231004-UEFA-ChampionLeague.json", DL_ESKIP, NULL, NULL},           /* event, no type */
    {"20231016-addb-example-press-conference.json", DL_ESKIP, NULL, NULL}, /* event, no type */
    {"SIPA_image_3.json", DL_ESKIP, NULL, NULL},
    {"ap_audio.json", DL_ESKIP, NULL, NULL},
    {"ap_image.json", DL_ESKIP, NULL, NULL},
    {"ap_video.json", DL_ESKIP, NULL, NULL},
    {"businesswire-newsml-20130605006126.json", DL_OK,
     "http://www.businesswire.com/news/home/20130605006126/zh",
     "Cambrios\xE8\xA2\xAB"
     "Gartner\xE8\xA9\x95\xE9\x81\xB8\xE7\x82\xBA\xE3\x80\x8C\xE6\x9C\x80"
     "\xE9\x85\xB7\xE4\xBE\x9B\xE6\x87\x89\xE5\x95\x86\xE3\x80\x8D"},
    /* type "composite" with a body: a press release, parsed */
    {"businesswire-newsml-20130731006140.json", DL_OK,
     "http://www.businesswire.com/news/home/20130731006140/en",
     "Lunch Taking a Toll? Let Applebee\xE2\x80\x99s\xC2\xAE Industrial Strength Lunch Decoy Stand "
     "In"},
    {"imageEncodedRights.json", DL_ESKIP, NULL, NULL},
    {"imageLinkedRights.json", DL_ESKIP, NULL, NULL},
    {"ninjs-schema_3.1.json", DL_ESKIP, NULL, NULL}, /* the schema itself: not a document */
    {"ninjsExSimpleText_3.json", DL_OK, "http://ninjs.example.com/newsitems/20130709simp123",
     "Captain of wrecked cruise ship on trial in Italy"},
    {"simpleEvent.json", DL_ESKIP, NULL, NULL},
};

static char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    struct dl_buf b;
    dl_buf_init(&b, 0);
    char chunk[8192];
    size_t k;
    while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0)
        assert_int_equal(dl_buf_append(&b, chunk, k), 0);
    fclose(f);
    return dl_buf_detach(&b, n);
}

static char *fixture(const char *name, size_t *n)
{
    const char *dir = getenv("DL_SHARED_DIR");
    char path[4096];
    assert_non_null(dir);
    snprintf(path, sizeof(path), "%s/fixtures/ninjs/%s", dir, name);
    return read_file(path, n);
}

/* Parses JSON written with ' for " (no quote characters in the text). */
static int parse(const char *sq, struct dl_ninjs_doc *doc, char *err, size_t errlen)
{
    char *json = dl_xstrdup(sq);
    for (char *p = json; *p; p++)
        if (*p == '\'')
            *p = '"';
    int rc = dl_ninjs_parse(json, strlen(json), doc, err, errlen);
    free(json);
    return rc;
}

/* Expects rc and a one-line message starting with prefix; *doc released. */
static void parse_fails(const char *sq, int want, const char *prefix)
{
    struct dl_ninjs_doc doc;
    char err[256];
    int rc = parse(sq, &doc, err, sizeof(err));
    if (rc != want || strncmp(err, prefix, strlen(prefix)) != 0)
        fail_msg("want %d \"%s...\", got %d \"%s\" for %s", want, prefix, rc, err, sq);
    assert_null(strchr(err, '\n'));
    assert_null(doc.uri);
    assert_null(doc.headline);
    assert_null(doc.tags);
}

static void parse_ok(const char *sq, struct dl_ninjs_doc *doc)
{
    char err[256];
    int rc = parse(sq, doc, err, sizeof(err));
    if (rc != 0)
        fail_msg("got %d \"%s\" for %s", rc, err, sq);
}

static void test_fixtures(void **state)
{
    const char *dir = getenv("DL_SHARED_DIR");
    char path[4096];
    size_t seen = 0;
    if (!dir)
        fail_msg("DL_SHARED_DIR is not set");
    snprintf(path, sizeof(path), "%s/fixtures/ninjs", dir);
    DIR *d = opendir(path);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 5, ".json") != 0)
            continue;
        const struct expect *e = NULL;
        for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++)
            if (strcmp(fixtures[i].file, de->d_name) == 0)
                e = &fixtures[i];
        if (!e)
            fail_msg("fixture %s has no expectation in test-ninjs.c", de->d_name);
        size_t n;
        char *json = fixture(de->d_name, &n);
        struct dl_ninjs_doc doc;
        char err[256];
        int rc = dl_ninjs_parse(json, n, &doc, err, sizeof(err));
        if (rc != e->rc)
            fail_msg("%s: want %d, got %d (%s)", e->file, e->rc, rc, err);
        if (rc == DL_OK) {
            assert_string_equal(doc.uri, e->uri);
            assert_string_equal(doc.headline, e->headline);
            assert_non_null(doc.body_html);
            assert_true(strncmp(doc.body_html, "<p>", 3) == 0);
        } else {
            assert_null(doc.uri);
            assert_true(err[0] != '\0');
        }
        dl_ninjs_doc_release(&doc);
        free(json);
        seen++;
    }
    closedir(d);
    assert_int_equal(seen, sizeof(fixtures) / sizeof(fixtures[0]));
}

static void test_fixture_simple_text(void **state)
{
    size_t n;
    char *json = fixture("ninjsExSimpleText_3.json", &n);
    struct dl_ninjs_doc doc;
    char err[256];
    assert_int_equal(dl_ninjs_parse(json, n, &doc, err, sizeof(err)), 0);
    /* the text/html body wins over text/plain; its <body> is unwrapped */
    assert_true(strncmp(doc.body_html, "<p>GROSSETO, Italy (AP) -- The trial", 36) == 0);
    assert_null(strstr(doc.body_html, "body>"));
    assert_string_equal(doc.source, "Paulo Santalucia and Frances d'Emilio");
    assert_int_equal(doc.version_created, 1373366220); /* 2013-07-09T10:37:00Z */
    assert_int_equal(doc.first_created, 0);
    assert_int_equal(doc.version, 1);
    assert_int_equal(doc.status, DL_STATUS_PUBLISHED);
    assert_null(doc.summary);
    assert_int_equal(doc.ntags, 0);
    dl_ninjs_doc_release(&doc);
    free(json);
}

static void test_fixture_businesswire(void **state)
{
    size_t n;
    char *json = fixture("businesswire-newsml-20130605006126.json", &n);
    struct dl_ninjs_doc doc;
    char err[256];
    assert_int_equal(dl_ninjs_parse(json, n, &doc, err, sizeof(err)), 0);
    assert_string_equal(doc.language, "zh");
    assert_int_equal(doc.ntags, 13);
    assert_int_equal(doc.tags[0].kind, DL_TAG_TOPIC);
    assert_string_equal(doc.tags[0].name, "United States");
    assert_string_equal(doc.tags[12].name, "Engineering");
    dl_ninjs_doc_release(&doc);
    free(json);

    json = fixture("businesswire-newsml-20130731006140.json", &n);
    assert_int_equal(dl_ninjs_parse(json, n, &doc, err, sizeof(err)), 0);
    assert_non_null(strstr(doc.body_html, "Applebee\xE2\x80\x99s<sup>\xC2\xAE</sup> Lunch"));
    assert_null(doc.picture); /* its associations are a graphic and a video */
    assert_int_equal(doc.nrelated, 0);
    assert_int_equal(doc.version_created, 1375284720);
    dl_ninjs_doc_release(&doc);
    free(json);
}

static void test_invalid_json(void **state)
{
    parse_fails("{'uri': 'u1',\n 'headlines': [}", DL_EINVAL,
                "document: invalid JSON at line 2, column");
    parse_fails("", DL_EINVAL, "document: invalid JSON");
    parse_fails("{'uri': 'u1'} trailing", DL_EINVAL, "document: invalid JSON");
    parse_fails("{'uri': 'u1', 'uri': 'u2'}", DL_EINVAL, "document: invalid JSON");
    parse_fails("['uri']", DL_EINVAL, "document: not a JSON object");
    parse_fails("{'uri': 'u1', 'headline': 'a\\u0000b'}", DL_EINVAL, "document: invalid JSON");
}

static void test_no_uri(void **state)
{
    parse_fails("{'type': 'text', 'headlines': [{'value': 'H'}]}", DL_EINVAL, "uri: missing");
    parse_fails("{'uri': '  ', 'headlines': [{'value': 'H'}]}", DL_EINVAL, "uri: missing");
    parse_fails("{'uri': 42, 'headlines': [{'value': 'H'}]}", DL_EINVAL, "uri: not a string");
}

static void test_no_headline(void **state)
{
    parse_fails("{'uri': 'u1'}", DL_EINVAL, "headlines: no headline");
    parse_fails("{'uri': 'u1', 'headlines': []}", DL_EINVAL, "headlines: no headline");
    parse_fails("{'uri': 'u1', 'headlines': [{'role': 'main', 'value': ' \\n '}]}", DL_EINVAL,
                "headlines: no headline");
    parse_fails("{'uri': 'u1', 'headlines': {'value': 'H'}}", DL_EINVAL, "headlines: not an array");
    parse_fails("{'uri': 'u1', 'headlines': ['H']}", DL_EINVAL, "headlines[0]: not an object");
}

static void test_headline_choice(void **state)
{
    struct dl_ninjs_doc doc;
    parse_ok("{'uri': 'u1', 'headlines': [{'role': 'short', 'value': 'Short'},"
             " {'role': 'main', 'value': '  Main\\n  one '}]}",
             &doc);
    assert_string_equal(doc.headline, "Main one");
    dl_ninjs_doc_release(&doc);
    parse_ok("{'uri': 'u1', 'headlines': [{'value': ''}, {'role': 'sub', 'value': 'Second'}]}",
             &doc);
    assert_string_equal(doc.headline, "Second");
    dl_ninjs_doc_release(&doc);
    parse_ok("{'uri': 'u1', 'headline': 'Old style'}", &doc); /* 1.x/2.x */
    assert_string_equal(doc.headline, "Old style");
    dl_ninjs_doc_release(&doc);
    parse_ok("{'uri': 'u1', 'headlines': [{'contentType': 'text/html',"
             " 'value': '<b>Bold</b> &amp; <script>x</script>plain'}]}",
             &doc);
    assert_string_equal(doc.headline, "Bold & plain");
    dl_ninjs_doc_release(&doc);
}

static void test_bad_date(void **state)
{
    parse_fails("{'uri': 'u1', 'headline': 'H', 'firstCreated': '2025-02-30T10:00:00Z'}", DL_EINVAL,
                "firstCreated: bad date \"2025-02-30T10:00:00Z\"");
    parse_fails("{'uri': 'u1', 'headline': 'H', 'versionCreated': 'yesterday'}", DL_EINVAL,
                "versionCreated: bad date \"yesterday\"");
    parse_fails("{'uri': 'u1', 'headline': 'H', 'versioncreated': '2025-01-01T00:00:00'}",
                DL_EINVAL, "versioncreated: bad date");
    parse_fails("{'uri': 'u1', 'headline': 'H', 'embargoedUntil': 20250101}", DL_EINVAL,
                "embargoedUntil: not a string");
}

static void test_invalid_utf8(void **state)
{
    static const char bad[] = "{\"uri\": \"u1\", \"headline\": \"caf\xC3\"}";
    static const char overlong[] = "{\"uri\": \"u1\", \"headline\": \"\xC0\xBC\"}";
    static const char nul[] = "{\"uri\": \"u1\", \"headline\": \"a\0b\"}";
    struct dl_ninjs_doc doc;
    char err[256];
    assert_int_equal(dl_ninjs_parse(bad, sizeof(bad) - 1, &doc, err, sizeof(err)), DL_EUTF8);
    assert_string_equal(err, "document: invalid UTF-8");
    assert_int_equal(dl_ninjs_parse(overlong, sizeof(overlong) - 1, &doc, err, sizeof(err)),
                     DL_EUTF8);
    assert_int_equal(dl_ninjs_parse(nul, sizeof(nul) - 1, &doc, err, sizeof(err)), DL_EUTF8);
    assert_null(doc.uri);
}

static void test_byte_order_mark(void **state)
{
    static const char json[] = "\xEF\xBB\xBF{\"uri\": \"u1\", \"headline\": \"H\"}";
    struct dl_ninjs_doc doc;
    char err[256];
    assert_int_equal(dl_ninjs_parse(json, sizeof(json) - 1, &doc, err, sizeof(err)), 0);
    assert_string_equal(doc.uri, "u1");
    dl_ninjs_doc_release(&doc);
}

/* {'uri': 'u1', 'headline': 'H', <key>: '<n times c>'} */
static char *with_long(const char *key, char c, size_t n)
{
    struct dl_buf b;
    dl_buf_init(&b, 0);
    dl_buf_printf(&b, "{'uri': 'u1', 'headline': 'H', %s: '", key);
    for (size_t i = 0; i < n; i++)
        dl_buf_putc(&b, c);
    dl_buf_puts(&b, "'}");
    return dl_buf_detach(&b, NULL);
}

static void test_too_big(void **state)
{
    size_t n = DL_NINJS_MAX_BYTES + 1;
    char *big = dl_xmalloc(n);
    memset(big, ' ', n);
    struct dl_ninjs_doc doc;
    char err[256];
    assert_int_equal(dl_ninjs_parse(big, n, &doc, err, sizeof(err)), DL_ETOOBIG);
    assert_non_null(strstr(err, "document"));
    free(big);

    char *s = with_long("'headlines': [{'value': 'x'}], 'body_text'", 'a', ((size_t)2 << 20) + 1);
    parse_fails(s, DL_ETOOBIG, "body_text: 2097153 bytes, over the limit");
    free(s);
    struct dl_buf b;
    dl_buf_init(&b, 0);
    dl_buf_puts(
        &b, "{'uri': 'u1', 'headline': 'H', 'bodies': [{'contentType': 'text/html', 'value': '");
    for (size_t i = 0; i < ((size_t)2 << 20) + 1; i++)
        dl_buf_putc(&b, 'a');
    dl_buf_puts(&b, "'}]}");
    parse_fails(b.p, DL_ETOOBIG, "bodies[0].value: 2097153 bytes");
    dl_buf_release(&b);

    s = with_long("'slugline'", 's', 1001);
    parse_fails(s, DL_ETOOBIG, "slugline: 1001 bytes");
    free(s);

    dl_buf_init(&b, 0);
    dl_buf_puts(&b, "{'uri': 'u1', 'headline': '");
    for (size_t i = 0; i < 1001; i++)
        dl_buf_putc(&b, 'h');
    dl_buf_puts(&b, "'}");
    parse_fails(b.p, DL_ETOOBIG, "headline: 1001 bytes, over the limit of 1000");
    dl_buf_reset(&b);
    dl_buf_puts(&b, "{'uri': '");
    for (size_t i = 0; i < 1001; i++)
        dl_buf_putc(&b, 'u');
    dl_buf_puts(&b, "', 'headline': 'H'}");
    parse_fails(b.p, DL_ETOOBIG, "uri: 1001 bytes, over the limit of 1000");
    dl_buf_reset(&b);
    dl_buf_puts(&b, "{'uri': 'u1', 'headline': 'H', 'people': [{'name': '");
    for (size_t i = 0; i < 201; i++)
        dl_buf_putc(&b, 'p');
    dl_buf_puts(&b, "'}]}");
    parse_fails(b.p, DL_ETOOBIG, "people[0].name: 201 bytes, over the limit of 200");
    dl_buf_reset(&b);
    dl_buf_puts(&b, "{'uri': 'u1', 'headline': 'H', 'subjects': [");
    for (int i = 0; i < 201; i++)
        dl_buf_printf(&b, "%s{'name': 'topic %d'}", i ? ", " : "", i);
    dl_buf_puts(&b, "]}");
    parse_fails(b.p, DL_ETOOBIG, "subjects[200]: more than 200 tags");
    dl_buf_reset(&b);
    dl_buf_puts(&b, "{'uri': 'u1', 'headline': 'H', 'associations': [");
    for (int i = 0; i < 51; i++)
        dl_buf_printf(&b, "%s{'name': 'r%d', 'type': 'text', 'uri': 'rel%d'}", i ? ", " : "", i, i);
    dl_buf_puts(&b, "]}");
    parse_fails(b.p, DL_ETOOBIG, "associations: more than 50 related items");
    dl_buf_release(&b);
}

static void test_version(void **state)
{
    struct dl_ninjs_doc doc;
    parse_fails("{'uri': 'u1', 'headline': 'H', 'version': 'abc'}", DL_EINVAL,
                "version: not a number \"abc\"");
    parse_fails("{'uri': 'u1', 'headline': 'H', 'version': '1.2'}", DL_EINVAL, "version:");
    parse_fails("{'uri': 'u1', 'headline': 'H', 'version': ''}", DL_EINVAL, "version:");
    parse_fails("{'uri': 'u1', 'headline': 'H', 'version': -3}", DL_EINVAL, "version:");
    parse_fails("{'uri': 'u1', 'headline': 'H', 'version': 2.5}", DL_EINVAL, "version:");
    parse_fails("{'uri': 'u1', 'headline': 'H', 'version': '1\\n2'}", DL_EINVAL, "version:");
    parse_ok("{'uri': 'u1', 'headline': 'H', 'version': '42'}", &doc);
    assert_int_equal(doc.version, 42);
    dl_ninjs_doc_release(&doc);
    parse_ok("{'uri': 'u1', 'headline': 'H', 'version': 7}", &doc);
    assert_int_equal(doc.version, 7);
    dl_ninjs_doc_release(&doc);
    parse_ok("{'uri': 'u1', 'headline': 'H'}", &doc);
    assert_int_equal(doc.version, 1);
    dl_ninjs_doc_release(&doc);
}

static void test_section(void **state)
{
    static const char *const bad[] = {
        "National/North-Korea",
        "national/north korea",
        "national//x",
        "/national",
        "national/",
        "a/b/c/d/e",
        "",
        "national\\\\x",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char json[512];
        snprintf(json, sizeof(json),
                 "{'uri': 'u1', 'headline': 'H', 'subjects': [{'name': 'Politics'},"
                 " {'name': 'S', 'rel': 'section', 'literal': '%s'}]}",
                 bad[i]);
        parse_fails(json, DL_EINVAL, "subjects[1].literal: bad section path");
    }
    char json[512];
    char seg[66];
    memset(seg, 'x', 65);
    seg[65] = '\0';
    snprintf(json, sizeof(json),
             "{'uri': 'u1', 'headline': 'H', 'subjects': [{'rel': 'section', 'literal': 'a/%s'}]}",
             seg);
    parse_fails(json, DL_EINVAL, "subjects[0].literal: bad section path");
    parse_fails("{'uri': 'u1', 'headline': 'H', 'subjects': [{'name': 'S', 'rel': 'section'}]}",
                DL_EINVAL, "subjects[0]: section without a literal");

    struct dl_ninjs_doc doc;
    parse_ok("{'uri': 'u1', 'headline': 'H', 'subjects': [{'name': 'X', 'rel': 'section',"
             " 'literal': 'a/b-2/c/d'}]}",
             &doc);
    assert_string_equal(doc.section_path, "a/b-2/c/d");
    assert_string_equal(doc.section_name, "X");
    assert_int_equal(doc.ntags, 0);
    dl_ninjs_doc_release(&doc);
}

static void test_type(void **state)
{
    struct dl_ninjs_doc doc;
    char err[256];
    assert_int_equal(
        parse("{'uri': 'u1', 'type': 'event', 'headline': 'H'}", &doc, err, sizeof(err)), DL_ESKIP);
    assert_string_equal(err, "type \"event\": not an article, skipped");
    parse_fails("{'uri': 'u1', 'type': 'picture', 'headline': 'H'}", DL_ESKIP, "type \"picture\"");
    parse_fails("{'uri': 'u1', 'type': 'planning'}", DL_ESKIP, "type \"planning\"");
    parse_fails("{'uri': 'u1', 'type': 'composite', 'headline': 'H'}", DL_ESKIP,
                "type \"composite\"");
    parse_fails("{'uri': 'u1', 'title': 'Conf', 'eventDetails': {'dates': {}}}", DL_ESKIP,
                "type missing, eventDetails present");
    parse_fails("{'uri': 'u1', 'type': 7, 'headline': 'H'}", DL_EINVAL, "type: not a string");
    parse_ok("{'uri': 'u1', 'headline': 'No type'}", &doc);
    assert_string_equal(doc.headline, "No type");
    dl_ninjs_doc_release(&doc);
    parse_ok("{'uri': 'u1', 'type': 'composite', 'headline': 'H', 'body_text': 'b'}", &doc);
    assert_string_equal(doc.body_html, "<p>b</p>\n");
    dl_ninjs_doc_release(&doc);
}

static void test_embargo(void **state)
{
    struct dl_ninjs_doc doc;
    parse_ok("{'uri': 'u1', 'headline': 'H', 'embargoedUntil': '2025-10-12T13:57:00+09:00',"
             " 'firstCreated': '2025-01-02T08:30:00.250Z'}",
             &doc);
    assert_int_equal(doc.embargoed_until, 1760245020);
    assert_int_equal(doc.first_created, 1735806600);
    dl_ninjs_doc_release(&doc);
    parse_ok("{'uri': 'u1', 'headline': 'H', 'embargoed': '2025-10-12T04:57:00Z',"
             " 'firstcreated': '2025-01-01T00:00:00Z'}",
             &doc); /* 1.x/2.x names */
    assert_int_equal(doc.embargoed_until, 1760245020);
    assert_int_equal(doc.first_created, 1735689600);
    dl_ninjs_doc_release(&doc);
    parse_ok("{'uri': 'u1', 'headline': 'H'}", &doc);
    assert_int_equal(doc.embargoed_until, 0);
    dl_ninjs_doc_release(&doc);
}

static void test_pub_status(void **state)
{
    static const struct {
        const char *json;
        enum dl_pub_status want;
    } cases[] = {
        {"{'uri': 'u1', 'headline': 'H', 'pubStatus': 'usable'}", DL_STATUS_PUBLISHED},
        {"{'uri': 'u1', 'headline': 'H', 'pubStatus': 'withheld'}", DL_STATUS_DRAFT},
        {"{'uri': 'u1', 'headline': 'H', 'pubStatus': 'canceled'}", DL_STATUS_WITHDRAWN},
        {"{'uri': 'u1', 'headline': 'H', 'pubstatus': 'canceled'}", DL_STATUS_WITHDRAWN},
        {"{'uri': 'u1', 'headline': 'H'}", DL_STATUS_PUBLISHED},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct dl_ninjs_doc doc;
        parse_ok(cases[i].json, &doc);
        assert_int_equal(doc.status, cases[i].want);
        dl_ninjs_doc_release(&doc);
    }
    parse_fails("{'uri': 'u1', 'headline': 'H', 'pubStatus': 'live'}", DL_EINVAL,
                "pubStatus: unknown value \"live\"");
    assert_string_equal(dl_pub_status_names[DL_STATUS_WITHDRAWN], "withdrawn");
    assert_string_equal(dl_tag_kind_names[DL_TAG_ORG], "organisation");
}

static void test_associations_3x(void **state)
{
    struct dl_ninjs_doc doc;
    parse_ok(
        "{'uri': 'u1', 'headline': 'H', 'associations': ["
        " {'name': 'logo', 'type': 'graphic', 'uri': 'g1',"
        "  'renditions': [{'name': 'original', 'href': 'https://x/logo.png'}]},"
        " {'name': 'rel1', 'type': 'text', 'uri': 'urn:story:2',"
        "  'headlines': [{'role': 'main', 'value': 'Related story'}]},"
        " {'name': 'rel2', 'uri': 'urn:story:3'},"
        " {'name': 'self', 'type': 'text', 'uri': 'u1'},"
        " {'name': 'rel1again', 'type': 'text', 'uri': 'urn:story:2'},"
        " {'name': 'nolink', 'type': 'text'},"
        " {'name': 'pic0', 'type': 'picture', 'uri': 'p0',"
        "  'renditions': [{'name': 'x', 'href': 'javascript:alert(1)', 'width': 9000}]},"
        " {'name': 'pic1', 'type': 'picture', 'uri': 'p1', 'by': 'Jane Photo',"
        "  'headlines': [{'value': 'Pic headline'}],"
        "  'descriptions': [{'role': 'creditline', 'value': 'AGENCY'},"
        "   {'role': 'caption', 'value': 'The caption'}, {'role': 'alt', 'value': 'Alt text'}],"
        "  'renditions': [{'name': 'thumbnail', 'href': 'https://x/t.jpg', 'width': 100, 'height': "
        "50},"
        "   {'name': 'large', 'href': 'https://x/l.jpg', 'contentType': 'image/jpeg',"
        "    'width': 1200, 'height': '800'},"
        "   {'name': 'medium', 'href': 'https://x/m.jpg', 'width': 600}]},"
        " {'name': 'pic2', 'type': 'picture', 'uri': 'p2',"
        "  'renditions': [{'name': 'original', 'href': 'https://x/o2.jpg'}]}]}",
        &doc);
    assert_non_null(doc.picture);
    assert_string_equal(doc.picture->href, "https://x/l.jpg");
    assert_string_equal(doc.picture->content_type, "image/jpeg");
    assert_int_equal(doc.picture->width, 1200);
    assert_int_equal(doc.picture->height, 800);
    assert_string_equal(doc.picture->caption, "The caption");
    assert_string_equal(doc.picture->credit, "Jane Photo");
    assert_string_equal(doc.picture->alt, "Alt text");
    assert_int_equal(doc.nrelated, 2);
    assert_string_equal(doc.related[0].uri, "urn:story:2");
    assert_string_equal(doc.related[0].headline, "Related story");
    assert_string_equal(doc.related[1].uri, "urn:story:3"); /* no type means text */
    assert_null(doc.related[1].headline);
    dl_ninjs_doc_release(&doc);

    /* "original" wins over a wider rendition; alt falls back to the headline,
     * credit to the creditline description */
    parse_ok("{'uri': 'u1', 'headline': 'H', 'associations': [{'name': 'p', 'type': 'picture',"
             " 'uri': 'p1', 'headlines': [{'value': 'Pic headline'}],"
             " 'descriptions': [{'role': 'creditline', 'value': 'AGENCY'}, {'value': 'Cap'}],"
             " 'renditions': [{'name': 'huge', 'href': 'https://x/h.jpg', 'width': 5000},"
             "  {'name': 'original', 'href': 'https://x/o.jpg', 'width': 300}]}]}",
             &doc);
    assert_string_equal(doc.picture->href, "https://x/o.jpg");
    assert_null(doc.picture->content_type);
    assert_int_equal(doc.picture->width, 300);
    assert_int_equal(doc.picture->height, 0);
    assert_string_equal(doc.picture->alt, "Pic headline");
    assert_string_equal(doc.picture->credit, "AGENCY");
    assert_string_equal(doc.picture->caption, "Cap");
    dl_ninjs_doc_release(&doc);

    /* widest, the first on a tie; renditions without href passed over */
    parse_ok("{'uri': 'u1', 'headline': 'H', 'associations': [{'name': 'p', 'type': 'picture',"
             " 'renditions': [{'name': 'a', 'width': 9999}, {'name': 'b', 'href': 'b.jpg', "
             "'width': 640},"
             "  {'name': 'c', 'href': 'file:///c.jpg', 'width': 640}]}]}",
             &doc);
    assert_string_equal(doc.picture->href, "b.jpg");
    assert_null(doc.picture->caption);
    assert_null(doc.picture->alt);
    dl_ninjs_doc_release(&doc);

    parse_fails("{'uri': 'u1', 'headline': 'H', 'associations': [{'type': 'picture',"
                " 'renditions': [{'href': 'a.jpg', 'width': 'wide'}]}]}",
                DL_EINVAL, "associations[0].renditions[0].width: not a non-negative integer");
    parse_fails("{'uri': 'u1', 'headline': 'H', 'associations': 'x'}", DL_EINVAL,
                "associations: not an array or object");
}

static void test_associations_2x(void **state)
{
    struct dl_ninjs_doc doc;
    parse_ok("{'uri': 'u1', 'headline': 'H', 'associations': {"
             " 'featuremedia': {'type': 'picture', 'headline': 'Pic head', 'byline': 'Photog',"
             "  'description_text': 'Two-x caption',"
             "  'renditions': {'thumbnail': {'href': 'https://x/t.jpg', 'width': 100},"
             "   'original': {'href': 'https://x/o.jpg', 'width': 800, 'height': 600,"
             "    'mimetype': 'image/jpeg'}}},"
             " 'empty': null,"
             " 'story': {'type': 'text', 'uri': 'urn:story:9', 'headline': 'Nine'}}}",
             &doc);
    assert_non_null(doc.picture);
    assert_string_equal(doc.picture->href, "https://x/o.jpg");
    assert_string_equal(doc.picture->content_type, "image/jpeg");
    assert_int_equal(doc.picture->width, 800);
    assert_int_equal(doc.picture->height, 600);
    assert_string_equal(doc.picture->caption, "Two-x caption");
    assert_string_equal(doc.picture->credit, "Photog");
    assert_string_equal(doc.picture->alt, "Pic head");
    assert_int_equal(doc.nrelated, 1);
    assert_string_equal(doc.related[0].uri, "urn:story:9");
    assert_string_equal(doc.related[0].headline, "Nine");
    dl_ninjs_doc_release(&doc);

    parse_fails("{'uri': 'u1', 'headline': 'H', 'associations': {'featuremedia': {"
                "'type': 'picture', 'renditions': {'original': {'href': 5}}}}}",
                DL_EINVAL, "associations.featuremedia.renditions.original.href: not a string");
}

static void test_tags(void **state)
{
    struct dl_ninjs_doc doc;
    parse_ok("{'uri': 'u1', 'headline': 'H',"
             " 'people': [{'name': 'Kim Jong Un'}, {'name': ' Kim  Jong Un '}, {'name': ''},"
             "  {'rel': 'x'}, {'name': 'Moon'}],"
             " 'places': [{'name': 'Seoul'}],"
             " 'organisations': [{'name': 'Kim Jong Un'}],"
             " 'subjects': [{'name': 'Politics'}, {'name': 'Politics', 'rel': 'about'},"
             "  {'name': 'North Korea', 'rel': 'section', 'literal': 'national/north-korea'},"
             "  {'name': 'Other', 'rel': 'section', 'literal': 'world'},"
             "  {'literal': 'no-name'}]}",
             &doc);
    assert_int_equal(doc.ntags, 5);
    assert_int_equal(doc.tags[0].kind, DL_TAG_PERSON);
    assert_string_equal(doc.tags[0].name, "Kim Jong Un");
    assert_int_equal(doc.tags[1].kind, DL_TAG_PERSON);
    assert_string_equal(doc.tags[1].name, "Moon");
    assert_int_equal(doc.tags[2].kind, DL_TAG_PLACE);
    assert_string_equal(doc.tags[2].name, "Seoul");
    assert_int_equal(doc.tags[3].kind, DL_TAG_ORG); /* same name, other kind: kept */
    assert_string_equal(doc.tags[3].name, "Kim Jong Un");
    assert_int_equal(doc.tags[4].kind, DL_TAG_TOPIC);
    assert_string_equal(doc.tags[4].name, "Politics");
    for (size_t i = 0; i < doc.ntags; i++)
        assert_true(strcmp(doc.tags[i].name, "North Korea") != 0);
    assert_string_equal(doc.section_path, "national/north-korea");
    assert_string_equal(doc.section_name, "North Korea");
    dl_ninjs_doc_release(&doc);

    parse_fails("{'uri': 'u1', 'headline': 'H', 'people': {'name': 'x'}}", DL_EINVAL,
                "people: not an array");
    parse_fails("{'uri': 'u1', 'headline': 'H', 'places': [{'name': 3}]}", DL_EINVAL,
                "places[0].name: not a string");
}

static void test_summary_and_fields(void **state)
{
    struct dl_ninjs_doc doc;
    parse_ok("{'uri': ' u1 ', 'headline': 'H', 'language': 'en_US', 'slugline': 'NKorea-Missile',"
             " 'copyrightHolder': 'Agency', 'copyrightNotice': '(c) 2025 Agency',"
             " 'descriptions': [{'role': 'creditline', 'value': 'AP'}, {'role': 'text', 'value': "
             "'First'},"
             "  {'role': 'summary', 'value': 'The summary\\r\\nline two'}]}",
             &doc);
    assert_string_equal(doc.uri, "u1");
    assert_string_equal(doc.summary, "The summary\nline two");
    assert_string_equal(doc.language, "en-US");
    assert_string_equal(doc.slug, "NKorea-Missile");
    assert_string_equal(doc.source, "Agency"); /* no by: copyrightHolder */
    assert_string_equal(doc.copyright, "(c) 2025 Agency");
    assert_string_equal(doc.body_html, "");
    dl_ninjs_doc_release(&doc);
    parse_ok("{'uri': 'u1', 'headline': 'H', 'by': 'Reporter', 'copyrightHolder': 'Agency',"
             " 'descriptions': [{'role': 'creditline', 'value': 'AP'}, {'role': 'text', 'value': "
             "'First'}]}",
             &doc);
    assert_string_equal(doc.source, "Reporter");
    assert_string_equal(doc.summary, "First");
    assert_null(doc.language);
    assert_null(doc.slug);
    dl_ninjs_doc_release(&doc);
    parse_fails("{'uri': 'u1', 'headline': 'H', 'language': 'en gb'}", DL_EINVAL,
                "language: bad value");
}

static void test_bodies(void **state)
{
    struct dl_ninjs_doc doc;
    parse_ok("{'uri': 'u1', 'headline': 'H', 'bodies': ["
             " {'contentType': 'text/plain', 'value': 'plain'},"
             " {'contentType': 'text/vnd.IPTC.NITF', 'value': '<nitf/>'},"
             " {'contentType': 'text/html; charset=utf-8',"
             "  'value': '<html><head><title>T</title></head><body><p "
             "onclick=x>Hi<script>y</script></p></body></html>'}]}",
             &doc);
    assert_string_equal(doc.body_html, "<p>Hi</p>");
    dl_ninjs_doc_release(&doc);
    parse_ok("{'uri': 'u1', 'headline': 'H', 'bodies': [{'contentType': 'text/plain',"
             " 'value': 'One\\ntwo\\n\\nThree <b>'}]}",
             &doc);
    assert_string_equal(doc.body_html, "<p>One<br>\ntwo</p>\n<p>Three &lt;b&gt;</p>\n");
    dl_ninjs_doc_release(&doc);
    parse_ok("{'uri': 'u1', 'headline': 'H', 'bodies': [{'value': ' <p>sniffed</p>'}]}", &doc);
    assert_string_equal(doc.body_html, "<p>sniffed</p>");
    dl_ninjs_doc_release(&doc);
    parse_ok("{'uri': 'u1', 'headline': 'H', 'body_html': '<p>2.x</p>', 'body_text': 'no'}", &doc);
    assert_string_equal(doc.body_html, "<p>2.x</p>");
    dl_ninjs_doc_release(&doc);
    parse_fails("{'uri': 'u1', 'headline': 'H', 'bodies': [{'value': 3}]}", DL_EINVAL,
                "bodies[0].value: not a string");
}

static void test_error_message_one_line(void **state)
{
    struct dl_ninjs_doc doc;
    char err[32];
    int rc =
        parse("{'uri': 'u1', 'headline': 'H', 'firstCreated': '1\\n2'}", &doc, err, sizeof(err));
    assert_int_equal(rc, DL_EINVAL);
    assert_string_equal(err, "firstCreated: bad date \"1 2\"");
    /* "firstCreated: bad date \"" is 24 bytes; the fourth e-acute would
     * straddle the end of err[32]: it is cut whole */
    rc = parse(
        "{'uri': 'u1', 'headline': 'H', 'firstCreated': '\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9'}",
        &doc, err, sizeof(err));
    assert_int_equal(rc, DL_EINVAL);
    assert_int_equal(strlen(err), 30);
    assert_true(dl_utf8_valid(err, strlen(err)));
    assert_int_equal(parse("{'uri': 'u1', 'type': 'event'}", &doc, NULL, 0), DL_ESKIP);
}

static void test_parse_time(void **state)
{
    time_t t = 0;
    assert_int_equal(dl_ninjs_parse_time("2025-10-12T04:57:00Z", &t), 0);
    assert_int_equal(t, 1760245020);
    assert_int_equal(dl_ninjs_parse_time("2025-10-12T13:57:00+09:00", &t), 0);
    assert_int_equal(t, 1760245020);
    assert_int_equal(dl_ninjs_parse_time("2025-10-11T23:57:00-05:00", &t), 0);
    assert_int_equal(t, 1760245020);
    assert_int_equal(dl_ninjs_parse_time("2025-10-12T04:57:00.123456Z", &t), 0);
    assert_int_equal(t, 1760245020);
    assert_int_equal(dl_ninjs_parse_time("2025-10-12t04:57:00z", &t), 0);
    assert_int_equal(t, 1760245020);
    assert_int_equal(dl_ninjs_parse_time("2024-02-29T12:00:00Z", &t), 0);
    assert_int_equal(t, 1709208000);
    assert_int_equal(dl_ninjs_parse_time("2000-02-29T00:00:00Z", &t), 0);

    static const char *const bad[] = {
        "2025-02-29T12:00:00Z",
        "1900-02-29T00:00:00Z",
        "2025-02-30T10:00:00Z",
        "2025-04-31T00:00:00Z",
        "2025-13-01T00:00:00Z",
        "2025-00-01T00:00:00Z",
        "2025-01-00T00:00:00Z",
        "2025-01-01T24:00:00Z",
        "2025-01-01T00:60:00Z",
        "2025-01-01T00:00:61Z",
        "2025-01-01T00:00:00",
        "2025-01-01T00:00:00+24:00",
        "2025-01-01T00:00:00+09",
        "2025-01-01T00:00:00+0900",
        "2025-01-01T00:00:00.Z",
        "2025-01-01T00:00:00Zjunk",
        "2025-01-01",
        "2025-1-01T00:00:00Z",
        "",
        "yesterday",
        "2025-01-01 00:00:00Z",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (dl_ninjs_parse_time(bad[i], &t) != DL_EINVAL)
            fail_msg("accepted \"%s\"", bad[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_fixture_simple_text),
        cmocka_unit_test(test_fixture_businesswire),
        cmocka_unit_test(test_invalid_json),
        cmocka_unit_test(test_no_uri),
        cmocka_unit_test(test_no_headline),
        cmocka_unit_test(test_headline_choice),
        cmocka_unit_test(test_bad_date),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_byte_order_mark),
        cmocka_unit_test(test_too_big),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_section),
        cmocka_unit_test(test_type),
        cmocka_unit_test(test_embargo),
        cmocka_unit_test(test_pub_status),
        cmocka_unit_test(test_associations_3x),
        cmocka_unit_test(test_associations_2x),
        cmocka_unit_test(test_tags),
        cmocka_unit_test(test_summary_and_fields),
        cmocka_unit_test(test_bodies),
        cmocka_unit_test(test_error_message_one_line),
        cmocka_unit_test(test_parse_time),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return failed;
}
