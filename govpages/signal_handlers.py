from wagtail.signals import page_published


def rename_department_resources(sender, instance, **kwargs):
    """A department published under a new title renames its groups, collection and workflow."""
    from .departments.provisioning import sync_department_names

    sync_department_names(instance)


def register_signal_handlers():
    from .models import DepartmentPage

    page_published.connect(
        rename_department_resources,
        sender=DepartmentPage,
        dispatch_uid="govpages-rename-department-resources",
    )
