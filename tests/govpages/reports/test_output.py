"""The .docx and the CSV files, read back by python-docx and the csv module."""

import csv
import io

import docx
from django.test import Client

from govpages.applications.outcomes import Outcome

from .conftest import D, make_case, make_report, replied


def test_the_docx_has_the_sections_and_the_tables(world):
    a = world["a"]
    replied(make_case(a, D(2026, 3, 2)), Outcome.DISCLOSED, D(2026, 3, 20))
    make_case(a, D(2026, 12, 30), "business")
    report = make_report(
        a,
        2026,
        overview="<p>本年度公开工作稳步推进。</p>",
        penalty_decisions=9,
        review_pending=1,
        review_total=1,
    )
    response = Client().get(report.url + "docx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "测试市财政局2026年政府信息公开工作年度报告"
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "六、其他需要报告的事项"):
        assert heading in texts
    assert "本年度公开工作稳步推进。" in texts
    assert len(document.tables) == 6  # four parts of 二, then 三 and 四
    penalty = document.tables[2]
    assert [c.text for c in penalty.rows[1].cells] == ["行政处罚", "9"]
    three = document.tables[4]
    rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in three.rows}
    assert rows["一、本年新收政府信息公开申请数量"] == ["1", "1", "0", "0", "0", "0", "2"]
    assert rows["（一）予以公开"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert rows["四、结转下年度继续办理"] == ["0", "1", "0", "0", "0", "0", "1"]
    four = document.tables[5]
    assert [c.text for c in four.rows[1].cells] == ["行政复议", "0", "0", "0", "1", "1"]


def test_each_table_as_csv_with_a_bom(world):
    a = world["a"]
    make_case(a, D(2026, 5, 5), "research")
    report = make_report(a, 2026, fees_amount=2)
    client = Client()
    body = client.get(report.url + "csv/3/").content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == [
        "项目",
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    by_label = {row[0]: row[1:] for row in rows[1:]}
    assert by_label["一、本年新收政府信息公开申请数量"] == ["0", "0", "1", "0", "0", "0", "1"]
    two = list(
        csv.reader(io.StringIO(client.get(report.url + "csv/2/").content.decode("utf-8-sig")))
    )
    assert ["第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）", "2"] in two
    four = client.get(report.url + "csv/4/").content.decode("utf-8-sig")
    assert "行政复议" in four
    assert client.get(report.url + "csv/9/").status_code == 404


def test_a_draft_report_serves_nothing(world):
    report = make_report(world["a"], 2026, publish=False)
    client = Client()
    url = f"/{world['a'].slug}/{report.slug}/"
    for suffix in ("", "docx/", "csv/3/"):
        assert client.get(url + suffix).status_code == 404
