"""A small crawler over the Django test client: what a new user would click, checked for what breaks a pilot.

It follows GET links (``<a href>`` and htmx ``hx-get``) breadth first and records, per page, the problems a
user would see: a server error, an error page without the app's look, anything loaded from another host.
Pages of one shape (the same path with other ids, the same query keys) are sampled rather than all
visited: a 500 comes from a view and its data, and one instance of each view per workspace finds it in
seconds where every customer's page would take minutes.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit

STYLESHEET = "kohtaamo/app.css"
# A page shown as a customer sees it (the survey, or staff's preview of an invitation) has the public look.
CUSTOMER_STYLESHEET = "feedback/public.css"
LOCAL_HOSTS = {"", "testserver", "127.0.0.1", "localhost"}
# Attributes that make the browser fetch something as the page loads (not a link the user follows).
LOADING = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "source": ("src", "srcset"),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
# Not pages of the product: Django's own admin, switching language (a POST), logging out, API operations.
SKIPPED_PREFIXES = ("/admin/", "/i18n/", "/logout/", "/api/", "/static/", "/s/")
NUMBER = re.compile(r"\d+")
HIDDEN = {"script", "style", "template", "code", "pre", "kbd", "textarea"}
# A raw key or enum value shown as text: snake_case (in_person, anything_else, age_band, cx_manager).
RAW_KEY = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# Attributes whose text a reader sees (a tooltip, a placeholder) or hears (a screen reader's label).
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# Tags inside one text a reader sees: "this is <mark>Aino</mark> from …" highlights a quote's words, and the
# quote is one text ("from" alone is no label left in English).
GLUED = {"mark"}


class ParsedPage(HTMLParser):
    """One pass over a page: the links a user can follow, what loads with it, and its visible text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, bool, bool]] = []  # (href, is an htmx partial, is in a <nav>)
        self.loads: list[str] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self.attribute_text: list[str] = []
        self.language = ""  # the page's <html lang>: a customer's page is in the customer's language
        self._navs = 0
        self._hidden = 0  # inside HIDDEN: not prose a reader sees (or code shown as code on purpose)
        self._run = False  # the next text continues the last one: only a <mark> lies between them
        self.feed(html)
        self.close()
        self.text = [text.strip() for text in self.text if text.strip()]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self._run = self._run and tag in GLUED
        self._navs += tag == "nav"
        self._hidden += tag in HIDDEN
        if tag == "html":
            self.language = values.get("lang", "")
        if tag == "a" and values.get("href"):
            self.links.append((values["href"], False, self._navs > 0))
        if values.get("hx-get"):
            self.links.append((values["hx-get"], True, False))
        for name in LOADING.get(tag, ()):
            if values.get(name):
                self.loads += [part.split()[0] for part in values[name].split(",") if part.strip()]
        if values.get("style"):
            self.styles.append(values["style"])
        self.attribute_text += [values[name] for name in READ_ATTRIBUTES if values.get(name)]
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._run = self._run and tag in GLUED
        if tag == "nav":
            self._navs = max(0, self._navs - 1)
        if tag in HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        self._style = False

    def handle_data(self, data: str) -> None:
        if getattr(self, "_style", False):
            self.styles.append(data)
        elif not self._hidden:
            if self._run:
                self.text[-1] += data
            else:
                self.text.append(data)
            self._run = True

    def raw_keys(self) -> list[str]:
        """snake_case words in the visible text: a key or enum value shown where a label belongs."""
        return sorted({key for text in self.text for key in RAW_KEY.findall(text)})

    def outside_loads(self) -> list[str]:
        """Every address the page makes the browser fetch from a host other than this server."""
        loads = list(self.loads)
        for css in self.styles:
            loads += [a or b for a, b in CSS_URL.findall(css)]
        return [url for url in loads if not is_local(url)]


def external_loads(html: str) -> list[str]:
    return ParsedPage(html).outside_loads()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob"}:
        return True
    return parts.scheme in {"", "http", "https"} and (parts.hostname or "") in LOCAL_HOSTS


def shape(url: str) -> str:
    """The page's kind: its path with ids as N and its query keys (values that are numbers as N too)."""
    parts = urlsplit(url)
    query = sorted((key, NUMBER.sub("N", value)) for key, value in parse_qsl(parts.query))
    return NUMBER.sub("N", parts.path) + "?" + urlencode(query)


@dataclass
class Page:
    url: str
    status: int
    depth: int
    partial: bool
    found_on: str
    parsed: ParsedPage = field(repr=False)


@dataclass(frozen=True)
class Problem:
    url: str
    found_on: str
    what: str

    def __str__(self) -> str:
        return f"{self.url} (linked from {self.found_on}): {self.what}"


@dataclass
class Crawler:
    """Breadth-first over ``client`` from ``start``, staying inside ``prefixes`` (the workspaces' URLs).

    A link inside a ``<nav>`` (the main navigation, an app's sub-navigation) is depth 1 wherever it is
    found; a link found on a depth-n page is depth n + 1, followed while n < ``max_depth``.
    """

    client: Any
    prefixes: tuple[str, ...]
    max_depth: int = 2
    per_shape: int = 1
    pages: list[Page] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def crawl(self, start: list[str]) -> None:
        queue: deque[tuple[str, int, bool, str]] = deque((url, 0, False, "the start") for url in start)
        seen: set[str] = set()
        shapes: Counter[str] = Counter()
        while queue:
            url, depth, partial, found_on = queue.popleft()
            if url in seen or (depth > 0 and shapes[shape(url)] >= self.per_shape):
                continue
            seen.add(url)
            shapes[shape(url)] += 1
            page = self.visit(url, depth, partial, found_on)
            if page is None or page.status >= 300:
                continue
            for link, is_partial, in_nav in self.links(page):
                if in_nav:
                    queue.append((link, 1, is_partial, url))
                elif depth < self.max_depth:
                    queue.append((link, depth + 1, is_partial, url))

    def visit(self, url: str, depth: int, partial: bool, found_on: str) -> Page | None:
        """GET one page, record what is wrong with it, and return it if it is HTML."""
        headers = {"HTTP_HX_REQUEST": "true"} if partial else {}
        try:
            response = self.client.get(url, **headers)
        except Exception as error:  # the test client re-raises a view's exception: that is a 500
            self.problems.append(Problem(url, found_on, f"500: {type(error).__name__}: {error}"))
            return None
        if response.status_code >= 500:
            self.problems.append(Problem(url, found_on, f"{response.status_code}"))
        if "text/html" not in response.get("Content-Type", ""):
            return None
        html = response.content.decode(response.charset or "utf-8", "replace")
        page = Page(url, response.status_code, depth, partial, found_on, ParsedPage(html))
        self.pages.append(page)
        self.check(page, html)
        return page

    def check(self, page: Page, html: str) -> None:
        if page.status >= 400 and STYLESHEET not in html:
            self.problems.append(Problem(page.url, page.found_on, f"{page.status} page without the app's look"))
        if not page.partial and page.status < 300 and STYLESHEET not in html and CUSTOMER_STYLESHEET not in html:
            self.problems.append(Problem(page.url, page.found_on, "page without the app's stylesheet"))
        for outside in page.parsed.outside_loads():
            self.problems.append(Problem(page.url, page.found_on, f"loads {outside} from outside the server"))

    def links(self, page: Page) -> list[tuple[str, bool, bool]]:
        found = []
        for href, partial, in_nav in page.parsed.links:
            url = urldefrag(urljoin(page.url, href)).url
            parts = urlsplit(url)
            if parts.scheme not in {"", "http", "https"} or not is_local(url):
                continue  # mailto:, tel:, another site
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith(SKIPPED_PREFIXES) or not path.startswith(self.prefixes):
                continue
            found.append((path, partial, in_nav))
        return found
