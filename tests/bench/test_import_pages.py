"""Benchmark: import 1,000 saved ~100 KB news pages the way the progress dialog does.

The app path is ``intake.import_sources`` on a folder with the default workers (one per
core, spawn processes), each page stored in its own transaction. The raw primitive is
trafilatura's ``bare_extraction`` alone on the same files, with the same call and the same
parallelism, in the same run; single-process trafilatura is printed for reference. Then
1,000 plain-text articles go through the same path (files per second, no ratio).
"""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import random
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.bench.benchkit import Figures, median, news_text

N_PAGES = 1_000
N_TEXTS = 1_000
PAGE_BYTES = 100_000
REPS = 3  # medians of 3 (each figure interleaved): a shared 2-core VM has slow outliers
LIMIT_RATIO = 1.5
CP1252_EVERY = 8  # every 8th page (and text file) is windows-1252, declared in <meta charset>
MIN_WORDS = 15  # fact_gui.services.formats.html.MIN_ARTICLE_WORDS

# ----------------------------------------------------------------------------- pages
_SITES = (
    ("The Kyiv Ledger", "kyivledger.example", "kl"),
    ("Baltic Wire", "balticwire.example", "bw"),
    ("Northern Courier", "northerncourier.example", "nc"),
    ("Daily Frontline", "dailyfrontline.example", "df"),
    ("Seoul Morning Post", "seoulmorning.example", "sm"),
)
_SECTIONS = (
    "World", "Europe", "Ukraine", "Russia", "Asia", "Americas", "Middle East", "Africa",
    "Politics", "Business", "Markets", "Technology", "Science", "Climate", "Health",
    "Opinion", "Analysis", "Investigations", "Sport", "Culture", "Travel", "Video",
    "Podcasts", "Newsletters", "Fact check", "Obituaries", "Weather", "Crosswords",
)  # fmt: skip
_TOPICS = (
    "drone strikes", "border villages", "grain exports", "ceasefire talks", "sanctions",
    "energy grid", "prisoner exchange", "air defence", "recruitment drive", "refugees",
    "ammunition supply", "election monitors", "satellite images", "cyber attack",
    "peace summit", "arms deliveries", "frontline towns", "casualty figures",
)  # fmt: skip
_CITIES = ("KYIV", "SEOUL", "MOSCOW", "BRUSSELS", "WASHINGTON", "KURSK", "GENEVA", "WARSAW")
_AUTHORS = (
    "Olena Kovalenko", "Jae-won Park", "Maria Fernández", "Tomasz Nowak", "Zoë Müller",
    "James O'Connor", "Aisha Bello", "Sven Lindqvist", "Hanna Šimková", "Leila Haddad",
)  # fmt: skip


def _headline(rng: random.Random) -> str:
    forms = (
        "{who} says {topic} will continue despite {other}",
        "What we know about the {topic} near {place}",
        "Live: {topic} and {other} dominate talks in {place}",
        "Analysis: why the {topic} matters more than the {other}",
        "{place} residents describe night of {topic}",
        "Officials dispute figures on {topic} as {other} stall",
    )
    text = rng.choice(forms).format(
        who=rng.choice(("Pentagon", "Kremlin", "Seoul", "NATO", "Kyiv", "EU")),
        topic=rng.choice(_TOPICS),
        other=rng.choice(_TOPICS),
        place=rng.choice(("Kursk", "Sudzha", "Kharkiv", "Geneva", "Plekhovo", "Odesa")),
    )
    return text[0].upper() + text[1:]


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())[:70]


def _links(rng: random.Random, base: str, n: int, words: Sequence[str]) -> str:
    return "".join(
        f'<li class="menu__item"><a class="menu__link" href="https://{base}/'
        f'{_slug(w)}/{rng.randrange(10**6)}" data-track="nav-{i}">{html.escape(w)}</a></li>'
        for i, w in enumerate(rng.choice(words) for _ in range(n))
    )


def _site_chrome(name: str, domain: str, prefix: str) -> tuple[str, str, str]:
    """Per-outlet constant parts: (inline <style>, inline <script>s, footer)."""
    rng = random.Random(prefix)
    css = "\n".join(
        f".{prefix}-{part}-{i}{{margin:{rng.randint(0, 24)}px {rng.randint(0, 24)}px;"
        f"padding:{rng.randint(0, 16)}px;font:{rng.randint(12, 22)}px/1.{rng.randint(2, 8)} "
        f"Georgia,serif;color:#{rng.randrange(16**6):06x};background:#{rng.randrange(16**6):06x}"
        f";display:{rng.choice(('flex', 'block', 'grid', 'inline-block'))}}}"
        for part in ("header", "nav", "teaser", "ad", "footer", "article", "promo")
        for i in range(26)
    )
    config = {
        "site": name,
        "ads": {
            f"slot_{i}": {"sizes": [[300, 250], [728, 90]], "targeting": {"pos": i, "kw": _TOPICS}}
            for i in range(30)
        },
        "experiments": {f"exp_{i}": rng.random() for i in range(120)},
        "consent": {"vendors": list(range(1, 400)), "purposes": list(range(1, 12))},
    }
    script = (
        f"<script>window.__SITE_CONFIG__ = {json.dumps(config)};</script>\n"
        "<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),"
        "event:'gtm.js'});var f=d.getElementsByTagName(s)[0],j=d.createElement(s),"
        "dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src='https://tags.example/gtm.js?id='+i+dl;"
        "f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','GTM-BENCH');"
        "</script>\n"
        + "".join(
            f"<script>function {prefix}Widget{i}(el){{var n=el.querySelectorAll('.x{i}');"
            f"for(var k=0;k<n.length;k++){{n[k].classList.toggle('on',k%{i + 2}==0);}}"
            f"return n.length*{i};}}</script>\n"
            for i in range(30)
        )
    )
    columns = "".join(
        f'<div class="footer__col"><h4 class="footer__heading">{section}</h4>'
        f'<ul class="footer__list">{_links(rng, domain, 12, _SECTIONS + _TOPICS)}</ul></div>'
        for section in _SECTIONS[:10]
    )
    footer = (
        f'<footer class="site-footer {prefix}-footer-1"><div class="footer__inner">{columns}</div>'
        '<div class="footer__legal"><p>© 2026 '
        f"{html.escape(name)}. All rights reserved. Registered in England No. 0000000.</p>"
        '<p><a href="/terms">Terms of use</a> · <a href="/privacy">Privacy policy</a> · '
        '<a href="/cookies">Cookie settings</a> · <a href="/accessibility">Accessibility</a> · '
        '<a href="/contact">Contact us</a> · <a href="/advertise">Advertise with us</a></p>'
        "</div></footer>"
    )
    return css, script, footer


_CHROME: dict[str, tuple[str, str, str]] = {}


def news_page(i: int) -> tuple[bytes, str]:
    """A saved news article page (~100 KB) and its declared encoding; distinct per ``i``."""
    rng = random.Random(10_000 + i)
    name, domain, prefix = _SITES[i % len(_SITES)]
    if prefix not in _CHROME:
        _CHROME[prefix] = _site_chrome(name, domain, prefix)
    css, scripts, footer = _CHROME[prefix]
    encoding = "windows-1252" if i % CP1252_EVERY == CP1252_EVERY - 1 else "utf-8"
    title = _headline(rng)
    author = rng.choice(_AUTHORS)
    day = date(2026, 11, 1) - timedelta(days=i % 300)
    published = f"{day.isoformat()}T{rng.randint(5, 22):02d}:{rng.randint(0, 59):02d}:00Z"
    section = rng.choice(_SECTIONS[:8])
    url = f"https://{domain}/{_slug(section)}/{day:%Y/%m/%d}/{_slug(title)}-{i}"
    n_paras = rng.randint(8, 20)
    paras = news_text(n_paras * 420, seed=50_000 + i).splitlines()[1 : n_paras + 1]
    paras[0] = f"{rng.choice(_CITIES)}, {day:%b} {day.day} ({name}) — {paras[0]}"
    e = html.escape
    body_html = "".join(
        f"<p>{e(p)}</p>"
        + (
            f'<div class="ad ad--inline {prefix}-ad-{k}" data-slot="slot_{k}">'
            "<span>Advertisement</span></div>"
            if k in (2, 6, 12)
            else ""
        )
        for k, p in enumerate(paras)
    )
    teasers = "".join(
        f'<div class="teaser {prefix}-teaser-{k}"><a href="https://{domain}/news/{rng.randrange(10**7)}">'
        f'<img src="/img/{rng.randrange(10**9):x}.jpg" alt="" loading="lazy" width="320" '
        f'height="180"><h3 class="teaser__title">{e(_headline(rng))}</h3></a>'
        f'<p class="teaser__standfirst">{e(rng.choice(_AUTHORS))} · {rng.randint(2, 9)} min read'
        f"</p></div>"
        for k in range(rng.randint(14, 22))
    )
    most_read = "".join(
        f'<li><span class="rank">{k}</span><a href="https://{domain}/news/'
        f'{rng.randrange(10**7)}">{e(_headline(rng))}</a></li>'
        for k in range(1, 11)
    )
    nav = "".join(
        f'<li class="nav__section"><a href="https://{domain}/{_slug(s)}">{s}</a>'
        f'<ul class="nav__sub">{_links(rng, domain, 5, _TOPICS)}</ul></li>'
        for s in _SECTIONS
    )
    ld_json = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": published,
            "author": [{"@type": "Person", "name": author}],
            "publisher": {"@type": "Organization", "name": name},
            "mainEntityOfPage": url,
        },
        ensure_ascii=False,
    )
    page = f"""<!DOCTYPE html>
<html lang="en-GB" class="no-js">
<head>
<meta charset="{encoding}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} | {e(name)}</title>
<meta name="description" content="{e(paras[1][:150])}">
<meta name="author" content="{e(author)}">
<meta property="og:site_name" content="{e(name)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(title)}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="https://{domain}/img/{rng.randrange(10**9):x}.jpg">
<meta property="article:published_time" content="{published}">
<meta property="article:section" content="{section}">
<meta name="twitter:card" content="summary_large_image">
<link rel="canonical" href="{url}">
<link rel="stylesheet" href="https://{domain}/static/main.{rng.randrange(16**8):08x}.css">
<style>{css}</style>
{scripts}
<script type="application/ld+json">{ld_json}</script>
</head>
<body class="article-page {prefix}-body">
<div id="cookie-banner" class="consent" role="dialog"><p>We and our 399 partners use cookies
and similar technologies to personalise content and ads and to measure audiences.</p>
<button class="consent__accept">Accept all</button><button>Manage options</button></div>
<header class="site-header"><a class="logo" href="https://{domain}/">{e(name)}</a>
<nav class="nav" aria-label="Sections"><ul class="nav__list">{nav}</ul></nav>
<div class="ad ad--leaderboard" data-slot="slot_0"><span>Advertisement</span></div></header>
<main id="main">
<div class="breadcrumbs"><a href="https://{domain}/">Home</a> › <a href="https://{domain}/{_slug(section)}">{section}</a></div>
<article class="story {prefix}-article-1">
<header class="story__header"><h1 class="story__title">{e(title)}</h1>
<p class="byline">By <a rel="author" href="https://{domain}/authors/{_slug(author)}">{e(author)}</a>
· <time datetime="{published}">{day:%d %B %Y}</time></p></header>
<figure class="story__image"><img src="https://{domain}/img/{rng.randrange(10**9):x}.jpg" alt="">
<figcaption>Photograph: {e(rng.choice(_AUTHORS))}/Bench Agency</figcaption></figure>
<div class="story__body">{body_html}</div>
<div class="share"><a href="#">Share on X</a> <a href="#">Facebook</a> <a href="#">Email</a></div>
<ul class="tags">{_links(rng, domain, 5, _TOPICS)}</ul>
</article>
<aside class="most-read"><h2>Most read</h2><ol>{most_read}</ol></aside>
<div class="ad ad--mpu" data-slot="slot_3"><span>Advertisement</span></div>
<section class="related"><h2>More on this story</h2>{teasers}</section>
<div class="newsletter-promo"><h2>Sign up to our morning briefing</h2>
<p>The day's essential stories, delivered to your inbox.</p><form><input type="email"></form></div>
</main>
{footer}
<script>window.__PAGE__ = {json.dumps({"id": i, "section": section, "url": url})};</script>
</body>
</html>
"""
    return page.encode(encoding, errors="xmlcharrefreplace"), encoding


def write_pages(folder: Path, n: int) -> tuple[int, int]:
    """``n`` pages as page-NNNN.html; returns (total bytes, windows-1252 pages)."""
    folder.mkdir()
    total = cp1252 = 0
    for i in range(n):
        data, encoding = news_page(i)
        (folder / f"page-{i:04d}.html").write_bytes(data)
        total += len(data)
        cp1252 += encoding != "utf-8"
    return total, cp1252


def write_texts(folder: Path, n: int) -> int:
    """``n`` plain-text articles (~5-10 KB) as text-NNNN.txt; returns the total bytes."""
    folder.mkdir()
    total = 0
    for i in range(n):
        rng = random.Random(90_000 + i)
        text = f"{_headline(rng)}\nBy {rng.choice(_AUTHORS)}\n\n" + news_text(
            rng.randint(5_000, 10_000), seed=200_000 + i
        )
        if i % CP1252_EVERY == CP1252_EVERY - 1:
            data = text.encode("windows-1252", errors="replace")
        else:
            data = text.encode("utf-8")
        (folder / f"text-{i:04d}.txt").write_bytes(data)
        total += len(data)
    return total


# -------------------------------------------------------------------------- baselines
# The call fact_gui.services.formats.html.Html.extract makes for a local file (no URL);
# test_import_pages checks it against the app's real call before timing anything.
TRAFILATURA_KWARGS: dict[str, Any] = {
    "url": None,
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "deduplicate": False,
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}


def trafilatura_file(path: str) -> str:
    """Worker: the file's bytes through trafilatura alone (it decodes them itself)."""
    import trafilatura

    doc: Any = trafilatura.bare_extraction(Path(path).read_bytes(), **TRAFILATURA_KWARGS)
    if doc is None:
        return ""
    return str((doc if isinstance(doc, dict) else doc.as_dict()).get("text") or "")


def app_call_kwargs(page: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The keyword arguments the app's HTML format passes to trafilatura for ``page``."""
    import trafilatura

    from fact_gui.services.formats import for_source

    seen: dict[str, Any] = {}
    real = trafilatura.bare_extraction

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.update(kwargs)
        return real(*args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(trafilatura, "bare_extraction", spy)
        for_source(str(page)).extract(page.read_bytes(), str(page))
    return seen


def decode_file(path: str) -> str:
    """Reading + decoding a text file the cheap way: UTF-8, else charset_normalizer."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        return "" if best is None else str(best)


def pooled(fn: Callable[[str], str], paths: Sequence[str], workers: int) -> list[str]:
    """Like import_sources' pool: spawn context, one task per file, results in order."""
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        futures = [pool.submit(fn, p) for p in paths]
        return [f.result() for f in futures]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


# ------------------------------------------------------------------------------ tests
def _import_folder(tmp_path: Path, name: str, folder: Path, expected: int) -> float:
    """One timed import_sources run on a fresh desk, as the progress dialog calls it."""
    from fact_gui.services.context import Desk
    from fact_gui.services.intake import Outcome, import_sources

    desk = Desk.open(str(tmp_path / f"{name}.db"), "bench")
    calls: list[int] = []
    labels: list[str] = []

    def progress(done: int, total: int, outcome: Outcome) -> None:
        # What MainWindow.import_batch's job hands to the progress dialog.
        labels.append(f"{done:,} of {total:,}: {Path(outcome.source).name}")
        assert total == expected
        calls.append(done)

    try:
        seconds, report = timed(
            lambda: import_sources(desk, [folder], progress=progress, cancelled=lambda: False)
        )
    finally:
        desk.close()
    imported = report.of("imported")
    bad = [o for o in report.outcomes if o.status != "imported"][:3]
    assert len(imported) == expected, f"{len(imported)} of {expected} imported; e.g. {bad}"
    assert calls == list(range(1, expected + 1)), "progress not reported once per file, in order"
    assert not report.cancelled
    return seconds


def test_import_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fact_gui.services import intake

    workers = os.cpu_count() or 1
    pages, texts = tmp_path / "pages", tmp_path / "texts"
    t0 = time.perf_counter()
    page_bytes, cp1252 = write_pages(pages, N_PAGES)
    text_bytes = write_texts(texts, N_TEXTS)
    build_s = time.perf_counter() - t0
    assert 0.8 * PAGE_BYTES <= page_bytes / N_PAGES <= 1.3 * PAGE_BYTES, page_bytes / N_PAGES
    assert N_PAGES >= intake.PARALLEL_MIN and workers > 1, "the app would not use its pool"
    page_paths = sorted(str(p) for p in pages.iterdir())
    assert app_call_kwargs(pages / "page-0000.html", monkeypatch) == TRAFILATURA_KWARGS, (
        "the app's trafilatura call changed: update TRAFILATURA_KWARGS"
    )
    text_paths = sorted(str(p) for p in texts.iterdir())

    app_s: list[float] = []
    par_s: list[float] = []
    one_s: list[float] = []
    for rep in range(REPS):
        seconds, extracted = timed(lambda: pooled(trafilatura_file, page_paths, workers))
        par_s.append(seconds)
        short = [
            p for p, t in zip(page_paths, extracted, strict=True) if len(t.split()) < MIN_WORDS
        ]
        assert not short, f"trafilatura found no article in {len(short)} pages, e.g. {short[:2]}"
        app_s.append(_import_folder(tmp_path, f"pages{rep}", pages, N_PAGES))
        one_s.append(timed(lambda: [trafilatura_file(p) for p in page_paths])[0])

    # What the app stored: every page's story with its metadata, the charset honoured,
    # none of the page furniture.
    with closing(sqlite3.connect(tmp_path / "pages0.db")) as conn:
        stored, legacy, furniture, described = conn.execute(
            "SELECT count(*), sum(encoding = 'windows-1252'),"
            " sum(text LIKE '%Accept all%' OR text LIKE '%Most read%' OR text LIKE '%©%'),"
            " sum(published IS NOT NULL AND outlet != '' AND author != '' AND url != '')"
            " FROM article"
        ).fetchone()
    assert (stored, legacy, furniture, described) == (N_PAGES, cp1252, 0, N_PAGES)

    fig = Figures(
        f"import_pages: {N_PAGES:,} saved news pages (~{page_bytes / N_PAGES / 1000:.0f} KB),"
        f" import_sources with {workers} workers",
        app_s,
        par_s,
    )
    fig.report(
        unit="s",
        limit=f"ratio <= {LIMIT_RATIO}x trafilatura alone, same files, {workers} spawn workers",
        extra=f"app {N_PAGES / fig.app_median:,.1f} pages/s;"
        f" trafilatura {workers} workers {N_PAGES / fig.raw_median:,.1f} pages/s;"
        f" trafilatura 1 process {N_PAGES / median(one_s):,.1f} pages/s"
        f" (median {median(one_s):.3f} s, n={len(one_s)});"
        f" {cp1252} pages windows-1252; {page_bytes / 2**20:.0f} MB pages +"
        f" {text_bytes / 2**20:.1f} MB text built in {build_s:.1f} s",
    )

    txt_s = [_import_folder(tmp_path, f"texts{rep}", texts, N_TEXTS) for rep in range(REPS)]
    dec_s = [timed(lambda: [decode_file(p) for p in text_paths])[0] for _ in range(REPS)]
    txt = Figures(
        f"import_texts: {N_TEXTS:,} plain-text articles (~{text_bytes / N_TEXTS / 1000:.1f} KB),"
        f" import_sources with {workers} workers",
        txt_s,
        dec_s,
    )
    txt.report(
        unit="s",
        limit="none (raw = read + decode UTF-8 / charset_normalizer, 1 process)",
        extra=f"app {N_TEXTS / txt.app_median:,.1f} files/s;"
        f" read+decode {N_TEXTS / txt.raw_median:,.1f} files/s",
    )
    assert fig.ratio <= LIMIT_RATIO, f"ratio {fig.ratio:.2f}x > {LIMIT_RATIO}x"
