"""The dictionaries admin says that changes take effect on the next index rebuild."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from govpages_search.models import CustomWord, SynonymGroup


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(user)
    return client


def test_custom_word_form_shows_the_rebuild_notice(admin_client):
    response = admin_client.get(reverse("wagtailsnippets_govpages_search_customword:add"))
    assert response.status_code == 200
    assert "govpages_update_index" in response.content.decode()


def test_saving_a_custom_word_warns_about_the_rebuild(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_govpages_search_customword:add"),
        {"word": "一网通办", "note": ""},
        follow=True,
    )
    assert CustomWord.objects.filter(word="一网通办").exists()
    assert any("govpages_update_index" in str(m) for m in response.context["messages"])


def test_bad_input_is_refused(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_govpages_search_customword:add"), {"word": "两个 词", "note": ""}
    )
    assert response.status_code == 200 and not CustomWord.objects.exists()
    response = admin_client.post(
        reverse("wagtailsnippets_govpages_search_synonymgroup:add"), {"words": "医保", "note": ""}
    )
    assert response.status_code == 200 and not SynonymGroup.objects.exists()


def test_synonym_group_edit_warns_about_the_rebuild(admin_client):
    group = SynonymGroup.objects.create(words="医保，医疗保障")
    response = admin_client.post(
        reverse("wagtailsnippets_govpages_search_synonymgroup:edit", args=[group.pk]),
        {"words": "医保，医疗保障，医疗保险", "note": ""},
        follow=True,
    )
    group.refresh_from_db()
    assert group.word_list() == ["医保", "医疗保障", "医疗保险"]
    assert any("govpages_update_index" in str(m) for m in response.context["messages"])
