"""Shortcoming items (structure.shortcoming-causes) are split at every numbering form reports use, 其一/其二 too."""

from __future__ import annotations

import pytest

from tests.conftest import run_pack_rule

_HEAD = "关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n开展普法12场次。\n三、存在的问题\n"


@pytest.mark.parametrize("items, expected", [
    ("其一，依法行政能力仍需提高，镇村干部多为兼职，缺少系统的法律培训；其二，行政决策配套制度还不够完善。", "partial"),
    ("其一，依法行政能力仍需提高，镇村干部多为兼职；其二，配套制度不够完善，主要原因是专业人员只有1名。", "pass"),
])
def test_qiyi_items_are_items(ruleset, items, expected):
    assert run_pack_rule(ruleset, "structure.shortcoming-causes", _HEAD + items, year=2023).status == expected
