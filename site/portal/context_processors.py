LARGE_TEXT_COOKIE = "govpages_large_text"


def display_mode(request):
    """Expose the elderly-friendly (适老化) large-text mode chosen by the visitor."""
    return {"large_text_mode": request.COOKIES.get(LARGE_TEXT_COOKIE) == "1"}
