"""The public application form and status page: validation, attachments, double submits,
rate limits, the query code, and probes for personal data on every public output."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from govpages.applications.forms import new_token
from govpages.applications.models import ApplicationFormPage, ApplicationStatusPage, Case

PDF = b"%PDF-1.4\n%identity copy\n"
ID_NUMBER = "110101199003071234"


@pytest.fixture
def pages(two_departments):
    form_page = ApplicationFormPage(title="在线申请", slug="apply")
    two_departments["a"].add_child(instance=form_page)
    form_page.save_revision().publish()
    portal_form = ApplicationFormPage(title="政府信息公开申请", slug="apply-portal")
    two_departments["home"].add_child(instance=portal_form)
    portal_form.save_revision().publish()
    status_page = ApplicationStatusPage(title="申请查询", slug="status")
    two_departments["home"].add_child(instance=status_page)
    status_page.save_revision().publish()
    return {"form": form_page, "portal_form": portal_form, "status": status_page, **two_departments}


def application(dept, **changes):
    data = {
        "department": dept.pk,
        "applicant_type": "natural_person",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": ID_NUMBER,
        "phone": "010-12345678",
        "email": "zhangsan@example.com",
        "address": "示范市人民路1号",
        "description": "2025年本市财政预算执行情况的审计报告",
        "preferred_form": "email",
        "delivery": "email",
        "consent": "on",
        "token": new_token(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_submission_creates_one_case_and_shows_the_code_once(client, pages):
    data = application(pages["a"], attachment=SimpleUploadedFile("身份证.pdf", PDF))
    response = client.post(pages["form"].url, data)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    case = Case.objects.get()
    html = response.content.decode()
    code = html.split('id="query-code">')[1].split("<")[0]
    assert case.number in html and case.check_query_code(code)
    assert case.department_id == pages["a"].pk and case.state == "received"
    assert case.due_date is not None and case.attachment.name.endswith(".pdf")
    assert "身份证" not in case.attachment.name  # random stored name
    assert len(mail.outbox) == 1 and code in mail.outbox[0].body

    data["attachment"] = SimpleUploadedFile("身份证.pdf", PDF)
    again = client.post(pages["form"].url, data)  # the same form token: a double submit
    assert again.status_code == 200 and Case.objects.count() == 1
    assert code not in again.content.decode() and case.number in again.content.decode()


def test_identity_copies_are_stored_where_the_web_server_serves_nothing(client, pages, settings):
    client.post(
        pages["form"].url, application(pages["a"], attachment=SimpleUploadedFile("id.pdf", PDF))
    )
    case = Case.objects.get()
    stored = Path(case.attachment.path).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    assert stored.is_file() and stored.read_bytes() == PDF
    assert media_root not in stored.parents
    assert client.get(settings.MEDIA_URL + case.attachment.name).status_code == 404
    stored.unlink()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": " \u200b "}, "name", "必填"),
        ({"name": "张" * 101}, "name", "100"),
        ({"id_number": "12345"}, "id_number", "18位"),
        ({"applicant_type": "business"}, "id_type", "统一社会信用代码"),
        (
            {"applicant_type": "business", "id_type": "credit_code", "id_number": "ABC"},
            "id_number",
            "统一社会信用代码",
        ),
        ({"phone": "abc"}, "phone", "电话"),
        ({"email": "not-an-address"}, "email", "电子邮件"),
        ({"email": ""}, "email", "电子邮箱"),
        ({"delivery": "post", "address": ""}, "address", "通信地址"),
        ({"description": ""}, "description", "必填"),
        ({"description": "字" * 2001}, "description", "2000"),
        ({"preferred_form": "fax"}, "preferred_form", "选择"),
        ({"consent": None}, "consent", "必填"),
        ({"token": "forged"}, "token", "过期"),
        ({"department": "999999"}, "department", "选择"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message(client, pages, changes, field, message):
    response = client.post(pages["portal_form"].url, application(pages["a"], **changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("id.exe", b"MZ\x90\x00"), "PDF、JPG 或 PNG"),
        (SimpleUploadedFile("id.pdf", b"MZ not really a pdf"), "PDF、JPG 或 PNG"),
        (SimpleUploadedFile("id.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024)), "5 MB"),
    ],
)
def test_bad_attachments_are_refused_without_saving(client, pages, upload, message):
    response = client.post(pages["form"].url, application(pages["a"], attachment=upload))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["attachment"])
    assert Case.objects.count() == 0


def test_a_department_form_only_takes_applications_to_that_department(client, pages):
    response = client.post(pages["form"].url, application(pages["b"]))
    assert response.status_code == 400 and Case.objects.count() == 0
    portal = client.get(pages["portal_form"].url).content.decode()
    assert pages["a"].title in portal and pages["b"].title in portal


@override_settings(GOVPAGES_APPLICATIONS_RATE_LIMIT=(2, 3600))
def test_submissions_are_rate_limited(client, pages):
    for _ in range(2):
        assert client.post(pages["form"].url, application(pages["a"])).status_code == 200
    refused = client.post(pages["form"].url, application(pages["a"]))
    assert refused.status_code == 429 and "频繁" in refused.content.decode()
    assert Case.objects.count() == 2


def test_the_form_needs_csrf(pages):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(pages["form"].url, application(pages["a"])).status_code == 403
    assert Case.objects.count() == 0


def submit(client, pages):
    response = client.post(pages["form"].url, application(pages["a"]))
    html = response.content.decode()
    return Case.objects.latest("pk"), html.split('id="query-code">')[1].split("<")[0]


def test_status_query_shows_state_and_dates_only(client, pages):
    case, code = submit(client, pages)
    response = client.post(pages["status"].url, {"number": case.number, "code": code.lower()})
    html = response.content.decode()
    assert response.status_code == 200 and "办理中" in html
    assert case.received_on.isoformat() in html and case.due_date.isoformat() in html
    for private in ["张三", ID_NUMBER, "010-12345678", "zhangsan@example.com", "审计报告"]:
        assert private not in html


def test_wrong_code_and_unknown_number_get_the_same_answer(client, pages):
    case, code = submit(client, pages)
    wrong = client.post(pages["status"].url, {"number": case.number, "code": "WRONG234"})
    unknown = client.post(pages["status"].url, {"number": "YSQ2026999999", "code": code})
    assert wrong.status_code == unknown.status_code == 200

    def strip(response):
        html = response.content.decode().replace(case.number, "").replace("YSQ2026999999", "")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert strip(wrong) == strip(unknown)
    assert code not in unknown.content.decode()  # the code is not written back into the form
    assert "没有与该申请编号和查询码相符的申请" in wrong.content.decode()


@override_settings(GOVPAGES_APPLICATIONS_QUERY_RATE_LIMIT=(3, 3600))
def test_status_queries_are_rate_limited(client, pages):
    case, code = submit(client, pages)
    for _ in range(3):
        client.post(pages["status"].url, {"number": case.number, "code": "WRONG234"})
    refused = client.post(pages["status"].url, {"number": case.number, "code": code})
    assert refused.status_code == 429 and "办理中" not in refused.content.decode()


def test_personal_data_is_on_no_public_output(client, pages):
    """Privacy probes: the applicant's data appear on none of the portal's public outputs."""
    from django.apps import apps
    from wagtail.models import Page

    case, code = submit(client, pages)
    private = ["张三", ID_NUMBER, "010-12345678", "zhangsan@example.com", "审计报告", code]
    urls = [page.url for page in Page.objects.live().public().specific() if page.url]
    urls += [
        "/sitemap.xml",
        "/api/v2/pages/?limit=100",
        "/search/?q=预算执行",
        "/api/search/?q=预算执行",
        "/feeds/disclosures/",
    ]
    if apps.is_installed("wagtail.api.v2"):
        urls.append(f"/api/v2/pages/{pages['form'].pk}/")
    probed = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        probed += 1
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        for value in private:
            assert value not in text, (url, value)
    assert probed >= 4
    # Nothing of a case is in the search index: cases are not indexed models.
    from wagtail.search.index import get_indexed_models

    assert Case not in get_indexed_models()
