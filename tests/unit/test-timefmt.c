/* test-timefmt.c: site-zone and HTTP date formatting and parsing
 * (core/timefmt.h), with the site in Asia/Seoul (UTC+9, no DST). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/timefmt.h"

#define T_2025_10_12_0457Z ((time_t)1760245020) /* 2025-10-12T04:57:00Z */

static int setup_seoul(void **state)
{
    return dl_time_set_zone("Asia/Seoul") == 0 ? 0 : -1;
}

static void test_human(void **state)
{
    char b[64];
    dl_time_human(T_2025_10_12_0457Z, b, sizeof b);
    assert_string_equal(b, "12 Oct. 2025, 13:57");
    dl_time_human_date(T_2025_10_12_0457Z, b, sizeof b);
    assert_string_equal(b, "12 Oct. 2025");
    /* 15:00Z is already the next day in Seoul */
    dl_time_human(T_2025_10_12_0457Z + (10 * 3600 + 3 * 60), b, sizeof b);
    assert_string_equal(b, "13 Oct. 2025, 00:00");
    /* a small output buffer is cut, still NUL-terminated */
    char small[6];
    dl_time_human(T_2025_10_12_0457Z, small, sizeof small);
    assert_string_equal(small, "12 Oc");
}

static void test_month_names(void **state)
{
    char b[64];
    /* 2025-09-04T00:00:00Z = 09:00 in Seoul */
    dl_time_human_date(1756944000, b, sizeof b);
    assert_string_equal(b, "4 Sept. 2025");
    dl_time_human_date(1756944000 - 30 * 86400, b, sizeof b); /* 5 Aug. */
    assert_string_equal(b, "5 Aug. 2025");
    dl_time_human_date(1741219200, b, sizeof b); /* 2025-03-06T00:00Z */
    assert_string_equal(b, "6 March 2025");
    dl_time_human_date(1749168000, b, sizeof b); /* 2025-06-06T00:00Z */
    assert_string_equal(b, "6 June 2025");
}

static void test_iso(void **state)
{
    char b[64];
    dl_time_iso(T_2025_10_12_0457Z, b, sizeof b);
    assert_string_equal(b, "2025-10-12T13:57:00+09:00");
    dl_time_iso(0, b, sizeof b);
    assert_string_equal(b, "1970-01-01T09:00:00+09:00");
}

static void test_http_round_trip(void **state)
{
    char b[64];
    time_t t = 0;
    dl_time_http(T_2025_10_12_0457Z, b, sizeof b);
    assert_string_equal(b, "Sun, 12 Oct 2025 04:57:00 GMT"); /* GMT whatever the site zone */
    assert_int_equal(dl_time_parse_http(b, &t), 0);
    assert_int_equal(t, T_2025_10_12_0457Z);

    static const time_t samples[] = {0, 951782400 /* 2000-02-29 */, 1709251199, 2147483647,
                                     4102444800 /* 2100-01-01 */};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        dl_time_http(samples[i], b, sizeof b);
        t = -1;
        assert_int_equal(dl_time_parse_http(b, &t), 0);
        assert_int_equal(t, samples[i]);
    }
    assert_int_equal(dl_time_parse_http("Thu, 01 Jan 1970 00:00:00 GMT", &t), 0);
    assert_int_equal(t, 0);
}

static void test_parse_http_rejects(void **state)
{
    static const char *const bad[] = {
        "",
        "garbage",
        "Sun, 12 Oct 2025 04:57:00",         /* no GMT */
        "Sun, 12 Oct 2025 04:57:00 GMT junk",
        "Sun, 12 Oct 2025 04:57:00 UTC",
        "Sun, 12 Foo 2025 04:57:00 GMT",     /* bad month */
        "Sun, 32 Oct 2025 04:57:00 GMT",
        "Sun, 00 Oct 2025 04:57:00 GMT",
        "Sun, 12 Oct 2025 24:00:00 GMT",
        "Sun, 12 Oct 2025 04:60:00 GMT",
        "Sun, 12 Oct 1969 04:57:00 GMT",
        "2025-10-12T04:57:00Z",              /* ISO is not an HTTP date */
        "Sunday, 12-Oct-25 04:57:00 GMT",    /* obsolete RFC 850 form */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        time_t t = 12345;
        if (dl_time_parse_http(bad[i], &t) != DL_EINVAL)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(t, 12345); /* untouched on error */
    }
}

static void test_day_range(void **state)
{
    time_t from = 0, to = 0;
    assert_int_equal(dl_time_day_range(2025, 10, 12, &from, &to), 0);
    assert_int_equal(from, 1760194800); /* 2025-10-11T15:00:00Z */
    assert_int_equal(to, 1760281200);   /* 2025-10-12T15:00:00Z */
    assert_true(from <= T_2025_10_12_0457Z && T_2025_10_12_0457Z < to);

    /* month and year ends roll over */
    assert_int_equal(dl_time_day_range(2025, 12, 31, &from, &to), 0);
    assert_int_equal(to - from, 86400);
    assert_int_equal(to, 1767193200); /* 2026-01-01T00:00+09:00 */
    assert_int_equal(dl_time_day_range(2024, 2, 29, &from, &to), 0); /* leap year */
    assert_int_equal(to - from, 86400);

    static const int bad[][3] = {{2025, 2, 29}, {2025, 4, 31}, {2025, 13, 1}, {2025, 0, 1},
                                 {2025, 1, 0},  {2025, 1, 32}, {1900, 2, 29}, {1969, 12, 31},
                                 {10000, 1, 1}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        from = to = 7;
        assert_int_equal(dl_time_day_range(bad[i][0], bad[i][1], bad[i][2], &from, &to),
                         DL_EINVAL);
        assert_int_equal(from, 7);
        assert_int_equal(to, 7);
    }
}

static void test_local_date(void **state)
{
    int y = 0, m = 0, d = 0;
    dl_time_local_date(T_2025_10_12_0457Z, &y, &m, &d);
    assert_int_equal(y, 2025);
    assert_int_equal(m, 10);
    assert_int_equal(d, 12);
    /* 2025-12-31T15:00:00Z is New Year's Day in Seoul */
    dl_time_local_date(1767193200, &y, &m, &d);
    assert_int_equal(y, 2026);
    assert_int_equal(m, 1);
    assert_int_equal(d, 1);
    dl_time_local_date(1767193199, &y, &m, &d);
    assert_int_equal(y, 2025);
    assert_int_equal(m, 12);
    assert_int_equal(d, 31);
}

static void test_unknown_zone(void **state)
{
    char b[64];
    assert_int_equal(dl_time_set_zone("Mars/Olympus"), DL_EINVAL);
    assert_int_equal(dl_time_set_zone(""), DL_EINVAL);
    assert_int_equal(dl_time_set_zone(NULL), DL_EINVAL);
    assert_int_equal(dl_time_set_zone("../../etc/passwd"), DL_EINVAL);
    assert_int_equal(dl_time_set_zone("/etc/passwd"), DL_EINVAL);
    assert_int_equal(dl_time_set_zone("Asia"), DL_EINVAL); /* a folder, not a zone */
    /* a refused zone leaves the site zone as it was */
    dl_time_iso(T_2025_10_12_0457Z, b, sizeof b);
    assert_string_equal(b, "2025-10-12T13:57:00+09:00");

    /* another zone really changes the output, then back to Seoul */
    assert_int_equal(dl_time_set_zone("UTC"), 0);
    dl_time_iso(T_2025_10_12_0457Z, b, sizeof b);
    assert_string_equal(b, "2025-10-12T04:57:00+00:00");
    assert_int_equal(dl_time_set_zone("America/New_York"), 0);
    dl_time_iso(T_2025_10_12_0457Z, b, sizeof b);
    assert_string_equal(b, "2025-10-12T00:57:00-04:00");
    assert_int_equal(dl_time_set_zone("Asia/Seoul"), 0);
    dl_time_human(T_2025_10_12_0457Z, b, sizeof b);
    assert_string_equal(b, "12 Oct. 2025, 13:57");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_human),
        cmocka_unit_test(test_month_names),
        cmocka_unit_test(test_iso),
        cmocka_unit_test(test_http_round_trip),
        cmocka_unit_test(test_parse_http_rejects),
        cmocka_unit_test(test_day_range),
        cmocka_unit_test(test_local_date),
        cmocka_unit_test(test_unknown_zone),
    };
    return cmocka_run_group_tests_name("timefmt", tests, setup_seoul, NULL);
}
