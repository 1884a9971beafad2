"""The auditor's round end to end: last year beside this year, copying across a batch, publication on time, 通报."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import seed
from round_makers import saved_page, shared_batch, two_years


def _json(cli, *args, tmp_path: Path, code: int = 0) -> dict:
    out = tmp_path / "audit.json"
    result = cli("check", *args, "-f", "json", "-o", out, "--fail-on", "never")
    assert result.returncode == code, result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


# --- last year beside this year ---------------------------------------------------------------------------

@pytest.fixture
def years(tmp_path):
    before, now = two_years(tmp_path / "years")
    other = tmp_path / "years" / "2024" / "太龙镇.txt"  # a body with no report last year
    other.write_text(seed("000").read_text(encoding="utf-8"), encoding="utf-8")
    return before, now, other


def test_pairs_a_body_with_its_last_year_and_compares_them(cli, tmp_path, years):
    before, now, other = years
    data = _json(cli, now.parent, "--previous", before.parent, tmp_path=tmp_path)
    prev = data["round"]["previous"]
    assert [(p["path"], p["previous_path"]) for p in prev["pairs"]] == [(str(now), str(before))]
    assert [u["path"] for u in prev["unpaired"]] == [str(other)] and "上年报告" in prev["unpaired"][0]["reason"]
    pair = prev["pairs"][0]
    # copied: the opening, the first measure and the first-duty part, with 2023 written as 2024
    copied = pair["copied"]
    assert 0.5 < copied["share"] < 0.98 and copied["copied_chars"] < copied["total_chars"]
    longest = copied["passages"][0]
    assert "2024" in longest["text"] and longest["chars"] > 300 and longest["previous_where"].startswith("第")
    assert all("创新普法方式" not in p["text"] for p in copied["passages"])  # new work is not copied
    # the same 不足 again, and only that one
    repeats = pair["repeated_shortcomings"]
    assert len(repeats) == 1 and repeats[0]["text"].startswith("一是普法宣传形式不够丰富")
    assert repeats[0]["previous_where"] == "第27行"
    assert not any("村级法律顾问" in r["text"] for r in repeats)
    # last year's plans: 普法 and 矛盾纠纷 answered by new work, 三项制度 not
    def plan(opening: str) -> dict:
        return next(p for p in pair["plans"] if p["text"].startswith(opening))

    assert plan("（一）广泛深入宣传")["followed"] and plan("（一）广泛深入宣传")["answer"]["line"] == 20
    assert plan("（二）深化基层治理")["followed"] and "矛盾纠纷" in plan("（二）深化基层治理")["answer"]["matched"]
    assert not plan("（三）以三项制度为抓手")["followed"] and plan("（三）以三项制度为抓手")["answer"] is None
    # the score and each rule's change agree with the two audits
    scores = {r["path"]: r for r in data["reports"]}
    assert pair["score"] == scores[str(now)]["score"]
    last = _json(cli, before, tmp_path=tmp_path)["reports"][0]
    assert pair["previous_score"] == last["score"]
    assert pair["score_change"] == round(pair["score"] - pair["previous_score"], 1)
    gaps_then = {r["rule"] for r in last["results"] if r["status"] in ("fail", "partial")}
    gaps_now = {r["rule"] for r in scores[str(now)]["results"] if r["status"] in ("fail", "partial")}
    changes = {r["rule"]: r["change"] for r in pair["rules"]}
    assert {k for k, v in changes.items() if v == "fixed"} == gaps_then - gaps_now
    assert {k for k, v in changes.items() if v == "new"} == gaps_now - gaps_then


def test_previous_year_findings_are_advisory_and_in_every_human_format(cli, tmp_path, years):
    before, now, _ = years
    plain = cli("check", now.parent)
    withprev = cli("check", now.parent, "--previous", before)
    assert plain.returncode == withprev.returncode  # no gate change
    shown = "".join(withprev.stdout.split())
    assert "与上年报告对比" in shown and "未见落实情况" in shown and "与上年文字重复" in shown and "不足重复" in shown
    md, page, book = tmp_path / "a.md", tmp_path / "a.html", tmp_path / "a.xlsx"
    for fmt, out in (("markdown", md), ("html", page), ("xlsx", book)):
        assert cli("check", now.parent, "--previous", before, "-f", fmt, "-o", out, "--fail-on", "never").returncode == 0
    assert "## 与上年报告对比" in md.read_text(encoding="utf-8")
    assert "未见落实情况" in page.read_text(encoding="utf-8")
    sheet = openpyxl.load_workbook(book)["上年对比"]
    kinds = [row[7] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "重复的不足" in kinds and "上年计划" in kinds and "未配对" in kinds
    single = cli("check", now, "--previous", before)
    assert "与上年报告对比" in single.stdout  # the scorecard of one report too


def test_previous_option_errors_are_one_line(cli, tmp_path, years):
    before, now, _ = years
    for args, words in (((now, "--previous", tmp_path / "nope"), "不存在"),
                        ((now, "--previous", now), "也是本次审核的报告"),
                        ((now, "--previous", tmp_path / "empty"), "没有找到")):
        (tmp_path / "empty").mkdir(exist_ok=True)
        result = cli("check", *args)
        assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr


def test_pairing_rules():
    from auditor.previous import Entry, pair

    now = [Entry(0, "a", "重庆市万州区太龙镇人民政府", "", 2023), Entry(1, "b", "中共丰都县青龙乡委员会、丰都县青龙乡人民政府", "", 2023),
           Entry(2, "c", "丰都县司法局", "", 2023), Entry(3, "d", None, "某某镇2023年法治政府建设情况报告", 2023),
           Entry(4, "e", "象山县贤庠镇人民政府", "", 2023)]
    before = [Entry(0, "x", "太龙镇", "", 2022), Entry(1, "y", "丰都县青龙乡人民政府", "", 2022),
              Entry(2, "z", "丰都县青龙乡人民政府", "", 2021), Entry(3, "w", "丰都县司法局", "", 2023),
              Entry(4, "v", None, "某某镇2022年度法治政府建设情况的报告", 2022),
              Entry(5, "u", "象山县贤庠镇人民政府", "", 2022), Entry(6, "t", "贤庠镇人民政府", "", 2022)]
    result = pair(now, before)
    assert dict(result.pairs) == {0: 0, 1: 1, 3: 4, 4: 5}  # a suffix name; the year before; the same title
    reasons = dict(result.unpaired)
    assert "未找到" in reasons[2]  # the same year is not last year
    assert set(result.unused) == {2, 3, 6}


# --- copying across a batch -------------------------------------------------------------------------------

def test_batch_finds_who_shares_which_paragraph(cli, tmp_path):
    paths = shared_batch(tmp_path / "batch")
    data = _json(cli, tmp_path / "batch", tmp_path=tmp_path)
    overlap = data["round"]["overlap"]
    shares = {Path(r["path"]).name: r for r in overlap["reports"]}
    assert shares["b_贤庠镇.txt"]["share"] > 0.05 and shares["a_太龙镇.txt"]["share"] > 0.05
    assert shares["c_尚屯镇.txt"]["share"] == 0 and shares["c_尚屯镇.txt"]["partners"] == []
    assert [Path(p["path"]).name for p in shares["b_贤庠镇.txt"]["partners"]][:1] in (["a_太龙镇.txt"], ["d_太龙镇二稿.txt"])
    # the second draft of 太龙镇 is the same body: it shares with 贤庠镇, never with 太龙镇
    assert all("太龙镇" not in (p["issuer"] or "") for p in shares["d_太龙镇二稿.txt"]["partners"])
    assert len(overlap["groups"]) == 1
    group = overlap["groups"][0]
    assert group["bodies"] == 2
    members = {Path(m["path"]).name: m for m in group["members"]}
    assert set(members) == {"a_太龙镇.txt", "b_贤庠镇.txt", "d_太龙镇二稿.txt"}
    copied = paths["贤庠镇"].read_text(encoding="utf-8").split("\n")[members["b_贤庠镇.txt"]["line"] - 1]
    assert members["b_贤庠镇.txt"]["text"] in copied  # the shared sentences, as 贤庠镇 wrote them
    summary = "".join(cli("check", tmp_path / "batch", "--summary").stdout.split())  # as wrapped on a terminal
    assert "不同单位报告之间的雷同内容" in summary and "2个单位：" in summary
    book = tmp_path / "b.xlsx"
    cli("check", tmp_path / "batch", "-f", "xlsx", "-o", book, "--fail-on", "never")
    rows = list(openpyxl.load_workbook(book)["雷同段落"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3 and {r[1] for r in rows} == {2}


def test_batch_of_one_body_or_one_report_reports_no_copying(cli, tmp_path):
    folder = tmp_path / "same"
    folder.mkdir()
    for name in ("一稿.txt", "二稿.txt"):
        (folder / name).write_text(seed("002").read_text(encoding="utf-8"), encoding="utf-8")
    data = _json(cli, folder, tmp_path=tmp_path)
    assert data["round"]["overlap"]["groups"] == [] and all(r["share"] == 0 for r in data["round"]["overlap"]["reports"])
    one = _json(cli, folder / "一稿.txt", tmp_path=tmp_path)
    assert "round" not in one  # a single report with nothing to compare: the contract's three members only


def test_index_is_linear_and_common_sentences_name_no_partner():
    """A sentence every body writes counts in each share but names no partner (no all-against-all lists)."""
    from auditor.overlap import PARTNER_CAP, BatchIndex, Profile, key_hash, sentence_key

    common = "坚持以习近平新时代中国特色社会主义思想为指导深入贯彻党的二十大精神全面推进依法行政"
    index = BatchIndex()
    bodies = PARTNER_CAP + 5
    for n in range(bodies):
        own = f"本镇第{n}号特色工作是建设{'甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉'[n]}字号法治文化公园一座"
        keys = [sentence_key(common), sentence_key(own)]
        index.add(n, f"body{n}", Profile("t", None, 2023, None, tuple(map(key_hash, keys)), (1, 2),
                                        tuple(map(len, keys)), (common, own), ()))
    result = index.result()
    assert all(s.partners == () and 0 < s.share < 1 for s in result.shares)
    assert all(s.shared == len(sentence_key(common)) for s in result.shares)


# --- publication on time ----------------------------------------------------------------------------------

def test_saved_pages_published_before_and_after_the_deadline(cli, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    text = seed("002").read_text(encoding="utf-8")  # a township's 2023 report: deadline 2024-04-01
    title = "关于青龙乡2023年法治政府建设情况的报告"
    saved_page(text, folder / "on_time.html", title, "2024-03-20")
    saved_page(text.replace("青龙乡", "龙河镇"), folder / "late.html", title, "2024-04-15")
    saved_page(text.replace("青龙乡", "三合街道"), folder / "line_only.html", title, "2024-04-01", meta=False)
    saved_page(text.replace("青龙乡", "名山街道"), folder / "no_date.html", title, None)
    data = _json(cli, folder, tmp_path=tmp_path)
    pub = data["round"]["publication"]
    got = {Path(r["path"]).name: r for r in pub["reports"]}
    assert set(got) == {"on_time.html", "late.html", "line_only.html"}
    assert got["on_time.html"]["on_time"] is True and got["on_time.html"]["deadline"] == "2024-04-01"
    assert got["late.html"]["on_time"] is False and got["late.html"]["published"] == "2024-04-15"
    assert got["on_time.html"]["read_from"].startswith("网页元数据")
    assert got["line_only.html"]["read_from"] == "网页中的“发布时间”" and got["line_only.html"]["on_time"] is True
    assert "第二十四条" in got["late.html"]["basis"]
    assert (pub["dated"], pub["on_time"], pub["late"]) == (3, 2, 1) and pub["on_time_share"] == pytest.approx(2 / 3, abs=1e-3)
    summary = "".join(cli("check", folder, "--summary").stdout.split())
    assert "按期比例67%" in summary and "逾期：" in summary


def test_deadline_by_level_and_unknown_year(ruleset):
    from auditor.publication import Published, judge, load_deadlines

    table = load_deadlines(ruleset.reference)
    march = Published("2024-03-15", "x")
    assert judge(march, 2023, "department", table).on_time is False  # departments: 3月1日
    assert judge(march, 2023, "county", table).on_time is True
    assert judge(Published("2024-03-01", "x"), 2023, "department", table).on_time is True  # the day itself
    assert judge(march, None, "county", table).on_time is None
    assert judge(march, 2023, None, table).deadline == "2024-04-01"  # unknown level: the latest deadline


def test_a_wrong_deadlines_table_is_a_one_line_error(cli, tmp_path):
    pack = tmp_path / "pack"
    (pack / "reference").mkdir(parents=True)
    (pack / "pack.yaml").write_text("name: t\nversion: '1'\nmode: extend\nfiles: []\n", encoding="utf-8")
    (pack / "reference" / "deadlines.yaml").write_text("publish:\n  - levels: [village]\n    month: 4\n    day: 1\n"
                                                       "    basis: x\n", encoding="utf-8")
    result = cli("check", seed("002"), "--rules", pack)
    assert result.returncode == 2 and "deadlines.yaml" in result.stderr and "Traceback" not in result.stderr


# --- the 通报 ------------------------------------------------------------------------------------------------

def test_notice_draft_for_the_round(cli, tmp_path):
    paths = shared_batch(tmp_path / "batch")
    notice = tmp_path / "通报.docx"
    data = _json(cli, tmp_path / "batch", "--notice", notice, tmp_path=tmp_path)
    document = docx.Document(str(notice))
    text = [p.text for p in document.paragraphs]
    body = "\n".join(text)
    assert text[0].endswith("年度法治政府建设年度报告审核情况的通报") and text[1] == "〔主送机关〕："
    assert text[-2:] == ["〔发文机关〕", "〔　　年　月　日〕"]
    scores = [r["score"] for r in data["reports"]]
    assert f"本次共收到报告{len(paths)}份" in body
    assert f"平均得分{round(statistics.fmean(scores), 1):g}分" in body
    low = [r for r in data["reports"] if r["score"] < 60]
    assert (f"得分低于60分的报告共{len(low)}份" in body) if low else "没有得分低于60分的报告" in body
    counts = {}
    for report in data["reports"]:
        for r in report["results"]:
            if r["status"] in ("fail", "partial"):
                counts[r["title"]] = counts.get(r["title"], 0) + 1
    top = max(counts.values())
    assert any(f"{title}（{top}份）" in body for title, n in counts.items() if n == top)
    assert "与其他单位报告相同或近似相同的文字" in body and "未读到网上公开的发布日期" in body
    assert document.sections[0].top_margin.mm == pytest.approx(37, abs=0.1)


def test_notice_counts_publication_and_low_scores(cli, tmp_path, years):
    before, now, _ = years
    notice = tmp_path / "n.docx"
    result = cli("check", now.parent, "--previous", before, "--notice", notice, "--fail-under", "80", "--fail-on", "never")
    assert result.returncode == 1  # --fail-under is the gate as always, and the notice's threshold
    body = "\n".join(p.text for p in docx.Document(str(notice)).paragraphs)
    assert "四、得分低于80分的报告" in body and "与上年报告对比：1份报告与本单位上年报告配对" in body
    assert "不足与上年基本相同" in body and "未见落实情况" in body


def test_notice_refuses_other_names_and_inputs(cli, tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(seed("002").read_text(encoding="utf-8"), encoding="utf-8")
    for target, words in ((tmp_path / "n.txt", ".docx"), (tmp_path / "missing" / "n.docx", "不存在")):
        result = cli("check", seed("002"), "--notice", target)
        assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
    report.rename(tmp_path / "r.docx")  # a report named like the notice (it is unreadable, but an input)
    result = cli("check", seed("002"), tmp_path / "r.docx", "--notice", tmp_path / "r.docx")
    assert result.returncode == 2 and "不能覆盖" in result.stderr
    assert (tmp_path / "r.docx").read_text(encoding="utf-8") == seed("002").read_text(encoding="utf-8")

