/* site.c: start-up of the reader site (templates, hashed assets, store pool),
 * the router, and the helpers every page shares. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/escape.h"
#include "core/log.h"
#include "core/timefmt.h"
#include "site/site-int.h"

#define IMMUTABLE "public, max-age=31536000, immutable"

static const char *type_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    static const char *const types[][2] = {
        {".css", "text/css; charset=utf-8"}, {".svg", "image/svg+xml"},
        {".png", "image/png"},               {".jpg", "image/jpeg"},
        {".gif", "image/gif"},               {".webp", "image/webp"},
        {".ico", "image/x-icon"},            {".txt", "text/plain; charset=utf-8"},
    };
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(dot, types[i][0]))
            return types[i][1];
    return NULL;
}

/* Reads every file of the static folder into memory under a content-hashed
 * URL, so that it can be cached for a year and changes get a new URL. */
static int load_assets(struct dl_site *site, char *err, size_t errlen)
{
    const char *dir = site->cfg->static_dir;
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "static_dir %s: %s", dir, strerror(errno));
        return DL_EIO;
    }
    struct dirent *e;
    int rc = 0;
    while (!rc && (e = readdir(d))) {
        const char *type = type_of(e->d_name);
        if (e->d_name[0] == '.' || !type)
            continue;
        struct dl_buf path, bytes;
        dl_buf_init(&path, 4096);
        dl_buf_init(&bytes, 8 << 20);
        dl_buf_printf(&path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path.p, "rb");
        char chunk[16384];
        size_t got;
        if (!f) {
            snprintf(err, errlen, "%s: %s", path.p, strerror(errno));
            rc = DL_EIO;
        } else {
            while (!rc && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
                if (dl_buf_append(&bytes, chunk, got)) {
                    snprintf(err, errlen, "%s: over 8 MiB", path.p);
                    rc = DL_ETOOBIG;
                }
            fclose(f);
        }
        if (!rc) {
            site->assets = dl_xrealloc(site->assets, (site->nassets + 1) * sizeof *site->assets);
            struct asset *a = &site->assets[site->nassets++];
            a->name = dl_xstrdup(e->d_name);
            a->type = type;
            struct dl_buf url;
            dl_buf_init(&url, 4096);
            const char *dot = strrchr(e->d_name, '.');
            dl_buf_puts(&url, "/static/");
            dl_buf_append(&url, e->d_name, (size_t)(dot - e->d_name));
            dl_buf_printf(&url, ".%016llx%s", (unsigned long long)dl_hash64(bytes.p, bytes.n), dot);
            a->url = dl_buf_detach(&url, NULL);
            a->bytes = dl_buf_detach(&bytes, &a->n);
        }
        dl_buf_release(&path);
        dl_buf_release(&bytes);
    }
    closedir(d);
    return rc;
}

static const char *asset_url(struct dl_site *site, const char *name)
{
    for (size_t i = 0; i < site->nassets; i++)
        if (!strcmp(site->assets[i].name, name))
            return site->assets[i].url;
    return "";
}

int dl_site_new(const struct dl_config *cfg, unsigned nstores, struct dl_site **out, char *err,
                size_t errlen)
{
    struct dl_site *site = dl_xcalloc(1, sizeof *site);
    int rc;
    site->cfg = cfg;
    pthread_mutex_init(&site->lock, NULL);
    pthread_cond_init(&site->cond, NULL);
    if ((rc = dl_tmpl_new(&site->tmpl)) ||
        (rc = dl_tmpl_load_dir(site->tmpl, cfg->templates_dir, err, errlen)))
        goto fail;
    static const char *const needed[] = {"article", "print", "home", "section",
                                         "tag",     "archive", "error"};
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
        if (!dl_tmpl_has(site->tmpl, needed[i])) {
            snprintf(err, errlen, "templates_dir %s: no %s.mustache", cfg->templates_dir,
                     needed[i]);
            rc = DL_ENOTFOUND;
            goto fail;
        }
    if ((rc = load_assets(site, err, errlen)))
        goto fail;
    site->stores = dl_xcalloc(nstores ? nstores : 1, sizeof *site->stores);
    for (unsigned i = 0; i < (nstores ? nstores : 1); i++) {
        if ((rc = dl_store_open(cfg->db, &site->stores[i], err, errlen)))
            goto fail;
        site->nstores = site->nfree = i + 1;
    }
    *out = site;
    return 0;
fail:
    dl_site_free(site);
    return rc;
}

void dl_site_free(struct dl_site *site)
{
    if (!site)
        return;
    for (size_t i = 0; i < site->nstores; i++)
        dl_store_close(site->stores[i]);
    free(site->stores);
    for (size_t i = 0; i < site->nassets; i++) {
        free(site->assets[i].name);
        free(site->assets[i].url);
        free(site->assets[i].bytes);
    }
    free(site->assets);
    dl_tmpl_free(site->tmpl);
    pthread_mutex_destroy(&site->lock);
    pthread_cond_destroy(&site->cond);
    free(site);
}

static struct dl_store *take_store(struct dl_site *site)
{
    pthread_mutex_lock(&site->lock);
    while (site->nfree == 0)
        pthread_cond_wait(&site->cond, &site->lock);
    struct dl_store *s = site->stores[--site->nfree];
    pthread_mutex_unlock(&site->lock);
    return s;
}

static void give_store(struct dl_site *site, struct dl_store *s)
{
    pthread_mutex_lock(&site->lock);
    site->stores[site->nfree++] = s;
    pthread_cond_signal(&site->cond);
    pthread_mutex_unlock(&site->lock);
}

/* ---- shared view model pieces ---- */

void dl_section_url(struct dl_buf *out, const char *path)
{
    dl_buf_putc(out, '/');
    dl_buf_puts(out, path);
}

void dl_article_url(struct dl_buf *out, const char *section_path, time_t published,
                    const char *slug, int64_t id)
{
    int y, m, d;
    dl_time_local_date(published, &y, &m, &d);
    dl_buf_printf(out, "/%s/%04d/%02d/%02d/%s-%lld",
                  section_path && *section_path ? section_path : "article", y, m, d, slug,
                  (long long)id);
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *dl_teaser_json(const struct dl_teaser *t)
{
    struct dl_buf url;
    char human[64], iso[64];
    dl_buf_init(&url, 4096);
    dl_article_url(&url, t->section_path, t->published, t->slug, t->id);
    dl_time_human(t->published, human, sizeof human);
    dl_time_iso(t->published, iso, sizeof iso);
    json_t *j = json_pack("{s:s, s:s, s:o, s:s, s:s, s:s}", "url", url.p, "headline", t->headline,
                          "summary", str_or_null(t->summary), "published", human, "published_iso",
                          iso, "section_name", t->section_name ? t->section_name : "");
    if (t->section_path && *t->section_path) {
        dl_buf_reset(&url);
        dl_section_url(&url, t->section_path);
        json_object_set_new(j, "section_url", json_string(url.p));
    }
    if (t->thumb) {
        dl_buf_reset(&url);
        dl_buf_printf(&url, "/media/%s", t->thumb);
        json_object_set_new(j, "thumb", json_pack("{s:s, s:s}", "src", url.p, "alt",
                                                  t->thumb_alt ? t->thumb_alt : ""));
    }
    dl_buf_release(&url);
    return j;
}

json_t *dl_teasers_json(const struct dl_teaser_list *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, dl_teaser_json(&l->v[i]));
    return a;
}

/* Home > National > North Korea: every ancestor of section_path, each linked. */
json_t *dl_breadcrumb_json(struct page *pg, const char *section_path)
{
    json_t *crumbs = json_array();
    json_array_append_new(crumbs, json_pack("{s:s, s:s}", "name", "Home", "url", "/"));
    if (!section_path || !*section_path)
        return crumbs;
    size_t len = strlen(section_path);
    for (size_t end = 1; end <= len; end++) {
        if (end < len && section_path[end] != '/')
            continue;
        char *prefix = dl_xstrndup(section_path, end);
        struct dl_section sec = {0};
        if (dl_store_section_by_path(pg->store, prefix, &sec) == 0) {
            struct dl_buf url;
            dl_buf_init(&url, 4096);
            dl_section_url(&url, sec.path);
            json_array_append_new(crumbs, json_pack("{s:s, s:s}", "name", sec.name, "url", url.p));
            dl_buf_release(&url);
            dl_section_release(&sec);
        }
        free(prefix);
    }
    return crumbs;
}

json_t *dl_site_model(struct page *pg, const char *title, const char *description,
                      const char *canonical_path)
{
    const struct dl_config *cfg = pg->site->cfg;
    struct dl_buf canon;
    dl_buf_init(&canon, 8192);
    dl_buf_printf(&canon, "%s%s", cfg->base_url, canonical_path ? canonical_path : "");
    struct dl_buf full_title;
    dl_buf_init(&full_title, 8192);
    if (title && *title)
        dl_buf_printf(&full_title, "%s | %s", title, cfg->site_name);
    else
        dl_buf_puts(&full_title, cfg->site_name);
    char today[64], archive[16];
    int y, mo, d;
    dl_time_human_date(pg->now, today, sizeof today);
    dl_time_local_date(pg->now, &y, &mo, &d);
    snprintf(archive, sizeof archive, "%04d/%02d/%02d", y, mo, d);
    /* "KST (UTC+09:00)": the zone the page's times are in */
    char zone[64], iso[40];
    struct tm tm;
    localtime_r(&pg->now, &tm);
    dl_time_iso(pg->now, iso, sizeof iso);
    snprintf(zone, sizeof zone, "%s (UTC%s)", tm.tm_zone ? tm.tm_zone : "", iso + 19);

    /* the top-level sections make the navigation bar */
    json_t *nav = json_array();
    struct dl_section_list secs = {0};
    if (dl_store_sections(pg->store, &secs) == 0)
        for (size_t i = 0; i < secs.n; i++) {
            if (secs.v[i].parent_id)
                continue;
            size_t pl = strlen(secs.v[i].path);
            int current = pg->path && !strncmp(pg->path + 1, secs.v[i].path, pl) &&
                          (pg->path[1 + pl] == '\0' || pg->path[1 + pl] == '/');
            struct dl_buf url;
            dl_buf_init(&url, 4096);
            dl_section_url(&url, secs.v[i].path);
            json_array_append_new(nav, json_pack("{s:s, s:s, s:b}", "name", secs.v[i].name, "url",
                                                 url.p, "current", current));
            dl_buf_release(&url);
        }
    dl_section_list_release(&secs);
    json_t *m = json_pack("{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}, s:o, s:{s:s, s:s, s:s}}", "site",
                          "name", cfg->site_name, "base_url", cfg->base_url, "today", today,
                          "assets", "css", asset_url(pg->site, "site.css"), "print_css",
                          asset_url(pg->site, "print.css"), "logo",
                          asset_url(pg->site, "masthead.svg"), "nav", nav, "page", "title",
                          full_title.p, "description", description ? description : "",
                          "canonical", canon.p);
    json_object_set_new(m, "footer_archive", json_string(archive));
    json_object_set_new(json_object_get(m, "site"), "zone", json_string(zone));
    dl_buf_release(&canon);
    dl_buf_release(&full_title);
    return m;
}

void dl_render(struct page *pg, int status, const char *name, json_t *model)
{
    struct dl_response *res = pg->res;
    dl_buf_reset(&res->body);
    int rc = dl_tmpl_render(pg->site->tmpl, name, model, &res->body);
    json_decref(model);
    res->content_type = HTML_TYPE;
    res->status = status;
    if (rc) {
        dl_error("req=%llu template %s: %s", (unsigned long long)pg->req->id, name,
                 dl_strerror(rc));
        dl_buf_reset(&res->body);
        dl_buf_puts(&res->body, "<!DOCTYPE html><title>Error</title><p>Internal error.");
        res->status = 500;
    }
}

void dl_error_page(struct page *pg, int status, const char *message)
{
    const char *title = status == 404   ? "Page not found"
                        : status == 400 ? "Bad request"
                        : status == 405 ? "Method not allowed"
                                        : "Server error";
    json_t *m = dl_site_model(pg, title, title, pg->path && status != 400 ? pg->path : "/");
    json_object_set_new(m, "status", json_integer(status));
    json_object_set_new(m, "title", json_string(title));
    json_object_set_new(m, "message", json_string(message));
    dl_render(pg, status, "error", m);
    pg->res->no_etag = 1;
}

void dl_redirect(struct page *pg, const char *location)
{
    struct dl_response *res = pg->res;
    res->status = 301;
    res->location = dl_xstrdup(location);
    res->content_type = HTML_TYPE;
    res->cache_control = "public, max-age=3600";
    dl_buf_reset(&res->body);
    dl_buf_puts(&res->body, "<!DOCTYPE html><title>Moved</title><p>Moved to <a href=\"");
    dl_html_escape(&res->body, location, strlen(location));
    dl_buf_puts(&res->body, "\">the new address</a>.");
}

void dl_set_last_modified(struct page *pg, time_t t)
{
    time_t change = 0, from, to;
    int y, m, d;
    if (dl_store_last_change(pg->store, pg->now, &change) == 0 && change > t)
        t = change;
    dl_time_local_date(pg->now, &y, &m, &d);
    if (dl_time_day_range(y, m, d, &from, &to) == 0 && from > t)
        t = from;
    pg->res->last_modified = t;
}

size_t dl_page_param(struct page *pg)
{
    const char *v = dl_request_query(pg->req, "page");
    if (!v)
        return 1;
    size_t n = 0;
    if (!*v || strlen(v) > 5)
        return 0;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        n = n * 10 + (size_t)(*p - '0');
    }
    return n;
}

json_t *dl_pager_json(const char *base, size_t page, size_t per, size_t total)
{
    size_t pages = total ? (total + per - 1) / per : 1;
    json_t *p = json_pack("{s:I, s:I}", "page", (json_int_t)page, "pages", (json_int_t)pages);
    struct dl_buf url;
    dl_buf_init(&url, 4096);
    if (page > 1) {
        if (page == 2)
            dl_buf_puts(&url, base);
        else
            dl_buf_printf(&url, "%s?page=%zu", base, page - 1);
        json_object_set_new(p, "prev", json_string(url.p));
    }
    if (page < pages) {
        dl_buf_reset(&url);
        dl_buf_printf(&url, "%s?page=%zu", base, page + 1);
        json_object_set_new(p, "next", json_string(url.p));
    }
    json_object_set_new(p, "many", json_boolean(pages > 1));
    dl_buf_release(&url);
    return p;
}

/* ---- static files ---- */

static void serve_asset(struct page *pg, const char *rest)
{
    for (size_t i = 0; i < pg->site->nassets; i++) {
        struct asset *a = &pg->site->assets[i];
        if (!strcmp(a->url + 8, rest)) {
            dl_buf_append(&pg->res->body, a->bytes, a->n);
            pg->res->content_type = a->type;
            pg->res->cache_control = IMMUTABLE;
            return;
        }
    }
    dl_error_page(pg, 404, "There is no such file.");
}

static void serve_media(struct page *pg, const char *file)
{
    /* names are made by the importer: 16 hex digits and a known extension */
    size_t n = strlen(file);
    int ok = n > 17 && n < 24 && file[16] == '.' && type_of(file);
    for (size_t i = 0; ok && i < 16; i++)
        ok = (file[i] >= '0' && file[i] <= '9') || (file[i] >= 'a' && file[i] <= 'f');
    struct dl_media m = {0};
    if (!ok || dl_store_media_by_file(pg->store, file, pg->now, &m) != 0) {
        dl_error_page(pg, 404, "There is no such photo.");
        return;
    }
    dl_media_release(&m);
    struct dl_buf path;
    dl_buf_init(&path, 8192);
    dl_buf_printf(&path, "%s/%s", pg->site->cfg->media_dir, file);
    int fd = open(path.p, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        dl_warn("req=%llu media file missing: %s", (unsigned long long)pg->req->id, path.p);
        dl_error_page(pg, 404, "There is no such photo.");
    } else {
        pg->res->fd = fd;
        pg->res->fd_size = (size_t)sb.st_size;
        pg->res->content_type = type_of(file);
        pg->res->cache_control = IMMUTABLE;
        pg->res->last_modified = sb.st_mtime;
    }
    dl_buf_release(&path);
}

/* ---- routing ---- */

static int parse_uint(const char *s, size_t n, int64_t max, int64_t *out)
{
    if (n == 0 || n > 18)
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (v > max)
        return -1;
    *out = v;
    return 0;
}

static int is_section_path(const char *p)
{
    if (!*p)
        return 0;
    for (const char *c = p; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' ||
              (*c == '/' && c != p && c[1] && c[1] != '/')))
            return 0;
    return 1;
}

/* "/a/b/2025/10/12/some-slug-123" or ".../some-slug-123/print": the article
 * id, or -1. Anything after the id's dash is checked later against the
 * canonical URL, which redirects old slugs and sections. */
static int64_t article_id(const char *path, int *print)
{
    size_t n = strlen(path);
    *print = 0;
    if (n > 6 && !strcmp(path + n - 6, "/print")) {
        *print = 1;
        n -= 6;
    }
    const char *last = path + n;
    while (last > path && last[-1] != '/')
        last--;
    size_t ln = (size_t)(path + n - last);
    const char *dash = memrchr(last, '-', ln);
    const char *digits = dash ? dash + 1 : last;
    size_t dn = (size_t)(path + n - digits);
    if (dn == 0)
        return -1;
    for (size_t i = 0; i < dn; i++)
        if (digits[i] < '0' || digits[i] > '9')
            return -1;
    /* the three segments before must be a date: "/yyyy/mm/dd/" */
    static const char shape[] = "/dddd/dd/dd/";
    if (last - path < 12)
        return -1;
    for (int i = 0; i < 12; i++) {
        char c = last[i - 12];
        if (shape[i] == '/' ? c != '/' : (c < '0' || c > '9'))
            return -1;
    }
    int64_t id;
    if (parse_uint(digits, dn, INT64_MAX / 10, &id) || id == 0)
        return 0; /* a number too large to be any id: not found */
    return id;
}

static void route(struct page *pg)
{
    const char *path = pg->path;
    int64_t y, m, d;
    if (!strcmp(path, "/")) {
        dl_page_home(pg);
    } else if (!strncmp(path, "/static/", 8)) {
        serve_asset(pg, path + 8);
    } else if (!strncmp(path, "/media/", 7)) {
        serve_media(pg, path + 7);
    } else if (!strncmp(path, "/tag/", 5)) {
        if (is_section_path(path + 5) && !strchr(path + 5, '/'))
            dl_page_tag(pg, path + 5);
        else
            dl_error_page(pg, 404, "There is no such tag.");
    } else if (!strncmp(path, "/archive/", 9)) {
        const char *p = path + 9;
        if (strlen(p) == 10 && p[4] == '/' && p[7] == '/' && !parse_uint(p, 4, 9999, &y) &&
            !parse_uint(p + 5, 2, 12, &m) && !parse_uint(p + 8, 2, 31, &d))
            dl_page_archive(pg, (int)y, (int)m, (int)d);
        else
            dl_error_page(pg, 404, "Archive pages are /archive/YYYY/MM/DD.");
    } else {
        size_t n = strlen(path);
        if (n > 1 && path[n - 1] == '/') {
            char *trimmed = dl_xstrndup(path, n - 1);
            dl_redirect(pg, trimmed);
            free(trimmed);
            return;
        }
        int print;
        int64_t id = article_id(path, &print);
        if (id > 0)
            dl_page_article(pg, id, print);
        else if (id == 0)
            dl_error_page(pg, 404, "There is no such article.");
        else if (is_section_path(path + 1))
            dl_page_section(pg, path + 1);
        else
            dl_error_page(pg, 404, "There is no page at this address.");
    }
}

void dl_site_handle(void *ctx, const struct dl_request *req, struct dl_response *res)
{
    struct dl_site *site = ctx;
    struct page pg = {.site = site, .req = req, .res = res, .now = time(NULL), .path = req->path};
    pg.store = take_store(site);
    if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD")) {
        res->allow = "GET, HEAD";
        dl_error_page(&pg, 405, "This address can only be read (GET or HEAD).");
    } else if (req->bad) {
        dl_error_page(&pg, 400, req->bad);
    } else {
        route(&pg);
    }
    give_store(site, pg.store);
}
