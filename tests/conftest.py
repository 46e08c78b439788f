import pytest
from django.apps import apps
from django.core.management import call_command


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "portal: needs the reference portal (portal.settings.test): its demo, home page or "
        "templates; deselected in the one-app runs (.ci/apps-alone: -m 'not portal')",
    )


@pytest.fixture
def demo_portal(request, db):
    """The demo portal as `load_demo` builds it."""
    if not apps.is_installed("portal.home"):
        pytest.fail(
            f"{request.node.nodeid} uses the demo portal but runs without it: "
            "mark it @pytest.mark.portal"
        )
    call_command("load_demo", stdout=open("/dev/null", "w"))
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)
