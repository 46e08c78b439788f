"""Downloadable attachments for the demo catalog: each department's budget disclosure (部门预算
公开说明) gets its budget table as a CSV document in the department's own collection."""

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from govpages.models import DepartmentPage, DisclosureAttachment, DisclosureItemPage

BUDGET_ITEM_SLUG = "bmys-2025"  # the catalog step's budget item in every department catalog
BUDGET_ROWS = [
    ("项目", "2025年预算数（万元）", "2024年预算数（万元）"),
    ("一般公共预算财政拨款收入", "1268.50", "1302.16"),
    ("基本支出", "986.20", "1001.35"),
    ("项目支出", "282.30", "300.81"),
    ("“三公”经费", "18.60", "21.40"),
]


def budget_table(department):
    lines = [f"{department.title}2025年部门预算表"] + [",".join(row) for row in BUDGET_ROWS]
    # UTF-8 with a byte-order mark, so that spreadsheet programs open the Chinese correctly.
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def ensure_document(department):
    Document = get_document_model()
    title = f"{department.display_name}2025年部门预算表"
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title, collection=department.collection)
        content = ContentFile(budget_table(department))
        document.file.save(f"{department.slug}-budget-2025.csv", content)
        document.save()
    return document


def load(context):
    for department in DepartmentPage.objects.child_of(context["home"]).order_by("path"):
        item = DisclosureItemPage.objects.descendant_of(department).filter(slug=BUDGET_ITEM_SLUG)
        item = item.first()
        if item is None or item.attachments.exists():
            continue
        document = ensure_document(department)
        item.attachments.add(DisclosureAttachment(document=document))
        item.save_revision().publish()
