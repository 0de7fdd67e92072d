"""The main navigation: each section once (follow-ups and surveys live under Feedback only), every item with its
icon beside a text label, and every role still reaching the feedback pages it may open."""

from html.parser import HTMLParser

import pytest

from kohtaamo.workspaces import access
from tests.factories import login

ROLES = ("aino", "cecilia", "kalle", "leena", "ville")


class _Nav(HTMLParser):
    """The links of one ``<nav class=...>``: (href, text, attributes, whether an aria-hidden svg opens it)."""

    def __init__(self, css_class: str) -> None:
        super().__init__()
        self.css_class, self.depth, self.links = css_class, 0, []
        self._link: dict | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "nav" and self.css_class in (attributes.get("class") or "").split():
            self.depth = 1
        elif tag == "nav" and self.depth:
            self.depth += 1
        if not self.depth:
            return
        if tag == "a":
            self._link = {"href": attributes["href"], "text": "", "attrs": attributes, "icon": False}
        elif tag == "svg" and self._link is not None and not self._link["text"].strip():
            self._link["icon"] = attributes.get("aria-hidden") == "true"

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self._link["text"] = self._link["text"].strip()
            self.links.append(self._link)
            self._link = None
        elif tag == "nav" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link["text"] += data


def nav_links(html: str, css_class: str = "mainnav") -> list[dict]:
    parser = _Nav(css_class)
    parser.feed(html)
    return parser.links


@pytest.mark.parametrize("who", ROLES)
def test_follow_ups_and_surveys_are_not_in_the_main_navigation(client, people, who):
    login(client, people[who])
    for address in ("/w/voima/customers/", "/w/voima/feedback/"):
        links = nav_links(client.get(address).content.decode())
        hrefs = [link["href"] for link in links]
        assert len(hrefs) == len(set(hrefs)), hrefs  # each section once
        assert not any("/follow-ups/" in href or "/surveys/" in href for href in hrefs), hrefs
        assert [link["text"] for link in links].count("Feedback") == 1


@pytest.mark.parametrize("who", ROLES)
def test_every_main_navigation_item_has_a_hidden_icon_and_a_text_label(client, people, who):
    login(client, people[who])
    links = nav_links(client.get("/w/voima/customers/").content.decode())
    assert len(links) >= 4
    for link in links:
        assert link["icon"], link
        assert link["text"], link


@pytest.mark.parametrize(
    ("who", "address", "item"),
    [
        ("leena", "/w/voima/feedback/follow-ups/", "Follow-ups"),
        ("aino", "/w/voima/feedback/follow-ups/", "Follow-ups"),
        ("cecilia", "/w/voima/feedback/surveys/", "Surveys"),
        ("cecilia", "/w/voima/feedback/surveys/new/", "Surveys"),
    ],
)
def test_feedback_stays_lit_on_its_follow_ups_and_surveys(client, people, who, address, item):
    html = login(client, people[who]).get(address).content.decode()
    current = [link["text"] for link in nav_links(html) if link["attrs"].get("aria-current") == "page"]
    assert current == ["Feedback"]
    sub = [link["text"] for link in nav_links(html, "subnav") if link["attrs"].get("aria-current") == "page"]
    assert sub == [item]


@pytest.mark.parametrize(
    ("who", "follow_ups", "surveys"),
    [("aino", True, True), ("cecilia", True, True), ("leena", True, False), ("kalle", False, False),
     ("ville", False, False)],
)  # fmt: skip
def test_each_role_reaches_what_it_may_open_from_the_feedback_item(client, people, who, follow_ups, surveys):
    login(client, people[who])
    feedback = next(link for link in nav_links(client.get("/w/voima/customers/").content.decode())
                    if link["text"] == "Feedback")  # fmt: skip
    landing = client.get(feedback["href"])
    assert landing.status_code == 200
    sub = {link["text"]: link["href"] for link in nav_links(landing.content.decode(), "subnav")}
    assert ("Follow-ups" in sub) is follow_ups and ("Surveys" in sub) is surveys
    for href in sub.values():
        assert client.get(href).status_code == 200, href


def test_a_role_with_follow_ups_but_no_dashboard_is_led_to_its_follow_ups(client, people, monkeypatch):
    monkeypatch.setitem(access.CAPABILITIES, "view_feedback", access.MANAGERS)
    login(client, people["leena"])
    feedback = next(link for link in nav_links(client.get("/w/voima/customers/").content.decode())
                    if link["text"] == "Feedback")  # fmt: skip
    assert feedback["href"] == "/w/voima/feedback/follow-ups/"
    page = client.get(feedback["href"])
    assert page.status_code == 200
    assert [link["text"] for link in nav_links(page.content.decode(), "subnav")] == ["Follow-ups"]
    client.logout()
    login(client, people["ville"])  # neither: no Feedback item at all
    assert "Feedback" not in [link["text"] for link in nav_links(client.get("/w/voima/customers/").content.decode())]
