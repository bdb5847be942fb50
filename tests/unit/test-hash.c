/* test-hash.c: dl_hash64 is FNV-1a 64 (published test vectors). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/hash.h"

static void test_vectors(void **state)
{
    assert_true(dl_hash64("", 0) == 0xcbf29ce484222325ULL);
    assert_true(dl_hash64("a", 1) == 0xaf63dc4c8601ec8cULL);
    assert_true(dl_hash64("foobar", 6) == 0x85944171f73967e8ULL);
}

static void test_differs(void **state)
{
    assert_true(dl_hash64("<p>one</p>", 10) != dl_hash64("<p>One</p>", 10));
    assert_true(dl_hash64("ab", 2) != dl_hash64("ba", 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_differs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
