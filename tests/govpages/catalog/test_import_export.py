import csv
import gzip
import io
import itertools
import json
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from govpages.catalog.transfer.fields import ATTRIBUTE_FIELDS
from govpages.models import DisclosureCatalogPage, DisclosureItemPage, Organisation

REPO_ROOT = Path(__file__).resolve().parents[3]
# The shared corpus sits beside the repository (../shared/data); a worktree elsewhere may point
# at it with GOVPAGES_SHARED_DATA.
SHARED_DATA = Path(os.environ.get("GOVPAGES_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
GOVDOCS = SHARED_DATA / "govdocs.jsonl.gz"

DOCS = [
    {
        "id": "doc-1",
        "title": "示范市政府信息公开规定",
        "body": "第一条 为了保障公民获取政府信息，制定本规定。\n\n第二条 本规定自公布之日起施行。",
        "category": "地方性法规",
        "issuer": "示范市人民代表大会常务委员会",
        "date": "2021-03-01",
        "first_date": "2015-06-01",
        "history": ["2015年6月1日通过", "2021年3月1日修正"],
        "subcategory": "示范",
    },
    {
        "id": "doc-2",
        "title": "关于做好2024年预算公开工作的通知",
        "body": "各区财政局：\n\n现就做好预算公开工作通知如下。",
        "category": "通知",
        "issuer": ["示范市财政局", "示范市审计局"],
        "date": "2024",
        "doc_number": "示财预〔2024〕3号",
        "topic": "财政、金融、审计 > 财政",
        "keywords": "预算 公开",
        "validity": "有效",
    },
]
ISSUERS = ["示范市人民代表大会常务委员会", "示范市财政局", "示范市审计局"]


def write_jsonl(path, docs):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as stream:
        for doc in docs:
            stream.write(doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False))
            stream.write("\n")
    return path


def run_import(path, catalog, *args):
    out = io.StringIO()
    call_command(
        "govpages_import_disclosures", str(path), "--catalog", str(catalog), *args, stdout=out
    )
    return out.getvalue()


@pytest.fixture
def issuers(db):
    return [Organisation.objects.create(name=name) for name in ISSUERS]


def state():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Organisation.objects.count(),
        list(DisclosureItemPage.objects.values_list("title", flat=True)),
    )


def test_import_jsonl_creates_items_with_fields(catalog, issuers, tmp_path):
    path = write_jsonl(tmp_path / "docs.jsonl", DOCS)

    summary = run_import(path, catalog.pk, "--publish")

    assert "2 created" in summary and "2 published" in summary
    first = DisclosureItemPage.objects.get(source_id="doc-1")
    assert first.get_parent().pk == catalog.pk
    assert first.live and first.index_number == "000014349/2021-00001"
    assert first.genre.name == "地方性法规"
    assert first.issuer_names == ["示范市人民代表大会常务委员会"]
    assert str(first.document_date) == "2021-03-01" == str(first.publication_date)
    assert first.body.startswith("<p>第一条 为了保障公民获取政府信息")
    assert first.source_metadata["history"] == ["2015年6月1日通过", "2021年3月1日修正"]
    assert first.live_revision_id == first.latest_revision_id
    second = DisclosureItemPage.objects.get(source_id="doc-2")
    assert sorted(second.issuer_names) == ["示范市审计局", "示范市财政局"]
    assert second.doc_number == "示财预〔2024〕3号"
    assert second.topic.path == "财政、金融、审计 > 财政"
    assert second.source_metadata["date"] == "2024"
    # Imported pages behave like pages made in the admin.
    catalog.refresh_from_db()
    assert catalog.numchild == 2
    assert Page.find_problems() == ([], [], [], [], [])
    assert second.get_latest_revision_as_object().title == second.title


def test_import_without_publish_makes_drafts_and_gzip_works(catalog, issuers, tmp_path, client):
    path = write_jsonl(tmp_path / "docs.jsonl.gz", DOCS)

    run_import(path, "/czj/xxgk/")

    items = DisclosureItemPage.objects.all()
    assert items.count() == 2
    assert not any(item.live or item.index_number for item in items)
    assert client.get(catalog.url).content.decode().count("示范市政府信息公开规定") == 0


def test_second_run_updates_and_never_duplicates(catalog, issuers, tmp_path):
    path = write_jsonl(tmp_path / "docs.jsonl", DOCS)
    run_import(path, catalog.pk, "--publish")
    number = DisclosureItemPage.objects.get(source_id="doc-1").index_number

    again = run_import(path, catalog.pk, "--publish")
    assert "0 created, 0 updated, 2 unchanged" in again

    changed = [dict(DOCS[0], title="示范市政府信息公开规定（修订）"), DOCS[1]]
    summary = run_import(write_jsonl(tmp_path / "v2.jsonl", changed), catalog.pk, "--publish")
    assert "0 created, 1 updated, 1 unchanged" in summary
    item = DisclosureItemPage.objects.get(source_id="doc-1")
    assert item.title == "示范市政府信息公开规定（修订）"
    assert item.index_number == number
    assert DisclosureItemPage.objects.count() == 2


def test_reimport_without_publish_leaves_live_content_and_adds_a_draft(catalog, issuers, tmp_path):
    run_import(write_jsonl(tmp_path / "a.jsonl", DOCS), catalog.pk, "--publish")
    changed = [dict(DOCS[0], title="草稿标题")]
    run_import(write_jsonl(tmp_path / "b.jsonl", changed), catalog.pk)

    item = DisclosureItemPage.objects.get(source_id="doc-1")
    assert item.title == "示范市政府信息公开规定"
    assert item.has_unpublished_changes
    assert item.get_latest_revision_as_object().title == "草稿标题"


def test_unknown_organisations_can_be_created_on_request(catalog, tmp_path):
    summary = run_import(write_jsonl(tmp_path / "d.jsonl", DOCS), catalog.pk, "--create-missing")
    assert "organisations 3" in summary
    assert Organisation.objects.count() == 3


def test_csv_import(catalog, issuers, tmp_path):
    path = tmp_path / "docs.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "title", "body", "category", "issuer", "date", "doc_number"])
        writer.writerow(
            [
                "c-1",
                "关于印发示范办法的通知",
                "正文",
                "通知",
                "示范市财政局;示范市审计局",
                "2023-07-01",
                "示财〔2023〕1号",
            ]
        )
    run_import(path, catalog.pk, "--publish")
    item = DisclosureItemPage.objects.get(source_id="c-1")
    assert sorted(item.issuer_names) == ["示范市审计局", "示范市财政局"]
    assert item.doc_number == "示财〔2023〕1号"


@pytest.mark.parametrize(
    "bad_line, expected",
    [
        ('{"id": "x", "title": "坏行"', "docs.jsonl:3: malformed JSON"),
        ('{"id": "x", "body": "无标题"}', "docs.jsonl:3: field 'title': missing"),
        (
            '{"id": "x", "title": "日期", "date": "2021-13-45"}',
            "docs.jsonl:3: field 'date': unparseable",
        ),
        (
            '{"id": "x", "title": "机构", "issuer": "不存在的机构"}',
            "docs.jsonl:3: field 'issuer': unknown organisation '不存在的机构'",
        ),
        ('{"id": "doc-1", "title": "重复"}', "docs.jsonl:3: field 'id': duplicate id"),
        ('{"id": "x", "title": "体裁", "category": "不存在"}', "docs.jsonl:3: field 'category'"),
    ],
)
def test_bad_lines_name_the_place_and_write_nothing(catalog, issuers, tmp_path, bad_line, expected):
    path = write_jsonl(tmp_path / "docs.jsonl", [*DOCS, bad_line])
    before = state()

    with pytest.raises(CommandError) as error:
        run_import(path, catalog.pk, "--publish")

    message = str(error.value)
    assert expected in message
    assert "\n" not in message
    assert state() == before


def test_unknown_catalog(catalog, issuers, tmp_path):
    path = write_jsonl(tmp_path / "docs.jsonl", DOCS)
    for value in ["99999", "/no/such/catalog/"]:
        with pytest.raises(CommandError, match="unknown catalog"):
            run_import(path, value)
    assert DisclosureItemPage.objects.count() == 0


def test_csv_with_wrong_columns(catalog, issuers, tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text("id,titel,body\nx,标题,正文\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run_import(path, catalog.pk)
    assert "docs.csv:1: wrong CSV header: unknown columns 'titel'; missing columns 'title'" in str(
        error.value
    )
    assert DisclosureItemPage.objects.count() == 0


def test_failure_late_in_the_write_rolls_everything_back(catalog, issuers, tmp_path):
    """A slug already used by another page under the catalog is refused before any write."""
    catalog.add_child(instance=DisclosureCatalogPage(title="占用", slug="doc-2", live=False))
    before = state()
    with pytest.raises(CommandError, match="slug 'doc-2'"):
        run_import(write_jsonl(tmp_path / "d.jsonl", DOCS), catalog.pk, "--publish")
    assert state() == before


# The item's columns that the field map fills (issuers are compared apart), and what else counts.
EXPORT_FIELDS = [row.attname for row in ATTRIBUTE_FIELDS if not row.model_field.many_to_many] + [
    "source_metadata",
    "live",
]


def snapshot(catalog):
    items = DisclosureItemPage.objects.child_of(catalog).order_by("source_id")
    return [
        ({name: getattr(item, name) for name in EXPORT_FIELDS}, sorted(item.issuer_names))
        for item in items
    ]


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".csv", ".csv.gz", ".xlsx"])
def test_export_then_import_is_lossless(catalog, issuers, tmp_path, suffix, home):
    run_import(write_jsonl(tmp_path / "in.jsonl", DOCS), catalog.pk, "--publish")
    item = DisclosureItemPage.objects.get(source_id="doc-2")
    item.body = "<p>含<b>格式</b>的正文</p><ul><li>一</li></ul>"
    item.summary = '摘要，含逗号,和"引号"\n第二行'
    item.validity = "repealed"
    item.disclosure_scope = "specific"
    item.save()
    before = snapshot(catalog)
    out = tmp_path / f"out{suffix}"
    call_command(
        "govpages_export_disclosures", str(out), "--catalog", str(catalog.pk), stdout=io.StringIO()
    )

    # Import into a fresh catalog of the same department: move the originals out of the way.
    DisclosureItemPage.objects.all().delete()
    run_import(out, catalog.pk, "--publish")

    assert snapshot(catalog) == before


@pytest.mark.skipif(not GOVDOCS.exists(), reason=f"shared corpus not found at {GOVDOCS}")
def test_import_first_200_govdocs(catalog, tmp_path):
    path = tmp_path / "first200.jsonl"
    with gzip.open(GOVDOCS, "rt", encoding="utf-8") as source:
        lines = list(itertools.islice(source, 200))
    path.write_text("".join(lines), encoding="utf-8")
    docs = [json.loads(line) for line in lines]

    summary = run_import(path, catalog.pk, "--publish", "--create-missing")

    assert "200 created" in summary
    assert DisclosureItemPage.objects.live().count() == 200
    assert len(set(DisclosureItemPage.objects.values_list("index_number", flat=True))) == 200
    for doc in docs[::37]:
        item = DisclosureItemPage.objects.get(source_id=doc["id"])
        assert item.title == doc["title"]
        assert item.genre.name == doc["category"]
        assert item.issuer_names == ([doc["issuer"]] if doc.get("issuer") else [])
        assert item.doc_number == doc.get("doc_number", "")
        if doc.get("date") and len(doc["date"]) == 10:
            assert item.document_date.isoformat() == doc["date"]
        assert doc["body"].split("\n\n")[0].strip()[:20] in item.body
    expected_issuers = {doc["issuer"] for doc in docs if doc.get("issuer")}
    assert set(Organisation.objects.values_list("name", flat=True)) == expected_issuers
    assert "2 created" not in run_import(path, catalog.pk, "--publish")
    assert DisclosureItemPage.objects.count() == 200
