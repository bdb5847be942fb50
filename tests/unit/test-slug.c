/* test-slug.c: URL slugs from headlines (core/slug.h): lower-case words
 * joined by single dashes, apostrophes joining, cuts at word ends, fallback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/slug.h"

/* Slugifies in after a "x/" prefix (slugify appends) and checks the result. */
static void check(const char *in, size_t max, const char *fallback, const char *want)
{
    struct dl_buf b;
    dl_buf_init(&b, 0);
    assert_int_equal(dl_buf_puts(&b, "x/"), 0);
    assert_int_equal(dl_slugify(&b, in, max, fallback), 0);
    assert_string_equal(b.p + 2, want);
    assert_int_equal(b.n, 2 + strlen(want));
    assert_memory_equal(b.p, "x/", 2);
    dl_buf_release(&b);
}

/* Every slug is made of [a-z0-9-], no leading, trailing or double dash. */
static void assert_well_formed(const char *s, size_t max)
{
    size_t n = strlen(s);
    assert_true(n > 0);
    assert_true(n <= max);
    assert_int_not_equal(s[0], '-');
    assert_int_not_equal(s[n - 1], '-');
    assert_null(strstr(s, "--"));
    for (size_t i = 0; i < n; i++)
        assert_true((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-');
}

static void test_headline(void **state)
{
    check("North Korea's leader visits Beijing", 80, "article",
          "north-koreas-leader-visits-beijing");
    check("KOSPI closes at 2,600", 80, "article", "kospi-closes-at-2-600");
    check("Seoul", 80, "article", "seoul");
}

static void test_punctuation_collapses(void **state)
{
    check("Yoon -- \"impeachment\" vote: what's next?!", 80, "article",
          "yoon-impeachment-vote-whats-next");
    check("a   ...   b", 80, "article", "a-b");
    check("a\t\n\rb", 80, "article", "a-b");
}

static void test_no_edge_dashes(void **state)
{
    check("  -- Breaking: quake hits Pohang --  ", 80, "article", "breaking-quake-hits-pohang");
    check("(update)", 80, "article", "update");
    check("'quoted'", 80, "article", "quoted");
}

static void test_apostrophes_join(void **state)
{
    check("Korea\xE2\x80\x99s economy", 80, "article", "koreas-economy");
    check("Don't panic", 80, "article", "dont-panic");
    /* other quotation marks are separators, not joiners */
    check("\xE2\x80\x9CHi\xE2\x80\x9D there", 80, "article", "hi-there");
}

static void test_max_cuts_at_word_end(void **state)
{
    /* "north-koreas-leader" is 19 bytes: 20 cannot fit "-v..." */
    check("North Korea's leader visits Beijing", 20, "article", "north-koreas-leader");
    check("North Korea's leader visits Beijing", 22, "article", "north-koreas-leader");
    check("North Korea's leader visits Beijing", 26, "article", "north-koreas-leader-visits");
    check("North Korea's leader visits Beijing", 27, "article", "north-koreas-leader-visits");
    /* the whole slug fits exactly: nothing is cut */
    check("North Korea's leader visits Beijing", 34, "article",
          "north-koreas-leader-visits-beijing");
    check("abcdefgh i", 10, "article", "abcdefgh-i");
    /* one long word and no word end to go back to: cut at max */
    check("Supercalifragilistic", 5, "article", "super");

    static const char *const heads[] = {
        "North Korea's leader visits Beijing for talks with Xi",
        "President Lee meets Japan's prime minister in Tokyo",
        "Samsung Electronics posts record third-quarter profit",
    };
    for (size_t h = 0; h < 3; h++)
        for (size_t max = 3; max < 60; max++) {
            struct dl_buf b;
            dl_buf_init(&b, 0);
            assert_int_equal(dl_slugify(&b, heads[h], max, "article"), 0);
            assert_well_formed(b.p, max);
            dl_buf_release(&b);
        }
}

static void test_fallback(void **state)
{
    check("북한 지도자, 베이징 방문", 80, "article", "article");
    check("", 80, "article", "article");
    check("!!! ... ???", 80, "tag", "tag");
    /* Latin letters among Hangul are kept */
    check("북한 K-pop 스타", 80, "article", "k-pop");
    check("2025 국정감사", 80, "article", "2025");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headline),
        cmocka_unit_test(test_punctuation_collapses),
        cmocka_unit_test(test_no_edge_dashes),
        cmocka_unit_test(test_apostrophes_join),
        cmocka_unit_test(test_max_cuts_at_word_end),
        cmocka_unit_test(test_fallback),
    };
    return cmocka_run_group_tests_name("slug", tests, NULL, NULL);
}
