#!/usr/bin/env python3
"""End-to-end tests: start the real dateline binary on a free loopback port
with a temporary database, import the shared ninjs fixtures and the demo
newspaper, and check every page type over HTTP, then validate the pages with
the Nu HTML Checker. Prints 'N passed, N failed' and exits non-zero on any
failure."""
import glob
import gzip
import html.parser
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get("DL_SHARED_DIR", os.path.join(ROOT, "..", "shared"))
BIN = os.path.abspath(os.environ.get("DATELINE_BIN", os.path.join(ROOT, "build", "dateline")))
VNU = os.path.join(ROOT, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")

results = {"passed": 0, "failed": 0}
pages_to_validate = {}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    def __init__(self, tmp, port):
        self.tmp = tmp
        self.port = port
        self.env = dict(os.environ)
        self.env.update({
            "DATELINE_DB": os.path.join(tmp, "test.db"),
            "DATELINE_MEDIA_DIR": os.path.join(tmp, "media"),
            "DATELINE_LISTEN": "127.0.0.1:%d" % port,
            "DATELINE_BASE_URL": "http://127.0.0.1:%d" % port,
            "DATELINE_TEMPLATES_DIR": os.path.join(ROOT, "templates"),
            "DATELINE_STATIC_DIR": os.path.join(ROOT, "static"),
            "DATELINE_SITE_NAME": "The Test Daily",
            "DATELINE_THREADS": "2",
            "DATELINE_TIMEOUT": "5",
        })
        self.env.pop("DATELINE_CONFIG", None)
        self.proc = None
        self.log = open(os.path.join(tmp, "server.log"), "w+")

    def run(self, *args, expect=None):
        p = subprocess.run([BIN, *args], env=self.env, cwd=self.tmp, capture_output=True,
                           text=True, timeout=300)
        if expect is not None and p.returncode != expect:
            raise AssertionError("dateline %s exited %d, wanted %d:\n%s" %
                                 (" ".join(args), p.returncode, expect, p.stderr[-3000:]))
        return p

    def start(self):
        self.proc = subprocess.Popen([BIN, "serve"], env=self.env, cwd=self.tmp,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        self.log.seek(0)
        raise RuntimeError("server did not start:\n" + self.log.read())

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                code = self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                raise AssertionError("server did not stop on SIGTERM")
            return code
        return None

    def request(self, path, method="GET", headers=None, raw_path=False):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        c.putrequest(method, path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            c.putheader(k, v)
        c.endheaders()
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, body


def check(name):
    def wrap(fn):
        fn.check_name = name
        CHECKS.append(fn)
        return fn
    return wrap


CHECKS = []


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.imgs = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "img":
            self.imgs.append(a)


def links_of(body):
    p = Links()
    p.feed(body.decode())
    return p


def text_between(body, start, end):
    s = body.decode()
    i = s.index(start)
    return s[i:s.index(end, i)]


def get_ok(srv, path, name=None):
    status, h, body = srv.request(path)
    assert status == 200, "%s: status %d" % (path, status)
    assert h["content-type"] == "text/html; charset=utf-8", h["content-type"]
    if name:
        pages_to_validate[name] = body
    return h, body


# ---- demo knowledge, read from the demo's own files ----

def load_demo():
    docs = []
    for f in sorted(glob.glob(os.path.join(ROOT, "demo", "ninjs", "*.json"))):
        with open(f, encoding="utf-8") as fh:
            d = json.load(fh)
        d["_file"] = f
        docs.append(d)
    return docs


def headline(d):
    for h in d.get("headlines", []):
        if h.get("role") == "main":
            return h["value"]
    return d["headlines"][0]["value"]


def section_of(d):
    for s in d.get("subjects", []):
        if s.get("rel") == "section":
            return s["literal"]
    return None


def assocs(d):
    a = d.get("associations", [])
    return a if isinstance(a, list) else list(a.values())


def html_text(body):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body.decode()))


def find_article_url(srv, d):
    """The article's URL, found through its section front (or the home page)."""
    sec = section_of(d)
    h = headline(d)
    escaped = h.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")
    for page in range(1, 20):
        path = "/" + sec + ("?page=%d" % page if page > 1 else "")
        status, _, body = srv.request(path)
        if status != 200:
            break
        s = body.decode()
        i = s.find(">" + escaped + "</a>")
        if i >= 0:
            j = s.rfind('href="', 0, i)
            return s[j + 6:s.index('"', j + 6)]
    raise AssertionError("article %r not listed in /%s" % (h, sec))


# ---- the checks ----

@check("imports the shared ninjs fixtures: text items in, others skipped")
def t_fixtures(srv, ctx):
    p = srv.run("import", os.path.join(SHARED, "fixtures", "ninjs"))
    assert p.returncode == 0, p.stderr[-2000:]
    assert "skipped" in p.stderr, p.stderr
    assert re.search(r"[1-9]\d* added", p.stderr), p.stderr


@check("imports the demo with its sections file")
def t_demo(srv, ctx):
    p = srv.run("--sections-file", os.path.join(ROOT, "demo", "sections.json"),
                "import", os.path.join(ROOT, "demo", "ninjs"))
    assert p.returncode == 0, p.stderr[-3000:]
    assert re.search(r"(\d+) added", p.stderr), p.stderr


@check("re-import is idempotent: everything unchanged")
def t_reimport(srv, ctx):
    p = srv.run("import", os.path.join(ROOT, "demo", "ninjs"), expect=0)
    m = re.search(r"(\d+) added, (\d+) updated, (\d+) unchanged", p.stderr)
    assert m and m.group(1) == "0" and m.group(2) == "0" and int(m.group(3)) >= 60, p.stderr


@check("bad documents: one clear line each, nothing written, exit non-zero")
def t_bad_import(srv, ctx):
    bad = os.path.join(srv.tmp, "bad")
    os.makedirs(bad, exist_ok=True)
    base = {"uri": "urn:test:bad", "type": "text", "headlines": [{"role": "main", "value": "Bad"}],
            "firstCreated": "2025-10-12T04:57:00Z", "versionCreated": "2025-10-12T04:57:00Z"}
    cases = {
        "1-json.json": b"{not json",
        "2-nouri.json": json.dumps({k: v for k, v in base.items() if k != "uri"}).encode(),
        "3-nohead.json": json.dumps({**base, "headlines": []}).encode(),
        "4-date.json": json.dumps({**base, "firstCreated": "2025-02-30T00:00:00Z"}).encode(),
        "5-utf8.json": json.dumps(base).encode().replace(b"Bad", b"B\xffd"),
        "6-big.json": b'{"uri": "urn:test:bad", "x": "' + b"a" * (5 << 20) + b'"}',
    }
    for name, data in cases.items():
        with open(os.path.join(bad, name), "wb") as f:
            f.write(data)
    p = srv.run("import", bad)
    assert p.returncode != 0, "import of bad documents exited 0"
    lines = [l for l in p.stderr.splitlines() if ": error: " in l]
    assert len(lines) == len(cases), p.stderr
    for name, field in [("1-json", ""), ("2-nouri", "uri"), ("3-nohead", "headline"),
                        ("4-date", "irstCreated"), ("5-utf8", "UTF-8"), ("6-big", "")]:
        line = [l for l in lines if name in l]
        assert line and field in line[0], "no clear error for %s in:\n%s" % (name, p.stderr)
    ctx["bad_imported"] = True


@check("server starts; the bad documents left nothing behind")
def t_start(srv, ctx):
    srv.start()
    status, _, body = srv.request("/archive/2025/10/12")
    assert status == 200 and b">Bad<" not in body


@check("home page: lead stories and a block per top-level section")
def t_home(srv, ctx):
    h, body = get_ok(srv, "/", "home")
    s = body.decode()
    assert "The Test Daily" in s
    with open(os.path.join(ROOT, "demo", "sections.json")) as f:
        secs = json.load(f)["sections"]
    tops = [x for x in secs if "/" not in x["path"]]
    for t in tops:
        assert 'href="/%s"' % t["path"] in s, "no block/nav for " + t["path"]
    assert s.count('class="block"') >= 6, "fewer than 6 section blocks"
    assert 'class="top-story"' in s
    assert "content-security-policy" in h and h["x-content-type-options"] == "nosniff"
    assert "referrer-policy" in h


@check("embargoed article is nowhere before its time")
def t_embargo(srv, ctx):
    emb = [d for d in ctx["demo"] if d.get("embargoedUntil")]
    assert emb, "demo has no embargoed article"
    h = headline(emb[0])
    for path in ["/", "/" + section_of(emb[0])] + ["/tag/" + re.sub(r"[^a-z0-9]+", "-", t["name"].lower()).strip("-") for t in emb[0].get("people", [])[:1]]:
        status, _, body = srv.request(path)
        assert h.encode() not in body, "embargoed headline shown on " + path
    # nor under a guessed id
    for i in range(1, 200):
        status, hd, body = srv.request("/national/2020/01/01/x-%d" % i)
        if status == 301:
            status, _, body = srv.request(hd["location"])
        assert h.encode() not in body


@check("article page: every part in order")
def t_article(srv, ctx):
    # an article in a depth-2 section with a photo, tags and editor-picked links
    cands = [d for d in ctx["demo"] if section_of(d) and "/" in section_of(d)
             and any(a.get("type") == "picture" for a in assocs(d))
             and any(a.get("type") == "text" for a in assocs(d))
             and d.get("people") and not d.get("embargoedUntil")]
    assert cands, "no demo article with photo, related links and people"
    d = cands[0]
    url = find_article_url(srv, d)
    ctx["article_url"] = url
    ctx["article_doc"] = d
    sec = section_of(d)
    assert url.startswith("/" + sec + "/"), url
    assert re.match(r"^/[a-z0-9/-]+/\d{4}/\d{2}/\d{2}/[a-z0-9-]+-\d+$", url), url
    h, body = get_ok(srv, url, "article")
    s = body.decode()
    order = ['class="breadcrumb"', ">Print</a>", "<h1>", "Published: <time datetime=",
             'class="lead-photo"', "<figcaption>", 'class="body"', 'class="related-article"',
             'class="source"', 'class="tags"', 'id="more-h"', 'id="related-h"']
    pos = [s.find(x) for x in order]
    for x, p in zip(order, pos):
        assert p >= 0, "article page lacks " + x
    assert pos == sorted(pos), "article parts out of order: %s" % list(zip(order, pos))
    # breadcrumb Home > Parent > Section
    crumb = text_between(body, 'class="breadcrumb"', "</nav>")
    assert 'href="/"' in crumb and 'href="/%s"' % sec.split("/")[0] in crumb and 'href="/%s"' % sec in crumb
    # published time in Korean time, with the ISO instant
    m = re.search(r'Published: <time datetime="([^"]+)">(\d{1,2} [A-Z][a-z]+\.? \d{4}, \d{2}:\d{2})</time>', s)
    assert m, "no Published line"
    assert m.group(1).endswith("+09:00"), m.group(1)
    # headline, title, meta description, canonical
    assert "<h1>" + html_escape(headline(d)) + "</h1>" in s
    assert "<title>" + html_escape(headline(d)) + " | The Test Daily</title>" in s
    assert '<meta name="description"' in s
    assert '<link rel="canonical" href="http://127.0.0.1:%d%s">' % (srv.port, url) in s
    # photo: alt, width, height; caption [CREDIT]
    pic = [a for a in assocs(d) if a.get("type") == "picture"][0]
    fig = text_between(body, 'class="lead-photo"', "</figure>")
    assert re.search(r'<img src="/media/[0-9a-f]{16}\.(jpg|png)" alt="[^"]+" width="\d+" height="\d+">', fig), fig
    assert "[" + html_escape(pic["by"]) + "]</figcaption>" in fig, fig
    # related article box comes after the second paragraph
    body_part = text_between(body, 'class="body"', 'class="source"')
    before_box = body_part[:body_part.index('class="related-article"')]
    assert before_box.count("</p>") == 2, "Related Article box not after the 2nd paragraph"
    # source line, tags linking to tag pages
    assert html_escape(d["by"]) in text_between(body, 'class="source"', "</p>")
    tags = text_between(body, 'class="tags"', "</section>")
    for p in d["people"]:
        assert html_escape(p["name"]) in tags
    assert "/tag/" in tags
    # more in section: 5 at most, without this article
    more = text_between(body, 'id="more-h"', "</section>")
    assert more.count('class="teaser"') <= 5 and more.count('class="teaser"') >= 1
    assert url not in more
    related = text_between(body, 'id="related-h"', "</section>")
    assert 1 <= related.count('class="teaser"') <= 5 and url not in related
    assert 'type="application/ld+json"' in s and '"NewsArticle"' in s
    assert "last-modified" in h and "etag" in h


@check("Related Stories prefer the same people and places")
def t_related(srv, ctx):
    d = ctx["article_doc"]
    people = {p["name"] for p in d.get("people", [])}
    others = [o for o in ctx["demo"] if o is not d and not o.get("embargoedUntil")
              and people & {p["name"] for p in o.get("people", [])}]
    assert others, "demo has no second article about the same people"
    _, body = get_ok(srv, ctx["article_url"])
    related = text_between(body, 'id="related-h"', "</section>")
    first = re.search(r'<h3><a href="[^"]+">([^<]+)</a>', related).group(1)
    same = {html_escape(headline(o)) for o in others}
    assert first in same, "first related story %r shares no person" % first


@check("print view: masthead, headline, photo, body, source; no navigation")
def t_print(srv, ctx):
    h, body = get_ok(srv, ctx["article_url"] + "/print", "print")
    s = body.decode()
    for part in ['class="print-masthead"', "<h1>", "Published:", "<figure>", "<figcaption>",
                 'class="body"', 'class="source"', "Tags:"]:
        assert part in s, "print view lacks " + part
    for absent in ["<nav", "<form", 'class="more"', 'class="related"', "Related Stories"]:
        assert absent not in s, "print view has " + absent
    assert re.search(r'<link rel="stylesheet" href="/static/print\.[0-9a-f]{16}\.css">', s)


@check("section fronts at depth 1 and 2, paginated")
def t_sections(srv, ctx):
    sec = section_of(ctx["article_doc"])
    parent = sec.split("/")[0]
    _, body = get_ok(srv, "/" + parent, "section1")
    s = body.decode()
    assert 'class="subsections"' in s and 'href="/%s"' % sec in s
    _, body2 = get_ok(srv, "/" + sec, "section2")
    assert 'class="breadcrumb"' in body2.decode()
    # the parent lists its subsections' articles too
    n_parent = len([d for d in ctx["demo"] if (section_of(d) or "").split("/")[0] == parent
                    and not d.get("embargoedUntil") and d.get("pubStatus", "usable") == "usable"])
    shown = s.count('class="teaser"')
    assert shown == min(n_parent, 20), "parent front shows %d of %d" % (shown, n_parent)
    status, _, _ = srv.request("/" + parent + "?page=abc")
    assert status == 400
    status, _, _ = srv.request("/" + parent + "?page=999")
    assert status == 404
    status, _, _ = srv.request("/no-such-section")
    assert status == 404


@check("pagination: page 2 follows page 1 with no overlap")
def t_paging(srv, ctx):
    biggest = max({section_of(d).split("/")[0] for d in ctx["demo"] if section_of(d)},
                  key=lambda p: sum(1 for d in ctx["demo"] if (section_of(d) or "").startswith(p)))
    srv.env["DATELINE_PAGE_SIZE"] = "5"
    srv.stop()
    srv.start()
    try:
        _, b1 = get_ok(srv, "/" + biggest)
        _, b2 = get_ok(srv, "/" + biggest + "?page=2")
        l1 = set(re.findall(r'<h3><a href="([^"]+)"', b1.decode()))
        l2 = set(re.findall(r'<h3><a href="([^"]+)"', b2.decode()))
        assert len(l1) == 5 and l2 and not (l1 & l2)
        assert 'rel="next"' in b1.decode() and 'rel="prev"' in b2.decode()
    finally:
        del srv.env["DATELINE_PAGE_SIZE"]
        srv.stop()
        srv.start()


@check("tag page lists the tagged stories")
def t_tag(srv, ctx):
    _, body = get_ok(srv, ctx["article_url"])
    tags = text_between(body, 'class="tags"', "</section>")
    href = re.search(r'href="(/tag/[^"]+)"', tags).group(1)
    _, tb = get_ok(srv, href, "tag")
    assert ctx["article_url"] in tb.decode()
    status, _, _ = srv.request("/tag/no-such-tag")
    assert status == 404


@check("date archive lists that day's stories in Korean time")
def t_archive(srv, ctx):
    _, body = get_ok(srv, ctx["article_url"])
    iso = re.search(r'Published: <time datetime="([^"]+)"', body.decode()).group(1)
    y, m, d = iso[:4], iso[5:7], iso[8:10]
    _, ab = get_ok(srv, "/archive/%s/%s/%s" % (y, m, d), "archive")
    assert ctx["article_url"] in ab.decode()
    status, _, _ = srv.request("/archive/2025/02/30")
    assert status == 404
    status, _, _ = srv.request("/archive/2025/1/1")
    assert status == 404


@check("old slug and wrong section redirect (301) to the canonical URL")
def t_redirects(srv, ctx):
    url = ctx["article_url"]
    aid = url.rsplit("-", 1)[1]
    status, h, _ = srv.request("/world/2001/01/01/an-old-slug-" + aid)
    assert status == 301 and h["location"] == url, (status, h.get("location"))
    status, h, _ = srv.request(url + "/")
    assert status == 301 and h["location"] == url
    status, h, _ = srv.request("/world/2001/01/01/x-" + aid + "/print")
    assert status == 301 and h["location"] == url + "/print"


@check("conditional GET answers 304; HEAD has headers only")
def t_conditional(srv, ctx):
    url = ctx["article_url"]
    status, h, body = srv.request(url)
    status, h2, body2 = srv.request(url, headers={"If-None-Match": h["etag"]})
    assert status == 304 and body2 == b""
    status, _, body3 = srv.request(url, headers={"If-Modified-Since": h["last-modified"]})
    assert status == 304 and body3 == b""
    status, h4, body4 = srv.request(url, method="HEAD")
    assert status == 200 and body4 == b"" and int(h4["content-length"]) == len(body)
    status, h5, body5 = srv.request(url, headers={"Accept-Encoding": "gzip"})
    assert h5.get("content-encoding") == "gzip" and gzip.decompress(body5) == body
    assert "accept-encoding" in h5.get("vary", "").lower()
    assert h5["etag"] != h["etag"], "gzip and identity share an ETag"
    status, _, _ = srv.request(url, headers={"Accept-Encoding": "gzip", "If-None-Match": h5["etag"]})
    assert status == 304
    status, h6, body6 = srv.request(url, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in h6 and body6 == body


@check("static assets: content-hashed names, long-lived cache")
def t_static(srv, ctx):
    _, body = get_ok(srv, "/")
    css = re.search(r'href="(/static/site\.[0-9a-f]{16}\.css)"', body.decode()).group(1)
    status, h, b = srv.request(css)
    assert status == 200 and h["content-type"].startswith("text/css")
    assert "max-age=31536000" in h["cache-control"] and "immutable" in h["cache-control"]
    status, _, _ = srv.request("/static/site.0000000000000000.css")
    assert status == 404
    img = re.search(r'src="(/media/[0-9a-f]{16}\.\w+)"', body.decode()).group(1)
    status, h, b = srv.request(img)
    assert status == 200 and h["content-type"].startswith("image/") and len(b) > 1000
    assert "immutable" in h["cache-control"]


@check("404 and 400 pages look like the site; 405 for other methods")
def t_errors(srv, ctx):
    status, h, body = srv.request("/no/such/page/here")
    assert status == 404 and "The Test Daily" in body.decode() and 'class="sections"' in body.decode()
    pages_to_validate["404"] = body
    status, h, body = srv.request("/" + "a" * 3000, raw_path=True)
    assert status == 400, status
    pages_to_validate["400"] = body
    status, _, body = srv.request("/national%00")
    assert status == 400 and "NUL" in body.decode()
    status, _, _ = srv.request("/%C3%28")
    assert status == 400
    status, _, _ = srv.request("/%zz")
    assert status == 400
    status, _, _ = srv.request("/national/2025/10/12/huge-99999999999999999999999999999")
    assert status == 404
    status, _, _ = srv.request("/national/2025/10/12/x-9223372036854775807")
    assert status == 404
    status, h, _ = srv.request("/", method="POST")
    assert status == 405 and "GET" in h.get("allow", "")
    status, h, _ = srv.request("/", method="DELETE")
    assert status == 405


@check("an HTTP/1.1 request without Host is refused; keep-alive serves two requests")
def t_protocol(srv, ctx):
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    s.sendall(b"GET / HTTP/1.1\r\n\r\n")
    first = s.recv(200)
    s.close()
    assert first.startswith(b"HTTP/1.1 400"), first[:40]
    c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
    for _ in range(2):
        c.request("GET", "/static/nothing")
        r = c.getresponse()
        r.read()
        assert r.status == 404 and r.getheader("connection", "").lower() != "close"
    c.close()


@check("idle and half-sent requests are cut off after the timeout; others are served meanwhile")
def t_timeouts(srv, ctx):
    idle = [socket.create_connection(("127.0.0.1", srv.port), timeout=10) for _ in range(20)]
    half = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    half.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # never finishes its headers
    status, _, _ = srv.request("/")
    assert status == 200, "not served while 21 connections hang"
    start = time.time()
    for s_ in idle + [half]:
        s_.settimeout(max(1, 12 - (time.time() - start)))
        try:
            data = s_.recv(100)
        except socket.timeout:
            raise AssertionError("connection still open after %.0fs" % (time.time() - start))
        except ConnectionResetError:
            data = b""
        assert data == b"", data[:40]
        s_.close()
    assert time.time() - start < 12


@check("a document imported while serving is on the site at once")
def t_live_import(srv, ctx):
    doc = {"uri": "urn:test:live", "type": "text", "version": "1",
           "headlines": [{"role": "main", "value": "Live import reaches the reader"}],
           "firstCreated": "2025-10-12T04:57:00Z", "versionCreated": "2025-10-12T04:57:00Z",
           "bodies": [{"contentType": "text/plain", "value": "One.\n\nTwo."}],
           "subjects": [{"name": "Live Desk", "rel": "section", "literal": "national/live-desk"}]}
    status, _, body = srv.request("/national")
    assert b"Live Desk" not in body
    path = os.path.join(srv.tmp, "live.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    srv.run("import", path, expect=0)
    status, _, body = srv.request("/archive/2025/10/12")
    assert status == 200 and b"Live import reaches the reader" in body
    status, _, body = srv.request("/national")
    assert b'<a href="/national/live-desk">Live Desk</a>' in body, "new section not shown at once"
    doc["version"] = "2"
    doc["versionCreated"] = "2025-10-12T06:00:00Z"
    doc["headlines"][0]["value"] = "Live import, corrected"
    with open(path, "w") as f:
        json.dump(doc, f)
    srv.run("import", path, expect=0)
    _, _, body = srv.request("/archive/2025/10/12")
    assert b"Live import, corrected" in body and b"Live import reaches the reader" not in body
    url = re.search(r'<h3><a href="([^"]+)">Live import, corrected', body.decode()).group(1)
    _, _, ab = srv.request(url)
    assert b"Updated: <time" in ab


@check("http(s) photo renditions are fetched only when fetch_remote allows it")
def t_fetch_remote(srv, ctx):
    import http.server
    import threading
    www = os.path.join(srv.tmp, "www")
    os.makedirs(www, exist_ok=True)
    shutil.copy(sorted(glob.glob(os.path.join(ROOT, "demo", "media", "*.jpg")))[0],
                os.path.join(www, "remote.jpg"))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=www, **k)

        def log_message(self, *a):
            pass

    photo_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=photo_server.serve_forever, daemon=True).start()
    try:
        href = "http://127.0.0.1:%d/remote.jpg" % photo_server.server_address[1]
        doc = {"uri": "urn:test:remote", "type": "text", "version": "1",
               "headlines": [{"role": "main", "value": "Remote photo story"}],
               "firstCreated": "2025-10-13T01:00:00Z", "versionCreated": "2025-10-13T01:00:00Z",
               "bodies": [{"contentType": "text/plain", "value": "Text."}],
               "associations": [{"name": "featureimage", "type": "picture", "uri": "urn:test:remote:pic",
                                 "descriptions": [{"role": "caption", "value": "A remote photo."}],
                                 "by": "WIRE", "renditions": [{"name": "original", "href": href,
                                                               "contentType": "image/jpeg",
                                                               "width": 1200, "height": 675}]}]}
        path = os.path.join(srv.tmp, "remote.json")
        with open(path, "w") as f:
            json.dump(doc, f)
        p = srv.run("import", path, expect=0)
        assert "fetch_remote is off" in p.stderr, p.stderr
        _, _, body = srv.request("/archive/2025/10/13")
        url = re.search(r'<h3><a href="([^"]+)">Remote photo story', body.decode()).group(1)
        _, _, ab = srv.request(url)
        assert b'class="lead-photo"' not in ab
        doc["version"] = "2"
        with open(path, "w") as f:
            json.dump(doc, f)
        srv.env["DATELINE_FETCH_REMOTE"] = "true"
        try:
            srv.run("import", path, expect=0)
        finally:
            del srv.env["DATELINE_FETCH_REMOTE"]
        _, _, ab = srv.request(url)
        assert b'class="lead-photo"' in ab and b"A remote photo. [WIRE]" in ab
    finally:
        photo_server.shutdown()


@check("sanitizer: no script or event handler from wire copy reaches the page")
def t_sanitized(srv, ctx):
    d = [x for x in ctx["demo"] if any("<script" in b.get("value", "") for b in x.get("bodies", []))]
    assert d, "demo has no body with a script to strip"
    url = find_article_url(srv, d[0])
    _, body = get_ok(srv, url)
    s = body.decode()
    b = text_between(body, 'class="body"', 'class="source"' if 'class="source"' in s else "</article>")
    assert "<script" not in b and "onclick" not in b and "javascript:" not in b


@check("SIGTERM shuts the server down cleanly")
def t_shutdown(srv, ctx):
    code = srv.stop()
    assert code == 0, "exit code %r" % code
    srv.log.seek(0)
    log = srv.log.read()
    assert "shutting down" in log and "stopped" in log
    assert re.search(r"req=\d+ GET / 200 \d+ \d+us", log), "no request log line"


@check("every page type is valid HTML (Nu HTML Checker)")
def t_vnu(srv, ctx):
    if not os.path.exists(VNU):
        raise AssertionError("vnu.jar missing: run make test (npm ci)")
    d = os.path.join(srv.tmp, "pages")
    os.makedirs(d, exist_ok=True)
    files = []
    for name, body in pages_to_validate.items():
        f = os.path.join(d, name + ".html")
        with open(f, "wb") as fh:
            fh.write(body)
        files.append(f)
    assert len(files) >= 9, "only %d pages collected" % len(files)
    p = subprocess.run(["java", "-jar", VNU, "--errors-only", "--format", "text", *files],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, "Nu HTML Checker errors:\n" + (p.stdout + p.stderr)[-5000:]


def html_escape(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def main():
    if not os.path.exists(BIN):
        print("no binary at " + BIN, file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="dateline-e2e-")
    srv = Server(tmp, free_port())
    ctx = {"demo": load_demo()}
    try:
        for fn in CHECKS:
            try:
                fn(srv, ctx)
                results["passed"] += 1
                print("ok   " + fn.check_name)
            except Exception:
                results["failed"] += 1
                print("FAIL " + fn.check_name)
                traceback.print_exc(limit=3)
    finally:
        srv.stop()
        srv.log.seek(0)
        log = srv.log.read()
        if "ERROR" in log or "runtime error" in log or "AddressSanitizer" in log:
            print("server log has errors:\n" + log[-4000:])
            results["failed"] += 1
        if results["failed"] == 0:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print("kept " + tmp)
    print("e2e: %d passed, %d failed" % (results["passed"], results["failed"]))
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
