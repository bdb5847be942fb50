/* config.c: the settings table and its parsers (see config.h). */
#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"

enum opt_type { OPT_STR, OPT_LONG, OPT_BOOL };

struct opt {
    const char *name;
    enum opt_type type;
    const char *def;
    long min, max;
    size_t off;
    const char *help;
};

#define F(field) offsetof(struct dl_config, field)

static const struct opt opts[] = {
    {"db", OPT_STR, "var/dateline.db", 0, 0, F(db), "SQLite database file"},
    {"listen", OPT_STR, "127.0.0.1:8080", 0, 0, F(listen), "address:port to serve on"},
    {"media_dir", OPT_STR, "var/media", 0, 0, F(media_dir), "folder for imported photos"},
    {"site_name", OPT_STR, "The Dateline Daily", 0, 0, F(site_name), "masthead name"},
    {"base_url", OPT_STR, "http://127.0.0.1:8080", 0, 0, F(base_url), "origin for canonical URLs"},
    {"timezone", OPT_STR, "Asia/Seoul", 0, 0, F(timezone), "zone the site shows times in"},
    {"templates_dir", OPT_STR, "templates", 0, 0, F(templates_dir), "Mustache templates"},
    {"static_dir", OPT_STR, "static", 0, 0, F(static_dir), "CSS and images"},
    {"sections_file", OPT_STR, "", 0, 0, F(sections_file), "JSON file naming sections (import)"},
    {"threads", OPT_LONG, "0", 0, 256, F(threads), "HTTP worker threads, 0 = one per core"},
    {"page_size", OPT_LONG, "20", 1, 200, F(page_size), "articles per list page"},
    {"related_after", OPT_LONG, "2", 0, 1000, F(related_after),
     "Related Article boxes follow this paragraph"},
    {"timeout", OPT_LONG, "15", 1, 3600, F(timeout), "seconds before an idle connection closes"},
    {"max_connections", OPT_LONG, "1024", 1, 100000, F(max_connections), "open connections at most"},
    {"fetch_remote", OPT_BOOL, "false", 0, 0, F(fetch_remote),
     "importer may fetch http(s) photo renditions"},
};

#define NOPTS (sizeof opts / sizeof opts[0])

static int set_opt(struct dl_config *cfg, const struct opt *o, const char *value, char *err,
                   size_t errlen)
{
    char *field = (char *)cfg + o->off;
    switch (o->type) {
    case OPT_STR: {
        char **s = (char **)(void *)field;
        if (strlen(value) > 4096) {
            snprintf(err, errlen, "%s: value too long", o->name);
            return DL_EINVAL;
        }
        free(*s);
        *s = dl_xstrdup(value);
        return 0;
    }
    case OPT_LONG: {
        char *end;
        errno = 0;
        long v = strtol(value, &end, 10);
        if (errno || end == value || *end || v < o->min || v > o->max) {
            snprintf(err, errlen, "%s: \"%s\" is not a number from %ld to %ld", o->name, value,
                     o->min, o->max);
            return DL_EINVAL;
        }
        *(long *)(void *)field = v;
        return 0;
    }
    case OPT_BOOL: {
        bool *b = (bool *)(void *)field;
        if (!strcmp(value, "true") || !strcmp(value, "yes") || !strcmp(value, "1"))
            *b = true;
        else if (!strcmp(value, "false") || !strcmp(value, "no") || !strcmp(value, "0"))
            *b = false;
        else {
            snprintf(err, errlen, "%s: \"%s\" is not true or false", o->name, value);
            return DL_EINVAL;
        }
        return 0;
    }
    }
    return DL_EINVAL;
}

void dl_config_init(struct dl_config *cfg)
{
    char err[64];
    memset(cfg, 0, sizeof *cfg);
    for (size_t i = 0; i < NOPTS; i++)
        set_opt(cfg, &opts[i], opts[i].def, err, sizeof err);
}

void dl_config_release(struct dl_config *cfg)
{
    for (size_t i = 0; i < NOPTS; i++)
        if (opts[i].type == OPT_STR) {
            char **s = (char **)(void *)((char *)cfg + opts[i].off);
            free(*s);
            *s = NULL;
        }
}

int dl_config_set(struct dl_config *cfg, const char *name, const char *value, char *err,
                  size_t errlen)
{
    for (size_t i = 0; i < NOPTS; i++)
        if (!strcmp(opts[i].name, name))
            return set_opt(cfg, &opts[i], value, err, errlen);
    snprintf(err, errlen, "unknown setting \"%s\"", name);
    return DL_EINVAL;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

int dl_config_load_file(struct dl_config *cfg, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return DL_EIO;
    }
    char line[8192], msg[256];
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, errlen, "%s:%d: expected name = value", path, lineno);
            rc = DL_EINVAL;
            goto out;
        }
        *eq = '\0';
        char *name = trim(s), *value = trim(eq + 1);
        size_t vn = strlen(value);
        if (vn >= 2 && value[0] == '"' && value[vn - 1] == '"') {
            value[vn - 1] = '\0';
            value++;
        }
        if ((rc = dl_config_set(cfg, name, value, msg, sizeof msg))) {
            snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
            goto out;
        }
    }
out:
    fclose(f);
    return rc;
}

int dl_config_load_env(struct dl_config *cfg, char *err, size_t errlen)
{
    for (size_t i = 0; i < NOPTS; i++) {
        char var[64] = "DATELINE_";
        size_t k = strlen(var);
        for (const char *p = opts[i].name; *p && k < sizeof var - 1; p++)
            var[k++] = (char)toupper((unsigned char)*p);
        var[k] = '\0';
        const char *v = getenv(var);
        if (!v)
            continue;
        char msg[256];
        int rc = set_opt(cfg, &opts[i], v, msg, sizeof msg);
        if (rc) {
            snprintf(err, errlen, "%s: %s", var, msg);
            return rc;
        }
    }
    return 0;
}

void dl_config_usage(FILE *out)
{
    for (size_t i = 0; i < NOPTS; i++)
        fprintf(out, "  %-16s %-24s %s\n", opts[i].name, *opts[i].def ? opts[i].def : "(none)",
                opts[i].help);
}
