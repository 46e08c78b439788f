"""Who may moderate and answer questions: decided by Wagtail page permissions on the session.

Staff who can edit a session page (e.g. the owning department's editors) may see, edit and
answer its questions; publishing a question needs publish permission on the session (reviewers).
No app-specific groups or model permissions are needed.
"""

from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy


def editable_session_ids(user):
    from .models import ForumSessionPage

    if not user.is_active:
        return []
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return list(pages.type(ForumSessionPage).values_list("pk", flat=True))


def can_edit_session(user, session):
    return session.permissions_for_user(user).can_edit()


def can_publish_session(user, session):
    return session.permissions_for_user(user).can_publish()


class QuestionPermissionPolicy(BasePermissionPolicy):
    ACTIONS = {"add", "change", "delete", "view"}

    def __init__(self, model=None):
        from .models import Question

        super().__init__(model or Question)

    def user_has_permission(self, user, action):
        if action not in self.ACTIONS or not user.is_active:
            return False
        return user.is_superuser or bool(editable_session_ids(user))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if action not in self.ACTIONS or not user.is_active:
            return False
        return user.is_superuser or can_edit_session(user, instance.session)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.ACTIONS.intersection(actions) or not user.is_active:
            return self.model.objects.none()
        if user.is_superuser:
            return self.model.objects.all()
        return self.model.objects.filter(session_id__in=editable_session_ids(user))

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def users_with_any_permission(self, actions):
        """Superusers only: page editors are found through page permissions, per session."""
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(is_active=True, is_superuser=True)
