/* test-fs.c: dl_mkdirs makes nested folders, accepts existing ones, and
 * refuses an empty path or one blocked by a file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/fs.h"

static int is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static void test_mkdirs(void **state)
{
    char base[] = "/tmp/dl-test-fs-XXXXXX", path[128], file[128];
    assert_non_null(mkdtemp(base));
    snprintf(path, sizeof path, "%s/a/b/c", base);
    assert_int_equal(dl_mkdirs(path), 0);
    assert_true(is_dir(path));
    assert_int_equal(dl_mkdirs(path), 0); /* already there */

    assert_int_equal(dl_mkdirs(""), DL_EINVAL);
    assert_int_equal(dl_mkdirs(NULL), DL_EINVAL);

    snprintf(file, sizeof file, "%s/file", base);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(path, sizeof path, "%s/file/below", base);
    assert_int_equal(dl_mkdirs(path), DL_EIO);

    unlink(file);
    snprintf(path, sizeof path, "%s/a/b/c", base);
    rmdir(path);
    snprintf(path, sizeof path, "%s/a/b", base);
    rmdir(path);
    snprintf(path, sizeof path, "%s/a", base);
    rmdir(path);
    assert_int_equal(rmdir(base), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mkdirs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
