/* test-sanitize.c: unit tests for the HTML sanitizer and the text/plain
 * converter (src/ingest/sanitize.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>

#include "core/buf.h"
#include "core/error.h"
#include "ingest/sanitize.h"

/* Sanitizes in and checks the result code and output. */
static void check(const char *in, const char *want)
{
    struct dl_buf b;
    dl_buf_init(&b, 0);
    int rc = dl_sanitize_html(in, strlen(in), &b);
    assert_int_equal(rc, 0);
    assert_string_equal(b.p ? b.p : "", want);
    dl_buf_release(&b);
}

static void check_plain(const char *in, const char *want)
{
    struct dl_buf b;
    dl_buf_init(&b, 0);
    int rc = dl_plain_to_html(in, strlen(in), &b);
    assert_int_equal(rc, 0);
    assert_string_equal(b.p ? b.p : "", want);
    dl_buf_release(&b);
}

static void test_script_removed(void **state)
{
    check("<p>before<script>alert(1)</script>after</p>", "<p>beforeafter</p>");
    check("<script src=\"https://evil.example/x.js\"></script><p>x</p>", "<p>x</p>");
    check("<p>a</p><style>p{color:red}</style><iframe src=\"https://x.example/\">f</iframe>",
          "<p>a</p>");
    check("<svg><script>alert(1)</script><text>t</text></svg><p>ok</p>", "<p>ok</p>");
    check("<p>a<noscript><p>b</p></noscript></p>", "<p>a</p>");
}

static void test_event_handlers_removed(void **state)
{
    check("<p onclick=\"steal()\" style=\"color:red\" class=\"x\" id=\"y\">a</p>", "<p>a</p>");
    check("<img src=\"/a.jpg\" alt=\"A\" onerror=\"steal()\">", "<img src=\"/a.jpg\" alt=\"A\">");
    check("<a href=\"https://example.com/\" onmouseover=\"x()\" target=\"_blank\" "
          "rel=\"opener\">l</a>",
          "<a href=\"https://example.com/\">l</a>");
}

static void test_javascript_href_dropped(void **state)
{
    static const char *const hrefs[] = {
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "   javascript:alert(1)",
        "\tjavascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java&#x09;script:alert(1)",
        "&#106;avascript:alert(1)",
        "javascript&#58;alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "jar:https://x.example/a.jar!/",
    };
    for (size_t i = 0; i < sizeof(hrefs) / sizeof(hrefs[0]); i++) {
        char in[256];
        snprintf(in, sizeof(in), "<p><a href=\"%s\" title=\"t\">click</a></p>", hrefs[i]);
        check(in, "<p>click</p>");
    }
}

static void test_safe_urls_kept(void **state)
{
    check("<p><a href=\"HTTPS://example.com/a\">a</a><a href=\"mailto:desk@example.com\">m</a>"
          "<a href=\"/news/1\">r</a><a href=\"#top\">f</a></p>",
          "<p><a href=\"HTTPS://example.com/a\">a</a><a href=\"mailto:desk@example.com\">m</a>"
          "<a href=\"/news/1\">r</a><a href=\"#top\">f</a></p>");
    /* whitespace trimmed, what the checker rejects percent-encoded */
    check("<p><a href=\" https://example.com/a b?q=\\&quot;x&quot;&amp;p=100% \">a</a></p>",
          "<p><a href=\"https://example.com/a%20b?q=%5C%22x%22&amp;p=100%25\">a</a></p>");
}

static void test_data_src_dropped(void **state)
{
    check("<p>a<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"x\">b</p>", "<p>ab</p>");
    check("<img src=\" DATA:image/svg+xml,<svg/onload=alert(1)>\">", "");
    check("<img alt=\"no source\">", "");
}

static void test_img_attributes(void **state)
{
    check("<img src=\"https://img.example/a.jpg\" alt=\"A &quot;b&quot;\" width=\" 640 \" "
          "height=\"480px\" srcset=\"x 2x\">",
          "<img src=\"https://img.example/a.jpg\" alt=\"A &quot;b&quot;\" width=\"640\">");
    /* alt is always written: the HTML checker requires it */
    check("<img src=\"a.jpg\" height=\"0012\">", "<img src=\"a.jpg\" alt=\"\" height=\"12\">");
}

static void test_whole_document_body_only(void **state)
{
    check("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Title</title>"
          "<link rel=\"stylesheet\" href=\"x.css\"><style>p{}</style></head>"
          "<body><p>Body text</p></body></html>",
          "<p>Body text</p>");
    check("<body><p>One</p><p>Two</p></body>", "<p>One</p><p>Two</p>");
}

static void test_unknown_unwrapped(void **state)
{
    check("<div class=\"story\"><section><p>a <font color=\"red\">b</font> <blink>c</blink></p>"
          "</section></div>",
          "<p>a b c</p>");
    check("<center><article><p>x</p></article></center>", "<p>x</p>");
}

static void test_nested_markup_exact(void **state)
{
    const char *in =
        "<h2>Sub</h2><p>Hello <strong>bold <em>both</em></strong> and "
        "<a href=\"https://example.com/x?a=1&amp;b=2\" title=\"T\">link</a>.</p>"
        "<blockquote><p>Quote <q>in</q> <cite>Src</cite></p></blockquote>"
        "<ul><li>one</li><li>two <code>x</code></li></ul>"
        "<figure><img src=\"/p.jpg\" alt=\"P\" width=\"10\" "
        "height=\"20\"><figcaption>Cap</figcaption></figure>"
        "<table><caption>C</caption><thead><tr><th scope=\"col\">H</th></tr></thead>"
        "<tbody><tr><td>1</td></tr></tbody></table>"
        "<p>a<br>b<sub>1</sub><sup>2</sup><small>s</small><mark>m</mark><abbr title=\"t\">A</abbr>"
        "<b>b</b><i>i</i><u>u</u><s>s</s><span>sp</span></p><hr>"
        "<dl><dt>T</dt><dd>D</dd></dl><ol><li>o</li></ol>";
    check(in, in);
}

static void test_entities(void **state)
{
    check("<p>AT&amp;T &lt;b&gt; &quot;q&quot; &copy; &#8212; &#x41;</p>",
          "<p>AT&amp;T &lt;b&gt; &quot;q&quot; \xC2\xA9 \xE2\x80\x94 A</p>");
    check("<p>5 &lt; 6 &unknown; a&b</p>", "<p>5 &lt; 6 &amp;unknown; a&amp;b</p>");
    check("<p>it's</p>", "<p>it&#39;s</p>");
}

static void test_comments_dropped(void **state)
{
    check("<!-- a comment --><p>x<!-- <script>alert(1)</script> -->y</p>", "<p>xy</p>");
}

static void test_invalid_utf8(void **state)
{
    struct dl_buf b;
    dl_buf_init(&b, 0);
    dl_buf_puts(&b, "kept");
    assert_int_equal(dl_sanitize_html("<p>\xff\xfe</p>", 9, &b), DL_EUTF8);
    assert_int_equal(dl_sanitize_html("<p>\xC0\xAF</p>", 9, &b), DL_EUTF8); /* overlong */
    assert_int_equal(dl_sanitize_html("<p>a\0b</p>", 10, &b), DL_EUTF8);    /* NUL */
    assert_int_equal(dl_plain_to_html("a\xed\xa0\x80", 4, &b), DL_EUTF8);   /* surrogate */
    assert_string_equal(b.p, "kept");
    dl_buf_release(&b);
}

static void test_empty(void **state)
{
    check("", "");
    check(" \n\t ", "");
    check("<!-- only a comment -->", "");
    check("<script>x</script>", "");
}

static void test_nesting_fixed(void **state)
{
    check("<p>a<p>b", "<p>a</p><p>b</p>");
    check("<h1>Title</h1><h4>Deep</h4>", "<h2>Title</h2><h3>Deep</h3>");
    check("<p>a<figure>b</figure>c</p>", "<p>abc</p>");
    check("<ul>text<li>x</li></ul>", "<ul><li>text</li><li>x</li></ul>");
    check("<li>stray</li>", "stray");
    check("<a href=\"/a\">x<a href=\"/b\">y</a></a>", "<a href=\"/a\">x</a><a href=\"/b\">y</a>");
    check("<table><tr><td>a</td></tr>b</table>",
          "<table><tr><td>a</td></tr><tr><td>b</td></tr></table>");
    check("<dl><dd>a<dd>b</dl>", "<dl><dt></dt><dd>a</dd><dd>b</dd></dl>");
    check("<pre>\ncode</pre>", "<pre>\n\ncode</pre>");
    check("<p>x<hr>y</p>", "<p>x</p><hr>y");
}

static void test_cap(void **state)
{
    struct dl_buf b;
    dl_buf_init(&b, 16);
    dl_buf_puts(&b, "pre");
    assert_int_equal(dl_sanitize_html("<p>far more than sixteen bytes</p>", 34, &b), DL_ETOOBIG);
    assert_string_equal(b.p, "pre");
    assert_int_equal(dl_plain_to_html("far more than sixteen bytes", 27, &b), DL_ETOOBIG);
    assert_string_equal(b.p, "pre");
    dl_buf_release(&b);
}

static void test_appends(void **state)
{
    struct dl_buf b;
    dl_buf_init(&b, 0);
    dl_buf_puts(&b, "<p>0</p>");
    assert_int_equal(dl_sanitize_html("<p>1</p>", 8, &b), 0);
    assert_int_equal(dl_plain_to_html("2", 1, &b), 0);
    assert_string_equal(b.p, "<p>0</p><p>1</p><p>2</p>\n");
    dl_buf_release(&b);
}

static void test_control_characters(void **state)
{
    check("<p>a&#128;b&#x1;c\x01"
          "d\x7f"
          "e\xC2\x85"
          "f</p>",
          "<p>abcdef</p>");
}

static void test_plain_paragraphs(void **state)
{
    check_plain("First line\nsecond line\n\nPara two\r\n\r\n\r\n  Para three  ",
                "<p>First line<br>\nsecond line</p>\n<p>Para two</p>\n<p>Para three</p>\n");
    check_plain("one\r\ntwo\rthree", "<p>one<br>\ntwo<br>\nthree</p>\n");
    check_plain("\n\n  \n", "");
    check_plain("", "");
}

static void test_plain_escaped(void **state)
{
    check_plain("if a < b && c > d then \"x\" 'y'",
                "<p>if a &lt; b &amp;&amp; c &gt; d then &quot;x&quot; &#39;y&#39;</p>\n");
    check_plain("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_script_removed),
        cmocka_unit_test(test_event_handlers_removed),
        cmocka_unit_test(test_javascript_href_dropped),
        cmocka_unit_test(test_safe_urls_kept),
        cmocka_unit_test(test_data_src_dropped),
        cmocka_unit_test(test_img_attributes),
        cmocka_unit_test(test_whole_document_body_only),
        cmocka_unit_test(test_unknown_unwrapped),
        cmocka_unit_test(test_nested_markup_exact),
        cmocka_unit_test(test_entities),
        cmocka_unit_test(test_comments_dropped),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_nesting_fixed),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_appends),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_plain_paragraphs),
        cmocka_unit_test(test_plain_escaped),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return failed;
}
