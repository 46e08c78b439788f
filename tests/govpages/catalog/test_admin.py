from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from govpages.models import DisclosureItemPage, DocumentGenre, Organisation

from .conftest import ORG_CODE


def test_editor_creates_and_publishes_an_item_in_the_admin(client, catalog):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.gov.cn", "pw")
    client.force_login(admin)
    organisation = Organisation.objects.create(name="示范市财政局")
    genre = DocumentGenre.objects.get(name="通知")
    url = reverse("wagtailadmin_pages:add", args=["govpages", "disclosureitempage", catalog.pk])
    assert client.get(url).status_code == 200

    data = nested_form_data(
        {
            "title": "关于开展政务公开培训的通知",
            "slug": "peixun",
            "summary": "培训安排。",
            "body": rich_text("<p>各科室：现将培训安排通知如下。</p>"),
            "attachments": inline_formset([]),
            "doc_number": "示财办〔2025〕8号",
            "genre": genre.pk,
            "keywords": "培训",
            "disclosure_method": "proactive",
            "disclosure_scope": "public",
            "disclosure_period": "long_term",
            "validity": "valid",
            "action-publish": "action-publish",
        }
    )
    data["issuers"] = [str(organisation.pk)]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    item = DisclosureItemPage.objects.get(slug="peixun")
    assert item.live
    assert item.index_number == f"{ORG_CODE}/{timezone.localdate().year}-00001"
    assert item.issuer_names == ["示范市财政局"]

    edit = reverse("wagtailadmin_pages:edit", args=[item.pk])
    assert client.get(edit).status_code == 200
    data["title"] = "关于开展政务公开培训的通知（更新）"
    assert client.post(edit, data).status_code == 302
    item.refresh_from_db()
    assert item.title.endswith("（更新）")
    assert item.index_number == f"{ORG_CODE}/{timezone.localdate().year}-00001"


def test_vocabulary_snippets_and_catalog_editors_render(client, catalog):
    from govpages.models import PolicyInterpretationPage, ServiceAudience, TopicCategory

    admin = get_user_model().objects.create_superuser("admin", "admin@example.gov.cn", "pw")
    client.force_login(admin)
    for model in [Organisation, TopicCategory, DocumentGenre, ServiceAudience]:
        name = model._meta.model_name
        listing = client.get(reverse(f"wagtailsnippets_govpages_{name}:list"))
        assert listing.status_code == 200
        assert client.get(reverse(f"wagtailsnippets_govpages_{name}:add")).status_code == 200
    assert (
        "综合政务 &gt; 政务公开"
        in client.get(
            reverse("wagtailsnippets_govpages_topiccategory:list"), {"q": "政务公开"}
        ).content.decode()
    )
    department = catalog.get_parent()
    for model in ["disclosurecatalogpage", "policyinterpretationpage"]:
        url = reverse("wagtailadmin_pages:add", args=["govpages", model, department.pk])
        assert client.get(url).status_code == 200
    assert PolicyInterpretationPage.objects.count() == 0
    assert client.get(reverse("wagtailadmin_pages:edit", args=[catalog.pk])).status_code == 200
