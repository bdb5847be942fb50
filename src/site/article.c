/* article.c: the article page and its print view: breadcrumb, tools, headline,
 * times, lead photo, body with Related Article boxes, source, tags, More in
 * <section>, Related Stories, and NewsArticle JSON-LD. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/timefmt.h"
#include "site/site-int.h"

#define MORE_COUNT 5
#define RELATED_COUNT 5

/* Where the Related Article boxes go: after the n-th paragraph of our own
 * sanitized body (so "</p>" is a real paragraph end), or at its end. */
static size_t split_after_paragraph(const char *body, long n)
{
    const char *p = body;
    if (n <= 0)
        return 0;
    for (long i = 0; i < n; i++) {
        const char *end = strstr(p, "</p>");
        if (!end)
            return strlen(body);
        p = end + 4;
    }
    return (size_t)(p - body);
}

static const char *kind_label(enum dl_tag_kind k)
{
    static const char *const labels[] = {"Person", "Place", "Organisation", "Topic"};
    return labels[k];
}

static json_t *links_json(const struct dl_article *a)
{
    json_t *links = json_array();
    struct dl_buf url;
    dl_buf_init(&url, 4096);
    for (size_t i = 0; i < a->nlinks; i++) {
        const struct dl_link *l = &a->links[i];
        json_t *j;
        if (l->target) {
            dl_buf_reset(&url);
            dl_article_url(&url, l->target->section_path, l->target->published, l->target->slug,
                           l->target->id);
            j = json_pack("{s:s, s:s}", "url", url.p, "headline", l->target->headline);
        } else {
            /* not imported (or not visible yet): a plain link to its own URI
             * if that is a web address, else its headline as text */
            const char *text = l->headline ? l->headline : l->uri;
            j = json_pack("{s:s}", "headline", text);
            if (!strncmp(l->uri, "https://", 8) || !strncmp(l->uri, "http://", 7))
                json_object_set_new(j, "url", json_string(l->uri));
            json_object_set_new(j, "external", json_true());
        }
        json_array_append_new(links, j);
    }
    dl_buf_release(&url);
    return links;
}

/* schema.org NewsArticle, as a string safe inside <script>. */
static char *jsonld(struct page *pg, const struct dl_article *a, const char *canonical)
{
    char pub[64], upd[64];
    dl_time_iso(a->published, pub, sizeof pub);
    dl_time_iso(a->updated, upd, sizeof upd);
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "@context",
                          "https://schema.org", "@type", "NewsArticle", "headline", a->headline,
                          "datePublished", pub, "dateModified", upd, "mainEntityOfPage", canonical,
                          "publisher", "@type", "Organization", "name", pg->site->cfg->site_name);
    if (a->summary)
        json_object_set_new(j, "description", json_string(a->summary));
    if (a->section.name)
        json_object_set_new(j, "articleSection", json_string(a->section.name));
    if (a->source)
        json_object_set_new(j, "creditText", json_string(a->source));
    if (a->language)
        json_object_set_new(j, "inLanguage", json_string(a->language));
    if (a->media) {
        struct dl_buf img;
        dl_buf_init(&img, 8192);
        dl_buf_printf(&img, "%s/media/%s", pg->site->cfg->base_url, a->media->file);
        json_object_set_new(j, "image", json_pack("{s:s, s:s, s:i, s:i}", "@type", "ImageObject",
                                                  "url", img.p, "width", a->media->width,
                                                  "height", a->media->height));
        dl_buf_release(&img);
    }
    char *dump = json_dumps(j, JSON_COMPACT | JSON_ESCAPE_SLASH);
    json_decref(j);
    struct dl_buf out;
    dl_buf_init(&out, 0);
    for (const char *p = dump; p && *p; p++) {
        if (*p == '<')
            dl_buf_puts(&out, "\\u003c");
        else
            dl_buf_putc(&out, *p);
    }
    free(dump);
    return dl_buf_detach(&out, NULL);
}

void dl_page_article(struct page *pg, int64_t id, int print)
{
    struct dl_article a;
    int rc = dl_store_article_get(pg->store, id, pg->now, &a);
    if (rc) {
        dl_error_page(pg, rc == DL_ENOTFOUND ? 404 : 500,
                      rc == DL_ENOTFOUND ? "There is no such article." : "Storage error.");
        return;
    }
    struct dl_buf url, tmp;
    dl_buf_init(&url, 8192);
    dl_buf_init(&tmp, 8192);
    dl_article_url(&url, a.section.path, a.published, a.slug, a.id);
    /* an old slug, section or date: send the reader to the canonical address */
    size_t ulen = url.n;
    if (print)
        dl_buf_puts(&url, "/print");
    if (strcmp(url.p, pg->path)) {
        dl_redirect(pg, url.p);
        goto out;
    }
    url.n = ulen;
    url.p[ulen] = '\0';

    char human[64], iso[64];
    json_t *m = dl_site_model(pg, a.headline, a.summary ? a.summary : a.headline, url.p);
    json_t *art = json_pack("{s:s, s:o, s:s, s:o, s:o, s:s}", "headline", a.headline, "summary",
                            a.summary ? json_string(a.summary) : json_null(), "url", url.p,
                            "source", a.source ? json_string(a.source) : json_null(), "copyright",
                            a.copyright ? json_string(a.copyright) : json_null(), "lang",
                            a.language ? a.language : "en");
    dl_time_human(a.published, human, sizeof human);
    dl_time_iso(a.published, iso, sizeof iso);
    json_object_set_new(art, "published", json_string(human));
    json_object_set_new(art, "published_iso", json_string(iso));
    if (a.updated > a.published + 60) {
        dl_time_human(a.updated, human, sizeof human);
        dl_time_iso(a.updated, iso, sizeof iso);
        json_object_set_new(art, "updated", json_string(human));
        json_object_set_new(art, "updated_iso", json_string(iso));
    }
    dl_buf_printf(&tmp, "%s/print", url.p);
    json_object_set_new(art, "print_url", json_string(tmp.p));

    /* body, with the Related Article boxes after the configured paragraph */
    const char *body = a.body_html ? a.body_html : "";
    size_t cut = a.nlinks ? split_after_paragraph(body, pg->site->cfg->related_after) : strlen(body);
    json_object_set_new(art, "body_before", json_stringn(body, cut));
    json_object_set_new(art, "body_after", json_string(body + cut));
    json_object_set_new(art, "links", links_json(&a));

    if (a.media) {
        dl_buf_reset(&tmp);
        dl_buf_printf(&tmp, "/media/%s", a.media->file);
        json_object_set_new(
            art, "photo",
            json_pack("{s:s, s:s, s:i, s:i, s:o, s:o}", "src", tmp.p, "alt",
                      a.media->alt ? a.media->alt : "", "width", a.media->width, "height",
                      a.media->height, "caption",
                      a.media->caption ? json_string(a.media->caption) : json_null(), "credit",
                      a.media->credit ? json_string(a.media->credit) : json_null()));
    }
    json_t *tags = json_array();
    for (size_t i = 0; i < a.tags.n; i++) {
        dl_buf_reset(&tmp);
        dl_buf_printf(&tmp, "/tag/%s", a.tags.v[i].slug);
        json_array_append_new(tags, json_pack("{s:s, s:s, s:s}", "name", a.tags.v[i].name, "url",
                                              tmp.p, "kind", kind_label(a.tags.v[i].kind)));
    }
    json_object_set_new(art, "tags", tags);
    if (a.section.path) {
        dl_buf_reset(&tmp);
        dl_section_url(&tmp, a.section.path);
        json_object_set_new(art, "section",
                            json_pack("{s:s, s:s}", "name", a.section.name, "url", tmp.p));
    }
    json_object_set_new(m, "article", art);

    if (!print) {
        json_object_set_new(m, "breadcrumb", dl_breadcrumb_json(pg, a.section.path));
        struct dl_teaser_list more = {0}, related = {0};
        if (a.section.path &&
            dl_store_list_more(pg->store, a.section.path, a.id, pg->now, MORE_COUNT, &more) == 0 &&
            more.n)
            json_object_set_new(m, "more", json_pack("{s:s, s:o}", "name", a.section.name, "items",
                                                     dl_teasers_json(&more)));
        if (dl_store_list_related(pg->store, a.id, pg->now, RELATED_COUNT, &related) == 0 &&
            related.n)
            json_object_set_new(m, "related", dl_teasers_json(&related));
        dl_teaser_list_release(&more);
        dl_teaser_list_release(&related);
        dl_buf_reset(&tmp);
        dl_buf_printf(&tmp, "%s%s", pg->site->cfg->base_url, url.p);
        char *ld = jsonld(pg, &a, tmp.p);
        json_object_set_new(m, "jsonld", json_string(ld));
        free(ld);
    } else {
        /* the print view is not the canonical page, and not for search engines */
        json_object_set_new(m, "noindex", json_true());
    }
    dl_set_last_modified(pg, a.updated);
    dl_render(pg, 200, print ? "print" : "article", m);
out:
    dl_buf_release(&url);
    dl_buf_release(&tmp);
    dl_article_release(&a);
}
