/* site.h: the reader site: routes, page handlers, assets. One dl_site is made
 * at start-up (templates parsed, assets hashed, store handles opened) and
 * then handles requests from every HTTP worker thread. */
#ifndef DL_SITE_H
#define DL_SITE_H

#include "core/config.h"
#include "http/server.h"

struct dl_site;

/* Loads templates and static assets and opens nstores store handles.
 * Returns 0 or an error with err set. cfg must outlive the site. */
int dl_site_new(const struct dl_config *cfg, unsigned nstores, struct dl_site **out, char *err,
                size_t errlen);
void dl_site_free(struct dl_site *site);
/* The request handler (a dl_handler_fn; ctx is the site). */
void dl_site_handle(void *ctx, const struct dl_request *req, struct dl_response *res);

#endif
