"""Event pages are shown in the events time zone, whatever the host project's TIME_ZONE is.

Dates and times of events are entered and meant in GOVPAGES_EVENTS_TIME_ZONE (Asia/Shanghai); a
project running in UTC would otherwise show a 09:00 event as 01:00. Template responses render
lazily, after the view returns, so they are rendered inside the override here.
"""

import functools

from django.template.response import SimpleTemplateResponse
from django.utils import timezone

from .. import conf


def in_events_time_zone(serve):
    @functools.wraps(serve)
    def serve_in_zone(self, request, *args, **kwargs):
        with timezone.override(conf.time_zone()):
            response = serve(self, request, *args, **kwargs)
            if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
                response.render()
        return response

    return serve_in_zone


class EventsTimeZoneMixin:
    """For pages whose own ``serve`` is inherited (routable pages): serve and preview in zone."""

    @in_events_time_zone
    def serve(self, request, *args, **kwargs):
        return super().serve(request, *args, **kwargs)

    @in_events_time_zone
    def serve_preview(self, request, *args, **kwargs):
        return super().serve_preview(request, *args, **kwargs)
