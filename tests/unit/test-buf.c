/* test-buf.c: growable buffers (core/buf.h): appends, the size cap leaving the
 * buffer untouched, NUL termination, detach and reset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"

static void test_append_puts_putc(void **state)
{
    struct dl_buf b;
    dl_buf_init(&b, 0);
    assert_int_equal(b.max, DL_BUF_DEFAULT_MAX);
    assert_int_equal(dl_buf_append(&b, "abc", 3), 0);
    assert_int_equal(dl_buf_puts(&b, "def"), 0);
    assert_int_equal(dl_buf_putc(&b, 'g'), 0);
    assert_int_equal(b.n, 7);
    assert_string_equal(b.p, "abcdefg");
    /* embedded NUL bytes are kept and counted */
    assert_int_equal(dl_buf_append(&b, "x\0y", 3), 0);
    assert_int_equal(b.n, 10);
    assert_memory_equal(b.p + 7, "x\0y", 3);
    assert_int_equal(b.p[10], '\0');
    /* appending nothing is fine and keeps the text */
    assert_int_equal(dl_buf_append(&b, NULL, 0), 0);
    assert_int_equal(b.n, 10);
    dl_buf_release(&b);
    assert_null(b.p);
    assert_int_equal(b.n, 0);
}

static void test_grows_past_first_block(void **state)
{
    struct dl_buf b;
    dl_buf_init(&b, 0);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(dl_buf_putc(&b, (char)('a' + i % 26)), 0);
    assert_int_equal(b.n, 10000);
    assert_true(b.cap > b.n);
    assert_int_equal(b.p[b.n], '\0');
    for (int i = 0; i < 10000; i++)
        assert_int_equal(b.p[i], 'a' + i % 26);
    dl_buf_release(&b);
}

static void test_printf(void **state)
{
    struct dl_buf b;
    dl_buf_init(&b, 0);
    assert_int_equal(dl_buf_printf(&b, "%d-%s", 42, "x"), 0);
    assert_int_equal(dl_buf_printf(&b, "|%05.1f|", 3.14159), 0);
    assert_string_equal(b.p, "42-x|003.1|");
    assert_int_equal(b.n, strlen("42-x|003.1|"));
    /* a long formatted string that needs several grows */
    char big[3000];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(dl_buf_printf(&b, "<%s>", big), 0);
    assert_int_equal(b.n, 11 + 2 + 2999);
    assert_int_equal(b.p[11], '<');
    assert_int_equal(b.p[b.n - 1], '>');
    assert_int_equal(b.p[b.n], '\0');
    /* an empty format on a fresh buffer still yields a C string */
    struct dl_buf e;
    dl_buf_init(&e, 0);
    assert_int_equal(dl_buf_printf(&e, "%s", ""), 0);
    assert_non_null(e.p);
    assert_string_equal(e.p, "");
    dl_buf_release(&e);
    dl_buf_release(&b);
}

static void test_cap_leaves_buffer_unchanged(void **state)
{
    struct dl_buf b;
    dl_buf_init(&b, 8);
    assert_int_equal(dl_buf_puts(&b, "12345"), 0);
    size_t cap = b.cap;
    char *p = b.p;

    assert_int_equal(dl_buf_puts(&b, "6789"), DL_ETOOBIG);
    assert_int_equal(b.n, 5);
    assert_string_equal(b.p, "12345");
    assert_int_equal(dl_buf_append(&b, "6789", 4), DL_ETOOBIG);
    assert_int_equal(dl_buf_printf(&b, "%s", "6789"), DL_ETOOBIG);
    assert_int_equal(dl_buf_printf(&b, "%d", 1234), DL_ETOOBIG);
    assert_int_equal(b.n, 5);
    assert_string_equal(b.p, "12345");
    assert_ptr_equal(b.p, p);
    assert_int_equal(b.cap, cap);

    /* exactly up to max is allowed, one more byte is not */
    assert_int_equal(dl_buf_puts(&b, "678"), 0);
    assert_int_equal(b.n, 8);
    assert_string_equal(b.p, "12345678");
    assert_int_equal(dl_buf_putc(&b, '9'), DL_ETOOBIG);
    assert_string_equal(b.p, "12345678");
    /* a huge length cannot overflow the check */
    assert_int_equal(dl_buf_append(&b, "x", SIZE_MAX), DL_ETOOBIG);
    assert_int_equal(b.n, 8);

    /* a failed first append on an empty buffer allocates nothing */
    struct dl_buf e;
    dl_buf_init(&e, 2);
    assert_int_equal(dl_buf_puts(&e, "abc"), DL_ETOOBIG);
    assert_int_equal(e.n, 0);
    assert_null(e.p);
    dl_buf_release(&e);
    dl_buf_release(&b);
}

static void test_reset(void **state)
{
    struct dl_buf b;
    dl_buf_init(&b, 0);
    dl_buf_reset(&b); /* on an empty buffer: no crash, still empty */
    assert_int_equal(b.n, 0);
    assert_int_equal(dl_buf_puts(&b, "hello world"), 0);
    char *p = b.p;
    size_t cap = b.cap;
    dl_buf_reset(&b);
    assert_int_equal(b.n, 0);
    assert_string_equal(b.p, "");
    assert_ptr_equal(b.p, p); /* memory kept */
    assert_int_equal(b.cap, cap);
    assert_int_equal(dl_buf_puts(&b, "ab"), 0);
    assert_string_equal(b.p, "ab");
    dl_buf_release(&b);
}

static void test_detach(void **state)
{
    struct dl_buf b;
    size_t n = 99;
    dl_buf_init(&b, 0);
    assert_int_equal(dl_buf_puts(&b, "owned"), 0);
    char *p = dl_buf_detach(&b, &n);
    assert_int_equal(n, 5);
    assert_string_equal(p, "owned");
    assert_null(b.p);
    assert_int_equal(b.n, 0);
    assert_int_equal(b.cap, 0);
    /* the buffer is usable again after detach */
    assert_int_equal(dl_buf_puts(&b, "again"), 0);
    assert_string_equal(b.p, "again");
    free(p);
    dl_buf_release(&b);

    /* detaching a buffer never written gives an empty C string, not NULL */
    dl_buf_init(&b, 0);
    n = 99;
    p = dl_buf_detach(&b, &n);
    assert_non_null(p);
    assert_int_equal(n, 0);
    assert_int_equal(p[0], '\0');
    free(p);

    /* n may be NULL */
    dl_buf_init(&b, 0);
    assert_int_equal(dl_buf_puts(&b, "x"), 0);
    p = dl_buf_detach(&b, NULL);
    assert_string_equal(p, "x");
    free(p);
}

static void test_str_and_xalloc(void **state)
{
    struct dl_str s = DL_STR("Seoul");
    assert_int_equal(s.n, 5);
    assert_memory_equal(s.p, "Seoul", 5);
    char *d = dl_xstrndup("abcdef", 3);
    assert_string_equal(d, "abc");
    free(d);
    d = dl_xstrdup("");
    assert_string_equal(d, "");
    free(d);
    int *z = dl_xcalloc(4, sizeof *z);
    for (int i = 0; i < 4; i++)
        assert_int_equal(z[i], 0);
    z = dl_xrealloc(z, 8 * sizeof *z);
    assert_int_equal(z[3], 0);
    free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_puts_putc),
        cmocka_unit_test(test_grows_past_first_block),
        cmocka_unit_test(test_printf),
        cmocka_unit_test(test_cap_leaves_buffer_unchanged),
        cmocka_unit_test(test_reset),
        cmocka_unit_test(test_detach),
        cmocka_unit_test(test_str_and_xalloc),
    };
    return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
