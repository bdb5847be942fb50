/* test-mustache.c: the official Mustache spec (from $DL_SHARED_DIR/spec/mustache/)
 * plus our own rules: syntax errors, recursion limit, "" is falsey, load_dir,
 * and rendering one set from several threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "tmpl/mustache.h"

#define SPEC_MAIN "__spec_template__"

/* Runs every case in one spec file; prints each failure and fails if any did. */
static void run_spec(const char *file)
{
    const char *shared = getenv("DL_SHARED_DIR");
    char path[4096], err[256];
    json_error_t jerr;
    size_t i, failed = 0;
    json_t *spec, *tests, *tc;

    assert_non_null(shared);
    snprintf(path, sizeof path, "%s/spec/mustache/%s", shared, file);
    spec = json_load_file(path, JSON_DECODE_ANY, &jerr);
    if (!spec)
        fail_msg("%s: %s (line %d)", path, jerr.text, jerr.line);
    tests = json_object_get(spec, "tests");
    assert_true(json_array_size(tests) > 0);

    json_array_foreach (tests, i, tc) {
        const char *name = json_string_value(json_object_get(tc, "name"));
        json_t *tmpl = json_object_get(tc, "template");
        json_t *expected = json_object_get(tc, "expected");
        json_t *partials = json_object_get(tc, "partials");
        struct dl_tmpl *t;
        struct dl_buf out;
        const char *pname;
        json_t *pv;
        int rc;

        assert_non_null(name);
        assert_true(json_is_string(tmpl) && json_is_string(expected));
        dl_tmpl_new(&t);
        dl_buf_init(&out, 0);
        err[0] = '\0';
        rc = dl_tmpl_add(t, SPEC_MAIN, json_string_value(tmpl), json_string_length(tmpl), err,
                         sizeof err);
        json_object_foreach (partials, pname, pv) {
            if (!rc)
                rc = dl_tmpl_add(t, pname, json_string_value(pv), json_string_length(pv), err,
                                 sizeof err);
        }
        if (!rc)
            rc = dl_tmpl_render(t, SPEC_MAIN, json_object_get(tc, "data"), &out);
        if (rc) {
            fprintf(stderr, "FAIL %s: \"%s\": %s %s\n", file, name, dl_strerror(rc), err);
            failed++;
        } else if (out.n != json_string_length(expected) ||
                   (out.n && memcmp(out.p, json_string_value(expected), out.n))) {
            fprintf(stderr, "FAIL %s: \"%s\"\n  expected: \"%s\"\n  got:      \"%s\"\n", file,
                    name, json_string_value(expected), out.p ? out.p : "");
            failed++;
        }
        dl_buf_release(&out);
        dl_tmpl_free(t);
    }
    fprintf(stderr, "%s: %zu of %zu spec cases pass\n", file, json_array_size(tests) - failed,
            json_array_size(tests));
    json_decref(spec);
    assert_int_equal(failed, 0);
}

static void test_spec_interpolation(void **state) { run_spec("interpolation.json"); }
static void test_spec_sections(void **state) { run_spec("sections.json"); }
static void test_spec_inverted(void **state) { run_spec("inverted.json"); }
static void test_spec_comments(void **state) { run_spec("comments.json"); }
static void test_spec_partials(void **state) { run_spec("partials.json"); }
static void test_spec_delimiters(void **state) { run_spec("delimiters.json"); }

/* Adds src as name, asserting success. */
static void add_ok(struct dl_tmpl *t, const char *name, const char *src)
{
    char err[256] = "";
    int rc = dl_tmpl_add(t, name, src, strlen(src), err, sizeof err);
    if (rc)
        fail_msg("adding %s: %s", name, err);
}

/* Renders name with the JSON text data and checks the output. */
static void expect(const struct dl_tmpl *t, const char *name, const char *data, const char *want)
{
    json_error_t jerr;
    json_t *ctx = json_loads(data, JSON_DECODE_ANY, &jerr);
    struct dl_buf out;
    assert_non_null(ctx);
    dl_buf_init(&out, 0);
    assert_int_equal(dl_tmpl_render(t, name, ctx, &out), 0);
    assert_string_equal(out.p ? out.p : "", want);
    dl_buf_release(&out);
    json_decref(ctx);
}

static void test_syntax_errors(void **state)
{
    static const struct {
        const char *src;
        const char *msg; /* "name:LINE: ..." prefix and a word of the message */
        const char *word;
    } cases[] = {
        {"a\n{{b", "t:2: ", "unclosed tag"},
        {"a\n{{{b}}\n", "t:2: ", "unclosed tag"},
        {"x\n\n{{#a}}\n{{b}}\n", "t:3: ", "unclosed section 'a'"},
        {"{{#a}}\n{{^b}}\n{{/a}}\n{{/b}}", "t:3: ", "does not match"},
        {"one\n{{/a}}", "t:2: ", "without a start"},
        {"{{=<% %>}}", "t:1: ", "bad delimiter"},
        {"\n{{=<%=}}", "t:2: ", "bad delimiter"},
        {"{{=<% %>=}}\n<%x", "t:2: ", "unclosed tag"},
        {"{{}}", "t:1: ", "empty tag name"},
        {"{{! multi\nline }}\n{{a..b}}", "t:3: ", "bad name"},
    };
    struct dl_tmpl *t;
    char err[256];
    dl_tmpl_new(&t);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        err[0] = '\0';
        int rc = dl_tmpl_add(t, "t", cases[i].src, strlen(cases[i].src), err, sizeof err);
        if (rc != DL_EINVAL || strncmp(err, cases[i].msg, strlen(cases[i].msg)) ||
            !strstr(err, cases[i].word))
            fail_msg("case %zu: rc %d, err \"%s\", want \"%s... %s\"", i, rc, err, cases[i].msg,
                     cases[i].word);
        assert_false(dl_tmpl_has(t, "t"));
    }
    /* A failed replacement keeps the old template; a NULL err is allowed. */
    add_ok(t, "t", "old {{x}}");
    assert_int_equal(dl_tmpl_add(t, "t", "{{#x}}", 6, NULL, 0), DL_EINVAL);
    expect(t, "t", "{\"x\": 1}", "old 1");
    add_ok(t, "t", "new {{x}}");
    expect(t, "t", "{\"x\": 1}", "new 1");
    /* Sections nested too deeply. */
    {
        struct dl_buf src;
        dl_buf_init(&src, 0);
        for (int k = 0; k < 65; k++)
            assert_int_equal(dl_buf_puts(&src, "{{#a}}"), 0);
        for (int k = 0; k < 65; k++)
            assert_int_equal(dl_buf_puts(&src, "{{/a}}"), 0);
        assert_int_equal(dl_tmpl_add(t, "deep", src.p, src.n, err, sizeof err), DL_EINVAL);
        assert_non_null(strstr(err, "nested too deeply"));
        dl_buf_release(&src);
    }
    dl_tmpl_free(t);
}

/* {"c": {"c": ... {"c": false}}} with `levels` objects under the root. */
static json_t *nested(int levels)
{
    json_t *v = json_pack("{s:b}", "c", 0);
    for (int i = 0; i < levels; i++)
        v = json_pack("{s:o}", "c", v);
    return v;
}

static void test_recursion_limit(void **state)
{
    struct dl_tmpl *t;
    struct dl_buf out;
    json_t *ok = nested(64), *deep = nested(65), *loop = json_object();
    dl_tmpl_new(&t);
    dl_buf_init(&out, 0);
    add_ok(t, "r", "{{#c}}x{{>r}}{{/c}}");
    add_ok(t, "self", "{{>self}}");

    /* 64 partials deep is allowed, 65 is not. */
    assert_int_equal(dl_tmpl_render(t, "r", ok, &out), 0);
    assert_int_equal(out.n, 64);
    assert_int_equal(dl_buf_puts(&out, "|"), 0);
    assert_int_equal(dl_tmpl_render(t, "r", deep, &out), DL_EINVAL);
    assert_int_equal(out.n, 65); /* left as before the call */
    assert_int_equal(out.p[64], '|');
    assert_int_equal(dl_tmpl_render(t, "self", loop, &out), DL_EINVAL);
    assert_int_equal(out.n, 65);

    assert_int_equal(dl_tmpl_render(t, "nope", loop, &out), DL_ENOTFOUND);
    dl_buf_release(&out);

    /* The output cap is an ordinary error and leaves the buffer alone. */
    dl_buf_init(&out, 8);
    add_ok(t, "long", "0123{{x}}");
    assert_int_equal(dl_tmpl_render(t, "long", loop, &out), 0);
    assert_int_equal(dl_tmpl_render(t, "long", loop, &out), 0);
    assert_string_equal(out.p, "01230123");
    assert_int_equal(dl_tmpl_render(t, "long", loop, &out), DL_ETOOBIG);
    assert_string_equal(out.p, "01230123");
    dl_buf_release(&out);

    json_decref(ok);
    json_decref(deep);
    json_decref(loop);
    dl_tmpl_free(t);
}

static void test_truthiness(void **state)
{
    struct dl_tmpl *t;
    dl_tmpl_new(&t);
    add_ok(t, "s", "{{#summary}}<p>{{summary}}</p>{{/summary}}{{^summary}}none{{/summary}}");
    expect(t, "s", "{\"summary\": \"\"}", "none");
    expect(t, "s", "{\"summary\": \"a & 'b'\"}", "<p>a &amp; &#39;b&#39;</p>");
    expect(t, "s", "{\"summary\": null}", "none");
    expect(t, "s", "{\"summary\": []}", "none");
    expect(t, "s", "{\"summary\": 0}", "<p>0</p>");
    expect(t, "s", "{}", "none");
    add_ok(t, "v", "{{a}},{{b}},{{c}},{{d}},{{{e}}}");
    expect(t, "v", "{\"a\": true, \"b\": false, \"c\": {\"x\": 1}, \"d\": [1], \"e\": -0.5}",
           "true,false,,,-0.5");
    dl_tmpl_free(t);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[4096];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void remove_file(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(remove(path), 0);
}

static void test_load_dir(void **state)
{
    char dir[] = "/tmp/dl-test-mustache-XXXXXX", sub[4096], err[512];
    struct dl_tmpl *t;
    assert_non_null(mkdtemp(dir));
    write_file(dir, "page.mustache", "<h1>{{title}}</h1>\n  {{>footer}}\n");
    write_file(dir, "footer.mustache", "<p>{{by}}</p>\n<p>end</p>\n");
    write_file(dir, "notes.txt", "{{#broken");
    write_file(dir, ".hidden.mustache", "{{#broken");
    snprintf(sub, sizeof sub, "%s/sub.mustache", dir);
    assert_int_equal(mkdir(sub, 0700), 0);

    dl_tmpl_new(&t);
    err[0] = '\0';
    assert_int_equal(dl_tmpl_load_dir(t, dir, err, sizeof err), 0);
    assert_true(dl_tmpl_has(t, "page"));
    assert_true(dl_tmpl_has(t, "footer"));
    assert_false(dl_tmpl_has(t, "notes"));
    assert_false(dl_tmpl_has(t, "sub"));
    assert_false(dl_tmpl_has(t, ".hidden"));
    expect(t, "page", "{\"title\": \"T<\", \"by\": \"me\"}",
           "<h1>T&lt;</h1>\n  <p>me</p>\n  <p>end</p>\n");

    /* A syntax error names the file and the line. */
    write_file(dir, "bad.mustache", "ok\n{{#x}}\n");
    assert_int_equal(dl_tmpl_load_dir(t, dir, err, sizeof err), DL_EINVAL);
    assert_non_null(strstr(err, "/bad.mustache:2: unclosed section 'x'"));
    remove_file(dir, "bad.mustache");

    /* A missing directory is an I/O error naming it. */
    char missing[4200];
    snprintf(missing, sizeof missing, "%s/none", dir);
    assert_int_equal(dl_tmpl_load_dir(t, missing, err, sizeof err), DL_EIO);
    assert_non_null(strstr(err, missing));

    remove_file(dir, "page.mustache");
    remove_file(dir, "footer.mustache");
    remove_file(dir, "notes.txt");
    remove_file(dir, ".hidden.mustache");
    assert_int_equal(rmdir(sub), 0);
    assert_int_equal(rmdir(dir), 0);
    dl_tmpl_free(t);
}

struct job {
    const struct dl_tmpl *t;
    const json_t *ctx;
    const char *want;
    int bad; /* renders that differed from want */
};

static void *render_many(void *arg)
{
    struct job *j = arg;
    struct dl_buf out;
    dl_buf_init(&out, 0);
    for (int i = 0; i < 2000; i++) {
        dl_buf_reset(&out);
        if (dl_tmpl_render(j->t, "list", j->ctx, &out) || strcmp(out.p, j->want))
            j->bad++;
    }
    dl_buf_release(&out);
    return NULL;
}

static void test_threads(void **state)
{
    struct dl_tmpl *t;
    struct dl_buf ref;
    json_error_t jerr;
    json_t *ctx = json_loads("{\"site\": \"D&L\", \"items\": ["
                             "{\"title\": \"One <1>\", \"summary\": \"\", \"tags\": [\"a\", \"b\"]},"
                             "{\"title\": \"Two\", \"summary\": \"S\", \"tags\": []},"
                             "{\"title\": \"Three\", \"summary\": \"x\\ny\", \"score\": 2.5}]}",
                             0, &jerr);
    pthread_t th[4];
    struct job jobs[4];
    assert_non_null(ctx);
    dl_tmpl_new(&t);
    add_ok(t, "list", "<ul>\n{{#items}}\n  {{>item}}\n{{/items}}\n</ul>\n");
    add_ok(t, "item", "<li>{{title}} ({{site}})\n{{#summary}}\n  <p>{{summary}}</p>\n{{/summary}}\n"
                      "{{#tags}}<b>{{.}}</b>{{/tags}}{{score}}</li>\n");
    dl_buf_init(&ref, 0);
    assert_int_equal(dl_tmpl_render(t, "list", ctx, &ref), 0);
    assert_string_equal(ref.p, "<ul>\n"
                               "  <li>One &lt;1&gt; (D&amp;L)\n"
                               "  <b>a</b><b>b</b></li>\n"
                               "  <li>Two (D&amp;L)\n"
                               "    <p>S</p>\n"
                               "  </li>\n"
                               "  <li>Three (D&amp;L)\n"
                               "    <p>x\ny</p>\n"
                               "  2.5</li>\n"
                               "</ul>\n");
    for (int i = 0; i < 4; i++) {
        jobs[i] = (struct job){t, ctx, ref.p, 0};
        assert_int_equal(pthread_create(&th[i], NULL, render_many, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(jobs[i].bad, 0);
    }
    dl_buf_release(&ref);
    json_decref(ctx);
    dl_tmpl_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_interpolation),
        cmocka_unit_test(test_spec_sections),
        cmocka_unit_test(test_spec_inverted),
        cmocka_unit_test(test_spec_comments),
        cmocka_unit_test(test_spec_partials),
        cmocka_unit_test(test_spec_delimiters),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_recursion_limit),
        cmocka_unit_test(test_truthiness),
        cmocka_unit_test(test_load_dir),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
