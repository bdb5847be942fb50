/* mustache.c: Mustache compiler and renderer (see mustache.h). Source is cut into
 * tokens, standalone lines are resolved line by line, and the result is a tree of
 * nodes that rendering only reads, so a built set is safe to share between threads. */
#include "tmpl/mustache.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/error.h"
#include "core/escape.h"

#define MAX_PARTIAL_DEPTH 64 /* partials inside partials, at render time */
#define MAX_SECTION_DEPTH 64 /* sections inside sections, in one template */
#define MAX_DELIM 32         /* bytes in a delimiter set by {{=a b=}} */
#define MAX_FILE ((size_t)16 << 20)

enum tok_kind { T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_CLOSE, T_PARTIAL, T_COMMENT, T_DELIM };

/* One piece of source. Text tokens never hold a newline except as their last byte,
 * so a line is a run of tokens ending in a text token that ends in '\n'. */
struct tok {
    enum tok_kind kind;
    struct dl_str s; /* T_TEXT: the bytes; tags: the trimmed name */
    size_t line;
};

/* N_BOL marks the start of a source line: there a standalone partial's indentation
 * is written, so lines of the partial's own text are indented but lines inside
 * interpolated values are not (as the spec requires). */
enum node_kind { N_TEXT, N_BOL, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL };

struct node {
    enum node_kind kind;
    struct dl_str text; /* N_TEXT: bytes in the template's src; N_PARTIAL: indentation */
    char *name;         /* N_VAR..N_INVERTED: the segments of a dotted name, each
                           NUL-terminated, back to back; N_PARTIAL: the partial name */
    size_t nseg;        /* segments in name; 0 is the implicit iterator "." */
    int standalone;     /* N_PARTIAL: alone on its line, so its lines get indented */
    struct node *kids;  /* N_SECTION, N_INVERTED */
    size_t nkids;
};

struct tmpl {
    char *name;
    char *src; /* owned copy of the source; text nodes point into it */
    struct node *nodes;
    size_t n;
};

struct dl_tmpl {
    struct tmpl *v; /* sorted by name */
    size_t n, cap;
};

/* ---- errors ---- */

static int fail(char *err, size_t errlen, const char *label, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int fail(char *err, size_t errlen, const char *label, size_t line, const char *fmt, ...)
{
    if (err && errlen) {
        int k = snprintf(err, errlen, "%s:%zu: ", label, line);
        if (k >= 0 && (size_t)k < errlen) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(err + k, errlen - (size_t)k, fmt, ap);
            va_end(ap);
        }
    }
    return DL_EINVAL;
}

/* ---- lexing ---- */

struct lexer {
    const char *src;
    size_t n, pos, line;
    char otag[MAX_DELIM + 1], ctag[MAX_DELIM + 1];
    size_t olen, clen;
    struct tok *v;
    size_t nv, cap;
};

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void push_tok(struct lexer *lx, enum tok_kind kind, const char *p, size_t n, size_t line)
{
    if (lx->nv == lx->cap) {
        lx->cap = lx->cap ? lx->cap * 2 : 64;
        lx->v = dl_xrealloc(lx->v, lx->cap * sizeof *lx->v);
    }
    lx->v[lx->nv++] = (struct tok){kind, {p, n}, line};
}

/* Adds src[a..b) as text tokens, cut after each newline. */
static void push_text(struct lexer *lx, size_t a, size_t b)
{
    while (a < b) {
        const char *nl = memchr(lx->src + a, '\n', b - a);
        size_t e = nl ? (size_t)(nl - lx->src) + 1 : b;
        push_tok(lx, T_TEXT, lx->src + a, e - a, lx->line);
        if (nl)
            lx->line++;
        a = e;
    }
}

/* A name is "." or dot-separated non-empty segments, without NUL bytes;
 * a partial name is anything without NUL bytes. */
static int name_ok(struct dl_str s, int partial)
{
    if (memchr(s.p, '\0', s.n))
        return 0;
    if (partial || (s.n == 1 && s.p[0] == '.'))
        return 1;
    size_t seg = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] != '.')
            seg++;
        else if (seg == 0)
            return 0;
        else
            seg = 0;
    }
    return seg > 0;
}

/* Parses the inside of {{=open close=}}; returns 0 or -1. */
static int set_delims(struct lexer *lx, const char *p, size_t n)
{
    size_t i = 0, a0, a1, b0, b1;
    while (i < n && is_ws(p[i]))
        i++;
    for (a0 = i; i < n && !is_ws(p[i]); i++)
        ;
    a1 = i;
    while (i < n && is_ws(p[i]))
        i++;
    for (b0 = i; i < n && !is_ws(p[i]); i++)
        ;
    b1 = i;
    while (i < n && is_ws(p[i]))
        i++;
    if (i != n || a1 == a0 || b1 == b0 || a1 - a0 > MAX_DELIM || b1 - b0 > MAX_DELIM ||
        memchr(p + a0, '=', a1 - a0) || memchr(p + b0, '=', b1 - b0))
        return -1;
    memcpy(lx->otag, p + a0, a1 - a0);
    lx->olen = a1 - a0;
    memcpy(lx->ctag, p + b0, b1 - b0);
    lx->clen = b1 - b0;
    return 0;
}

static size_t count_nl(const char *p, size_t n)
{
    size_t k = 0;
    for (const char *e = p + n; (p = memchr(p, '\n', (size_t)(e - p))); p++)
        k++;
    return k;
}

static int lex(struct lexer *lx, const char *label, char *err, size_t errlen)
{
    const char *src = lx->src;
    size_t n = lx->n;
    while (lx->pos < n) {
        const char *o = memmem(src + lx->pos, n - lx->pos, lx->otag, lx->olen);
        if (!o) {
            push_text(lx, lx->pos, n);
            break;
        }
        size_t start = (size_t)(o - src), q = start + lx->olen, cs, ce, next;
        push_text(lx, lx->pos, start);
        size_t line = lx->line;
        enum tok_kind kind = T_VAR;
        if (q < n && src[q] == '{') {
            char close[MAX_DELIM + 1];
            close[0] = '}';
            memcpy(close + 1, lx->ctag, lx->clen);
            const char *c = memmem(src + q + 1, n - q - 1, close, lx->clen + 1);
            if (!c)
                return fail(err, errlen, label, line, "unclosed tag");
            cs = q + 1;
            ce = (size_t)(c - src);
            next = ce + 1 + lx->clen;
            kind = T_RAW;
        } else {
            const char *c = memmem(src + q, n - q, lx->ctag, lx->clen);
            if (!c)
                return fail(err, errlen, label, line, "unclosed tag");
            cs = q;
            ce = (size_t)(c - src);
            next = ce + lx->clen;
            while (cs < ce && is_ws(src[cs]))
                cs++;
            if (cs < ce) {
                switch (src[cs]) {
                case '#': kind = T_SECTION; break;
                case '^': kind = T_INVERTED; break;
                case '/': kind = T_CLOSE; break;
                case '>': kind = T_PARTIAL; break;
                case '&': kind = T_RAW; break;
                case '!': kind = T_COMMENT; break;
                case '=': kind = T_DELIM; break;
                default: break;
                }
                if (kind != T_VAR)
                    cs++;
            }
        }
        lx->line += count_nl(src + start, next - start);
        lx->pos = next;
        if (kind == T_COMMENT) {
            push_tok(lx, kind, src + cs, 0, line);
            continue;
        }
        if (kind == T_DELIM) {
            if (ce == cs || src[ce - 1] != '=' || set_delims(lx, src + cs, ce - 1 - cs))
                return fail(err, errlen, label, line, "bad delimiter tag");
            push_tok(lx, kind, src + cs, 0, line);
            continue;
        }
        while (cs < ce && is_ws(src[cs]))
            cs++;
        while (ce > cs && is_ws(src[ce - 1]))
            ce--;
        struct dl_str s = {src + cs, ce - cs};
        if (s.n == 0)
            return fail(err, errlen, label, line, "empty tag name");
        if (!name_ok(s, kind == T_PARTIAL))
            return fail(err, errlen, label, line, "bad name '%.*s'", (int)s.n, s.p);
        push_tok(lx, kind, s.p, s.n, line);
    }
    return 0;
}

/* ---- building the node tree ---- */

struct vec {
    struct node *v;
    size_t n, cap;
    const struct tok *open; /* the section tag, for all but the root */
};

static void free_nodes(struct node *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free_nodes(v[i].kids, v[i].nkids);
    }
    free(v);
}

static struct node *push_node(struct vec *c, enum node_kind kind)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->v = dl_xrealloc(c->v, c->cap * sizeof *c->v);
    }
    struct node *nd = &c->v[c->n++];
    memset(nd, 0, sizeof *nd);
    nd->kind = kind;
    return nd;
}

/* Copies a dotted name into nd as NUL-separated segments. */
static void set_name(struct node *nd, struct dl_str s)
{
    if (s.n == 1 && s.p[0] == '.')
        return;
    nd->name = dl_xstrndup(s.p, s.n);
    nd->nseg = 1;
    for (size_t i = 0; i < s.n; i++) {
        if (nd->name[i] == '.') {
            nd->name[i] = '\0';
            nd->nseg++;
        }
    }
}

/* Is the line toks[0..n) standalone: one non-interpolating tag and only blanks
 * around it? Sets *tag to the tag's index. */
static int standalone(const struct tok *toks, size_t n, size_t *tag)
{
    size_t ntags = 0;
    for (size_t i = 0; i < n; i++) {
        const struct tok *k = &toks[i];
        if (k->kind != T_TEXT) {
            if (k->kind == T_VAR || k->kind == T_RAW)
                return 0;
            ntags++;
            *tag = i;
            continue;
        }
        size_t len = k->s.n;
        if (len && k->s.p[len - 1] == '\n') {
            len--;
            if (len && k->s.p[len - 1] == '\r')
                len--;
        }
        for (size_t j = 0; j < len; j++)
            if (k->s.p[j] != ' ' && k->s.p[j] != '\t')
                return 0;
    }
    return ntags == 1;
}

struct builder {
    struct vec stack[MAX_SECTION_DEPTH + 1];
    size_t depth;
    const char *label;
    char *err;
    size_t errlen;
};

static int add_tok(struct builder *b, const struct tok *k, int alone, struct dl_str indent)
{
    struct vec *top = &b->stack[b->depth];
    struct node *nd;
    switch (k->kind) {
    case T_TEXT:
        push_node(top, N_TEXT)->text = k->s;
        break;
    case T_VAR:
    case T_RAW:
        set_name(push_node(top, k->kind == T_VAR ? N_VAR : N_RAW), k->s);
        break;
    case T_SECTION:
    case T_INVERTED:
        if (b->depth == MAX_SECTION_DEPTH)
            return fail(b->err, b->errlen, b->label, k->line, "sections nested too deeply");
        b->depth++;
        b->stack[b->depth] = (struct vec){NULL, 0, 0, k};
        break;
    case T_CLOSE: {
        const struct tok *open = top->open;
        if (!open)
            return fail(b->err, b->errlen, b->label, k->line, "section end '%.*s' without a start",
                        (int)k->s.n, k->s.p);
        if (open->s.n != k->s.n || memcmp(open->s.p, k->s.p, k->s.n))
            return fail(b->err, b->errlen, b->label, k->line,
                        "section end '%.*s' does not match '%.*s' opened on line %zu", (int)k->s.n,
                        k->s.p, (int)open->s.n, open->s.p, open->line);
        struct vec done = *top;
        b->depth--;
        nd = push_node(&b->stack[b->depth], open->kind == T_SECTION ? N_SECTION : N_INVERTED);
        set_name(nd, open->s);
        nd->kids = done.v;
        nd->nkids = done.n;
        break;
    }
    case T_PARTIAL:
        nd = push_node(top, N_PARTIAL);
        nd->name = dl_xstrndup(k->s.p, k->s.n);
        nd->text = indent;
        nd->standalone = alone;
        break;
    case T_COMMENT:
    case T_DELIM:
        break;
    }
    return 0;
}

/* Compiles tp->src[0..n) (an owned copy) into tp's nodes. */
static int compile(struct tmpl *tp, size_t n, const char *label, char *err, size_t errlen)
{
    struct lexer lx = {.src = tp->src, .n = n, .line = 1};
    struct builder b = {.label = label, .err = err, .errlen = errlen};
    int rc;
    memcpy(lx.otag, "{{", 2);
    memcpy(lx.ctag, "}}", 2);
    lx.olen = lx.clen = 2;
    rc = lex(&lx, label, err, errlen);
    if (rc)
        goto out;
    for (size_t i = 0, j; i < lx.nv; i = j) {
        /* The line is lx.v[i..j). */
        for (j = i; j < lx.nv;) {
            const struct tok *k = &lx.v[j++];
            if (k->kind == T_TEXT && k->s.p[k->s.n - 1] == '\n')
                break;
        }
        size_t tag = 0;
        if (standalone(lx.v + i, j - i, &tag)) {
            tag += i;
            struct dl_str indent = {"", 0};
            if (tag > i)
                indent = lx.v[i].s;
            rc = add_tok(&b, &lx.v[tag], 1, indent);
            if (rc)
                goto out;
            continue;
        }
        push_node(&b.stack[b.depth], N_BOL);
        for (size_t k = i; k < j; k++) {
            rc = add_tok(&b, &lx.v[k], 0, (struct dl_str){"", 0});
            if (rc)
                goto out;
        }
    }
    if (b.depth) {
        const struct tok *open = b.stack[b.depth].open;
        rc = fail(err, errlen, label, open->line, "unclosed section '%.*s'", (int)open->s.n,
                  open->s.p);
        goto out;
    }
    tp->nodes = b.stack[0].v;
    tp->n = b.stack[0].n;
    b.stack[0] = (struct vec){NULL, 0, 0, NULL};
out:
    for (size_t d = 0; d <= b.depth; d++)
        free_nodes(b.stack[d].v, b.stack[d].n);
    free(lx.v);
    return rc;
}

/* ---- the set ---- */

int dl_tmpl_new(struct dl_tmpl **out)
{
    *out = dl_xcalloc(1, sizeof **out);
    return 0;
}

static void tmpl_release(struct tmpl *tp)
{
    free(tp->name);
    free(tp->src);
    free_nodes(tp->nodes, tp->n);
}

void dl_tmpl_free(struct dl_tmpl *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        tmpl_release(&t->v[i]);
    free(t->v);
    free(t);
}

/* Index of name in t, or where it would go; *found says which. */
static size_t find(const struct dl_tmpl *t, const char *name, int *found)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(t->v[mid].name, name);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = 0;
    return lo;
}

static const struct tmpl *get(const struct dl_tmpl *t, const char *name)
{
    int found;
    size_t i = find(t, name, &found);
    return found ? &t->v[i] : NULL;
}

static int add(struct dl_tmpl *t, const char *name, const char *label, const char *src, size_t n,
               char *err, size_t errlen)
{
    struct tmpl tp = {.name = dl_xstrdup(name), .src = dl_xstrndup(src, n)};
    int rc, found;
    rc = compile(&tp, n, label, err, errlen);
    if (rc)
        goto out;
    size_t i = find(t, name, &found);
    if (found) {
        tmpl_release(&t->v[i]);
    } else {
        if (t->n == t->cap) {
            t->cap = t->cap ? t->cap * 2 : 16;
            t->v = dl_xrealloc(t->v, t->cap * sizeof *t->v);
        }
        memmove(&t->v[i + 1], &t->v[i], (t->n - i) * sizeof *t->v);
        t->n++;
    }
    t->v[i] = tp;
    return 0;
out:
    tmpl_release(&tp);
    return rc;
}

int dl_tmpl_add(struct dl_tmpl *t, const char *name, const char *src, size_t n, char *err,
                size_t errlen)
{
    return add(t, name, name, src, n, err, errlen);
}

int dl_tmpl_has(const struct dl_tmpl *t, const char *name)
{
    return get(t, name) != NULL;
}

/* Reads path whole into b. Returns 0, DL_EIO or DL_ETOOBIG. */
static int read_file(const char *path, struct dl_buf *b, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    char chunk[8192];
    size_t k;
    int rc = 0;
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return DL_EIO;
    }
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
        rc = dl_buf_append(b, chunk, k);
        if (rc) {
            snprintf(err, errlen, "%s: larger than %zu bytes", path, b->max);
            goto out;
        }
    }
    if (ferror(f)) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        rc = DL_EIO;
    }
out:
    fclose(f);
    return rc;
}

int dl_tmpl_load_dir(struct dl_tmpl *t, const char *dir, char *err, size_t errlen)
{
    static const char ext[] = ".mustache";
    const size_t elen = sizeof ext - 1;
    struct dirent **ents = NULL;
    struct dl_buf path, text;
    int rc = 0, nents;
    char dummy[1];
    if (!err || !errlen) {
        err = dummy;
        errlen = sizeof dummy;
    }
    dl_buf_init(&path, 0);
    dl_buf_init(&text, MAX_FILE);
    nents = scandir(dir, &ents, NULL, alphasort);
    if (nents < 0) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        rc = DL_EIO;
        goto out;
    }
    for (int i = 0; i < nents && !rc; i++) {
        const char *fn = ents[i]->d_name;
        size_t len = strlen(fn);
        struct stat st;
        if (fn[0] == '.' || len <= elen || memcmp(fn + len - elen, ext, elen))
            continue;
        dl_buf_reset(&path);
        rc = dl_buf_printf(&path, "%s/%s", dir, fn);
        if (rc)
            break;
        if (stat(path.p, &st)) {
            snprintf(err, errlen, "%s: %s", path.p, strerror(errno));
            rc = DL_EIO;
            break;
        }
        if (!S_ISREG(st.st_mode))
            continue;
        dl_buf_reset(&text);
        rc = read_file(path.p, &text, err, errlen);
        if (rc)
            break;
        char *name = dl_xstrndup(fn, len - elen);
        rc = add(t, name, path.p, text.p ? text.p : "", text.n, err, errlen);
        free(name);
    }
out:
    for (int i = 0; i < nents; i++)
        free(ents[i]);
    free(ents);
    dl_buf_release(&path);
    dl_buf_release(&text);
    return rc;
}

/* ---- rendering ---- */

/* The context stack and the indentation of standalone partials live on the C
 * stack as linked frames, so rendering allocates nothing and shares nothing. */
struct ctx {
    const json_t *v;
    const struct ctx *up;
};

struct indent {
    struct dl_str s;
    const struct indent *up;
};

struct render {
    const struct dl_tmpl *t;
    struct dl_buf *out;
};

/* An extension to the spec: "items.0" is the first element of an array
 * ("{{#items.0}}" shows a block only when the list is not empty). */
static const json_t *array_item(const json_t *v, const char *seg)
{
    size_t k = 0;
    if (!*seg || strlen(seg) > 6)
        return NULL;
    for (const char *p = seg; *p; p++) {
        if (*p < '0' || *p > '9')
            return NULL;
        k = k * 10 + (size_t)(*p - '0');
    }
    return json_array_get(v, k);
}

static const json_t *lookup(const struct ctx *c, const struct node *nd)
{
    if (nd->nseg == 0)
        return c->v;
    const char *seg = nd->name;
    const json_t *v = NULL;
    for (; c && !v; c = c->up)
        v = json_is_object(c->v) ? json_object_get(c->v, seg) : NULL;
    for (size_t i = 1; v && i < nd->nseg; i++) {
        seg += strlen(seg) + 1;
        if (json_is_array(v))
            v = array_item(v, seg);
        else
            v = json_is_object(v) ? json_object_get(v, seg) : NULL;
    }
    return v;
}

static int truthy(const json_t *v)
{
    if (!v || json_is_null(v) || json_is_false(v))
        return 0;
    if (json_is_array(v))
        return json_array_size(v) > 0;
    if (json_is_string(v))
        return json_string_length(v) > 0;
    return 1;
}

static int interpolate(struct dl_buf *out, const json_t *v, int escape)
{
    char num[40];
    switch (json_typeof(v)) {
    case JSON_STRING:
        if (escape)
            return dl_html_escape(out, json_string_value(v), json_string_length(v));
        return dl_buf_append(out, json_string_value(v), json_string_length(v));
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return dl_buf_puts(out, num);
    case JSON_REAL: {
        /* The shortest form that reads back as the same double: 1.21, not 1.2099999. */
        double d = json_real_value(v);
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(num, sizeof num, "%.*g", prec, d);
            if (strtod(num, NULL) == d)
                break;
        }
        return dl_buf_puts(out, num);
    }
    case JSON_TRUE: return dl_buf_puts(out, "true");
    case JSON_FALSE: return dl_buf_puts(out, "false");
    default: return 0; /* null, objects, arrays */
    }
}

static int put_indent(struct dl_buf *out, const struct indent *ind)
{
    if (!ind)
        return 0;
    int rc = put_indent(out, ind->up);
    return rc ? rc : dl_buf_append(out, ind->s.p, ind->s.n);
}

static int render_nodes(const struct render *r, const struct node *v, size_t n,
                        const struct ctx *c, const struct indent *ind, int depth)
{
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        const struct node *nd = &v[i];
        const json_t *val;
        switch (nd->kind) {
        case N_TEXT:
            rc = dl_buf_append(r->out, nd->text.p, nd->text.n);
            break;
        case N_BOL:
            rc = put_indent(r->out, ind);
            break;
        case N_VAR:
        case N_RAW:
            val = lookup(c, nd);
            if (val)
                rc = interpolate(r->out, val, nd->kind == N_VAR);
            break;
        case N_SECTION:
            val = lookup(c, nd);
            if (!truthy(val))
                break;
            if (json_is_array(val)) {
                for (size_t k = 0; k < json_array_size(val) && !rc; k++) {
                    struct ctx inner = {json_array_get(val, k), c};
                    rc = render_nodes(r, nd->kids, nd->nkids, &inner, ind, depth);
                }
            } else {
                struct ctx inner = {val, c};
                rc = render_nodes(r, nd->kids, nd->nkids, &inner, ind, depth);
            }
            break;
        case N_INVERTED:
            if (!truthy(lookup(c, nd)))
                rc = render_nodes(r, nd->kids, nd->nkids, c, ind, depth);
            break;
        case N_PARTIAL: {
            const struct tmpl *p = get(r->t, nd->name);
            if (!p)
                break;
            if (depth >= MAX_PARTIAL_DEPTH) {
                rc = DL_EINVAL;
                break;
            }
            /* A standalone partial indents every line of its own text by the
             * blanks before the tag (on top of ours); an inline one, not at all. */
            struct indent more = {nd->text, ind};
            rc = render_nodes(r, p->nodes, p->n, c, nd->standalone ? &more : NULL, depth + 1);
            break;
        }
        }
    }
    return rc;
}

int dl_tmpl_render(const struct dl_tmpl *t, const char *name, const json_t *ctx,
                   struct dl_buf *out)
{
    const struct tmpl *tp = get(t, name);
    if (!tp)
        return DL_ENOTFOUND;
    size_t n0 = out->n;
    struct render r = {t, out};
    struct ctx top = {ctx, NULL};
    int rc = render_nodes(&r, tp->nodes, tp->n, &top, NULL, 0);
    if (rc) {
        out->n = n0;
        if (out->p)
            out->p[n0] = '\0';
    }
    return rc;
}
