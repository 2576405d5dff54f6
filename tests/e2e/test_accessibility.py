"""axe-core (from the npm registry) in the home, story and ranking pages of the sample portal,
at a desktop and a phone size: no serious or critical violation. Each full report is kept in
the artifacts folder beside the screenshots."""

from __future__ import annotations

import os

import pytest

from browsing import AXE

PAGES = {
    "home": "/",
    "story": "/news/2025/12/2025-12-16-liulin-he-xiuyun-zuimei/",
    "ranking": "/ranking/",
    "news": "/news/",
    "unit": "/units/anping/",
    "search": "/search/?q=五老",
    "topic": "/topics/wulao-xuanjiang/",
}


@pytest.fixture(scope="module", autouse=True)
def axe_installed():
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail("CI 上缺少 axe-core：.ci/run 应先运行 npm ci --prefix tests/e2e")
        pytest.skip("没有安装 axe-core（npm ci --prefix tests/e2e）")


def described(violations: list[dict]) -> list[str]:
    return [f"{v['impact']} {v['id']}: {v['help']} — " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            for v in violations]


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violation(reader, name):
    reader.open(PAGES[name])
    if name == "search":
        reader.page.locator(".pagefind-ui__result-link").first.wait_for()
    violations = reader.accessibility(name)
    assert described([v for v in violations if v["impact"] in ("serious", "critical")]) == []
