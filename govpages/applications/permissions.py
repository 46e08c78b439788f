"""Who sees and handles a case: staff who may edit its department's page (the department's
editors and reviewers), and superusers. Decided by Wagtail page permissions, as for pages."""

from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

# Cases are registered by the public form and never deleted (they are anonymised).
ACTIONS = {"change", "view"}


def department_ids(user):
    from govpages.models import DepartmentPage

    if not user.is_active:
        return []
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return list(pages.type(DepartmentPage).values_list("pk", flat=True))


class CasePermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        if action not in ACTIONS or not user.is_active:
            return False
        return user.is_superuser or bool(department_ids(user))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if action not in ACTIONS or not user.is_active:
            return False
        return user.is_superuser or instance.department_id in department_ids(user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not ACTIONS.intersection(actions) or not user.is_active:
            return self.model.objects.none()
        if user.is_superuser:
            return self.model.objects.all()
        return self.model.objects.filter(department_id__in=department_ids(user))

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(is_active=True, is_superuser=True)
