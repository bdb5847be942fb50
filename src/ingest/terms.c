/* terms.c: distinctive words of an article for Related Stories (see terms.h). */
#include "ingest/terms.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

static const char *const stop_words[] = {
    "about", "after", "again", "against", "all", "also", "among", "and", "any", "are", "around",
    "because", "been", "before", "being", "between", "both", "but", "can", "could", "day", "did",
    "does", "during", "each", "early", "first", "for", "from", "further", "had", "has", "have",
    "her", "here", "him", "his", "how", "including", "into", "its", "last", "late", "later",
    "made", "make", "many", "more", "most", "much", "new", "next", "nor", "not", "now", "off",
    "one", "only", "other", "our", "out", "over", "own", "said", "same", "say", "says", "she",
    "should", "since", "some", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "three", "through", "time", "told", "two", "under",
    "until", "very", "was", "week", "were", "what", "when", "where", "which", "while", "who",
    "will", "with", "would", "year", "years", "yet", "you", "your",
};

struct term {
    char *w;
    int score;
};

struct bag {
    struct term *v;
    size_t n, cap;
};

static int is_stop(const char *w)
{
    size_t lo = 0, hi = sizeof stop_words / sizeof stop_words[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(w, stop_words[mid]);
        if (!c)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

static void add(struct bag *b, const char *w, size_t n, int weight)
{
    if (n < 3 || n > 40)
        return;
    char word[48];
    memcpy(word, w, n);
    word[n] = '\0';
    if (is_stop(word))
        return;
    for (size_t i = 0; i < b->n; i++)
        if (!strcmp(b->v[i].w, word)) {
            b->v[i].score += weight;
            return;
        }
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->v = dl_xrealloc(b->v, b->cap * sizeof *b->v);
    }
    b->v[b->n].w = dl_xstrdup(word);
    b->v[b->n++].score = weight;
}

/* Words are runs of ASCII letters/digits (lower-cased) or of non-ASCII bytes
 * (Hangul and other scripts, kept as they are). In HTML, tags and entities
 * are skipped. */
static void scan(struct bag *b, const char *s, int weight, int html)
{
    char word[48];
    size_t n = 0;
    int kind = 0; /* 1 ascii, 2 non-ascii */
    if (!s)
        return;
    for (const char *p = s;; p++) {
        unsigned char c = (unsigned char)*p;
        int k = 0;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            k = 1;
        else if (c >= 0x80)
            k = 2;
        if (k != kind || k == 0) {
            if (kind && n <= 40)
                add(b, word, n, weight);
            n = 0;
            kind = k;
        }
        if (!c)
            break;
        if (html && c == '<') {
            const char *q = strchr(p, '>');
            if (!q)
                break;
            p = q;
            kind = 0;
            continue;
        }
        if (html && c == '&') {
            const char *q = strchr(p, ';');
            if (q && q - p < 10) {
                p = q;
                kind = 0;
                continue;
            }
        }
        if (k && n < sizeof word)
            word[n++] = (char)c;
        else if (k)
            n = sizeof word; /* too long to be a useful term */
    }
}

static int by_score(const void *a, const void *b)
{
    const struct term *x = a, *y = b;
    if (x->score != y->score)
        return y->score - x->score;
    return strcmp(x->w, y->w);
}

void dl_terms_extract(const char *headline, const char *summary, const char *body_html,
                      char ***out, size_t *n)
{
    struct bag b = {0};
    scan(&b, headline, 3, 0);
    scan(&b, summary, 2, 0);
    scan(&b, body_html, 1, 1);
    if (b.n) /* b.v is NULL when there are no words: qsort(NULL, 0) is undefined */
        qsort(b.v, b.n, sizeof *b.v, by_score);
    size_t keep = b.n < DL_TERMS_MAX ? b.n : DL_TERMS_MAX;
    char **terms = dl_xmalloc((keep ? keep : 1) * sizeof *terms);
    for (size_t i = 0; i < b.n; i++) {
        if (i < keep)
            terms[i] = b.v[i].w;
        else
            free(b.v[i].w);
    }
    free(b.v);
    *out = terms;
    *n = keep;
}

void dl_terms_free(char **terms, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(terms[i]);
    free(terms);
}
