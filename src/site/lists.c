/* lists.c: pages that list articles: the home page, section fronts, tag
 * pages and the date archive, each paginated and newest first. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/timefmt.h"
#include "site/site-int.h"

#define HOME_LEADS 5
#define HOME_PER_SECTION 4

/* ?page=N checked against the total; answers 400/404 itself and returns 0
 * when the page cannot be shown. */
static size_t checked_page(struct page *pg, size_t *offset)
{
    size_t page = dl_page_param(pg);
    if (!page) {
        dl_error_page(pg, 400, "The page number must be a whole number from 1 to 99999.");
        return 0;
    }
    *offset = (page - 1) * (size_t)pg->site->cfg->page_size;
    return page;
}

void dl_page_home(struct page *pg)
{
    json_t *m = dl_site_model(pg, NULL, NULL, "/");
    struct dl_teaser_list leads = {0};
    size_t total;
    if (dl_store_list_section(pg->store, NULL, pg->now, 0, HOME_LEADS, &leads, &total)) {
        json_decref(m);
        dl_error_page(pg, 500, "Storage error.");
        return;
    }
    if (leads.n) {
        json_object_set_new(m, "top", dl_teaser_json(&leads.v[0]));
        struct dl_teaser_list rest = {leads.v + 1, leads.n - 1};
        json_object_set_new(m, "leads", dl_teasers_json(&rest));
    }
    dl_teaser_list_release(&leads);

    json_t *blocks = json_array();
    struct dl_section_list secs = {0};
    dl_store_sections(pg->store, &secs);
    struct dl_buf url;
    dl_buf_init(&url, 4096);
    for (size_t i = 0; i < secs.n; i++) {
        if (secs.v[i].parent_id)
            continue;
        struct dl_teaser_list l = {0};
        if (dl_store_list_section(pg->store, secs.v[i].path, pg->now, 0, HOME_PER_SECTION, &l,
                                  &total) == 0 &&
            l.n) {
            dl_buf_reset(&url);
            dl_section_url(&url, secs.v[i].path);
            json_array_append_new(blocks, json_pack("{s:s, s:s, s:o}", "name", secs.v[i].name,
                                                    "url", url.p, "items", dl_teasers_json(&l)));
        }
        dl_teaser_list_release(&l);
    }
    dl_buf_release(&url);
    dl_section_list_release(&secs);
    json_object_set_new(m, "blocks", blocks);
    dl_set_last_modified(pg, 0);
    dl_render(pg, 200, "home", m);
}

void dl_page_section(struct page *pg, const char *path)
{
    struct dl_section sec = {0};
    size_t offset, total = 0;
    if (dl_store_section_by_path(pg->store, path, &sec)) {
        dl_error_page(pg, 404, "There is no such section.");
        return;
    }
    size_t page = checked_page(pg, &offset);
    if (!page)
        goto out;
    struct dl_teaser_list l = {0};
    if (dl_store_list_section(pg->store, path, pg->now, offset, (size_t)pg->site->cfg->page_size,
                              &l, &total)) {
        dl_error_page(pg, 500, "Storage error.");
        goto out;
    }
    if (page > 1 && !l.n) {
        dl_teaser_list_release(&l);
        dl_error_page(pg, 404, "This section has no page with that number.");
        goto out;
    }
    struct dl_buf url;
    dl_buf_init(&url, 4096);
    dl_section_url(&url, sec.path);
    json_t *m = dl_site_model(pg, sec.name, NULL, url.p);
    json_object_set_new(m, "section", json_pack("{s:s, s:s}", "name", sec.name, "url", url.p));
    json_object_set_new(m, "breadcrumb", dl_breadcrumb_json(pg, sec.path));
    json_object_set_new(m, "items", dl_teasers_json(&l));
    json_object_set_new(m, "pager", dl_pager_json(url.p, page, (size_t)pg->site->cfg->page_size, total));

    json_t *subs = json_array();
    struct dl_section_list secs = {0};
    dl_store_sections(pg->store, &secs);
    for (size_t i = 0; i < secs.n; i++)
        if (secs.v[i].parent_id == sec.id) {
            dl_buf_reset(&url);
            dl_section_url(&url, secs.v[i].path);
            json_array_append_new(subs, json_pack("{s:s, s:s}", "name", secs.v[i].name, "url",
                                                  url.p));
        }
    dl_section_list_release(&secs);
    if (json_array_size(subs))
        json_object_set_new(m, "subsections", subs);
    else
        json_decref(subs);
    dl_buf_release(&url);
    dl_teaser_list_release(&l);
    dl_set_last_modified(pg, 0);
    dl_render(pg, 200, "section", m);
out:
    dl_section_release(&sec);
}

void dl_page_tag(struct page *pg, const char *slug)
{
    struct dl_tag tag = {0};
    size_t offset, total = 0;
    if (dl_store_tag_by_slug(pg->store, slug, &tag)) {
        dl_error_page(pg, 404, "There is no such tag.");
        return;
    }
    size_t page = checked_page(pg, &offset);
    if (!page)
        goto out;
    struct dl_teaser_list l = {0};
    if (dl_store_list_tag(pg->store, tag.id, pg->now, offset, (size_t)pg->site->cfg->page_size,
                          &l, &total)) {
        dl_error_page(pg, 500, "Storage error.");
        goto out;
    }
    if ((page > 1 || total == 0) && !l.n) {
        dl_teaser_list_release(&l);
        dl_error_page(pg, 404, "No stories carry this tag.");
        goto out;
    }
    struct dl_buf url;
    dl_buf_init(&url, 4096);
    dl_buf_printf(&url, "/tag/%s", tag.slug);
    json_t *m = dl_site_model(pg, tag.name, NULL, url.p);
    static const char *const labels[] = {"Person", "Place", "Organisation", "Topic"};
    json_object_set_new(m, "tag", json_pack("{s:s, s:s}", "name", tag.name, "kind",
                                            labels[tag.kind]));
    json_object_set_new(m, "items", dl_teasers_json(&l));
    json_object_set_new(m, "pager", dl_pager_json(url.p, page, (size_t)pg->site->cfg->page_size, total));
    dl_buf_release(&url);
    dl_teaser_list_release(&l);
    dl_set_last_modified(pg, 0);
    dl_render(pg, 200, "tag", m);
out:
    dl_tag_release(&tag);
}

void dl_page_archive(struct page *pg, int y, int mo, int d)
{
    time_t from, to;
    size_t offset, total = 0;
    if (dl_time_day_range(y, mo, d, &from, &to)) {
        dl_error_page(pg, 404, "There is no such date.");
        return;
    }
    size_t page = checked_page(pg, &offset);
    if (!page)
        return;
    struct dl_teaser_list l = {0};
    if (dl_store_list_range(pg->store, from, to, pg->now, offset, (size_t)pg->site->cfg->page_size,
                            &l, &total)) {
        dl_error_page(pg, 500, "Storage error.");
        return;
    }
    if (page > 1 && !l.n) {
        dl_teaser_list_release(&l);
        dl_error_page(pg, 404, "This day has no page with that number.");
        return;
    }
    char day[64], title[96];
    dl_time_human_date(from, day, sizeof day);
    snprintf(title, sizeof title, "Stories of %s", day);
    struct dl_buf url;
    dl_buf_init(&url, 4096);
    dl_buf_printf(&url, "/archive/%04d/%02d/%02d", y, mo, d);
    json_t *m = dl_site_model(pg, title, NULL, url.p);
    json_t *arch = json_pack("{s:s}", "day", day);
    /* neighbouring days, but not into the future */
    int py, pm, pd, ny, nm, nd;
    dl_time_local_date(from - 12 * 3600, &py, &pm, &pd);
    dl_time_local_date(to + 12 * 3600, &ny, &nm, &nd);
    char link[40];
    snprintf(link, sizeof link, "/archive/%04d/%02d/%02d", py, pm, pd);
    json_object_set_new(arch, "prev", json_string(link));
    if (to <= pg->now) {
        snprintf(link, sizeof link, "/archive/%04d/%02d/%02d", ny, nm, nd);
        json_object_set_new(arch, "next", json_string(link));
    }
    json_object_set_new(m, "archive", arch);
    json_object_set_new(m, "items", dl_teasers_json(&l));
    json_object_set_new(m, "pager", dl_pager_json(url.p, page, (size_t)pg->site->cfg->page_size, total));
    dl_buf_release(&url);
    dl_teaser_list_release(&l);
    dl_set_last_modified(pg, 0);
    dl_render(pg, 200, "archive", m);
}
