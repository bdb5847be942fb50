/* site-int.h: what the files of src/site/ share: the site struct, the view
 * model helpers and the page handlers. */
#ifndef DL_SITE_INT_H
#define DL_SITE_INT_H

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "core/config.h"
#include "http/server.h"
#include "site/site.h"
#include "store/store.h"
#include "tmpl/mustache.h"

#define HTML_TYPE "text/html; charset=utf-8"

/* A static file, read and hashed once at start-up. */
struct asset {
    char *name;   /* "site.css" */
    char *url;    /* "/static/site.1a2b3c4d5e6f7a8b.css" */
    char *bytes;
    size_t n;
    const char *type;
};

struct dl_site {
    const struct dl_config *cfg;
    struct dl_tmpl *tmpl;
    struct asset *assets;
    size_t nassets;
    /* a pool of store handles, one per concurrent request */
    struct dl_store **stores;
    size_t nstores, nfree;
    pthread_mutex_t lock;
    pthread_cond_t cond;
};

/* What a page handler gets. */
struct page {
    struct dl_site *site;
    const struct dl_request *req;
    struct dl_response *res;
    struct dl_store *store;
    time_t now;
    const char *path; /* decoded request path */
};

/* view model helpers (site.c) */
json_t *dl_site_model(struct page *pg, const char *title, const char *description,
                      const char *canonical_path);
json_t *dl_teaser_json(const struct dl_teaser *t);
json_t *dl_teasers_json(const struct dl_teaser_list *l);
void dl_article_url(struct dl_buf *out, const char *section_path, time_t published,
                    const char *slug, int64_t id);
void dl_section_url(struct dl_buf *out, const char *path);
json_t *dl_breadcrumb_json(struct page *pg, const char *section_path);
/* Renders template name with model (consumed) as a 200 (or status) HTML page. */
void dl_render(struct page *pg, int status, const char *name, json_t *model);
void dl_error_page(struct page *pg, int status, const char *message);
void dl_redirect(struct page *pg, const char *location);
/* Last-Modified: the newest of t, the site's last change (any page lists
 * other articles) and the start of today (the masthead shows the date). */
void dl_set_last_modified(struct page *pg, time_t t);
/* ?page=N: 1 if absent; 0 if malformed (caller answers 400). */
size_t dl_page_param(struct page *pg);
json_t *dl_pager_json(const char *base, size_t page, size_t per, size_t total);

/* page handlers */
void dl_page_article(struct page *pg, int64_t id, int print);
void dl_page_home(struct page *pg);
void dl_page_section(struct page *pg, const char *path);
void dl_page_tag(struct page *pg, const char *slug);
void dl_page_archive(struct page *pg, int y, int m, int d);

#endif
