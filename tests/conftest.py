import pytest
from django.core.management import call_command


@pytest.fixture
def demo_portal(db):
    """The demo portal as `load_demo` builds it."""
    call_command("load_demo", stdout=open("/dev/null", "w"))
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)
