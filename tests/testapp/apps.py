from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "tests.testapp"
    label = "govpages_testapp"
    verbose_name = "govpages test app"
    default_auto_field = "django.db.models.BigAutoField"
