"""The crawler itself: it must see each kind of problem it is there to catch, or its silence means nothing."""

from django.http import HttpResponse, HttpResponseNotFound

from .crawler import Crawler, ParsedPage, external_loads, shape
from .untranslated import untranslated

STYLED = '<link rel="stylesheet" href="/static/kohtaamo/app.css">'


class FakeClient:
    """Answers GETs from a dict of path → response; a missing path raises, as a failing view does."""

    def __init__(self, pages: dict[str, HttpResponse]) -> None:
        self.pages = pages
        self.asked: list[str] = []

    def get(self, url: str, **headers) -> HttpResponse:
        self.asked.append(url)
        if url not in self.pages:
            raise RuntimeError(f"planted failure at {url}")
        return self.pages[url]


def page(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(f"<html><head>{STYLED}</head><body>{body}</body></html>", status=status)


def test_it_finds_what_a_page_loads_from_elsewhere_and_lets_local_loads_be():
    html = (
        '<script src="https://cdn.example.com/swagger.js"></script><link rel="stylesheet" href="//fonts.example/a.css">'
        '<img src="/static/a.png" srcset="/static/a2.png 2x, http://img.example/b.png 3x">'
        '<iframe src="data:text/html,x">'
        "</iframe><div style=\"background:url('https://tracker.example/p.gif')\"></div>"
        "<style>@import 'https://css.example/x.css'; .a{background:url(/static/ok.png)}</style>"
        '<a href="https://elsewhere.example/">a link is not a load</a><script src="http://127.0.0.1:8000/ok.js"></script>'
    )
    assert sorted(external_loads(html)) == [
        "//fonts.example/a.css",
        "http://img.example/b.png",
        "https://cdn.example.com/swagger.js",
        "https://css.example/x.css",
        "https://tracker.example/p.gif",
    ]


def test_it_reports_a_server_error_an_unstyled_error_page_and_an_outside_script():
    client = FakeClient(
        {
            "/w/a/": page(
                '<nav><a href="/w/a/sub/">Sub</a></nav><a href="/w/a/gone/">Gone</a><a href="/w/a/boom/">Boom</a>'
            ),
            "/w/a/sub/": page('<script src="https://cdn.example/x.js"></script>'),
            "/w/a/gone/": HttpResponseNotFound("<h1>Not Found</h1>"),
        }
    )
    crawler = Crawler(client, prefixes=("/w/a/",))
    crawler.crawl(["/w/a/"])

    found = {(p.url, p.what.split(":")[0]) for p in crawler.problems}
    assert found == {
        ("/w/a/sub/", "loads https"),
        ("/w/a/gone/", "404 page without the app's look"),
        ("/w/a/boom/", "500"),
    }


def test_it_stays_inside_the_workspaces_and_stops_at_depth_two():
    client = FakeClient(
        {
            "/w/a/": page('<a href="/w/a/1/">1</a><a href="/w/b/x/">other</a><a href="/admin/">admin</a>'),
            "/w/a/1/": page('<a href="/w/a/one/two/">2</a><a href="mailto:x@example.com">mail</a>'),
            "/w/a/one/two/": page('<a href="/w/a/three/">3</a>'),
        }
    )
    crawler = Crawler(client, prefixes=("/w/a/",), max_depth=2)
    crawler.crawl(["/w/a/"])

    assert client.asked == ["/w/a/", "/w/a/1/", "/w/a/one/two/"]  # depth 0, 1, 2; not 3, not outside
    assert crawler.problems == []


def test_pages_of_one_shape_are_sampled_once():
    assert shape("/w/a/customers/12/?page=3&q=x") == shape("/w/a/customers/345/?q=x&page=9")
    assert shape("/w/a/customers/12/") != shape("/w/a/customers/12/?page=2")
    client = FakeClient(
        {"/w/a/": page("".join(f'<a href="/w/a/c/{n}/">{n}</a>' for n in range(5))), "/w/a/c/0/": page("")}
    )
    Crawler(client, prefixes=("/w/a/",)).crawl(["/w/a/"])
    assert client.asked == ["/w/a/", "/w/a/c/0/"]


def test_it_finds_raw_keys_in_the_text_but_not_in_code_scripts_or_addresses():
    parsed = ParsedPage(
        "<td>in_person</td><p>Outcome: unresolved_case · ok</p><code>age_band</code><script>var a_b = 1</script>"
        '<a href="/w/a/?by=contact_reason">Reason</a>'
    )
    assert parsed.raw_keys() == ["in_person", "unresolved_case"]


def test_a_quote_with_highlighted_words_reads_as_one_text():
    parsed = ParsedPage(
        '<td><a href="#turn-0">turn 1</a> · Agent <p class="quote"><mark>Hi</mark>, this is <mark>Aino</mark> from'
        " <mark>Voima</mark>. How can I help?</p></td><td>from</td>"
    )
    assert parsed.text == ["turn 1", "· Agent", "Hi, this is Aino from Voima. How can I help?", "from"]
    assert untranslated(parsed.text, "fi") == ["from"]
