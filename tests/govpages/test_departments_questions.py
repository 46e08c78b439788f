"""Department isolation of citizen questions (网民提问), through the real admin views.

The same roles and targets as test_departments_access.py: each department keeps a 活动 page
with a forum session in its own subtree, the portal one under the home page, and each session
has a question awaiting an answer. Every question view (the listing, the dashboard panel and
every per-object URL) is tried by every role on every target; the database or the page shows
whether it took effect, and another department's question must answer 404 (or 403), never show.

Needs both the disclosure app (departments) and the events app (questions): the portal's
settings have both, the one-app runs do not.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from wagtail.models import Page

from .test_departments_access import DEPARTMENT_OF_ROLE, ROLES, TARGETS

pytestmark = [pytest.mark.django_db, pytest.mark.portal]

OWN = {"own"}
EVERYWHERE = set(TARGETS)
ACTIONS = [
    "list",
    "dashboard",
    "open",
    "answer",
    "delete_view",
    "delete",
    "history",
    "history_results",
    "usage",
]
PER_OBJECT_VIEWS = {
    "open": "edit",
    "delete_view": "delete",
    "history": "history",
    "history_results": "history_results",
    "usage": "usage",
}
STAFF = dict.fromkeys(ACTIONS, OWN)
EXPECTED = {
    "editor_a": STAFF,
    "reviewer_a": STAFF,
    "editor_b": STAFF,
    "portal_admin": dict.fromkeys(ACTIONS, EVERYWHERE),
    "anonymous": dict.fromkeys(ACTIONS, set()),
}


@dataclass
class Asked:
    question_id: int
    text: str


def add_session_with_question(parent_id, key):
    # Imported here: the module is collected (then deselected) when govpages runs alone.
    from govpages_events.models import EventIndexPage, ForumSessionPage, Question

    parent = Page.objects.get(pk=parent_id)
    index = EventIndexPage(title=f"活动-{key}", slug=f"events-{key}")
    parent.add_child(instance=index)
    index.save_revision().publish()
    start = datetime.datetime(2026, 5, 15, 9, 30, tzinfo=datetime.UTC)
    session = ForumSessionPage(title=f"访谈-{key}", slug=f"talk-{key}", start=start)
    index.add_child(instance=session)
    session.save_revision().publish()
    text = f"问题-{key}：何时公开？"
    question = Question.objects.create(session=session, text=text, contact=f"{key}@example.cn")
    return Asked(question.pk, text)


@pytest.fixture(scope="module")
def questions(department_world, django_db_blocker):
    """One question per area, made inside department_world's module transaction."""
    with django_db_blocker.unblock():
        return {
            key: add_session_with_question(area.parent_id, key)
            for key, area in department_world.areas.items()
        }


def target_key(role, target):
    own = DEPARTMENT_OF_ROLE.get(role, "a")
    return {"own": own, "other": "b" if own == "a" else "a", "portal": "portal"}[target]


def edit_payload(question, **changes):
    data = {
        "session": question.session_id,
        "asker_type": question.asker_type,
        "asker_name": question.asker_name,
        "contact": question.contact,
        "text": question.text,
        "answering_organisation": question.answering_organisation,
        "answer": question.answer,
        "answered_at": "",
        "due_date": question.due_date.isoformat() if question.due_date else "",
        "sort_order": question.sort_order,
    }
    data.update(changes)
    return data


def shows(response, asked):
    return response.status_code == 200 and asked.text in response.content.decode()


def act(client, action, asked):
    """(took effect, response of a per-object URL or None)."""
    from govpages_events.models import Question

    pk = asked.question_id
    if action == "list":
        return shows(client.get(reverse("govpages_questions:index")), asked), None
    if action == "dashboard":
        return shows(client.get(reverse("wagtailadmin_home")), asked), None
    if action == "answer":
        question = Question.objects.get(pk=pk)
        response = client.post(
            reverse("govpages_questions:edit", args=[pk]), edit_payload(question, answer="已答复")
        )
        return Question.objects.get(pk=pk).answer == "已答复", response
    if action == "delete":
        response = client.post(reverse("govpages_questions:delete", args=[pk]))
        return not Question.objects.filter(pk=pk).exists(), response
    response = client.get(reverse(f"govpages_questions:{PER_OBJECT_VIEWS[action]}", args=[pk]))
    if action == "history_results":  # the log entries alone, without the question's title
        return response.status_code == 200, response
    return shows(response, asked), response


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_question_access(client, department_world, questions, denial_tally, role, action, target):
    if role != "anonymous":
        client.force_login(department_world.users[role])
    asked = questions[target_key(role, target)]

    took_effect, response = act(client, action, asked)

    expected = target in EXPECTED[role][action]
    outcome = "allowed" if took_effect else "denied"
    assert took_effect == expected, (
        f"{role} {action} on the {target} question: expected "
        f"{'allowed' if expected else 'denied'}, but it was {outcome}"
    )
    if role in DEPARTMENT_OF_ROLE and target != "own" and response is not None:
        # Another department's (or the portal's) question does not exist for department staff.
        assert response.status_code in {403, 404}, response.status_code
        assert asked.text not in response.content.decode()
    if role in DEPARTMENT_OF_ROLE and target == "other":
        denial_tally["attempts"] += 1
        denial_tally["denied"] += not took_effect
