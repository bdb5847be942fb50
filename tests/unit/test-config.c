/* test-config.c: the settings table (core/config.h): defaults, the config
 * file format and its errors, bounds, and DATELINE_* environment overrides. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "core/error.h"

/* Writes text to a fresh temporary file; the caller unlinks and frees the path. */
static char *write_temp(const char *text)
{
    char *path = strdup("/tmp/dl-test-config-XXXXXX");
    assert_non_null(path);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    return path;
}

static void remove_temp(char *path)
{
    unlink(path);
    free(path);
}

static void test_defaults(void **state)
{
    struct dl_config c;
    dl_config_init(&c);
    assert_string_equal(c.listen, "127.0.0.1:8080");
    assert_string_equal(c.timezone, "Asia/Seoul");
    assert_string_equal(c.db, "var/dateline.db");
    assert_string_equal(c.media_dir, "var/media");
    assert_string_equal(c.site_name, "The Dateline Daily");
    assert_string_equal(c.templates_dir, "templates");
    assert_string_equal(c.static_dir, "static");
    assert_string_equal(c.sections_file, "");
    assert_int_equal(c.threads, 0);
    assert_int_equal(c.page_size, 20);
    assert_int_equal(c.related_after, 2);
    assert_int_equal(c.timeout, 15);
    assert_int_equal(c.max_connections, 1024);
    assert_false(c.fetch_remote);
    /* base_url has no trailing slash */
    assert_int_not_equal(c.base_url[strlen(c.base_url) - 1], '/');
    dl_config_release(&c);
    assert_null(c.listen);
    assert_null(c.db);
}

static void test_file(void **state)
{
    char *path = write_temp("# Dateline config\n"
                            "\n"
                            "   # indented comment\n"
                            "site_name = \"The Korea Ledger\"\n"
                            "listen=0.0.0.0:9090\n"
                            "  db   =   /srv/dateline/site.db   \n"
                            "timezone = UTC\n"
                            "page_size = 50\n"
                            "threads = 8\n"
                            "fetch_remote = yes\n"
                            "base_url = \"\"\n"
                            "media_dir = \"has = sign and # hash\"\n");
    struct dl_config c;
    char err[512] = "";
    dl_config_init(&c);
    assert_int_equal(dl_config_load_file(&c, path, err, sizeof err), 0);
    assert_string_equal(c.site_name, "The Korea Ledger");
    assert_string_equal(c.listen, "0.0.0.0:9090");
    assert_string_equal(c.db, "/srv/dateline/site.db");
    assert_string_equal(c.timezone, "UTC");
    assert_int_equal(c.page_size, 50);
    assert_int_equal(c.threads, 8);
    assert_true(c.fetch_remote);
    assert_string_equal(c.base_url, "");
    assert_string_equal(c.media_dir, "has = sign and # hash");
    /* untouched settings keep their defaults */
    assert_int_equal(c.timeout, 15);
    assert_string_equal(c.static_dir, "static");
    dl_config_release(&c);
    remove_temp(path);
}

static void test_bools(void **state)
{
    static const struct {
        const char *v;
        int want;
    } cases[] = {{"true", 1}, {"yes", 1}, {"1", 1}, {"false", 0}, {"no", 0}, {"0", 0}};
    struct dl_config c;
    char err[256];
    dl_config_init(&c);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        c.fetch_remote = !cases[i].want;
        assert_int_equal(dl_config_set(&c, "fetch_remote", cases[i].v, err, sizeof err), 0);
        assert_int_equal(c.fetch_remote, cases[i].want);
    }
    c.fetch_remote = true;
    assert_int_equal(dl_config_set(&c, "fetch_remote", "maybe", err, sizeof err), DL_EINVAL);
    assert_non_null(strstr(err, "fetch_remote"));
    assert_true(c.fetch_remote);
    dl_config_release(&c);
}

static void test_unknown_name(void **state)
{
    char *path = write_temp("# comment\nsite_name = A\n\nsite_nmae = B\n");
    struct dl_config c;
    char err[512] = "", want[512];
    dl_config_init(&c);
    assert_int_equal(dl_config_load_file(&c, path, err, sizeof err), DL_EINVAL);
    snprintf(want, sizeof want, "%s:4:", path);
    assert_non_null(strstr(err, want));
    assert_non_null(strstr(err, "site_nmae"));
    assert_string_equal(c.site_name, "A"); /* lines before the error applied */
    dl_config_release(&c);
    remove_temp(path);
}

static void test_missing_equals(void **state)
{
    char *path = write_temp("listen 127.0.0.1:80\n");
    struct dl_config c;
    char err[512] = "", want[512];
    dl_config_init(&c);
    assert_int_equal(dl_config_load_file(&c, path, err, sizeof err), DL_EINVAL);
    snprintf(want, sizeof want, "%s:1:", path);
    assert_non_null(strstr(err, want));
    dl_config_release(&c);
    remove_temp(path);
}

static void test_numbers_out_of_bounds(void **state)
{
    static const char *const bad[] = {"page_size = 0\n",     "page_size = 201\n",
                                      "page_size = -5\n",    "page_size = 12abc\n",
                                      "page_size = \n",      "threads = 257\n",
                                      "timeout = 0\n",       "max_connections = 100001\n",
                                      "page_size = 99999999999999999999999\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *path = write_temp(bad[i]);
        struct dl_config c;
        char err[512] = "", want[512];
        dl_config_init(&c);
        if (dl_config_load_file(&c, path, err, sizeof err) != DL_EINVAL)
            fail_msg("accepted %s", bad[i]);
        snprintf(want, sizeof want, "%s:1:", path);
        assert_non_null(strstr(err, want));
        assert_int_equal(c.page_size, 20);
        assert_int_equal(c.threads, 0);
        assert_int_equal(c.timeout, 15);
        assert_int_equal(c.max_connections, 1024);
        dl_config_release(&c);
        remove_temp(path);
    }
    /* the bounds themselves are allowed */
    char *path = write_temp("page_size = 1\nthreads = 256\nmax_connections = 100000\n");
    struct dl_config c;
    char err[512] = "";
    dl_config_init(&c);
    assert_int_equal(dl_config_load_file(&c, path, err, sizeof err), 0);
    assert_int_equal(c.page_size, 1);
    assert_int_equal(c.threads, 256);
    assert_int_equal(c.max_connections, 100000);
    dl_config_release(&c);
    remove_temp(path);
}

static void test_missing_file(void **state)
{
    struct dl_config c;
    char err[512] = "";
    dl_config_init(&c);
    assert_int_equal(dl_config_load_file(&c, "/nonexistent/dateline.conf", err, sizeof err),
                     DL_EIO);
    assert_non_null(strstr(err, "/nonexistent/dateline.conf"));
    dl_config_release(&c);
}

static void test_env_beats_file(void **state)
{
    char *path = write_temp("site_name = From File\npage_size = 30\n");
    struct dl_config c;
    char err[512] = "";
    dl_config_init(&c);
    assert_int_equal(setenv("DATELINE_SITE_NAME", "From Env", 1), 0);
    assert_int_equal(setenv("DATELINE_FETCH_REMOTE", "true", 1), 0);
    assert_int_equal(dl_config_load_file(&c, path, err, sizeof err), 0);
    assert_string_equal(c.site_name, "From File");
    assert_int_equal(dl_config_load_env(&c, err, sizeof err), 0);
    assert_string_equal(c.site_name, "From Env");
    assert_true(c.fetch_remote);
    assert_int_equal(c.page_size, 30); /* no env var: the file's value stays */
    unsetenv("DATELINE_FETCH_REMOTE");

    /* a bad env value is an error naming the variable */
    assert_int_equal(setenv("DATELINE_PAGE_SIZE", "500", 1), 0);
    assert_int_equal(dl_config_load_env(&c, err, sizeof err), DL_EINVAL);
    assert_non_null(strstr(err, "DATELINE_PAGE_SIZE"));
    assert_int_equal(c.page_size, 30);
    unsetenv("DATELINE_PAGE_SIZE");
    unsetenv("DATELINE_SITE_NAME");

    /* without the variables, env changes nothing */
    dl_config_release(&c);
    dl_config_init(&c);
    assert_int_equal(dl_config_load_env(&c, err, sizeof err), 0);
    assert_string_equal(c.site_name, "The Dateline Daily");
    dl_config_release(&c);
    remove_temp(path);
}

static void test_set(void **state)
{
    struct dl_config c;
    char err[256] = "";
    dl_config_init(&c);
    assert_int_equal(dl_config_set(&c, "db", "/tmp/x.db", err, sizeof err), 0);
    assert_string_equal(c.db, "/tmp/x.db");
    assert_int_equal(dl_config_set(&c, "db", "/tmp/y.db", err, sizeof err), 0); /* replaces */
    assert_string_equal(c.db, "/tmp/y.db");
    assert_int_equal(dl_config_set(&c, "related_after", "0", err, sizeof err), 0);
    assert_int_equal(c.related_after, 0);
    assert_int_equal(dl_config_set(&c, "related_after", "-1", err, sizeof err), DL_EINVAL);
    assert_non_null(strstr(err, "related_after"));
    assert_int_equal(c.related_after, 0);
    assert_int_equal(dl_config_set(&c, "no_such", "1", err, sizeof err), DL_EINVAL);
    assert_non_null(strstr(err, "no_such"));
    assert_int_equal(dl_config_set(&c, "DB", "x", err, sizeof err), DL_EINVAL); /* exact names */
    assert_string_equal(c.db, "/tmp/y.db");
    /* a huge string is refused, not stored */
    char *big = malloc(5000);
    memset(big, 'a', 4999);
    big[4999] = '\0';
    assert_int_equal(dl_config_set(&c, "site_name", big, err, sizeof err), DL_EINVAL);
    assert_string_equal(c.site_name, "The Dateline Daily");
    free(big);
    dl_config_release(&c);
}

static void test_usage(void **state)
{
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    assert_non_null(f);
    dl_config_usage(f);
    fclose(f);
    assert_non_null(strstr(text, "listen"));
    assert_non_null(strstr(text, "127.0.0.1:8080"));
    assert_non_null(strstr(text, "page_size"));
    assert_non_null(strstr(text, "sections_file"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_file),
        cmocka_unit_test(test_bools),
        cmocka_unit_test(test_unknown_name),
        cmocka_unit_test(test_missing_equals),
        cmocka_unit_test(test_numbers_out_of_bounds),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_env_beats_file),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_usage),
    };
    return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
