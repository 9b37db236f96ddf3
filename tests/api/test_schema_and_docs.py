"""The OpenAPI schema and its Swagger UI page, served by the app under the strict CSP."""

import re

from tests.conftest import client_for


def test_the_schema_describes_every_error_answer_on_every_operation(executive):
    schema = client_for(executive).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["openapi"].startswith("3.")
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for code in ("400", "401", "403", "404"):
                assert operation["responses"][code]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Error"
                }, (method, path, code)
            # The taxonomy and tokens carry no version; every other writable record does.
            unversioned = ("/api/tokens/", "/api/capabilities/", "/api/capability-domains/")
            if method in ("put", "patch", "delete") and not path.startswith(unversioned):
                assert "412" in operation["responses"], (method, path)
    assert schema["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"


def test_the_docs_page_has_no_inline_script_and_loads_its_assets_from_the_app(procurement):
    client = client_for(procurement)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts, "Swagger UI needs its scripts"
    assert all('src="/' in attrs and body.strip() == "" for attrs, body in scripts), scripts
    for src in re.findall(r'<script src="([^"]+)"', html):
        asset = client.get(src.replace("&amp;", "&"))
        assert asset.status_code == 200, src
        if "script=" in src:
            assert asset["Content-Type"].startswith("application/javascript")
            assert "/api/schema/" in asset.content.decode()
