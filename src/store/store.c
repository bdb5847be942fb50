/* store.c: the public storage calls, dispatched to the backend's ops table,
 * and the release functions of the result structs (backend-independent). */
#include <stdlib.h>
#include <string.h>

#include "store/store-int.h"

int dl_store_open(const char *path, struct dl_store **out, char *err, size_t errlen)
{
    /* one backend today; a "postgresql://" address will choose pg.c */
    return dl_sqlite_open(path, out, err, errlen);
}

void dl_store_close(struct dl_store *s)
{
    if (s)
        s->ops->close(s);
}

const char *dl_store_errmsg(struct dl_store *s)
{
    return s->ops->errmsg(s);
}

int dl_store_schema_version(struct dl_store *s)
{
    return s->ops->schema_version(s);
}

int dl_store_begin(struct dl_store *s)
{
    return s->ops->begin(s);
}

int dl_store_commit(struct dl_store *s)
{
    return s->ops->commit(s);
}

void dl_store_rollback(struct dl_store *s)
{
    s->ops->rollback(s);
}

int dl_store_section_ensure(struct dl_store *s, const char *path, const char *name, int position,
                            int64_t *id)
{
    return s->ops->section_ensure(s, path, name, position, id);
}

int dl_store_sections(struct dl_store *s, struct dl_section_list *out)
{
    return s->ops->sections(s, out);
}

int dl_store_section_by_path(struct dl_store *s, const char *path, struct dl_section *out)
{
    return s->ops->section_by_path(s, path, out);
}

int dl_store_article_check(struct dl_store *s, const char *uri, struct dl_article_version *out)
{
    return s->ops->article_check(s, uri, out);
}

int dl_store_article_write(struct dl_store *s, const struct dl_article_write *w, int64_t *id)
{
    return s->ops->article_write(s, w, id);
}

int dl_store_article_get(struct dl_store *s, int64_t id, time_t now, struct dl_article *out)
{
    return s->ops->article_get(s, id, now, out);
}

int dl_store_list_section(struct dl_store *s, const char *path, time_t now, size_t offset,
                          size_t limit, struct dl_teaser_list *out, size_t *total)
{
    return s->ops->list_section(s, path, now, offset, limit, out, total);
}

int dl_store_list_tag(struct dl_store *s, int64_t tag_id, time_t now, size_t offset, size_t limit,
                      struct dl_teaser_list *out, size_t *total)
{
    return s->ops->list_tag(s, tag_id, now, offset, limit, out, total);
}

int dl_store_list_range(struct dl_store *s, time_t from, time_t to, time_t now, size_t offset,
                        size_t limit, struct dl_teaser_list *out, size_t *total)
{
    return s->ops->list_range(s, from, to, now, offset, limit, out, total);
}

int dl_store_list_more(struct dl_store *s, const char *path, int64_t exclude, time_t now,
                       size_t limit, struct dl_teaser_list *out)
{
    return s->ops->list_more(s, path, exclude, now, limit, out);
}

int dl_store_list_related(struct dl_store *s, int64_t id, time_t now, size_t limit,
                          struct dl_teaser_list *out)
{
    return s->ops->list_related(s, id, now, limit, out);
}

int dl_store_tag_by_slug(struct dl_store *s, const char *slug, struct dl_tag *out)
{
    return s->ops->tag_by_slug(s, slug, out);
}

int dl_store_media_by_file(struct dl_store *s, const char *file, time_t now, struct dl_media *out)
{
    return s->ops->media_by_file(s, file, now, out);
}

int dl_store_last_change(struct dl_store *s, time_t now, time_t *out)
{
    return s->ops->last_change(s, now, out);
}

/* ---- releases ---- */

void dl_section_release(struct dl_section *v)
{
    free(v->path);
    free(v->name);
    v->path = v->name = NULL;
}

void dl_section_list_release(struct dl_section_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        dl_section_release(&l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

void dl_media_release(struct dl_media *m)
{
    free(m->file);
    free(m->content_type);
    free(m->caption);
    free(m->credit);
    free(m->alt);
    memset(m, 0, sizeof *m);
}

void dl_tag_release(struct dl_tag *t)
{
    free(t->name);
    free(t->slug);
    t->name = t->slug = NULL;
}

void dl_teaser_release(struct dl_teaser *t)
{
    free(t->slug);
    free(t->headline);
    free(t->summary);
    free(t->section_path);
    free(t->section_name);
    free(t->thumb);
    free(t->thumb_alt);
    memset(t, 0, sizeof *t);
}

void dl_teaser_list_release(struct dl_teaser_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        dl_teaser_release(&l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

void dl_article_release(struct dl_article *a)
{
    free(a->uri);
    free(a->slug);
    free(a->headline);
    free(a->summary);
    free(a->body_html);
    free(a->language);
    free(a->source);
    free(a->copyright);
    dl_section_release(&a->section);
    if (a->media) {
        dl_media_release(a->media);
        free(a->media);
    }
    for (size_t i = 0; i < a->tags.n; i++)
        dl_tag_release(&a->tags.v[i]);
    free(a->tags.v);
    for (size_t i = 0; i < a->nlinks; i++) {
        free(a->links[i].uri);
        free(a->links[i].headline);
        if (a->links[i].target) {
            dl_teaser_release(a->links[i].target);
            free(a->links[i].target);
        }
    }
    free(a->links);
    memset(a, 0, sizeof *a);
}
