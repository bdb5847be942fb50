/* test-utf8.c: UTF-8 validation, code point counting and prefixes cut at
 * code point boundaries (core/utf8.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

#define V(lit) dl_utf8_valid((lit), sizeof(lit) - 1)

static void test_valid_ascii_and_hangul(void **state)
{
    static const char ko[] = "한국어";
    assert_true(V(""));
    assert_true(V("Hello, Seoul!"));
    assert_int_equal(sizeof ko - 1, 9);
    assert_true(dl_utf8_valid(ko, 9));
    assert_int_equal(dl_utf8_count(ko, 9), 3);
    assert_int_equal(dl_utf8_count("abc", 3), 3);
    assert_int_equal(dl_utf8_count("", 0), 0);
    /* 2-, 3- and 4-byte forms at their edges */
    assert_true(V("\xC2\x80"));             /* U+0080 */
    assert_true(V("\xDF\xBF"));             /* U+07FF */
    assert_true(V("\xE0\xA0\x80"));         /* U+0800 */
    assert_true(V("\xED\x9F\xBF"));         /* U+D7FF, just below the surrogates */
    assert_true(V("\xEE\x80\x80"));         /* U+E000, just above them */
    assert_true(V("\xEF\xBF\xBF"));         /* U+FFFF */
    assert_true(V("\xF0\x90\x80\x80"));     /* U+10000 */
    assert_true(V("\xF4\x8F\xBF\xBF"));     /* U+10FFFF */
    assert_true(V("Kim \xE2\x80\x99s \xF0\x9F\x93\xB0")); /* ’ and a newspaper emoji */
    assert_int_equal(dl_utf8_count("a\xC3\xA9\xE2\x80\x99\xF0\x9F\x93\xB0", 10), 4);
}

static void test_overlongs(void **state)
{
    assert_false(V("\xC0\x80"));         /* overlong NUL */
    assert_false(V("\xC1\xBF"));         /* overlong '\x7f' */
    assert_false(V("\xE0\x80\x80"));     /* overlong NUL in 3 bytes */
    assert_false(V("\xE0\x9F\xBF"));     /* overlong U+07FF */
    assert_false(V("\xF0\x80\x80\x80")); /* overlong in 4 bytes */
    assert_false(V("\xF0\x8F\xBF\xBF")); /* overlong U+FFFF */
    assert_false(V("ok \xC0\xAF"));      /* overlong '/' after good text */
}

static void test_surrogates_and_range(void **state)
{
    assert_false(V("\xED\xA0\x80")); /* U+D800 */
    assert_false(V("\xED\xBF\xBF")); /* U+DFFF */
    assert_false(V("\xED\xA0\xBD\xED\xB2\xA9")); /* CESU-8 pair */
    assert_false(V("\xF4\x90\x80\x80")); /* U+110000 */
    assert_false(V("\xF5\x80\x80\x80"));
    assert_false(V("\xF8\x88\x80\x80\x80")); /* old 5-byte form */
    assert_false(V("\xFE"));
    assert_false(V("\xFF"));
}

static void test_truncated_and_stray(void **state)
{
    static const char ko[] = "한국어";
    assert_false(V("\xC3"));
    assert_false(V("\xE2\x80"));
    assert_false(V("\xF0\x9F\x93"));
    assert_false(V("abc\xED\x95")); /* half of 한 at the end */
    for (size_t n = 1; n < 9; n++)
        assert_int_equal(dl_utf8_valid(ko, n), n % 3 == 0);
    assert_false(V("\x80"));             /* lone continuation byte */
    assert_false(V("a\xBF" "b"));
    assert_false(V("\xE2\x28\xA1"));     /* continuation missing in the middle */
    assert_false(V("\xC3\x28"));
    assert_false(V("\xF0\x9F\x93\x28"));
}

static void test_nul_rejected(void **state)
{
    assert_false(dl_utf8_valid("\0", 1));
    assert_false(dl_utf8_valid("ab\0cd", 5));
    assert_false(dl_utf8_valid("한\0", 4));
    assert_true(dl_utf8_valid("ab\0cd", 2)); /* only the bytes in range count */
}

static void test_prefix(void **state)
{
    static const char ko[] = "한국어"; /* 3 bytes each */
    assert_int_equal(dl_utf8_prefix(ko, 9, 0), 0);
    assert_int_equal(dl_utf8_prefix(ko, 9, 1), 3);
    assert_int_equal(dl_utf8_prefix(ko, 9, 2), 6);
    assert_int_equal(dl_utf8_prefix(ko, 9, 3), 9);
    assert_int_equal(dl_utf8_prefix(ko, 9, 100), 9);
    assert_int_equal(dl_utf8_prefix("abc", 3, 2), 2);
    /* mixed widths: a é ’ 📰 */
    static const char mix[] = "a\xC3\xA9\xE2\x80\x99\xF0\x9F\x93\xB0z";
    size_t n = sizeof mix - 1;
    assert_int_equal(dl_utf8_prefix(mix, n, 1), 1);
    assert_int_equal(dl_utf8_prefix(mix, n, 2), 3);
    assert_int_equal(dl_utf8_prefix(mix, n, 3), 6);
    assert_int_equal(dl_utf8_prefix(mix, n, 4), 10);
    assert_int_equal(dl_utf8_prefix(mix, n, 5), 11);
}

/* A 250-character limit on a Korean summary: cut on a character boundary. */
static void test_prefix_korean_250(void **state)
{
    static const char syl[] = "북한의 지도자가 베이징을 방문했다. ";
    size_t sn = sizeof syl - 1;
    char *text = malloc(sn * 40 + 1);
    size_t n = 0;
    for (int i = 0; i < 40; i++, n += sn)
        memcpy(text + n, syl, sn);
    text[n] = '\0';
    assert_true(dl_utf8_valid(text, n));
    size_t total = dl_utf8_count(text, n);
    assert_true(total > 250);
    assert_true(n > 250 * 2); /* many more bytes than characters */

    size_t cut = dl_utf8_prefix(text, n, 250);
    assert_true(cut < n);
    assert_true(cut > 250); /* bytes, not characters */
    assert_true(dl_utf8_valid(text, cut));
    assert_int_equal(dl_utf8_count(text, cut), 250);
    /* the next byte starts a character, it is not a continuation */
    assert_int_not_equal((unsigned char)text[cut] & 0xC0, 0x80);
    /* every limit gives a valid prefix of exactly that many characters */
    for (size_t max = 0; max <= total; max += 7) {
        size_t c = dl_utf8_prefix(text, n, max);
        assert_true(dl_utf8_valid(text, c));
        assert_int_equal(dl_utf8_count(text, c), max);
    }
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_ascii_and_hangul),
        cmocka_unit_test(test_overlongs),
        cmocka_unit_test(test_surrogates_and_range),
        cmocka_unit_test(test_truncated_and_stray),
        cmocka_unit_test(test_nul_rejected),
        cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_prefix_korean_250),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
