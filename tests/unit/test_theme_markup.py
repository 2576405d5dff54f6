"""`adapter.standard_page`: Material's invalid or telling markup rewritten, nothing else."""

from __future__ import annotations

import pytest

from gwsite.plugin.adapter import standard_page

HEAD = '<!doctype html>\n<html lang="zh" class="no-js">\n  <head>\n'


@pytest.mark.parametrize("before, after", [
    pytest.param(HEAD, HEAD.replace('lang="zh"', 'lang="zh-CN"'), id="simplified-chinese"),
    pytest.param(HEAD.replace('lang="zh"', 'lang="en"'), HEAD.replace('lang="zh"', 'lang="en"'), id="other-language-kept"),
    pytest.param(HEAD.replace('lang="zh"', 'lang="zh-Hant"'), HEAD.replace('lang="zh"', 'lang="zh-Hant"'),
                 id="traditional-chinese-kept"),
    pytest.param('<meta charset="utf-8">\n      <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">\n<title>',
                 '<meta charset="utf-8">\n<title>', id="generator-meta"),
    pytest.param('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
                 '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">', id="checkbox-toggle"),
    pytest.param('<input type="text" class="md-search__input" name="query" autocomplete="off" required>',
                 '<input type="text" class="md-search__input" name="query" autocomplete="off" required>',
                 id="text-input-kept"),
    pytest.param('<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">',
                 '<label class="md-nav__link" for="__nav_2" id="__nav_2_label">', id="nav-section-label"),
    pytest.param('<label class="md-nav__link" for="__nav_3" id="__nav_3_label" tabindex="0">',
                 '<label class="md-nav__link" for="__nav_3" id="__nav_3_label" tabindex="0">', id="nav-label-kept"),
    pytest.param('<p><code>&lt;a tabindex="" autocomplete="off" type="checkbox"&gt;</code></p>',
                 '<p><code>&lt;a tabindex="" autocomplete="off" type="checkbox"&gt;</code></p>', id="story-code-kept"),
    pytest.param('<p>lang="zh" <meta name="generator"></p>', '<p>lang="zh" <meta name="generator"></p>', id="text-kept"),
])
def test_material_markup_is_made_valid_and_nothing_else_changes(before, after):
    assert standard_page(before) == after
