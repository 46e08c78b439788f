from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

# Only pages are exposed: the pages endpoint lists live, public pages. Documents and images are
# left out because the stock endpoints ignore collection view restrictions.
api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
