import datetime

import pytest
from wagtail.models import Page, PageViewRestriction

from govpages.models import (
    DepartmentPage,
    DisclosureCatalogPage,
    DisclosureItemPage,
    DocumentGenre,
    Organisation,
    TopicCategory,
)

ORG_CODE = "000014349"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def home(db):
    """Wagtail's initial welcome page is the default site's root in a fresh test database."""
    return Page.objects.get(depth=2)


@pytest.fixture
def department(home):
    department = DepartmentPage(title="示范市财政局", slug="czj", org_code=ORG_CODE)
    home.add_child(instance=department)
    return publish(department)


@pytest.fixture
def catalog(department):
    catalog = DisclosureCatalogPage(title="信息公开目录", slug="xxgk")
    department.add_child(instance=catalog)
    return publish(catalog)


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="示范市财政局", org_code=ORG_CODE)


def make_item(catalog, title="关于做好预算公开工作的通知", live=True, **fields):
    issuers = fields.pop("issuers", [])
    fields.setdefault("slug", None)
    if fields["slug"] is None:
        fields["slug"] = f"item-{DisclosureItemPage.objects.count() + 1}"
    item = DisclosureItemPage(title=title, live=False, **fields)
    catalog.add_child(instance=item)
    if issuers:
        item.issuers.set(issuers)
        item.save()
    if live:
        publish(item)
    else:
        item.save_revision()
    return DisclosureItemPage.objects.get(pk=item.pk)


def restrict(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


@pytest.fixture
def genre(db):
    return DocumentGenre.objects.get(name="通知")


@pytest.fixture
def topic(db):
    return TopicCategory.objects.get(name="政务公开")


TODAY = datetime.date(2024, 5, 15)
