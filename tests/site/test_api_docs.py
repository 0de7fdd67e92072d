"""/api/v1/docs works offline: Swagger UI comes from the package's static files, nothing from another host."""

import json
import re

from .crawler import ParsedPage, external_loads


def test_the_api_docs_load_nothing_from_outside_and_every_asset_is_served(client, db):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert external_loads(html) == []
    loads = ParsedPage(html).loads
    assert "/static/ninja/swagger-ui-bundle.js" in loads and "/static/ninja/swagger-ui.css" in loads
    for asset in loads:
        served = client.get(asset)
        assert served.status_code == 200, asset
        assert b"".join(served.streaming_content), asset


def test_swagger_ui_is_told_not_to_fetch_the_online_validator_badge(client, db):
    html = client.get("/api/v1/docs").content.decode()
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1))

    assert settings["validatorUrl"] is None  # else a badge image from validator.swagger.io on a real host
    assert client.get(settings["url"]).status_code == 200
