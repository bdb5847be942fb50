/* sanitize.c: allow-list HTML sanitizer over libxml2's HTML parser, and the
 * text/plain to HTML paragraph converter (see sanitize.h). The tree is walked
 * without recursion; a small stack of open output elements keeps the result
 * valid HTML5 (content models, implied wrappers), whatever the input nesting. */
#include "ingest/sanitize.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "core/error.h"
#include "core/escape.h"
#include "core/utf8.h"

/* Elements nested deeper than this are unwrapped (their text is kept). */
#define MAX_DEPTH 100
/* Table layout check limits: columns, and grid slots visited. */
#define GRID_MAX 1000
#define GRID_WORK 100000
/* Longest rowspan written. */
#define MAX_ROWSPAN 256

enum kind {
    K_ROOT,    /* the pseudo-element the output is appended to */
    K_PHRASE,  /* phrasing element with phrasing content: strong, em, span... */
    K_A,       /* a: phrasing, no nested a */
    K_BR,      /* void */
    K_IMG,     /* void */
    K_HR,      /* void, flow only */
    K_PBLOCK,  /* p, pre: flow only, phrasing content */
    K_HEADING, /* h1-h6: flow only, phrasing content */
    K_FBLOCK,  /* blockquote: flow only, flow content */
    K_FIGURE,  /* figure: flow content with an optional first or last figcaption */
    K_LIST,    /* ul, ol: container of li */
    K_DL,      /* dl: container of dt/dd groups */
    K_TABLE,   /* table: container of caption, thead, tbody, tr, tfoot */
    K_LI,      /* structural children: only inside their container */
    K_DT,
    K_DD,
    K_FIGCAPTION,
    K_CAPTION,
    K_TSECT, /* thead, tbody, tfoot: container of tr */
    K_TR,    /* container of td/th */
    K_CELL,  /* td, th */
    K_DROP,  /* dropped with its content */
};

enum attrs { A_NONE, A_A, A_ABBR, A_IMG, A_TD, A_TH };

struct elem {
    const char *name; /* as libxml2 reports it (lower case) */
    const char *out;  /* name written */
    unsigned char kind;
    unsigned char attrs;
};

/* Sorted by name for bsearch. Anything not listed is unwrapped. */
static const struct elem elems[] = {
    {"a", "a", K_A, A_A},
    {"abbr", "abbr", K_PHRASE, A_ABBR},
    {"applet", NULL, K_DROP, A_NONE},
    {"audio", NULL, K_DROP, A_NONE},
    {"b", "b", K_PHRASE, A_NONE},
    {"base", NULL, K_DROP, A_NONE},
    {"blockquote", "blockquote", K_FBLOCK, A_NONE},
    {"br", "br", K_BR, A_NONE},
    {"button", NULL, K_DROP, A_NONE},
    {"canvas", NULL, K_DROP, A_NONE},
    {"caption", "caption", K_CAPTION, A_NONE},
    {"cite", "cite", K_PHRASE, A_NONE},
    {"code", "code", K_PHRASE, A_NONE},
    {"datalist", NULL, K_DROP, A_NONE},
    {"dd", "dd", K_DD, A_NONE},
    {"dialog", NULL, K_DROP, A_NONE},
    {"dl", "dl", K_DL, A_NONE},
    {"dt", "dt", K_DT, A_NONE},
    {"em", "em", K_PHRASE, A_NONE},
    {"embed", NULL, K_DROP, A_NONE},
    {"figcaption", "figcaption", K_FIGCAPTION, A_NONE},
    {"figure", "figure", K_FIGURE, A_NONE},
    {"form", NULL, K_DROP, A_NONE},
    {"frame", NULL, K_DROP, A_NONE},
    {"frameset", NULL, K_DROP, A_NONE},
    {"h1", "h2", K_HEADING, A_NONE},
    {"h2", "h2", K_HEADING, A_NONE},
    {"h3", "h3", K_HEADING, A_NONE},
    {"h4", "h4", K_HEADING, A_NONE},
    {"h5", "h5", K_HEADING, A_NONE},
    {"h6", "h6", K_HEADING, A_NONE},
    {"head", NULL, K_DROP, A_NONE},
    {"hr", "hr", K_HR, A_NONE},
    {"i", "i", K_PHRASE, A_NONE},
    {"iframe", NULL, K_DROP, A_NONE},
    {"img", "img", K_IMG, A_IMG},
    {"input", NULL, K_DROP, A_NONE},
    {"li", "li", K_LI, A_NONE},
    {"link", NULL, K_DROP, A_NONE},
    {"mark", "mark", K_PHRASE, A_NONE},
    {"math", NULL, K_DROP, A_NONE},
    {"meta", NULL, K_DROP, A_NONE},
    {"noembed", NULL, K_DROP, A_NONE},
    {"noframes", NULL, K_DROP, A_NONE},
    {"noscript", NULL, K_DROP, A_NONE},
    {"object", NULL, K_DROP, A_NONE},
    {"ol", "ol", K_LIST, A_NONE},
    {"optgroup", NULL, K_DROP, A_NONE},
    {"option", NULL, K_DROP, A_NONE},
    {"p", "p", K_PBLOCK, A_NONE},
    {"param", NULL, K_DROP, A_NONE},
    {"pre", "pre", K_PBLOCK, A_NONE},
    {"q", "q", K_PHRASE, A_NONE},
    {"s", "s", K_PHRASE, A_NONE},
    {"script", NULL, K_DROP, A_NONE},
    {"select", NULL, K_DROP, A_NONE},
    {"small", "small", K_PHRASE, A_NONE},
    {"source", NULL, K_DROP, A_NONE},
    {"span", "span", K_PHRASE, A_NONE},
    {"strong", "strong", K_PHRASE, A_NONE},
    {"style", NULL, K_DROP, A_NONE},
    {"sub", "sub", K_PHRASE, A_NONE},
    {"sup", "sup", K_PHRASE, A_NONE},
    {"svg", NULL, K_DROP, A_NONE},
    {"table", "table", K_TABLE, A_NONE},
    {"tbody", "tbody", K_TSECT, A_NONE},
    {"td", "td", K_CELL, A_TD},
    {"template", NULL, K_DROP, A_NONE},
    {"textarea", NULL, K_DROP, A_NONE},
    {"tfoot", "tfoot", K_TSECT, A_NONE},
    {"th", "th", K_CELL, A_TH},
    {"thead", "thead", K_TSECT, A_NONE},
    {"title", NULL, K_DROP, A_NONE},
    {"tr", "tr", K_TR, A_NONE},
    {"track", NULL, K_DROP, A_NONE},
    {"u", "u", K_PHRASE, A_NONE},
    {"ul", "ul", K_LIST, A_NONE},
    {"video", NULL, K_DROP, A_NONE},
    {"xml", NULL, K_DROP, A_NONE},
};

/* Headings as written: levels are renumbered so that none is skipped. */
static const struct elem headings[] = {
    {"h2", "h2", K_HEADING, A_NONE}, {"h3", "h3", K_HEADING, A_NONE},
    {"h4", "h4", K_HEADING, A_NONE}, {"h5", "h5", K_HEADING, A_NONE},
    {"h6", "h6", K_HEADING, A_NONE},
};

static const struct elem el_li = {"li", "li", K_LI, A_NONE};
static const struct elem el_dd = {"dd", "dd", K_DD, A_NONE};
static const struct elem el_tr = {"tr", "tr", K_TR, A_NONE};
static const struct elem el_td = {"td", "td", K_CELL, A_NONE};

/* Content restrictions a frame imposes on its descendants. */
enum {
    C_PHRASING = 1,   /* only phrasing content */
    C_NO_A = 2,       /* inside a */
    C_NO_HEADING = 4, /* inside dt or th */
    C_NO_TABLE = 8,   /* inside caption */
};

/* Per-frame state bits (meaning depends on the element). */
enum {
    S_DT = 1,      /* dl: last group item was a dt */
    S_DD = 2,      /* dl: last group item was a dd */
    S_THEAD = 1,   /* table: thead written */
    S_ROWS = 2,    /* table: tbody or tr written */
    S_TFOOT = 4,   /* table: tfoot written */
    S_COLSPAN = 8, /* table: its cells may keep colspan */
    S_FIGCAP = 1,  /* figure: figcaption written */
};

/* One open output element. */
struct frame {
    const struct elem *el; /* NULL for the root */
    const xmlNode *src;    /* source element; NULL if implied (or root) */
    const xmlNode *last;   /* figure/table: last meaningful source child */
    unsigned ctx;          /* C_* flags for the children */
    unsigned state;        /* S_* flags */
    size_t nkids;          /* children written, whitespace text not counted */
};

struct san {
    struct dl_buf *out;
    int rc;
    struct frame *st;
    size_t nst, capst;
    size_t depth; /* source-backed frames open */
    int hlevel;   /* level of the last heading written; 1 stands for the page's h1 */
};

enum act { EMIT, UNWRAP, WRAP, DROP };

static int elem_cmp(const void *key, const void *e)
{
    return strcmp(key, ((const struct elem *)e)->name);
}

static const struct elem *lookup(const xmlChar *name)
{
    return bsearch(name, elems, sizeof(elems) / sizeof(elems[0]), sizeof(elems[0]), elem_cmp);
}

static void put(struct san *s, const char *p, size_t n)
{
    if (!s->rc)
        s->rc = dl_buf_append(s->out, p, n);
}

static void puts_(struct san *s, const char *p)
{
    put(s, p, strlen(p));
}

/* Length of the code point at p (valid UTF-8 assumed, defensively bounded)
 * and its value. */
static size_t decode(const unsigned char *p, size_t n, unsigned *cp)
{
    size_t len = p[0] < 0x80 ? 1 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
    if (len > n) {
        *cp = 0xFFFD;
        return n;
    }
    unsigned c = len == 1 ? p[0] : len == 2 ? p[0] & 0x1F : len == 3 ? p[0] & 0x0F : p[0] & 0x07;
    for (size_t i = 1; i < len; i++)
        c = (c << 6) | (p[i] & 0x3F);
    *cp = c;
    return len;
}

/* Code points the HTML checker rejects in a document: C0 controls other than
 * tab and newline, DEL, C1 controls and noncharacters. */
static bool forbidden(unsigned c)
{
    if (c < 0x20)
        return c != '\t' && c != '\n';
    if (c >= 0x7F && c <= 0x9F)
        return true;
    if (c >= 0xFDD0 && c <= 0xFDEF)
        return true;
    return (c & 0xFFFE) == 0xFFFE;
}

/* Appends text escaped for HTML, with forbidden code points removed
 * (CR and form feed become a newline and a space). */
static int put_text_buf(struct dl_buf *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t start = 0, i = 0;
    int rc = 0;
    while (i < n && !rc) {
        unsigned c;
        size_t len = decode(p + i, n - i, &c);
        if (!forbidden(c)) {
            i += len;
            continue;
        }
        rc = dl_html_escape(out, s + start, i - start);
        if (!rc && c == '\r' && !(i + 1 < n && p[i + 1] == '\n'))
            rc = dl_buf_putc(out, '\n');
        else if (!rc && c == '\f')
            rc = dl_buf_putc(out, ' ');
        i += len;
        start = i;
    }
    if (!rc)
        rc = dl_html_escape(out, s + start, n - start);
    return rc;
}

static void put_text(struct san *s, const char *p, size_t n)
{
    if (!s->rc)
        s->rc = put_text_buf(s->out, p, n);
}

static bool is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool all_space(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_space((unsigned char)p[i]))
            return false;
    return true;
}

static bool is_hex(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Cleans a URL attribute value into out (raw, not yet HTML-escaped):
 * surrounding whitespace trimmed, ASCII control characters removed, then
 * characters the HTML checker rejects percent-encoded. Returns true if the
 * result is non-empty and its scheme is http, https, mailto or absent. */
static bool clean_url(const char *v, struct dl_buf *out)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(v), a = 0;
    while (a < n && (unsigned char)v[a] <= 0x20)
        a++;
    while (n > a && (unsigned char)v[n - 1] <= 0x20)
        n--;
    dl_buf_reset(out);
    for (size_t i = a; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c < 0x20 || c == 0x7F)
            continue;
        int rc;
        if (c == ' ' || c == '"' || c == '<' || c == '>' || c == '`' || c == '{' || c == '}' ||
            c == '|' || c == '\\' || c == '^' ||
            (c == '%' && !(i + 2 < n && is_hex(v[i + 1]) && is_hex(v[i + 2])))) {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            rc = dl_buf_append(out, e, 3);
        } else {
            rc = dl_buf_putc(out, (char)c);
        }
        if (rc)
            return false;
    }
    if (out->n == 0)
        return false;
    size_t k = strcspn(out->p, ":/?#");
    if (out->p[k] != ':')
        return true; /* relative */
    return (k == 4 && strncasecmp(out->p, "http", 4) == 0) ||
           (k == 5 && strncasecmp(out->p, "https", 5) == 0) ||
           (k == 6 && strncasecmp(out->p, "mailto", 6) == 0);
}

/* Attribute value of node, or NULL; free with xmlFree. */
static char *attr(const xmlNode *node, const char *name)
{
    xmlAttr *a = xmlHasProp(node, (const xmlChar *)name);
    return a ? (char *)xmlNodeGetContent((xmlNode *)a) : NULL;
}

/* True if the node carries a usable URL in attribute name. */
static bool has_url(const xmlNode *node, const char *name)
{
    char *v = attr(node, name);
    if (!v)
        return false;
    struct dl_buf tmp;
    dl_buf_init(&tmp, 64 << 10);
    bool ok = clean_url(v, &tmp);
    dl_buf_release(&tmp);
    xmlFree(v);
    return ok;
}

static void put_attr_value(struct san *s, const char *name, const char *v, size_t n)
{
    put(s, " ", 1);
    puts_(s, name);
    put(s, "=\"", 2);
    put_text(s, v, n);
    put(s, "\"", 1);
}

static void put_url_attr(struct san *s, const xmlNode *node, const char *name)
{
    char *v = attr(node, name);
    if (!v)
        return;
    struct dl_buf tmp;
    dl_buf_init(&tmp, 64 << 10);
    if (clean_url(v, &tmp))
        put_attr_value(s, name, tmp.p, tmp.n);
    dl_buf_release(&tmp);
    xmlFree(v);
}

static void put_text_attr(struct san *s, const xmlNode *node, const char *name, bool always)
{
    char *v = attr(node, name);
    if (v || always)
        put_attr_value(s, name, v ? v : "", v ? strlen(v) : 0);
    xmlFree(v);
}

/* Reads a digits-only attribute (surrounding whitespace allowed, at most six
 * digits) into *val; false if absent or not lo <= value <= hi. */
static bool int_attr(const xmlNode *node, const char *name, long lo, long hi, long *val)
{
    char *v = attr(node, name);
    if (!v)
        return false;
    size_t n = strlen(v), a = 0;
    while (a < n && is_space((unsigned char)v[a]))
        a++;
    while (n > a && is_space((unsigned char)v[n - 1]))
        n--;
    long x = 0;
    bool ok = n > a && n - a <= 6;
    for (size_t i = a; ok && i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            ok = false;
        else
            x = x * 10 + (v[i] - '0');
    }
    xmlFree(v);
    ok = ok && x >= lo && x <= hi;
    if (ok)
        *val = x;
    return ok;
}

/* Writes a digits-only attribute if valid, without whitespace or leading zeros. */
static void put_int_attr(struct san *s, const xmlNode *node, const char *name, long lo, long hi)
{
    long val;
    if (int_attr(node, name, lo, hi, &val)) {
        char num[16];
        int len = snprintf(num, sizeof(num), "%ld", val);
        put_attr_value(s, name, num, (size_t)len);
    }
}

static void put_scope_attr(struct san *s, const xmlNode *node)
{
    static const char *const scopes[] = {"row", "col", "rowgroup", "colgroup"};
    char *v = attr(node, "scope");
    if (!v)
        return;
    for (size_t i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
        if (strcasecmp(v, scopes[i]) == 0) {
            put_attr_value(s, "scope", scopes[i], strlen(scopes[i]));
            break;
        }
    }
    xmlFree(v);
}

static bool meaningful(const xmlNode *n)
{
    if (n->type == XML_ELEMENT_NODE) {
        const struct elem *e = lookup(n->name);
        return !e || e->kind != K_DROP;
    }
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return n->content && !all_space((const char *)n->content, strlen((const char *)n->content));
    return false;
}

static const xmlNode *last_meaningful(const xmlNode *src)
{
    const xmlNode *last = NULL;
    for (const xmlNode *c = src ? src->children : NULL; c; c = c->next)
        if (meaningful(c))
            last = c;
    return last;
}

/* Rows a cell may span: its own tr and the tr elements right after it in the
 * same source row group, at most MAX_ROWSPAN. A cell that is not a direct child of
 * a tr gets 1 (its row may be implied). A longer span would run past the row
 * group, which the HTML checker reports. */
static long rows_left(const xmlNode *cell)
{
    const xmlNode *tr = cell->parent;
    if (!tr || tr->type != XML_ELEMENT_NODE || strcmp((const char *)tr->name, "tr") != 0)
        return 1;
    long rows = 1;
    for (const xmlNode *n = tr->next; n && rows < MAX_ROWSPAN; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "tr") == 0)
            rows++;
        else if (meaningful(n))
            break;
    }
    return rows;
}

/* The rows a cell spans as written: its valid rowspan (0 meaning the rest
 * of the row group) clamped to rows_left, or 1. */
static long cell_rowspan(const xmlNode *cell)
{
    long rs = 1, left = rows_left(cell);
    if (!int_attr(cell, "rowspan", 0, 65534, &rs))
        return 1;
    return rs == 0 || rs > left ? left : rs;
}

static bool is_el(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Lays out one source row's cells on the column grid (the HTML table model);
 * false on an overlap or a grid too large to check. */
static bool lay_row(const xmlNode *tr, long r, long *busy, bool *began, long *width, long *work)
{
    long col = 0;
    for (const xmlNode *c = tr->children; c; c = c->next) {
        if (!is_el(c, "td") && !is_el(c, "th")) {
            if (meaningful(c))
                return false; /* would become an implied cell */
            continue;
        }
        long cs = 1, rs = cell_rowspan(c);
        int_attr(c, "colspan", 1, 1000, &cs);
        while (col < GRID_MAX && busy[col] > r)
            col++;
        *work += col + cs;
        if (col + cs > GRID_MAX || *work > GRID_WORK)
            return false;
        for (long k = col; k < col + cs; k++) {
            if (busy[k] > r)
                return false; /* overlap */
            busy[k] = r + rs;
        }
        began[col] = true;
        col += cs;
        if (col > *width)
            *width = col;
    }
    return true;
}

/* True if colspan attributes can be kept in the table written from src:
 * its rows and cells are plain (nothing that would become implied), no
 * cell overlaps another and every column has a cell beginning in it, as
 * the HTML checker requires. Otherwise all its colspans are dropped (with
 * only rowspans, both hold by construction). */
static bool colspans_ok(const xmlNode *table)
{
    long *busy = dl_xcalloc(GRID_MAX, sizeof(*busy));
    bool *began = dl_xcalloc(GRID_MAX, sizeof(*began));
    long r = 0, width = 0, work = 0;
    bool ok = true;
    for (const xmlNode *g = table->children; g && ok; g = g->next) {
        if (is_el(g, "tr")) {
            ok = lay_row(g, r++, busy, began, &width, &work);
        } else if (is_el(g, "thead") || is_el(g, "tbody") || is_el(g, "tfoot")) {
            for (const xmlNode *t = g->children; t && ok; t = t->next) {
                if (is_el(t, "tr"))
                    ok = lay_row(t, r++, busy, began, &width, &work);
                else if (meaningful(t))
                    ok = false;
            }
        } else if (meaningful(g) && !is_el(g, "caption")) {
            ok = false;
        }
    }
    for (long c = 0; ok && c < width; c++)
        ok = began[c];
    free(busy);
    free(began);
    return ok;
}

/* The table frame a cell is written in. */
static const struct frame *table_of(const struct san *s)
{
    for (size_t j = s->nst; j-- > 1;)
        if (s->st[j].el->kind == K_TABLE)
            return &s->st[j];
    return NULL;
}

static void put_attrs(struct san *s, const struct elem *e, const xmlNode *node)
{
    long span;
    if (!node)
        return;
    switch (e->attrs) {
    case A_A:
        put_url_attr(s, node, "href");
        put_text_attr(s, node, "title", false);
        break;
    case A_ABBR: put_text_attr(s, node, "title", false); break;
    case A_IMG:
        put_url_attr(s, node, "src");
        put_text_attr(s, node, "alt", true); /* the checker requires alt */
        put_int_attr(s, node, "width", 0, 999999);
        put_int_attr(s, node, "height", 0, 999999);
        break;
    case A_TH:
    case A_TD:
        if (table_of(s) && (table_of(s)->state & S_COLSPAN))
            put_int_attr(s, node, "colspan", 1, 1000);
        if ((span = cell_rowspan(node)) > 1) {
            char num[16];
            int len = snprintf(num, sizeof(num), "%ld", span);
            put_attr_value(s, "rowspan", num, (size_t)len);
        }
        if (e->attrs == A_TH)
            put_scope_attr(s, node);
        break;
    default: break;
    }
}

static void start_tag(struct san *s, const struct elem *e, const xmlNode *node)
{
    put(s, "<", 1);
    puts_(s, e->out);
    put_attrs(s, e, node);
    put(s, ">", 1);
}

static void end_tag(struct san *s, const struct elem *e)
{
    put(s, "</", 2);
    puts_(s, e->out);
    put(s, ">", 1);
}

static bool is_container(int kind)
{
    return kind == K_LIST || kind == K_DL || kind == K_TABLE || kind == K_TSECT || kind == K_TR;
}

static bool is_structural(int kind)
{
    return kind >= K_LI && kind <= K_CELL;
}

/* True if parent kind is the proper home of child kind. */
static bool home_of(int parent, int child)
{
    switch (child) {
    case K_LI: return parent == K_LIST;
    case K_DT:
    case K_DD: return parent == K_DL;
    case K_FIGCAPTION: return parent == K_FIGURE;
    case K_CAPTION: return parent == K_TABLE;
    case K_TSECT: return parent == K_TABLE;
    case K_TR: return parent == K_TABLE || parent == K_TSECT;
    case K_CELL: return parent == K_TR;
    default: return false;
    }
}

static int kind_of(const struct frame *f)
{
    return f->el ? f->el->kind : K_ROOT;
}

/* A structural child in its proper parent: may it go here now? */
static bool state_allows(const struct frame *f, const struct elem *e, const xmlNode *node)
{
    bool last = node && node->parent == f->src && node == f->last;
    switch (e->kind) {
    case K_FIGCAPTION: return !(f->state & S_FIGCAP) && (f->nkids == 0 || last);
    case K_CAPTION: return f->nkids == 0;
    case K_TSECT:
        if (strcmp(e->name, "thead") == 0)
            return !(f->state & (S_THEAD | S_ROWS | S_TFOOT));
        if (strcmp(e->name, "tfoot") == 0)
            return !(f->state & S_TFOOT) && last;
        return !(f->state & S_TFOOT);
    case K_TR: return kind_of(f) != K_TABLE || !(f->state & S_TFOOT);
    default: return true;
    }
}

/* What to do with element e (NULL: non-blank text) in frame f. */
static enum act decide(const struct frame *f, const struct elem *e, const xmlNode *node)
{
    int fk = kind_of(f);
    bool cont = is_container(fk);
    if (!e)
        return cont ? WRAP : EMIT;
    if (is_structural(e->kind)) {
        if (home_of(fk, e->kind))
            return state_allows(f, e, node) ? EMIT : UNWRAP;
        return cont ? WRAP : UNWRAP;
    }
    if (cont)
        return WRAP;
    switch (e->kind) {
    case K_HR: return (f->ctx & C_PHRASING) ? DROP : EMIT;
    case K_PBLOCK:
    case K_FBLOCK:
    case K_FIGURE:
    case K_LIST:
    case K_DL: return (f->ctx & C_PHRASING) ? UNWRAP : EMIT;
    case K_HEADING: return (f->ctx & (C_PHRASING | C_NO_HEADING)) ? UNWRAP : EMIT;
    case K_TABLE: return (f->ctx & (C_PHRASING | C_NO_TABLE)) ? UNWRAP : EMIT;
    case K_A: return (f->ctx & C_NO_A) ? UNWRAP : EMIT;
    default: return EMIT;
    }
}

/* Writes e's start tag and opens a frame for it (void elements get no frame).
 * node is the source element, NULL for an implied wrapper. */
static void push(struct san *s, const struct elem *e, const xmlNode *node)
{
    struct frame *f = &s->st[s->nst - 1];
    int fk = kind_of(f);
    f->nkids++;
    if (fk == K_DL) {
        if (e->kind == K_DD && !(f->state & (S_DT | S_DD)))
            puts_(s, "<dt></dt>"); /* a dl group must start with a dt */
        f->state = e->kind == K_DT ? S_DT : S_DD;
    } else if (fk == K_TABLE) {
        if (e->kind == K_TR || (e->kind == K_TSECT && strcmp(e->name, "tbody") == 0))
            f->state |= S_ROWS;
        else if (e->kind == K_TSECT)
            f->state |= strcmp(e->name, "thead") == 0 ? S_THEAD : S_TFOOT;
    } else if (fk == K_FIGURE && e->kind == K_FIGCAPTION) {
        f->state |= S_FIGCAP;
    }
    start_tag(s, e, node);
    if (e->kind == K_BR || e->kind == K_IMG || e->kind == K_HR)
        return;
    if (strcmp(e->out, "pre") == 0)
        put(s, "\n", 1); /* HTML drops one newline after <pre>: keep the content's own */
    unsigned ctx = f->ctx;
    switch (e->kind) {
    case K_A: ctx |= C_PHRASING | C_NO_A; break;
    case K_PHRASE:
    case K_PBLOCK:
    case K_HEADING: ctx |= C_PHRASING; break;
    case K_DT: ctx |= C_NO_HEADING; break;
    case K_CELL: ctx |= strcmp(e->name, "th") == 0 ? C_NO_HEADING : 0; break;
    case K_CAPTION: ctx |= C_NO_TABLE; break;
    default: break;
    }
    if (s->nst == s->capst) {
        s->capst *= 2;
        s->st = dl_xrealloc(s->st, s->capst * sizeof(*s->st));
    }
    struct frame *nf = &s->st[s->nst++];
    *nf = (struct frame){.el = e, .src = node, .ctx = ctx};
    if (node && (e->kind == K_FIGURE || e->kind == K_TABLE))
        nf->last = last_meaningful(node);
    if (node && e->kind == K_TABLE && colspans_ok(node))
        nf->state |= S_COLSPAN;
    if (node)
        s->depth++;
}

static void pop(struct san *s)
{
    struct frame *f = &s->st[--s->nst];
    if (kind_of(f) == K_DL && (f->state & S_DT))
        puts_(s, "<dd></dd>"); /* a dt must be followed by a dd */
    if (kind_of(f) == K_TR && f->nkids == 0)
        puts_(s, "<td></td>"); /* a row needs a cell */
    end_tag(s, f->el);
    if (f->src)
        s->depth--;
}

/* Opens the implied child a container needs before other content. */
static void wrap(struct san *s)
{
    switch (kind_of(&s->st[s->nst - 1])) {
    case K_LIST: push(s, &el_li, NULL); break;
    case K_DL: push(s, &el_dd, NULL); break;
    case K_TABLE:
    case K_TSECT: push(s, &el_tr, NULL); break;
    default: push(s, &el_td, NULL); break;
    }
}

/* Closes implied wrappers when an enclosing frame takes e (or text) directly,
 * e.g. a real <li> after text that was wrapped in an implied one. */
static void settle(struct san *s, const struct elem *e, const xmlNode *node)
{
    /* libxml2 nests <dd>a<dd>b (and the like): a list item opening right in
     * another one ends it, as in HTML5. */
    const struct frame *t = &s->st[s->nst - 1];
    if (e && t->src && s->nst > 2 &&
        kind_of(&s->st[s->nst - 2]) == (e->kind == K_LI ? K_LIST : K_DL) &&
        ((e->kind == K_LI && kind_of(t) == K_LI) ||
         ((e->kind == K_DD || e->kind == K_DT) && (kind_of(t) == K_DD || kind_of(t) == K_DT)))) {
        pop(s);
        return;
    }
    for (size_t j = s->nst - 1; j > 0; j--) {
        const struct frame *f = &s->st[j];
        if (decide(f, e, node) == EMIT) {
            while (s->nst - 1 > j)
                pop(s);
            return;
        }
        if (f->src || !f->el)
            return;
    }
}

/* Places e or text in the current frame, opening wrappers as needed. */
static enum act place(struct san *s, const struct elem *e, const xmlNode *node)
{
    settle(s, e, node);
    for (;;) {
        enum act a = decide(&s->st[s->nst - 1], e, node);
        if (a != WRAP)
            return a;
        wrap(s);
    }
}

static void on_text(struct san *s, const xmlNode *node)
{
    const char *p = (const char *)node->content;
    size_t n = p ? strlen(p) : 0;
    if (n == 0)
        return;
    if (all_space(p, n)) {
        put_text(s, p, n);
        return;
    }
    place(s, NULL, node);
    s->st[s->nst - 1].nkids++;
    put_text(s, p, n);
}

/* Handles an element's start. Returns true if its children are to be walked
 * (the element was written or unwrapped), false if it was dropped. */
static bool enter(struct san *s, const xmlNode *node)
{
    const struct elem *e = lookup(node->name);
    if (!e)
        return true;
    if (e->kind == K_DROP)
        return false;
    if (e->kind == K_IMG && !has_url(node, "src"))
        return false;
    if (e->kind == K_A && !has_url(node, "href"))
        return true;
    bool is_void = e->kind == K_BR || e->kind == K_IMG || e->kind == K_HR;
    if (!is_void && s->depth >= MAX_DEPTH)
        return true;
    int level = 0;
    if (e->kind == K_HEADING) {
        level = e->out[1] - '0';
        if (level > s->hlevel + 1)
            level = s->hlevel + 1;
        e = &headings[level - 2];
    }
    switch (place(s, e, node)) {
    case EMIT:
        push(s, e, node);
        if (level)
            s->hlevel = level;
        return true;
    case DROP: return false;
    default: return true;
    }
}

/* Handles an element's end: closes its frame if it has one. */
static void leave(struct san *s, const xmlNode *node)
{
    size_t j = s->nst - 1;
    while (j > 0 && !s->st[j].src)
        j--;
    if (j == 0 || s->st[j].src != node)
        return;
    while (s->nst > j)
        pop(s);
}

static void walk(struct san *s, xmlNode *top)
{
    xmlNode *n = top->children;
    while (n && !s->rc) {
        bool descend = false;
        if (n->type == XML_ELEMENT_NODE)
            descend = enter(s, n);
        else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
            on_text(s, n);
        if (descend) {
            if (n->children) {
                n = n->children;
                continue;
            }
            leave(s, n);
        }
        while (!n->next) {
            n = n->parent;
            if (!n || n == top)
                return;
            leave(s, n);
        }
        n = n->next;
    }
}

int dl_sanitize_html(const char *html, size_t n, struct dl_buf *out)
{
    struct san s = {.out = out, .hlevel = 1};
    size_t start = out->n;
    htmlParserCtxtPtr ctxt = NULL;
    htmlDocPtr doc = NULL;
    int rc = 0;
    if (!dl_utf8_valid(html, n)) {
        rc = DL_EUTF8;
        goto out;
    }
    if (all_space(html, n))
        goto out;
    if (n > INT_MAX) {
        rc = DL_ETOOBIG;
        goto out;
    }
    ctxt = htmlNewParserCtxt();
    if (!ctxt) {
        fputs("dateline: out of memory\n", stderr);
        abort();
    }
    /* XML_PARSE_HUGE lifts libxml2's nesting limit of 256, which tag soup
     * with many unclosed inline elements reaches: the parse would halt and
     * lose the rest. The walk below is iterative and caps output depth. The
     * document's own charset declarations are ignored: input is UTF-8. */
    doc = htmlCtxtReadMemory(ctxt, html, (int)n, NULL, "UTF-8",
                             HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                 HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
    /* A halted parse lost the rest of the input: refuse rather than
     * publish half a body. */
    if (!doc || ctxt->disableSAX) {
        rc = DL_EINVAL;
        goto out;
    }
    s.capst = 16;
    s.st = dl_xmalloc(s.capst * sizeof(*s.st));
    s.st[0] = (struct frame){0};
    s.nst = 1;
    walk(&s, (xmlNode *)doc);
    while (s.nst > 1 && !s.rc)
        pop(&s);
    rc = s.rc;
out:
    if (rc && out->p) {
        out->n = start;
        out->p[start] = '\0';
    }
    free(s.st);
    if (doc)
        xmlFreeDoc(doc);
    if (ctxt)
        htmlFreeParserCtxt(ctxt);
    return rc;
}

int dl_plain_to_html(const char *text, size_t n, struct dl_buf *out)
{
    size_t start = out->n;
    bool open = false;
    int rc = 0;
    if (!dl_utf8_valid(text, n)) {
        rc = DL_EUTF8;
        goto out;
    }
    for (size_t i = 0; i < n && !rc;) {
        size_t e = i;
        while (e < n && text[e] != '\n' && text[e] != '\r')
            e++;
        size_t next = e;
        if (next < n && text[next] == '\r' && next + 1 < n && text[next + 1] == '\n')
            next += 2;
        else if (next < n)
            next++;
        size_t a = i, b = e;
        while (a < b && is_space((unsigned char)text[a]))
            a++;
        while (b > a && is_space((unsigned char)text[b - 1]))
            b--;
        if (a == b) {
            if (open)
                rc = dl_buf_puts(out, "</p>\n");
            open = false;
        } else {
            rc = dl_buf_puts(out, open ? "<br>\n" : "<p>");
            if (!rc)
                rc = put_text_buf(out, text + a, b - a);
            open = true;
        }
        i = next;
    }
    if (!rc && open)
        rc = dl_buf_puts(out, "</p>\n");
out:
    if (rc && out->p) {
        out->n = start;
        out->p[start] = '\0';
    }
    return rc;
}
