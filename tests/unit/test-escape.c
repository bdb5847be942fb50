/* test-escape.c: HTML, URL and JSON-in-<script> escaping (core/escape.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/escape.h"

typedef int (*escape_fn)(struct dl_buf *, const char *, size_t);

/* Escapes in (n bytes) after a "pre:" prefix and checks the whole output. */
static void check_n(escape_fn fn, const char *in, size_t n, const char *want)
{
    struct dl_buf b;
    dl_buf_init(&b, 0);
    assert_int_equal(dl_buf_puts(&b, "pre:"), 0);
    assert_int_equal(fn(&b, in, n), 0);
    assert_non_null(b.p);
    assert_string_equal(b.p + 4, want);
    assert_int_equal(b.n, 4 + strlen(want));
    assert_memory_equal(b.p, "pre:", 4); /* appends, never overwrites */
    dl_buf_release(&b);
}

static void check(escape_fn fn, const char *in, const char *want)
{
    check_n(fn, in, strlen(in), want);
}

static void test_html(void **state)
{
    check(dl_html_escape, "", "");
    check(dl_html_escape, "plain text", "plain text");
    check(dl_html_escape, "&", "&amp;");
    check(dl_html_escape, "<", "&lt;");
    check(dl_html_escape, ">", "&gt;");
    check(dl_html_escape, "\"", "&quot;");
    check(dl_html_escape, "'", "&#39;");
    check(dl_html_escape, "<script>alert('x & \"y\"')</script>",
          "&lt;script&gt;alert(&#39;x &amp; &quot;y&quot;&#39;)&lt;/script&gt;");
    check(dl_html_escape, "&amp;", "&amp;amp;"); /* no double-decoding tricks */
    check(dl_html_escape, "한국 & 北韓", "한국 &amp; 北韓");
    /* only n bytes are read */
    check_n(dl_html_escape, "a<b>c", 2, "a&lt;");
}

static void test_html_cap(void **state)
{
    struct dl_buf b;
    dl_buf_init(&b, 6);
    assert_int_equal(dl_html_escape(&b, "<<", 2), DL_ETOOBIG);
    assert_true(b.n <= 6);
    dl_buf_release(&b);
}

static void test_url(void **state)
{
    check(dl_url_escape, "", "");
    check(dl_url_escape, "AZaz09-_.~", "AZaz09-_.~"); /* unreserved kept */
    check(dl_url_escape, "a b", "a%20b");
    check(dl_url_escape, "a/b", "a%2Fb");
    check(dl_url_escape, "?&=#+%", "%3F%26%3D%23%2B%25");
    check(dl_url_escape, "<\"'>", "%3C%22%27%3E");
    check(dl_url_escape, "\n\x7f", "%0A%7F");
    check(dl_url_escape, "한국", "%ED%95%9C%EA%B5%AD");
    check(dl_url_escape, "north korea/김정은", "north%20korea%2F%EA%B9%80%EC%A0%95%EC%9D%80");
    check_n(dl_url_escape, "a\0b", 3, "a%00b");
}

static void test_json(void **state)
{
    check(dl_json_escape, "", "");
    check(dl_json_escape, "plain", "plain");
    check(dl_json_escape, "say \"hi\"", "say \\\"hi\\\"");
    check(dl_json_escape, "back\\slash", "back\\\\slash");
    check(dl_json_escape, "a\nb\rc\td", "a\\nb\\rc\\td");
    check(dl_json_escape, "\x01\x1f", "\\u0001\\u001f");
    check_n(dl_json_escape, "\0", 1, "\\u0000");
    check(dl_json_escape, "<", "\\u003c");
    check(dl_json_escape, ">", "\\u003e");
    check(dl_json_escape, "&", "\\u0026");
    check(dl_json_escape, "한국어", "한국어"); /* UTF-8 passes through */
    check(dl_json_escape, "/", "/");
}

/* Nothing that could end a <script> element or open a comment survives. */
static void test_json_in_script(void **state)
{
    static const char evil[] = "</script><script>alert(1)</script><!-- --> & \"x\"";
    struct dl_buf b;
    dl_buf_init(&b, 0);
    assert_int_equal(dl_json_escape(&b, evil, sizeof evil - 1), 0);
    assert_null(strstr(b.p, "</"));
    assert_null(strstr(b.p, "<!--"));
    assert_null(strchr(b.p, '<'));
    assert_null(strchr(b.p, '>'));
    assert_null(strchr(b.p, '&'));
    assert_non_null(strstr(b.p, "\\u003c/script\\u003e"));
    dl_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_html_cap),
        cmocka_unit_test(test_url),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_json_in_script),
    };
    return cmocka_run_group_tests_name("escape", tests, NULL, NULL);
}
