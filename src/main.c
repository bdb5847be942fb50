/* main.c: the dateline command: serve, import, --help, --version. Reads the
 * settings (file, then DATELINE_* environment, then options) and hands them
 * to the layers. */
#include <curl/curl.h>
#include <errno.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/fs.h"
#include "core/error.h"
#include "core/log.h"
#include "core/timefmt.h"
#include "http/server.h"
#include "ingest/import.h"
#include "site/site.h"
#include "store/store.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: dateline [--config FILE] [--SETTING VALUE]... COMMAND [ARGS]\n"
            "\n"
            "commands:\n"
            "  serve            serve the reader site\n"
            "  import PATH...   import IPTC ninjs documents (files or folders)\n"
            "\n"
            "options:\n"
            "  --config FILE    settings file (default: ./dateline.conf if present)\n"
            "  --help           this text\n"
            "  --version        the version\n"
            "\n"
            "settings (file: name = value; environment: DATELINE_NAME; option: --name value):\n");
    dl_config_usage(out);
}

/* Settings in order: defaults, file, environment, options. Leaves the
 * command and its arguments in argv[*first..argc). */
static int load_settings(int argc, char **argv, struct dl_config *cfg, int *first)
{
    char err[512];
    const char *file = getenv("DATELINE_CONFIG");
    int explicit_file = file != NULL;
    for (int i = 1; i < argc - 1; i++)
        if (!strcmp(argv[i], "--config")) {
            file = argv[i + 1];
            explicit_file = 1;
        }
    if (!file && access("dateline.conf", R_OK) == 0)
        file = "dateline.conf";
    if (file && dl_config_load_file(cfg, file, err, sizeof err)) {
        fprintf(stderr, "dateline: %s\n", err);
        return 2;
    }
    (void)explicit_file;
    if (dl_config_load_env(cfg, err, sizeof err)) {
        fprintf(stderr, "dateline: %s\n", err);
        return 2;
    }
    int i = 1;
    for (; i < argc && !strncmp(argv[i], "--", 2); i += 2) {
        const char *name = argv[i] + 2;
        if (!strcmp(name, "help") || !strcmp(name, "version"))
            break;
        if (i + 1 >= argc) {
            fprintf(stderr, "dateline: %s needs a value\n", argv[i]);
            return 2;
        }
        if (!strcmp(name, "config"))
            continue;
        char key[64];
        size_t k = 0;
        for (; name[k] && k < sizeof key - 1; k++)
            key[k] = name[k] == '-' ? '_' : name[k];
        key[k] = '\0';
        if (dl_config_set(cfg, key, argv[i + 1], err, sizeof err)) {
            fprintf(stderr, "dateline: %s (see dateline --help)\n", err);
            return 2;
        }
    }
    *first = i;
    return 0;
}

/* The database's folder is made if missing (as `make run` makes var/). */
static int make_db_dir(const char *db)
{
    const char *slash = strrchr(db, '/');
    if (!slash || slash == db)
        return 0;
    char *dir = dl_xstrndup(db, (size_t)(slash - db));
    int rc = dl_mkdirs(dir);
    if (rc)
        fprintf(stderr, "dateline: db: cannot make %s: %s\n", dir, strerror(errno));
    free(dir);
    return rc;
}

static int cmd_import(struct dl_config *cfg, int argc, char **argv)
{
    char err[512];
    struct dl_store *s;
    if (argc < 1) {
        fprintf(stderr, "dateline: import needs at least one file or folder\n");
        return 2;
    }
    if (dl_store_open(cfg->db, &s, err, sizeof err)) {
        fprintf(stderr, "dateline: %s\n", err);
        return 1;
    }
    int rc = 0;
    if (*cfg->sections_file && dl_import_sections(s, cfg->sections_file, err, sizeof err)) {
        fprintf(stderr, "dateline: %s\n", err);
        dl_store_close(s);
        return 1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct dl_import_opts o = {cfg->media_dir, cfg->fetch_remote, stderr};
    struct dl_import_stats st = {0};
    rc = dl_import_paths(s, &o, argv, (size_t)argc, &st);
    fprintf(stderr,
            "dateline: import: %zu added, %zu updated, %zu unchanged, %zu older ignored, "
            "%zu skipped, %zu failed\n",
            st.added, st.updated, st.unchanged, st.older, st.skipped, st.failed);
    curl_global_cleanup();
    dl_store_close(s);
    return rc ? 1 : 0;
}

static int cmd_serve(struct dl_config *cfg)
{
    char err[512];
    unsigned threads = cfg->threads ? (unsigned)cfg->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1)
        threads = 1;
    struct dl_site *site;
    if (dl_site_new(cfg, threads, &site, err, sizeof err)) {
        fprintf(stderr, "dateline: %s\n", err);
        return 1;
    }
    /* signals are taken by sigwait in this thread, never by the workers */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct dl_http_opts o = {cfg->listen, threads, (unsigned)cfg->timeout,
                             (unsigned)cfg->max_connections};
    struct dl_http *h;
    if (dl_http_start(&o, dl_site_handle, site, &h, err, sizeof err)) {
        fprintf(stderr, "dateline: %s\n", err);
        dl_site_free(site);
        return 1;
    }
    dl_info("dateline %s serving %s on %s (port %u, %u threads, db %s, zone %s)", DL_VERSION,
            cfg->site_name, cfg->listen, dl_http_port(h), threads, cfg->db, cfg->timezone);
    int sig = 0;
    sigwait(&set, &sig);
    dl_info("signal %d: shutting down", sig);
    dl_http_stop(h);
    dl_site_free(site);
    dl_info("stopped");
    return 0;
}

int main(int argc, char **argv)
{
    struct dl_config cfg;
    int first = 1, rc;
    dl_config_init(&cfg);
    if ((rc = load_settings(argc, argv, &cfg, &first)))
        goto out;
    if (first >= argc || !strcmp(argv[first], "--help") || !strcmp(argv[first], "help")) {
        usage(first >= argc ? stderr : stdout);
        rc = first >= argc ? 2 : 0;
        goto out;
    }
    if (!strcmp(argv[first], "--version")) {
        printf("dateline %s\n", DL_VERSION);
        goto out;
    }
    if (dl_time_set_zone(cfg.timezone)) {
        fprintf(stderr, "dateline: timezone: unknown zone \"%s\"\n", cfg.timezone);
        rc = 2;
        goto out;
    }
    xmlInitParser(); /* once, before any thread may parse HTML */
    if ((!strcmp(argv[first], "serve") || !strcmp(argv[first], "import")) && make_db_dir(cfg.db)) {
        rc = 1;
        goto out;
    }
    if (!strcmp(argv[first], "serve"))
        rc = cmd_serve(&cfg);
    else if (!strcmp(argv[first], "import"))
        rc = cmd_import(&cfg, argc - first - 1, argv + first + 1);
    else {
        fprintf(stderr, "dateline: unknown command \"%s\" (see dateline --help)\n", argv[first]);
        rc = 2;
    }
out:
    dl_config_release(&cfg);
    return rc;
}
