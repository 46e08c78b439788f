"""The public department page and the demo departments."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from govpages.departments.provisioning import DepartmentSpec, provision_department
from govpages.models import DepartmentPage

from ..pages import ContentPage
from .conftest import build_site

pytestmark = pytest.mark.django_db

DEMO_ACCOUNTS = {
    "zfb_bianji": ("示范市人民政府办公室", "editors_group"),
    "zfb_shenhe": ("示范市人民政府办公室", "reviewers_group"),
    "czj_bianji": ("示范市财政局", "editors_group"),
    "czj_shenhe": ("示范市财政局", "reviewers_group"),
    "jyj_bianji": ("示范市教育局", "editors_group"),
    "jyj_shenhe": ("示范市教育局", "reviewers_group"),
    "rmljd_bianji": ("示范市城东区人民路街道办事处", "editors_group"),
    "rmljd_shenhe": ("示范市城东区人民路街道办事处", "reviewers_group"),
}


@pytest.mark.portal
def test_demo_has_four_departments_with_an_editor_and_a_reviewer_each(client, demo_portal):
    departments = DepartmentPage.objects.live()
    assert departments.count() >= 4
    User = get_user_model()
    for username, (department_name, group_field) in DEMO_ACCOUNTS.items():
        department = departments.get(title=department_name)
        user = User.objects.get(username=username)
        assert list(user.groups.all()) == [getattr(department, group_field)]
        assert client.login(username=username, password="govpages-demo")
        # The explorer opens on the user's own department.
        response = client.get(reverse("wagtailadmin_explore_root"))
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_explore", args=[department.pk])
    assert client.login(username="portal_admin", password="govpages-demo")
    assert client.get(reverse("govpages_departments:index")).status_code == 200


def test_department_page_shows_contact_card_duties_and_guide(client, db):
    build_site()
    department = provision_department(
        DepartmentSpec(
            org_code="11399000MB0000022B",
            name="示范市财政局",
            short_name="市财政局",
            slug="czj",
            responsibilities="<p>1. 负责管理市级一般公共预算。</p>"
            "<p>2. 组织推进预决算公开，指导全市预算单位做好预决算信息公开工作。</p>",
            address="示范市建设大街68号",
            office_hours="工作日 上午8:30—12:00，下午14:00—17:30",
            phone="0399-12346001",
            fax="0399-12346002",
            email="czj@example.gov.cn",
            disclosure_guide="<h3>一、主动公开</h3><p>属于主动公开范围的政府信息，"
            "自该信息形成或者变更之日起20个工作日内予以公开。</p>",
        )
    ).department
    response = client.get(department.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "示范市财政局</h1>",
        "统一社会信用代码",
        "示范市建设大街68号",
        'href="tel:0399-12346001"',
        'href="mailto:czj@example.gov.cn"',
        "组织推进预决算公开",
        "政府信息公开指南",
        "20个工作日",
        '<meta name="ColumnName" content="示范市财政局">',
    ]:
        assert text in html, text


def test_search_facet_names_the_owning_department(db):
    from wagtail import hooks

    build_site()
    department = provision_department(
        DepartmentSpec(org_code="11399000MB0000033C", name="示范市教育局", short_name="市教育局")
    ).department
    child = ContentPage(title="招生入学政策", slug="zsrx")
    department.add_child(instance=child)
    facets = {}
    for hook in hooks.get_hooks("govpages_search_facets_for_page"):
        facets.update(hook(child))
    assert facets["department"] == "市教育局"
    about = ContentPage.objects.get(slug="about")
    assert "department" not in department_search_facet_only(about)


def department_search_facet_only(page):
    from govpages.wagtail_hooks import department_search_facet

    return department_search_facet(page)
