/* ninjs.h: parses and validates one IPTC ninjs 3.x document into a plain
 * struct, with no side effects. import.c writes the result to the store. */
#ifndef DL_NINJS_H
#define DL_NINJS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define DL_NINJS_MAX_BYTES ((size_t)4 << 20) /* a document larger than this is refused */

enum dl_pub_status { DL_STATUS_DRAFT, DL_STATUS_SCHEDULED, DL_STATUS_PUBLISHED, DL_STATUS_WITHDRAWN };
extern const char *const dl_pub_status_names[]; /* "draft", "scheduled", "published", "withdrawn" */

enum dl_tag_kind { DL_TAG_PERSON, DL_TAG_PLACE, DL_TAG_ORG, DL_TAG_TOPIC };
extern const char *const dl_tag_kind_names[]; /* "person", "place", "organisation", "topic" */

struct dl_ninjs_tag {
    enum dl_tag_kind kind;
    char *name; /* display name, UTF-8, non-empty */
};

struct dl_ninjs_picture {
    char *href;         /* rendition href as written (relative path, file:// or http(s)://) */
    char *content_type; /* e.g. "image/jpeg"; NULL if absent */
    int width, height;  /* 0 if absent */
    char *caption;      /* from descriptions; may be NULL */
    char *credit;       /* from by; may be NULL */
    char *alt;          /* alt text: description role "alt"/"alttext" if present, else headline, else caption */
};

struct dl_ninjs_related {
    char *uri;      /* the related item's uri */
    char *headline; /* its headline if the association gives one; may be NULL */
};

/* One text item, parsed. Every char* is a NUL-terminated, valid UTF-8 heap
 * string owned by the struct; dl_ninjs_doc_release frees all. */
struct dl_ninjs_doc {
    char *uri;          /* required */
    char *headline;     /* required: headlines[role=main], else the first headline */
    char *summary;      /* descriptions (role summary/main/first); may be NULL */
    char *body_html;    /* sanitized HTML; text/plain bodies become <p> paragraphs; may be "" */
    char *language;     /* e.g. "en"; NULL if absent */
    char *slug;         /* ninjs "slugline" if present, NULL otherwise */
    char *source;       /* by, else copyrightHolder; may be NULL */
    char *copyright;    /* copyrightNotice; may be NULL */
    char *section_path; /* subjects with rel "section": literal such as "national/north-korea"; NULL if none */
    char *section_name; /* that subject's name, e.g. "North Korea"; NULL if none */
    int64_t version;    /* ninjs "version" (string of digits or integer); 1 if absent */
    time_t first_created;   /* firstCreated, UTC; 0 if absent */
    time_t version_created; /* versionCreated, UTC; 0 if absent */
    time_t embargoed_until; /* embargoedUntil (2.x embargoed); 0 if none */
    enum dl_pub_status status; /* pubStatus usable/withheld/canceled -> published/draft/withdrawn; default published */
    struct dl_ninjs_tag *tags;  /* people, places, organisations, subjects (non-section); deduplicated */
    size_t ntags;
    struct dl_ninjs_picture *picture; /* first association of type picture; NULL if none */
    struct dl_ninjs_related *related; /* associations of type text */
    size_t nrelated;
};

/* Parses json (n bytes) into *doc (the field mapping, limits and handling
 * of bad input are in docs/ninjs.md). Text items are parsed: type "text",
 * type absent (unless eventDetails or plannedCoverage shows an event or
 * planning item), and type "composite" carrying a body. On error returns
 * DL_EINVAL, DL_EUTF8, DL_ETOOBIG or DL_ESKIP (document is not a text item:
 * event, planning, lone picture...) and writes a one-line message naming
 * the field into err[errlen] (err may be NULL), e.g. "firstCreated: bad
 * date \"2023-13-45\"". On error *doc is left released. */
int dl_ninjs_parse(const char *json, size_t n, struct dl_ninjs_doc *doc, char *err, size_t errlen);
void dl_ninjs_doc_release(struct dl_ninjs_doc *doc);

/* Parses an ISO 8601 / RFC 3339 instant ("2025-10-12T04:57:00Z",
 * "2025-10-12T13:57:00+09:00", fractional seconds allowed and dropped) into
 * *t (UTC). The offset (Z or +hh:mm/-hh:mm) is required; ranges are checked
 * (days per month, leap years; second 60 allowed). Returns 0 or DL_EINVAL. */
int dl_ninjs_parse_time(const char *s, time_t *t);

#endif
