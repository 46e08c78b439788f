"""The Wagtail admin's own Content-Security-Policy.

Wagtail's admin still writes a few inline scripts (inline panels, date pickers) and offers no
nonce for them, so its pages get the portal's policy with 'unsafe-inline' added to script-src.
The public pages keep the strict policy. Both Django's CSP middleware and django-csp leave a
header that is already set alone, so this runs inside them.
"""

from django.conf import settings


def admin_policy():
    directives = {name: list(values) for name, values in settings.CSP_DIRECTIVES.items()}
    directives["script-src"] = [*directives.get("script-src", []), "'unsafe-inline'"]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def admin_csp(get_response):
    prefix = settings.PORTAL_ADMIN_PATH

    def middleware(request):
        response = get_response(request)
        if request.path_info.startswith(prefix):
            response["Content-Security-Policy"] = admin_policy()
        return response

    return middleware
