"""The site-wide readable tags as a page uses them: one interval style, kept on one line, escaped."""

from django.template import Context, Template
from django.utils import translation


def render(source: str, **context) -> str:
    return Template("{% load readable %}" + source).render(Context(context))


def test_an_interval_is_one_span_in_the_page_language_with_its_ends_escaped():
    with translation.override("fi"):
        html = render("{% interval low|floatformat:1 high|floatformat:1 %}", low=62.04, high=71.5)
    assert html == '<span class="interval">[62,0–71,5]</span>'
    assert render("{% interval a b %}", a="-4", b="<b>") == '<span class="interval">[-4 – &lt;b&gt;]</span>'
