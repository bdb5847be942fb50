/* config.h: Dateline's settings, described by one table (name, type, default,
 * bounds, field), read from a config file then overridden by DATELINE_*
 * environment variables and command-line options. Parsed once at start-up
 * into a struct that is read-only afterwards. */
#ifndef DL_CONFIG_H
#define DL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct dl_config {
    char *db;            /* SQLite database path */
    char *listen;        /* "127.0.0.1:8080" */
    char *media_dir;     /* where imported photos are stored */
    char *site_name;     /* masthead name */
    char *base_url;      /* absolute origin for canonical URLs, no trailing slash */
    char *timezone;      /* IANA zone the site shows times in */
    char *templates_dir; /* Mustache templates, NAME.mustache */
    char *static_dir;    /* CSS and images served under /static/ */
    char *sections_file; /* optional JSON file naming sections for the importer */
    long threads;        /* HTTP worker threads (0: one per core) */
    long page_size;      /* articles per page on fronts, tags, archive */
    long related_after;  /* Related Article boxes go after this paragraph */
    long timeout;        /* seconds an idle or slow connection is kept */
    long max_connections;
    bool fetch_remote;   /* may the importer fetch http(s) photo renditions */
};

/* Sets every field to its default. The caller owns cfg; free with
 * dl_config_release. */
void dl_config_init(struct dl_config *cfg);
void dl_config_release(struct dl_config *cfg);
/* Reads "name = value" lines (# comments, blank lines) from path.
 * Unknown names, bad values and values out of bounds are errors: returns
 * DL_EINVAL / DL_EIO with "path:LINE: message" in err. */
int dl_config_load_file(struct dl_config *cfg, const char *path, char *err, size_t errlen);
/* Applies DATELINE_<NAME> environment variables (e.g. DATELINE_DB). */
int dl_config_load_env(struct dl_config *cfg, char *err, size_t errlen);
/* Sets one setting by name from text, as the file and env do. */
int dl_config_set(struct dl_config *cfg, const char *name, const char *value, char *err,
                  size_t errlen);
/* Writes the table (name, default, meaning) for --help. */
void dl_config_usage(FILE *out);

#endif
