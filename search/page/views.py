"""The public search page and its JSON twin."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .searching import InvalidParameter, SearchUnavailable, parse_params, run_search
from .throttle import over_limit, retry_after_seconds

TOO_MANY_TITLE = _("Please slow down")
TOO_MANY_MESSAGE = _("Too many searches in a short time. Please wait a minute and try again.")
UNAVAILABLE_TITLE = _("Search is unavailable")
UNAVAILABLE_MESSAGE = _(
    "Sorry, the search service is temporarily unavailable. Please try again in a few minutes."
)


@require_GET
def search_page(request):
    params = parse_params(request.GET)
    if over_limit(request):
        return _message_page(request, params, TOO_MANY_TITLE, TOO_MANY_MESSAGE, 429)
    try:
        outcome = run_search(params, request=request)
    except SearchUnavailable:
        return _message_page(request, params, UNAVAILABLE_TITLE, UNAVAILABLE_MESSAGE, 503)
    return render(
        request, "govpages_search/search.html", {"params": outcome.params, "outcome": outcome}
    )


# Seconds a client is asked to wait: one rate-limit window, or a while for a backend outage.
UNAVAILABLE_RETRY_AFTER = 120


def _retry_after(status):
    return str(retry_after_seconds() if status == 429 else UNAVAILABLE_RETRY_AFTER)


def _message_page(request, params, title, message, status):
    context = {"params": params, "unavailable": True, "message_title": title, "message": message}
    response = render(request, "govpages_search/search.html", context, status=status)
    response["Retry-After"] = _retry_after(status)
    return response


def _json(data, status=200):
    """JSON with Chinese as itself, not \\u escapes."""
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    if status in (429, 503):
        response["Retry-After"] = _retry_after(status)
    return response


def _date(value):
    return timezone.localtime(value).date().isoformat() if value else None


def _result_json(result):
    data = {
        key: value
        for key, value in result.items()
        if key not in ("title_html", "snippet", "date", "type_key")
    }
    data.update(snippet=str(result["snippet"]), date=_date(result["date"]))
    return data


def _facets_json(facets):
    return {
        facet.key: [
            {"value": value.value, "label": value.label, "count": value.count}
            for value in facet.values
        ]
        for facet in facets
    }


@require_GET
def search_api(request):
    if over_limit(request):
        return _json({"error": str(TOO_MANY_MESSAGE)}, status=429)
    try:
        params = parse_params(request.GET, strict=True)
    except InvalidParameter as error:
        return _json({"error": str(error)}, status=400)
    try:
        # Hot searches reflect what people type into the site's search box, not API clients.
        outcome = run_search(params, request=request, log=False, clamp_page=False)
    except SearchUnavailable:
        return _json({"error": str(UNAVAILABLE_MESSAGE)}, status=503)
    return _json(
        {
            "query": outcome.params.q,
            "query_notice": str(outcome.params.query_notice) or None,
            "suggested_query": outcome.suggested_query or None,
            "total": outcome.total,
            "page": outcome.params.page,
            "page_size": outcome.params.page_size,
            "num_pages": outcome.num_pages,
            "sort": outcome.params.sort,
            "filters": outcome.params.filters,
            "facets": _facets_json(outcome.facets),
            "promotions": outcome.promotions,
            "results": [_result_json(result) for result in outcome.results],
            "related_searches": outcome.related,
            "hot_searches": outcome.hot,
        }
    )
