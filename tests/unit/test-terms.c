/* test-terms.c: distinctive words for Related Stories (ingest/terms.h):
 * weights by field, stop words, HTML skipped, the cap and a stable order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/terms.h"

static int has(char **t, size_t n, const char *w)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(t[i], w))
            return 1;
    return 0;
}

static size_t index_of(char **t, size_t n, const char *w)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(t[i], w))
            return i;
    fail_msg("term \"%s\" missing", w);
    return n;
}

static void test_headline_weighs_more(void **state)
{
    char **t;
    size_t n;
    /* "missile" once in the headline (3) beats "tariff" twice in the body (2) */
    dl_terms_extract("Missile launch", NULL, "<p>Tariff talk. Tariff plan.</p>", &t, &n);
    assert_true(index_of(t, n, "missile") < index_of(t, n, "tariff"));
    assert_true(index_of(t, n, "launch") < index_of(t, n, "tariff"));
    assert_true(index_of(t, n, "tariff") < index_of(t, n, "plan"));
    dl_terms_free(t, n);

    /* summary (2) sits between headline (3) and body (1) */
    dl_terms_extract("Zebra", "Yak", "<p>Xylophone</p>", &t, &n);
    assert_int_equal(n, 3);
    assert_string_equal(t[0], "zebra");
    assert_string_equal(t[1], "yak");
    assert_string_equal(t[2], "xylophone");
    dl_terms_free(t, n);

    /* three body mentions outweigh one headline mention, ties go by bytes */
    dl_terms_extract("Alpha", NULL, "<p>beta beta beta gamma gamma gamma</p>", &t, &n);
    assert_int_equal(n, 3);
    assert_string_equal(t[0], "alpha");
    assert_string_equal(t[1], "beta");
    assert_string_equal(t[2], "gamma");
    dl_terms_free(t, n);
    dl_terms_extract("Alpha", NULL, "<p>beta beta beta beta gamma</p>", &t, &n);
    assert_string_equal(t[0], "beta");
    assert_string_equal(t[1], "alpha");
    dl_terms_free(t, n);
}

static void test_lowercase_and_short_words(void **state)
{
    char **t;
    size_t n;
    dl_terms_extract("KIM Jong-un at UN in NY", NULL, NULL, &t, &n);
    assert_true(has(t, n, "kim"));
    assert_true(has(t, n, "jong"));
    assert_false(has(t, n, "KIM"));
    assert_false(has(t, n, "un")); /* fewer than three letters */
    assert_false(has(t, n, "at"));
    assert_false(has(t, n, "ny"));
    assert_int_equal(n, 2);
    dl_terms_free(t, n);
}

static void test_stop_words_dropped(void **state)
{
    char **t;
    size_t n;
    /* words from the start, middle and end of the sorted stop list */
    dl_terms_extract("About your visit, officials said", "They said the talks were about trade",
                     "<p>Your guide about said and the with would yet you which</p>", &t, &n);
    static const char *const stop[] = {"about", "your", "said", "they", "the", "were", "and",
                                       "with", "would", "yet", "you", "which"};
    for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++)
        if (has(t, n, stop[i]))
            fail_msg("stop word \"%s\" kept", stop[i]);
    assert_true(has(t, n, "visit"));
    assert_true(has(t, n, "officials"));
    assert_true(has(t, n, "talks"));
    assert_true(has(t, n, "trade"));
    assert_true(has(t, n, "guide"));
    dl_terms_free(t, n);

    /* every stop word from the list is dropped: a text of only stop words has no terms */
    dl_terms_extract("about after again against all also among and any are around because been "
                     "before being between both but can could day did does during each early "
                     "first for from further had has have her here him his how including into "
                     "its last late later made make many more most much new next nor not now off "
                     "one only other our out over own said same say says she should since some "
                     "such than that the their them then there these they this those three "
                     "through time told two under until very was week were what when where which "
                     "while who will with would year years yet you your",
                     NULL, NULL, &t, &n);
    if (n)
        fail_msg("stop word \"%s\" kept", t[0]);
    dl_terms_free(t, n);
}

static void test_html_is_not_terms(void **state)
{
    char **t;
    size_t n;
    dl_terms_extract(NULL, NULL,
                     "<p class=\"lead\">Pyongyang &amp; Beijing&nbsp;agreed &mdash; "
                     "<a href=\"https://example.com/article\">statement</a></p>"
                     "<figure><img src=\"photo.jpg\" alt=\"portrait\"></figure>",
                     &t, &n);
    assert_true(has(t, n, "pyongyang"));
    assert_true(has(t, n, "beijing"));
    assert_true(has(t, n, "agreed"));
    assert_true(has(t, n, "statement"));
    static const char *const not_terms[] = {"class", "lead", "amp", "nbsp", "mdash", "href",
                                            "https", "example", "com", "figure", "img",
                                            "src", "photo", "jpg", "alt", "portrait"};
    for (size_t i = 0; i < sizeof not_terms / sizeof not_terms[0]; i++)
        if (has(t, n, not_terms[i]))
            fail_msg("\"%s\" from markup became a term", not_terms[i]);
    assert_int_equal(n, 4);
    dl_terms_free(t, n);

    /* markup is only skipped in the body: a headline "<b>" is text */
    dl_terms_extract("Tags <bold> claim", NULL, NULL, &t, &n);
    assert_true(has(t, n, "bold"));
    dl_terms_free(t, n);
}

static void test_hangul_words(void **state)
{
    char **t;
    size_t n;
    dl_terms_extract("북한 미사일 발사", NULL, "<p>북한이 미사일을 발사했다</p>", &t, &n);
    assert_true(has(t, n, "북한"));
    assert_true(has(t, n, "미사일"));
    /* headline words, weight 3 each, come before body-only words */
    assert_true(index_of(t, n, "미사일") < index_of(t, n, "발사했다"));
    dl_terms_free(t, n);
}

static void test_at_most_max(void **state)
{
    char body[4096];
    size_t k = 0;
    k += (size_t)snprintf(body + k, sizeof body - k, "<p>");
    for (int i = 0; i < 60; i++)
        k += (size_t)snprintf(body + k, sizeof body - k, "word%03d ", i);
    snprintf(body + k, sizeof body - k, "</p>");
    char **t;
    size_t n;
    dl_terms_extract("Headline", NULL, body, &t, &n);
    assert_int_equal(n, DL_TERMS_MAX);
    assert_string_equal(t[0], "headline");
    /* the rest tie at weight 1: byte order */
    assert_string_equal(t[1], "word000");
    assert_string_equal(t[DL_TERMS_MAX - 1], "word014");
    dl_terms_free(t, n);

    dl_terms_extract(NULL, NULL, NULL, &t, &n);
    assert_int_equal(n, 0);
    dl_terms_free(t, n);
    dl_terms_extract("", "", "", &t, &n);
    assert_int_equal(n, 0);
    dl_terms_free(t, n);
}

static void test_long_words_dropped(void **state)
{
    char **t;
    size_t n;
    char head[128];
    memset(head, 'x', 60);
    snprintf(head + 60, sizeof head - 60, " short");
    dl_terms_extract(head, NULL, NULL, &t, &n);
    assert_int_equal(n, 1);
    assert_string_equal(t[0], "short");
    dl_terms_free(t, n);
}

static void test_deterministic(void **state)
{
    static const char *h = "Seoul and Tokyo agree on chip export controls";
    static const char *s = "Officials from both capitals met in Busan for chip talks";
    static const char *b = "<p>The agreement covers chip equipment, export licences and "
                           "controls on materials.</p><p>Busan hosted the talks.</p>";
    char **t1, **t2;
    size_t n1, n2;
    dl_terms_extract(h, s, b, &t1, &n1);
    dl_terms_extract(h, s, b, &t2, &n2);
    assert_int_equal(n1, n2);
    assert_true(n1 > 5);
    for (size_t i = 0; i < n1; i++)
        assert_string_equal(t1[i], t2[i]);
    assert_string_equal(t1[0], "chip"); /* 3 + 2 + 1 */
    dl_terms_free(t1, n1);
    dl_terms_free(t2, n2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headline_weighs_more),
        cmocka_unit_test(test_lowercase_and_short_words),
        cmocka_unit_test(test_stop_words_dropped),
        cmocka_unit_test(test_html_is_not_terms),
        cmocka_unit_test(test_hangul_words),
        cmocka_unit_test(test_at_most_max),
        cmocka_unit_test(test_long_words_dropped),
        cmocka_unit_test(test_deterministic),
    };
    return cmocka_run_group_tests_name("terms", tests, NULL, NULL);
}
