"""Render corpus/articles.jsonl as a small news site in corpus/site/: article pages with the
boilerplate real outlets carry (share widgets, "Baca Juga", ads, captions, bylines, a second
page), a front page paginated like a real one (`/page/2`..., numbered links and "Berikutnya",
a "Terpopuler" box on every page, short article slugs), a tag page, a sitemap index with a news
sitemap, an RSS feed and robots.txt disallowing a draft the front page's menu links to.

Run `python corpus/make_site.py` after editing the articles; tests import `render_site` to
build larger sites. Every URL is relative, so the site works on whatever port serves it."""
from __future__ import annotations

import html
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from extractor.dates import parse_published  # noqa: E402

PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>{title} - Contoh News</title>
<meta property="og:title" content="{title} - Contoh News">
<meta property="og:site_name" content="Contoh News">
<meta name="keywords" content="{tags}, berita terkini">
<script type="application/ld+json">{ld}</script>
</head><body>
<header><nav><a href="/">Beranda</a> <a href="/ekonomi">Ekonomi</a> <a href="/tag/kur">#KUR</a></nav></header>
<main><article>
<h1 class="title">{title}</h1>
<div class="meta">Penulis: {author} | {when_text}</div>
<div class="share-buttons"><a href="#">Bagikan ke Facebook</a> <a href="#">Twitter</a></div>
<figure><img src="/img/{slug}.jpg" alt=""><figcaption>Foto ilustrasi: {title}. (Contoh News/Arsip)</figcaption></figure>
<div class="article-content" itemprop="articleBody">
{body}
</div>
{pager}
<ul class="tags"><li>Tags:</li><li><a href="/tag/ekonomi">ekonomi</a></li></ul>
</article>
<aside class="related"><h3>Berita Terkait</h3><ul>{related}</ul></aside>
</main>
<footer>Copyright © 2025 Contoh News. Semua hak dilindungi.</footer>
</body></html>
"""


def _paragraphs(lines: list[str], insert_boilerplate: bool) -> str:
    out = []
    for i, line in enumerate(lines):
        out.append(f"<p>{html.escape(line)}</p>")
        if insert_boilerplate and i == 0:
            out.append('<p><strong>Baca Juga:</strong> <a href="/ekonomi/lain">Harga Cabai Turun di Pasar Induk</a></p>')
            out.append('<div class="ads-inline">ADVERTISEMENT</div>')
    return "\n".join(out)


def article_page(article: dict, related: list[dict], page: int = 1, pages: int = 1) -> str:
    """One page of an article; with pages=2 the body is split and linked by rel=next."""
    lines = [x for x in article["text"].split("\n") if x.strip()]
    half = (len(lines) + 1) // 2 if pages == 2 else len(lines)
    part = lines[:half] if page == 1 else lines[half:]
    body = _paragraphs(part, insert_boilerplate=page == 1)
    if page == pages:
        body += "\n<p>Simak berita lainnya di Google News</p>"
        body += f"\n<p>Editor: {html.escape(article.get('editor', 'Redaksi Contoh'))}</p>"
    path = article_path(article)
    pager = ""
    if pages == 2:
        pager = (f'<div class="pagination"><a rel="next" class="next" href="{path}/2">Halaman 2</a></div>' if page == 1
                 else f'<div class="pagination"><a href="{path}">Halaman 1</a></div>')
    published = parse_published(article["published"])
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article["title"],
          "datePublished": published.isoformat(), "author": {"@type": "Person", "name": article.get("author", "Tim Contoh")},
          "articleSection": path.strip("/").split("/")[0]}
    return PAGE.format(
        title=html.escape(article["title"]), tags="ekonomi, contoh", ld=json.dumps(ld, ensure_ascii=False),
        author=html.escape(article.get("author", "Tim Contoh")), slug=path.rsplit("/", 1)[-1],
        when_text=published.strftime("%d/%m/%Y %H:%M WIB"), body=body, pager=pager,
        related="".join(f'<li><a href="{article_path(r)}">{html.escape(r["title"])}</a></li>' for r in related))


INDEX = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{title}</title></head><body>
<header><nav class="main-nav"><a href="/">Beranda</a> <a href="/ekonomi">Ekonomi</a> <a href="/tag/kur">#KUR</a>
<a href="/internal/2025/05/02/draf-harga-cabai-naik-tajam">Draf Redaksi</a></nav></header>
<main><h2 class="section-title">{heading}</h2>
<ul class="latest">
{items}
</ul>
{pager}
</main>
<aside class="popular"><h3>Terpopuler</h3><ol>{popular}</ol></aside>
<footer><a href="/tentang">Tentang Kami</a> Copyright © 2025 Contoh News.</footer>
</body></html>
"""
POPULAR = 3  # the "Terpopuler" box: the newest articles, on every index page


def _teaser(path: str, article: dict) -> str:
    first = article["text"].split("\n", 1)[0]
    summary = first[:90].rsplit(" ", 1)[0] + "..." if len(first) > 90 else first
    when = parse_published(article["published"])
    return (f'<li><article class="item"><h3><a href="{path}">{html.escape(article["title"])}</a></h3>'
            f'<time datetime="{when.isoformat()}">{when.strftime("%d/%m/%Y %H:%M WIB")}</time>'
            f'<p class="summary">{html.escape(summary)}</p></article></li>')


def _popular(newest: list[tuple[str, dict]]) -> str:
    return "".join(f'<li><a href="{p}">{html.escape(a["title"])}</a></li>' for p, a in newest[:POPULAR])


def write_index_pages(out: Path, newest: list[tuple[str, dict]], per_page: int) -> None:
    """The front page (`/`) and its further pages (`/page/2`...): `per_page` articles each, newest
    first, numbered page links and "Berikutnya"/"Sebelumnya", the "Terpopuler" box."""
    pages = max(1, -(-len(newest) // per_page))
    popular = _popular(newest)
    (out / "page").mkdir(exist_ok=True)
    for n in range(1, pages + 1):
        url = lambda k: "/" if k == 1 else f"/page/{k}"  # noqa: E731
        pager = " ".join(f'<span class="current">{k}</span>' if k == n else f'<a class="page-number" href="{url(k)}">{k}</a>'
                         for k in range(1, pages + 1))
        if n > 1:
            pager = f'<a class="prev" href="{url(n - 1)}">« Sebelumnya</a> ' + pager
        if n < pages:
            pager += f' <a class="next" rel="next" href="{url(n + 1)}">Berikutnya »</a>'
        items = "\n".join(_teaser(p, a) for p, a in newest[(n - 1) * per_page:n * per_page])
        page = INDEX.format(title="Contoh News" if n == 1 else f"Contoh News - Halaman {n}", heading="Berita Terkini",
                            items=items, popular=popular, pager=f'<div class="pagination">{pager}</div>')
        (out / ("index.html" if n == 1 else f"page/{n}.html")).write_text(page, encoding="utf-8")


def article_path(article: dict) -> str:
    url = article["url"]
    return "/" + url.split("://", 1)[-1].split("/", 1)[1].strip("/")


def render_site(articles: list[dict], out: Path, two_page_every: int = 2, per_page: int = 2) -> list[str]:
    """Write the site into `out`; returns the article paths. Every `two_page_every`-th article
    has a second page; the front page and its further pages list `per_page` articles each."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, article in enumerate(articles):
        path = article_path(article)
        paths.append(path)
        related = [articles[(i + 1) % len(articles)]] if len(articles) > 1 else []
        pages = 2 if two_page_every and i % two_page_every == 1 else 1
        target = out / (path.lstrip("/") + ".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(article_page(article, related, 1, pages), encoding="utf-8")
        if pages == 2:
            (out / path.lstrip("/")).mkdir(parents=True, exist_ok=True)
            (out / path.lstrip("/") / "2.html").write_text(article_page(article, related, 2, 2), encoding="utf-8")
    newest = sorted(zip(paths, articles), key=lambda pa: parse_published(pa[1]["published"]), reverse=True)
    write_index_pages(out, newest, per_page)
    tag = "".join(_teaser(p, a) for p, a in newest)
    (out / "tag").mkdir(exist_ok=True)
    (out / "tag" / "ekonomi.html").write_text(INDEX.format(title="Tag: ekonomi - Contoh News", heading="Tag: ekonomi",
                                                           items=tag, popular=_popular(newest), pager=""), encoding="utf-8")
    (out / "robots.txt").write_text("User-agent: *\nDisallow: /internal/\n", encoding="utf-8")
    draft = out / "internal" / "2025" / "05" / "02" / "draf-harga-cabai-naik-tajam.html"
    draft.parent.mkdir(parents=True, exist_ok=True)
    draft.write_text("<html><body><p>Draf, jangan dirayapi.</p></body></html>\n",
                                                       encoding="utf-8")
    urls = "\n".join(
        f"<url><loc>{p}</loc><news:news><news:publication_date>{parse_published(a['published']).isoformat()}"
        f"</news:publication_date><news:title>{html.escape(a['title'])}</news:title></news:news></url>"
        for p, a in zip(paths, articles))
    (out / "sitemap-news.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n{urls}\n</urlset>\n', encoding="utf-8")
    (out / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>/sitemap-news.xml</loc></sitemap></sitemapindex>\n", encoding="utf-8")
    items = "\n".join(f"<item><title>{html.escape(a['title'])}</title><link>{p}</link>"
                      f"<pubDate>{parse_published(a['published']).strftime('%a, %d %b %Y %H:%M:%S %z')}</pubDate></item>"
                      for p, a in zip(paths, articles))
    (out / "feed.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Contoh News</title>\n{items}\n'
        "</channel></rss>\n", encoding="utf-8")
    return paths


def many_articles(articles: list[dict], n: int) -> list[dict]:
    """`n` distinct articles cycled from the samples (own URL, title and closing line each):
    a site as large as a test needs, e.g. for killing and resuming a crawl."""
    out = []
    for k in range(n):
        base = articles[k % len(articles)]
        out.append(dict(base, id=f"{base['id']}-{k}", url=f"{base['url']}-{k}", title=f"{base['title']} ({k})",
                        text=f"{base['text']}\nCatatan redaksi: laporan berkala ke-{k} dari meja ekonomi."))
    return out


if __name__ == "__main__":
    rows = [json.loads(line) for line in open(HERE / "articles.jsonl", encoding="utf-8")]
    print(f"{len(render_site(rows, HERE / 'site'))} articles -> corpus/site/")
