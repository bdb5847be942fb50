/* ninjs.c: parses one IPTC ninjs document (3.x, plus the cheap 1.x/2.x
 * spellings) into a struct dl_ninjs_doc, validating as it goes. The field
 * mapping and what happens to bad input are in docs/ninjs.md. */
#include "ingest/ninjs.h"

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/utf8.h"
#include "ingest/sanitize.h"

/* Limits, in bytes of the value as sent (before trimming). */
#define MAX_URI 1000
#define MAX_HEADLINE 1000
#define MAX_BODY ((size_t)2 << 20)
#define MAX_BODY_HTML ((size_t)4 << 20) /* the body once sanitized */
#define MAX_TEXT 10000                  /* summary, caption, alt */
#define MAX_SHORT 1000                  /* by, copyright, credit, slugline, section name */
#define MAX_HREF 2000                   /* picture rendition href */
#define MAX_LANG 35
#define MAX_TAG_NAME 200
#define MAX_TAGS 200
#define MAX_RELATED 50
#define MAX_SECTION_DEPTH 4
#define MAX_SECTION_SEGMENT 64

const char *const dl_pub_status_names[] = {"draft", "scheduled", "published", "withdrawn"};
const char *const dl_tag_kind_names[] = {"person", "place", "organisation", "topic"};

/* Property spellings: ninjs 3.x first, then 1.x/2.x. */
static const char *const F_URI[] = {"uri", NULL};
static const char *const F_TYPE[] = {"type", NULL};
static const char *const F_HEADLINES[] = {"headlines", NULL};
static const char *const F_HEADLINE[] = {"headline", NULL};
static const char *const F_DESCRIPTIONS[] = {"descriptions", NULL};
static const char *const F_DESCRIPTION_TEXT[] = {"description_text", NULL};
static const char *const F_BODIES[] = {"bodies", NULL};
static const char *const F_BODY_HTML[] = {"body_html", "body_xhtml", NULL};
static const char *const F_BODY_TEXT[] = {"body_text", NULL};
static const char *const F_FIRST_CREATED[] = {"firstCreated", "firstcreated", NULL};
static const char *const F_VERSION_CREATED[] = {"versionCreated", "versioncreated", NULL};
static const char *const F_EMBARGOED[] = {"embargoedUntil", "embargoeduntil", "embargoed", NULL};
static const char *const F_VERSION[] = {"version", NULL};
static const char *const F_PUB_STATUS[] = {"pubStatus", "pubstatus", NULL};
static const char *const F_BY[] = {"by", "byline", NULL};
static const char *const F_COPYRIGHT_HOLDER[] = {"copyrightHolder", "copyrightholder", NULL};
static const char *const F_COPYRIGHT_NOTICE[] = {"copyrightNotice", "copyrightnotice", NULL};
static const char *const F_LANGUAGE[] = {"language", NULL};
static const char *const F_SLUGLINE[] = {"slugline", NULL};
static const char *const F_PEOPLE[] = {"people", "person", NULL};
static const char *const F_PLACES[] = {"places", "place", NULL};
static const char *const F_ORGS[] = {"organisations", "organisation", NULL};
static const char *const F_SUBJECTS[] = {"subjects", "subject", NULL};
static const char *const F_ASSOCIATIONS[] = {"associations", NULL};
static const char *const F_RENDITIONS[] = {"renditions", NULL};
static const char *const F_NAME[] = {"name", NULL};
static const char *const F_REL[] = {"rel", NULL};
static const char *const F_LITERAL[] = {"literal", NULL};
static const char *const F_HREF[] = {"href", NULL};
static const char *const F_CONTENT_TYPE[] = {"contentType", "mimetype", NULL};
static const char *const F_WIDTH[] = {"width", NULL};
static const char *const F_HEIGHT[] = {"height", NULL};
static const char *const F_ALT_TEXT[] = {"alt_text", NULL};
static const char *const F_ROLE[] = {"role", NULL};
static const char *const F_VALUE[] = {"value", NULL};

/* Description roles. */
static const char *const R_SUMMARY[] = {"summary", "main", NULL};
static const char *const R_CAPTION[] = {"caption", "summary", "main", NULL};
static const char *const R_ALT[] = {"alt", "alttext", NULL};
static const char *const R_CREDIT[] = {"creditline", NULL};
static const char *const R_NOT_TEXT[] = {"alt", "alttext", "creditline",
                                         NULL}; /* never a summary or caption */
static const char *const R_MAIN[] = {"main", NULL};

struct ctx {
    char *err;
    size_t errlen;
    size_t tagcap;
    size_t relcap;
};

/* Drops a UTF-8 sequence cut short at the end of s. */
static void trim_partial_utf8(char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && n - i < 3)
        i--;
    if (i > 0 && !dl_utf8_valid(s + i - 1, n - i + 1))
        s[i - 1] = '\0';
}

/* Writes a one-line message into the caller's err and returns rc. */
static int fail(struct ctx *c, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct ctx *c, int rc, const char *fmt, ...)
{
    if (!c->err || c->errlen == 0)
        return rc;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, c->errlen, fmt, ap);
    va_end(ap);
    for (char *p = c->err; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            *p = ' ';
    trim_partial_utf8(c->err);
    return rc;
}

/* A value shortened for a message: at most 40 characters, "..." if cut. */
static const char *shorten(const char *s, size_t n, char *tmp, size_t tmplen)
{
    size_t k = dl_utf8_prefix(s, n, 40);
    snprintf(tmp, tmplen, "%.*s%s", (int)k, s, k < n ? "..." : "");
    return tmp;
}

static bool is_ws(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A heap copy of s[0..n) trimmed of surrounding whitespace, without control
 * characters (C0 but tab and newline, DEL, C1); CR LF and CR become LF. If
 * one_line, each run of whitespace becomes one space. s is valid UTF-8. */
static char *clean_text(const char *s, size_t n, bool one_line)
{
    char *out = dl_xmalloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\r') {
            if (i + 1 < n && s[i + 1] == '\n')
                continue;
            ch = '\n';
        }
        if (ch == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0x9F) {
            i++; /* C1 control */
            continue;
        }
        if ((ch < 0x20 && ch != '\t' && ch != '\n') || ch == 0x7F)
            continue;
        if (one_line && is_ws(ch)) {
            if (k > 0 && out[k - 1] == ' ')
                continue; /* runs of whitespace become one space */
            ch = ' ';
        }
        out[k++] = (char)ch;
    }
    size_t a = 0;
    while (a < k && is_ws((unsigned char)out[a]))
        a++;
    while (k > a && is_ws((unsigned char)out[k - 1]))
        k--;
    memmove(out, out + a, k - a);
    out[k - a] = '\0';
    return out;
}

/* The first of names present in obj, or NULL; *used gets the spelling. */
static json_t *field(json_t *obj, const char *const *names, const char **used)
{
    *used = names[0];
    for (; *names; names++) {
        json_t *v = json_object_get(obj, *names);
        if (v) {
            *used = *names;
            return v;
        }
    }
    return NULL;
}

/* Reads an optional string field. *s is NULL if absent; otherwise it points
 * into the JSON tree with its length in *n. */
static int get_str(struct ctx *c, json_t *obj, const char *const *names, const char *at,
                   const char **s, size_t *n)
{
    const char *used;
    json_t *v = field(obj, names, &used);
    *s = NULL;
    *n = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return fail(c, DL_EINVAL, "%s%s: not a string", at, used);
    *s = json_string_value(v);
    *n = json_string_length(v);
    return 0;
}

/* Reads an optional string field cleaned into a heap string (NULL if absent
 * or blank); over max bytes is DL_ETOOBIG. */
static int get_text(struct ctx *c, json_t *obj, const char *const *names, const char *at,
                    size_t max, bool one_line, char **out)
{
    const char *s, *used;
    size_t n;
    field(obj, names, &used);
    int rc = get_str(c, obj, names, at, &s, &n);
    if (rc || !s)
        return rc;
    if (n > max)
        return fail(c, DL_ETOOBIG, "%s%s: %zu bytes, over the limit of %zu", at, used, n, max);
    char *t = clean_text(s, n, one_line);
    if (*t) {
        free(*out);
        *out = t;
    } else {
        free(t);
    }
    return 0;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_ws((unsigned char)s[i]))
            return false;
    return true;
}

/* True if a contentType names HTML (parameters such as charset ignored). */
static bool is_html_type(const char *ct)
{
    size_t n = strcspn(ct, "; \t");
    return (n == 9 && strncasecmp(ct, "text/html", 9) == 0) ||
           (n == 21 && strncasecmp(ct, "application/xhtml+xml", 21) == 0);
}

static bool is_plain_type(const char *ct)
{
    size_t n = strcspn(ct, "; \t");
    return n == 10 && strncasecmp(ct, "text/plain", 10) == 0;
}

static bool in_list(const char *s, const char *const *list)
{
    for (; s && list && *list; list++)
        if (strcasecmp(s, *list) == 0)
            return true;
    return false;
}

/* Appends the text of an HTML fragment (script and the like left out). */
static void html_text_walk(xmlNode *top, struct dl_buf *b)
{
    static const char *const skip[] = {"script",   "style",    "head", "title",
                                       "template", "noscript", "svg",  "math",
                                       "iframe",   "object",   NULL};
    xmlNode *n = top->children;
    while (n) {
        if (n->type == XML_TEXT_NODE && n->content)
            dl_buf_puts(b, (const char *)n->content);
        bool into = n->type == XML_ELEMENT_NODE && !in_list((const char *)n->name, skip);
        if (n->type == XML_ELEMENT_NODE)
            dl_buf_putc(b, ' ');
        if (into && n->children) {
            n = n->children;
            continue;
        }
        while (!n->next) {
            n = n->parent;
            if (!n || n == top)
                return;
        }
        n = n->next;
    }
}

/* Plain text of an HTML headline or description, cleaned; NULL if the
 * parser fails. The caller has bounded n. */
static char *html_text(const char *s, size_t n, bool one_line)
{
    struct dl_buf b;
    dl_buf_init(&b, 0);
    htmlDocPtr d = htmlReadMemory(s, (int)n, NULL, "UTF-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                      HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
    char *t = NULL;
    if (d) {
        html_text_walk((xmlNode *)d, &b);
        t = clean_text(b.p ? b.p : "", b.n, one_line);
        xmlFreeDoc(d);
    }
    dl_buf_release(&b);
    return t;
}

/* One entry of a headlines/descriptions/bodies array. */
struct item {
    const char *value; /* NULL if absent */
    size_t len;
    const char *role;  /* NULL if absent */
    const char *ctype; /* NULL if absent */
};

/* Validates entry i of array name and reads it. */
static int read_item(struct ctx *c, json_t *v, const char *at, const char *name, size_t i,
                     struct item *it)
{
    char here[256];
    size_t n;
    snprintf(here, sizeof(here), "%s%s[%zu].", at, name, i);
    if (!json_is_object(v))
        return fail(c, DL_EINVAL, "%s%s[%zu]: not an object", at, name, i);
    int rc = get_str(c, v, F_VALUE, here, &it->value, &it->len);
    if (!rc)
        rc = get_str(c, v, F_ROLE, here, &it->role, &n);
    if (!rc)
        rc = get_str(c, v, F_CONTENT_TYPE, here, &it->ctype, &n);
    return rc;
}

/* Picks from an array of {role, contentType, value} objects: the first
 * non-blank value whose role is roles[0], else roles[1]..., else (if
 * fallback) the first non-blank one whose role is not in skip. *idx is
 * SIZE_MAX if none. */
static int pick(struct ctx *c, json_t *arr, const char *at, const char *name,
                const char *const *roles, bool fallback, const char *const *skip, size_t *idx,
                struct item *out)
{
    *idx = SIZE_MAX;
    if (!arr || json_is_null(arr))
        return 0;
    if (!json_is_array(arr))
        return fail(c, DL_EINVAL, "%s%s: not an array", at, name);
    size_t n = json_array_size(arr), best = SIZE_MAX, rank = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        struct item it;
        int rc = read_item(c, json_array_get(arr, i), at, name, i, &it);
        if (rc)
            return rc;
        if (!it.value || blank(it.value, it.len))
            continue;
        size_t r = SIZE_MAX;
        for (size_t k = 0; roles && roles[k]; k++)
            if (it.role && strcasecmp(it.role, roles[k]) == 0)
                r = k;
        if (r == SIZE_MAX && fallback && !in_list(it.role, skip))
            r = SIZE_MAX - 1;
        if (r < rank) {
            rank = r;
            best = i;
            *out = it;
        }
    }
    *idx = best;
    return 0;
}

/* Turns a picked headline or description into cleaned text in *out. */
static int item_text(struct ctx *c, const struct item *it, const char *at, const char *name,
                     size_t i, size_t max, bool one_line, char **out)
{
    if (it->len > max)
        return fail(c, DL_ETOOBIG, "%s%s[%zu].value: %zu bytes, over the limit of %zu", at, name, i,
                    it->len, max);
    char *t = it->ctype && is_html_type(it->ctype) ? html_text(it->value, it->len, one_line)
                                                   : clean_text(it->value, it->len, one_line);
    if (!t)
        return fail(c, DL_EINVAL, "%s%s[%zu].value: HTML could not be parsed", at, name, i);
    if (!*t) {
        free(t);
        return 0;
    }
    free(*out);
    *out = t;
    return 0;
}

/* A description with one of roles (or, if fallback, any non-alt/credit one)
 * into *out; leaves *out alone if there is none. */
static int get_description(struct ctx *c, json_t *obj, const char *at, const char *const *roles,
                           bool fallback, size_t max, bool one_line, char **out)
{
    const char *used;
    json_t *arr = field(obj, F_DESCRIPTIONS, &used);
    struct item it;
    size_t i;
    int rc = pick(c, arr, at, used, roles, fallback, R_NOT_TEXT, &i, &it);
    if (!rc && i != SIZE_MAX)
        rc = item_text(c, &it, at, used, i, max, one_line, out);
    return rc;
}

/* headlines[role=main], else the first headline, else 1.x/2.x headline. */
static int get_headline(struct ctx *c, json_t *obj, const char *at, char **out)
{
    const char *used;
    json_t *arr = field(obj, F_HEADLINES, &used);
    struct item it;
    size_t i;
    int rc = pick(c, arr, at, used, R_MAIN, true, NULL, &i, &it);
    if (!rc && i != SIZE_MAX)
        rc = item_text(c, &it, at, used, i, MAX_HEADLINE, true, out);
    if (!rc && !*out)
        rc = get_text(c, obj, F_HEADLINE, at, MAX_HEADLINE, true, out);
    return rc;
}

/* Sanitized body: bodies (text/html preferred, then text/plain, then an
 * untyped one, sniffed), else body_html/body_xhtml, else body_text. */
static int get_body(struct ctx *c, json_t *root, struct dl_ninjs_doc *doc)
{
    const char *used, *s = NULL;
    size_t n = 0, idx[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
    struct item its[3];
    char name[64];
    bool html = false;
    struct dl_buf b;
    dl_buf_init(&b, MAX_BODY_HTML);
    int rc = 0;
    json_t *arr = field(root, F_BODIES, &used);
    if (arr && !json_is_null(arr)) {
        if (!json_is_array(arr)) {
            rc = fail(c, DL_EINVAL, "%s: not an array", used);
            goto out;
        }
        for (size_t i = 0; i < json_array_size(arr); i++) {
            struct item it;
            rc = read_item(c, json_array_get(arr, i), "", used, i, &it);
            if (rc)
                goto out;
            if (!it.value || blank(it.value, it.len))
                continue;
            int k = !it.ctype ? 2 : is_html_type(it.ctype) ? 0 : is_plain_type(it.ctype) ? 1 : -1;
            if (k >= 0 && idx[k] == SIZE_MAX) {
                idx[k] = i;
                its[k] = it;
            }
        }
        for (int k = 0; k < 3 && !s; k++) {
            if (idx[k] == SIZE_MAX)
                continue;
            s = its[k].value;
            n = its[k].len;
            html = k == 0 || (k == 2 && s[strspn(s, " \t\r\n\f")] == '<');
            snprintf(name, sizeof(name), "%s[%zu].value", used, idx[k]);
        }
    }
    for (int k = 0; k < 2 && !s; k++) {
        rc = get_str(c, root, k ? F_BODY_TEXT : F_BODY_HTML, "", &s, &n);
        if (rc)
            goto out;
        field(root, k ? F_BODY_TEXT : F_BODY_HTML, &used);
        snprintf(name, sizeof(name), "%s", used);
        html = k == 0;
    }
    if (s && n > MAX_BODY) {
        rc = fail(c, DL_ETOOBIG, "%s: %zu bytes, over the limit of %zu", name, n, MAX_BODY);
        goto out;
    }
    if (s) {
        rc = html ? dl_sanitize_html(s, n, &b) : dl_plain_to_html(s, n, &b);
        if (rc == DL_ETOOBIG)
            rc = fail(c, rc, "%s: over the limit of %zu bytes once sanitized", name, MAX_BODY_HTML);
        else if (rc)
            rc = fail(c, rc, "%s: HTML could not be parsed", name);
        if (rc)
            goto out;
    }
    doc->body_html = b.p ? dl_buf_detach(&b, NULL) : dl_xstrdup("");
out:
    dl_buf_release(&b);
    return rc;
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Reads exactly width digits. */
static bool digits(const char **p, int width, int *v)
{
    int x = 0;
    for (int i = 0; i < width; i++) {
        if (!is_digit((unsigned char)(*p)[i]))
            return false;
        x = x * 10 + ((*p)[i] - '0');
    }
    *p += width;
    *v = x;
    return true;
}

static bool lit(const char **p, char ch)
{
    if (**p != ch)
        return false;
    (*p)++;
    return true;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

int dl_ninjs_parse_time(const char *s, time_t *t)
{
    const char *p = s;
    int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
    if (!s || !digits(&p, 4, &y) || !lit(&p, '-') || !digits(&p, 2, &mo) || !lit(&p, '-') ||
        !digits(&p, 2, &d) || !(lit(&p, 'T') || lit(&p, 't')) || !digits(&p, 2, &h) ||
        !lit(&p, ':') || !digits(&p, 2, &mi) || !lit(&p, ':') || !digits(&p, 2, &sec))
        return DL_EINVAL;
    if (lit(&p, '.')) {
        if (!is_digit((unsigned char)*p))
            return DL_EINVAL;
        while (is_digit((unsigned char)*p))
            p++; /* fractions of a second are dropped */
    }
    if (lit(&p, 'Z') || lit(&p, 'z'))
        sign = 0;
    else if (lit(&p, '+'))
        sign = 1;
    else if (lit(&p, '-'))
        sign = -1;
    else
        return DL_EINVAL; /* no offset: ninjs date-times carry one */
    if (sign && (!digits(&p, 2, &oh) || !lit(&p, ':') || !digits(&p, 2, &om)))
        return DL_EINVAL;
    if (*p || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 ||
        sec > 60 || oh > 23 || om > 59)
        return DL_EINVAL;
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = mo - 1,
                    .tm_mday = d,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_sec = sec};
    *t = timegm(&tm) - (time_t)sign * (oh * 3600 + om * 60);
    return 0;
}

static int get_time(struct ctx *c, json_t *obj, const char *const *names, time_t *t)
{
    const char *s, *used;
    size_t n;
    char tmp[128];
    field(obj, names, &used);
    int rc = get_str(c, obj, names, "", &s, &n);
    if (rc || !s)
        return rc;
    if (dl_ninjs_parse_time(s, t))
        return fail(c, DL_EINVAL, "%s: bad date \"%s\"", used, shorten(s, n, tmp, sizeof(tmp)));
    return 0;
}

static int get_version(struct ctx *c, json_t *root, int64_t *version)
{
    const char *used;
    char tmp[128];
    json_t *v = field(root, F_VERSION, &used);
    if (!v || json_is_null(v))
        return 0;
    if (json_is_integer(v)) {
        if (json_integer_value(v) < 0)
            return fail(c, DL_EINVAL, "%s: negative", used);
        *version = json_integer_value(v);
        return 0;
    }
    if (!json_is_string(v))
        return fail(c, DL_EINVAL, "%s: not a string of digits or an integer", used);
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    int64_t x = 0;
    bool ok = n > 0 && n <= 18;
    for (size_t i = 0; ok && i < n; i++) {
        ok = is_digit((unsigned char)s[i]);
        x = x * 10 + (s[i] - '0');
    }
    if (!ok)
        return fail(c, DL_EINVAL, "%s: not a number \"%s\"", used, shorten(s, n, tmp, sizeof(tmp)));
    *version = x;
    return 0;
}

static int get_status(struct ctx *c, json_t *root, enum dl_pub_status *status)
{
    const char *s, *used;
    size_t n;
    char tmp[128];
    field(root, F_PUB_STATUS, &used);
    int rc = get_str(c, root, F_PUB_STATUS, "", &s, &n);
    if (rc || !s)
        return rc;
    if (strcasecmp(s, "usable") == 0)
        *status = DL_STATUS_PUBLISHED;
    else if (strcasecmp(s, "withheld") == 0)
        *status = DL_STATUS_DRAFT;
    else if (strcasecmp(s, "canceled") == 0 || strcasecmp(s, "cancelled") == 0)
        *status = DL_STATUS_WITHDRAWN;
    else
        return fail(c, DL_EINVAL, "%s: unknown value \"%s\"", used,
                    shorten(s, n, tmp, sizeof(tmp)));
    return 0;
}

static int get_language(struct ctx *c, json_t *root, char **out)
{
    const char *s, *used;
    size_t n;
    char tmp[128];
    field(root, F_LANGUAGE, &used);
    int rc = get_str(c, root, F_LANGUAGE, "", &s, &n);
    if (rc || !s || n == 0)
        return rc;
    bool ok = n <= MAX_LANG;
    for (size_t i = 0; ok && i < n; i++) {
        char ch = s[i];
        ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || is_digit(ch) || ch == '-' ||
             ch == '_';
    }
    if (!ok)
        return fail(c, DL_EINVAL, "%s: bad value \"%s\"", used, shorten(s, n, tmp, sizeof(tmp)));
    *out = dl_xstrndup(s, n);
    for (char *p = *out; *p; p++)
        if (*p == '_')
            *p = '-';
    return 0;
}

/* Section path: 1..MAX_SECTION_DEPTH segments of [a-z0-9-]{1,64} joined by '/'. */
static bool valid_section(const char *s, size_t n)
{
    size_t seg = 0, depth = 1;
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '/') {
            if (seg == 0 || ++depth > MAX_SECTION_DEPTH)
                return false;
            seg = 0;
        } else if ((ch >= 'a' && ch <= 'z') || is_digit(ch) || ch == '-') {
            if (++seg > MAX_SECTION_SEGMENT)
                return false;
        } else {
            return false;
        }
    }
    return seg > 0;
}

static int add_tag(struct ctx *c, struct dl_ninjs_doc *doc, enum dl_tag_kind kind, const char *s,
                   size_t n, const char *at)
{
    if (n > MAX_TAG_NAME)
        return fail(c, DL_ETOOBIG, "%s.name: %zu bytes, over the limit of %d", at, n, MAX_TAG_NAME);
    char *name = clean_text(s, n, true);
    for (size_t i = 0; *name && i < doc->ntags; i++) {
        if (doc->tags[i].kind == kind && strcmp(doc->tags[i].name, name) == 0) {
            *name = '\0'; /* duplicate */
            break;
        }
    }
    if (!*name) {
        free(name);
        return 0;
    }
    if (doc->ntags == MAX_TAGS) {
        free(name);
        return fail(c, DL_ETOOBIG, "%s: more than %d tags", at, MAX_TAGS);
    }
    if (doc->ntags == c->tagcap) {
        c->tagcap = c->tagcap ? c->tagcap * 2 : 16;
        doc->tags = dl_xrealloc(doc->tags, c->tagcap * sizeof(*doc->tags));
    }
    doc->tags[doc->ntags++] = (struct dl_ninjs_tag){.kind = kind, .name = name};
    return 0;
}

/* people, places, organisations, subjects; a subject with rel "section"
 * gives the section instead of a tag. */
static int get_tags(struct ctx *c, json_t *root, const char *const *names, enum dl_tag_kind kind,
                    struct dl_ninjs_doc *doc)
{
    const char *used;
    char at[128], tmp[128];
    json_t *arr = field(root, names, &used);
    if (!arr || json_is_null(arr))
        return 0;
    if (!json_is_array(arr))
        return fail(c, DL_EINVAL, "%s: not an array", used);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        const char *name, *rel, *literal;
        size_t nname, nrel, nliteral;
        snprintf(at, sizeof(at), "%s[%zu]", used, i);
        if (!json_is_object(v))
            return fail(c, DL_EINVAL, "%s: not an object", at);
        char here[140];
        snprintf(here, sizeof(here), "%s.", at);
        rel = NULL;
        int rc = get_str(c, v, F_NAME, here, &name, &nname);
        if (!rc && kind == DL_TAG_TOPIC)
            rc = get_str(c, v, F_REL, here, &rel, &nrel);
        if (rc)
            return rc;
        if (kind == DL_TAG_TOPIC && rel && strcasecmp(rel, "section") == 0) {
            if (doc->section_path)
                continue; /* the first section subject wins */
            rc = get_str(c, v, F_LITERAL, here, &literal, &nliteral);
            if (rc)
                return rc;
            if (!literal)
                return fail(c, DL_EINVAL, "%s: section without a literal", at);
            if (!valid_section(literal, nliteral))
                return fail(c, DL_EINVAL, "%s.literal: bad section path \"%s\"", at,
                            shorten(literal, nliteral, tmp, sizeof(tmp)));
            rc = get_text(c, v, F_NAME, here, MAX_SHORT, true, &doc->section_name);
            if (rc)
                return rc;
            doc->section_path = dl_xstrndup(literal, nliteral);
            continue;
        }
        if (name) {
            rc = add_tag(c, doc, kind, name, nname, at);
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* Rendition hrefs: http(s), file or relative. */
static bool usable_href(const char *s)
{
    if (!*s)
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            return false;
    size_t k = strcspn(s, ":/?#");
    if (s[k] != ':')
        return true;
    return (k == 4 && strncasecmp(s, "http", 4) == 0) ||
           (k == 5 && strncasecmp(s, "https", 5) == 0) ||
           (k == 4 && strncasecmp(s, "file", 4) == 0);
}

/* width/height: a non-negative integer or a string of digits; 0 if absent. */
static int get_dim(struct ctx *c, json_t *obj, const char *const *names, const char *at, int *out)
{
    const char *used;
    json_t *v = field(obj, names, &used);
    long long x = -1;
    *out = 0;
    if (!v || json_is_null(v))
        return 0;
    if (json_is_integer(v)) {
        x = json_integer_value(v);
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        x = n > 0 && n <= 9 ? 0 : -1;
        for (size_t i = 0; x >= 0 && i < n; i++)
            x = is_digit((unsigned char)s[i]) ? x * 10 + (s[i] - '0') : -1;
    }
    if (x < 0 || x > INT_MAX)
        return fail(c, DL_EINVAL, "%s%s: not a non-negative integer", at, used);
    *out = (int)x;
    return 0;
}

/* Chooses the rendition named "original", else the widest (the first on a
 * tie); renditions without a usable href are passed over. */
static int get_rendition(struct ctx *c, json_t *assoc, const char *at, struct dl_ninjs_picture *pic)
{
    const char *used;
    char here[320];
    json_t *r = field(assoc, F_RENDITIONS, &used);
    bool have = false, original = false;
    if (!r || json_is_null(r))
        return 0;
    if (!json_is_array(r) && !json_is_object(r))
        return fail(c, DL_EINVAL, "%s%s: not an array or object", at, used);
    void *iter = json_is_object(r) ? json_object_iter(r) : NULL;
    for (size_t i = 0; json_is_array(r) ? i < json_array_size(r) : iter != NULL; i++) {
        json_t *v;
        const char *name = NULL, *href, *ctype;
        size_t n, nhref;
        if (json_is_array(r)) {
            v = json_array_get(r, i);
            snprintf(here, sizeof(here), "%s%s[%zu]", at, used, i);
        } else {
            v = json_object_iter_value(iter);
            name = json_object_iter_key(iter);
            snprintf(here, sizeof(here), "%s%s.%s", at, used, name);
            iter = json_object_iter_next(r, iter);
        }
        if (!json_is_object(v))
            return fail(c, DL_EINVAL, "%s: not an object", here);
        size_t hl = strlen(here);
        snprintf(here + hl, sizeof(here) - hl, ".");
        int width, height, rc = 0;
        if (!name)
            rc = get_str(c, v, F_NAME, here, &name, &n);
        if (!rc)
            rc = get_str(c, v, F_HREF, here, &href, &nhref);
        if (!rc)
            rc = get_str(c, v, F_CONTENT_TYPE, here, &ctype, &n);
        if (!rc)
            rc = get_dim(c, v, F_WIDTH, here, &width);
        if (!rc)
            rc = get_dim(c, v, F_HEIGHT, here, &height);
        if (rc)
            return rc;
        if (!href)
            continue;
        if (nhref > MAX_HREF)
            return fail(c, DL_ETOOBIG, "%shref: %zu bytes, over the limit of %d", here, nhref,
                        MAX_HREF);
        char *h = clean_text(href, nhref, true);
        bool is_original = name && strcasecmp(name, "original") == 0;
        if (!usable_href(h) || original || (have && !is_original && width <= pic->width)) {
            free(h);
            continue;
        }
        free(pic->href);
        free(pic->content_type);
        pic->href = h;
        pic->content_type = ctype && *ctype ? dl_xstrdup(ctype) : NULL;
        pic->width = width;
        pic->height = height;
        have = true;
        original = is_original;
    }
    return 0;
}

/* The picture from an association of type picture; *pic stays NULL if it
 * has no usable rendition. */
static int get_picture(struct ctx *c, json_t *assoc, const char *at, struct dl_ninjs_picture **out)
{
    struct dl_ninjs_picture *pic = dl_xcalloc(1, sizeof(*pic));
    char *headline = NULL;
    int rc = get_rendition(c, assoc, at, pic);
    if (rc || !pic->href)
        goto out;
    rc = get_description(c, assoc, at, R_CAPTION, true, MAX_TEXT, false, &pic->caption);
    if (!rc && !pic->caption)
        rc = get_text(c, assoc, F_DESCRIPTION_TEXT, at, MAX_TEXT, false, &pic->caption);
    if (!rc && !pic->caption)
        rc = get_text(c, assoc, F_BODY_TEXT, at, MAX_TEXT, false, &pic->caption);
    if (!rc)
        rc = get_text(c, assoc, F_BY, at, MAX_SHORT, true, &pic->credit);
    if (!rc && !pic->credit)
        rc = get_description(c, assoc, at, R_CREDIT, false, MAX_SHORT, true, &pic->credit);
    if (!rc)
        rc = get_description(c, assoc, at, R_ALT, false, MAX_TEXT, true, &pic->alt);
    if (!rc && !pic->alt)
        rc = get_text(c, assoc, F_ALT_TEXT, at, MAX_TEXT, true, &pic->alt);
    if (!rc && !pic->alt)
        rc = get_headline(c, assoc, at, &headline);
    if (!rc && !pic->alt && headline) {
        pic->alt = headline;
        headline = NULL;
    } else if (!rc && !pic->alt && pic->caption) {
        pic->alt = clean_text(pic->caption, strlen(pic->caption), true);
    }
out:
    free(headline);
    if (rc || !pic->href) {
        free(pic->href);
        free(pic->content_type);
        free(pic->caption);
        free(pic->credit);
        free(pic->alt);
        free(pic);
        pic = NULL;
    }
    *out = pic;
    return rc;
}

static int add_related(struct ctx *c, json_t *assoc, const char *at, struct dl_ninjs_doc *doc)
{
    char *uri = NULL, *headline = NULL;
    int rc = get_text(c, assoc, F_URI, at, MAX_URI, true, &uri);
    if (rc || !uri || strcmp(uri, doc->uri) == 0)
        goto out;
    for (size_t i = 0; i < doc->nrelated; i++)
        if (strcmp(doc->related[i].uri, uri) == 0)
            goto out;
    if (doc->nrelated == MAX_RELATED) {
        rc = fail(c, DL_ETOOBIG, "associations: more than %d related items", MAX_RELATED);
        goto out;
    }
    rc = get_headline(c, assoc, at, &headline);
    if (rc)
        goto out;
    if (doc->nrelated == c->relcap) {
        c->relcap = c->relcap ? c->relcap * 2 : 8;
        doc->related = dl_xrealloc(doc->related, c->relcap * sizeof(*doc->related));
    }
    doc->related[doc->nrelated++] = (struct dl_ninjs_related){.uri = uri, .headline = headline};
    uri = headline = NULL;
out:
    free(uri);
    free(headline);
    return rc;
}

/* associations: a 3.x array of named objects or a 2.x object keyed by name. */
static int get_associations(struct ctx *c, json_t *root, struct dl_ninjs_doc *doc)
{
    const char *used;
    char at[320];
    json_t *a = field(root, F_ASSOCIATIONS, &used);
    if (!a || json_is_null(a))
        return 0;
    if (!json_is_array(a) && !json_is_object(a))
        return fail(c, DL_EINVAL, "%s: not an array or object", used);
    void *iter = json_is_object(a) ? json_object_iter(a) : NULL;
    for (size_t i = 0; json_is_array(a) ? i < json_array_size(a) : iter != NULL; i++) {
        json_t *v;
        if (json_is_array(a)) {
            v = json_array_get(a, i);
            snprintf(at, sizeof(at), "%s[%zu]", used, i);
        } else {
            v = json_object_iter_value(iter);
            snprintf(at, sizeof(at), "%s.%s", used, json_object_iter_key(iter));
            iter = json_object_iter_next(a, iter);
        }
        if (json_is_null(v))
            continue; /* 2.x feeds send "featuremedia": null */
        if (!json_is_object(v))
            return fail(c, DL_EINVAL, "%s: not an object", at);
        size_t al = strlen(at);
        snprintf(at + al, sizeof(at) - al, ".");
        const char *type;
        size_t n;
        int rc = get_str(c, v, F_TYPE, at, &type, &n);
        if (!rc && (!type || strcmp(type, "text") == 0))
            rc = add_related(c, v, at, doc);
        else if (!rc && strcmp(type, "picture") == 0 && !doc->picture)
            rc = get_picture(c, v, at, &doc->picture);
        if (rc)
            return rc;
    }
    return 0;
}

static bool has_body(json_t *root)
{
    json_t *b = json_object_get(root, "bodies");
    if (json_is_array(b) && json_array_size(b) > 0)
        return true;
    return json_is_string(json_object_get(root, "body_html")) ||
           json_is_string(json_object_get(root, "body_xhtml")) ||
           json_is_string(json_object_get(root, "body_text"));
}

/* DL_ESKIP unless root is a text item: type "text" or absent, or a
 * "composite" carrying a body (a press release with its media). */
static int check_type(struct ctx *c, json_t *root)
{
    const char *type, *used;
    size_t n;
    char tmp[128];
    field(root, F_TYPE, &used);
    int rc = get_str(c, root, F_TYPE, "", &type, &n);
    if (rc)
        return rc;
    if (!type) {
        if (json_object_get(root, "eventDetails"))
            return fail(c, DL_ESKIP,
                        "type missing, eventDetails present: an event, not an article, skipped");
        if (json_object_get(root, "plannedCoverage"))
            return fail(
                c, DL_ESKIP,
                "type missing, plannedCoverage present: a planning item, not an article, skipped");
        return 0;
    }
    if (strcmp(type, "text") == 0 || (strcmp(type, "composite") == 0 && has_body(root)))
        return 0;
    return fail(c, DL_ESKIP, "type \"%s\": not an article, skipped",
                shorten(type, n, tmp, sizeof(tmp)));
}

int dl_ninjs_parse(const char *json, size_t n, struct dl_ninjs_doc *doc, char *err, size_t errlen)
{
    struct ctx c = {.err = err, .errlen = errlen};
    json_t *root = NULL;
    json_error_t jerr;
    int rc = 0;
    memset(doc, 0, sizeof(*doc));
    doc->version = 1;
    doc->status = DL_STATUS_PUBLISHED;
    if (err && errlen)
        err[0] = '\0';
    if (n > DL_NINJS_MAX_BYTES) {
        rc = fail(&c, DL_ETOOBIG, "document: %zu bytes, over the limit of %zu", n,
                  DL_NINJS_MAX_BYTES);
        goto out;
    }
    if (!dl_utf8_valid(json, n)) {
        rc = fail(&c, DL_EUTF8, "document: invalid UTF-8");
        goto out;
    }
    if (n >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0) {
        json += 3; /* a byte order mark */
        n -= 3;
    }
    root = json_loadb(json, n, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        rc = fail(&c, DL_EINVAL, "document: invalid JSON at line %d, column %d: %s", jerr.line,
                  jerr.column, jerr.text);
        goto out;
    }
    if (!json_is_object(root)) {
        rc = fail(&c, DL_EINVAL, "document: not a JSON object");
        goto out;
    }
    /* a JSON Schema (such as ninjs's own, often kept beside the documents) */
    if (json_is_string(json_object_get(root, "$schema")) && !json_object_get(root, "uri")) {
        rc = fail(&c, DL_ESKIP, "$schema present, no uri: a JSON Schema, not a ninjs document, "
                                "skipped");
        goto out;
    }
    rc = get_text(&c, root, F_URI, "", MAX_URI, true, &doc->uri);
    if (!rc && !doc->uri)
        rc = fail(&c, DL_EINVAL, "uri: missing");
    if (!rc)
        rc = check_type(&c, root);
    if (!rc)
        rc = get_headline(&c, root, "", &doc->headline);
    if (!rc && !doc->headline)
        rc = fail(&c, DL_EINVAL, "headlines: no headline");
    if (!rc)
        rc = get_description(&c, root, "", R_SUMMARY, true, MAX_TEXT, false, &doc->summary);
    if (!rc && !doc->summary)
        rc = get_text(&c, root, F_DESCRIPTION_TEXT, "", MAX_TEXT, false, &doc->summary);
    if (!rc)
        rc = get_body(&c, root, doc);
    if (!rc)
        rc = get_language(&c, root, &doc->language);
    if (!rc)
        rc = get_text(&c, root, F_SLUGLINE, "", MAX_SHORT, true, &doc->slug);
    if (!rc)
        rc = get_text(&c, root, F_BY, "", MAX_SHORT, true, &doc->source);
    if (!rc && !doc->source)
        rc = get_text(&c, root, F_COPYRIGHT_HOLDER, "", MAX_SHORT, true, &doc->source);
    if (!rc)
        rc = get_text(&c, root, F_COPYRIGHT_NOTICE, "", MAX_SHORT, true, &doc->copyright);
    if (!rc)
        rc = get_version(&c, root, &doc->version);
    if (!rc)
        rc = get_time(&c, root, F_FIRST_CREATED, &doc->first_created);
    if (!rc)
        rc = get_time(&c, root, F_VERSION_CREATED, &doc->version_created);
    if (!rc)
        rc = get_time(&c, root, F_EMBARGOED, &doc->embargoed_until);
    if (!rc)
        rc = get_status(&c, root, &doc->status);
    if (!rc)
        rc = get_tags(&c, root, F_PEOPLE, DL_TAG_PERSON, doc);
    if (!rc)
        rc = get_tags(&c, root, F_PLACES, DL_TAG_PLACE, doc);
    if (!rc)
        rc = get_tags(&c, root, F_ORGS, DL_TAG_ORG, doc);
    if (!rc)
        rc = get_tags(&c, root, F_SUBJECTS, DL_TAG_TOPIC, doc);
    if (!rc)
        rc = get_associations(&c, root, doc);
out:
    json_decref(root);
    if (rc)
        dl_ninjs_doc_release(doc);
    return rc;
}

void dl_ninjs_doc_release(struct dl_ninjs_doc *doc)
{
    free(doc->uri);
    free(doc->headline);
    free(doc->summary);
    free(doc->body_html);
    free(doc->language);
    free(doc->slug);
    free(doc->source);
    free(doc->copyright);
    free(doc->section_path);
    free(doc->section_name);
    for (size_t i = 0; i < doc->ntags; i++)
        free(doc->tags[i].name);
    free(doc->tags);
    if (doc->picture) {
        free(doc->picture->href);
        free(doc->picture->content_type);
        free(doc->picture->caption);
        free(doc->picture->credit);
        free(doc->picture->alt);
        free(doc->picture);
    }
    for (size_t i = 0; i < doc->nrelated; i++) {
        free(doc->related[i].uri);
        free(doc->related[i].headline);
    }
    free(doc->related);
    memset(doc, 0, sizeof(*doc));
    doc->version = 1;
    doc->status = DL_STATUS_PUBLISHED;
}
