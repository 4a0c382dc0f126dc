"""Documents as they arrive: saved in Big5 from a traditional-script gateway, or as a web page
saved from the browser (its charset declared, its division table an HTML table), read through
`zhenxing policy parse FILE --json` as anybody would."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from zhenxing.lib.encodings import decode_bytes

pytestmark = pytest.mark.django_db

ITEM = "（三）推進國有企業改革。深化國有企業改革（省國資委牽頭，省財政廳、省發展改革委配合，2025年底前完成）。\n"
TRADITIONAL = "一、深化改革\n" + ITEM + "（四）優化營商環境（省營商環境建設局負責，長期堅持）。\n"


def parsed(path) -> dict:
    out = StringIO()
    call_command("policy", "parse", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def tasks_by_path(document: dict) -> dict[str, list[dict]]:
    return {node["path"]: node["tasks"] for node in document["nodes"] if node["tasks"]}


def test_a_big5_file_is_read_as_big5_not_as_gb18030_nonsense(mechanism, tmp_path):
    path = tmp_path / "gateway.txt"
    path.write_bytes(TRADITIONAL.encode("cp950"))
    tasks = tasks_by_path(parsed(path))
    [reform] = tasks["一/(三)"]
    assert reform["lead_units"] == ["省国资委"]
    assert reform["participating_units"] == ["省财政厅", "省发展改革委"]
    assert reform["deadline"] == "2025年底前完成"
    [business] = tasks["一/(四)"]
    assert business["lead_units"] == ["省营商环境建设局"]


PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>任务分工_政策文件_省人民政府</title>
<script>window.onload = function () {{ track("牵头单位：统计脚本"); }};</script>
<style>td {{ border: 1px solid }}</style></head>
<body><form id="form1" method="post" action="./detail.aspx">
<nav><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></nav>
<div class="article"><h1>2026年重点工作任务分工方案</h1>
<p>各市人民政府，省政府各部门：</p>
<table>
<tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>
<tr><td>1</td><td>推进老工业基地调整改造，实施城区老工业区搬迁改造。</td>
<td>省发展改革委</td><td>省工业和信息化厅、省财政厅</td><td>2026年12月底前</td></tr>
<tr><td>2</td><td>支持资源型城市转型发展。</td><td>省自然资源厅</td><td>各市人民政府</td>
<td>长期坚持</td></tr>
</table></div>
<div class="share-bar"><ul><li>分享到：微信</li></ul></div>
<div class="footer_wrap"><div><p>主办：省人民政府办公厅 承办：省大数据中心</p></div></div>
<footer>主办：省人民政府办公厅 &nbsp; 网站标识码 2100000000</footer>
</form></body></html>"""


@pytest.mark.parametrize("charset", ["gb2312", "utf-8"])
def test_a_saved_web_page_reads_as_the_browser_shows_it(mechanism, tmp_path, charset):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.format(charset=charset).encode(charset.replace("gb2312", "gb18030")))
    document = parsed(path)
    everything = json.dumps(document, ensure_ascii=False)
    # The script, the menu, the sharing bar and both footers are left out.
    for furniture in ("统计脚本", "政务公开", "分享到", "大数据中心", "网站标识码"):
        assert furniture not in everything
    tasks = [task for node_tasks in tasks_by_path(document).values() for task in node_tasks]
    assert [task["lead_units"] for task in tasks] == [["省发展改革委"], ["省自然资源厅"]]
    assert tasks[0]["participating_units"] == ["省工业和信息化厅", "省财政厅"]
    assert tasks[0]["deadline"] == "2026年12月底前"


def test_encodings_chinese_documents_come_in():
    text = "国务院关于落实《政府工作报告》重点工作分工的意见（国家发展改革委牵头）"
    assert decode_bytes(text.encode("utf-16")) == text  # with its byte-order mark
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode()) == text
    assert decode_bytes(text.encode("gb18030")) == text
    assert decode_bytes("国务院".encode("gb18030")) == "国务院"  # too short to weigh: GB18030
    traditional = "國務院關於落實《政府工作報告》重點工作分工的意見（國家發展改革委牽頭）"
    assert decode_bytes(traditional.encode("cp950")) == traditional
    # A page that declares its charset is read in it.
    assert decode_bytes("國務院".encode("cp950"), declared="big5") == "國務院"
