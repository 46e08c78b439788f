"""Citizen question submission: validation and a per-address rate limit.

The limit is kept in Django's cache under a salted hash of the client address, so no address is
stored anywhere; nothing about the sender is saved beyond what they typed.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from . import conf
from .forms import TOKEN_MAX_AGE, QuestionSubmissionForm


@dataclass
class SubmissionResult:
    form: QuestionSubmissionForm
    saved: bool = False
    rate_limited: bool = False
    status: int = 200


def client_address(request):
    # Behind a reverse proxy, configure it to set REMOTE_ADDR (e.g. via the WSGI server);
    # X-Forwarded-For is not trusted because any client can send it.
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_key(request):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()
    return f"govpages_events:questions:{digest[:32]}"


def allow_submission(request):
    """Count one attempt; False once the address has used up its allowance for the window."""
    limit, window = conf.get("GOVPAGES_EVENTS_QUESTION_RATE_LIMIT")
    key = rate_limit_key(request)
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit


def handle_question_post(session, request):
    from .models import Question

    form = QuestionSubmissionForm(request.POST)
    if not session.takes_questions():
        form.is_valid()
        form.add_error(
            None, _("This session no longer takes questions: your question has not been sent.")
        )
        return SubmissionResult(form, status=403)
    if not form.is_valid():
        return SubmissionResult(form, status=400)
    if not allow_submission(request):
        limit, window = conf.get("GOVPAGES_EVENTS_QUESTION_RATE_LIMIT")
        form.add_error(
            None,
            _(
                "Too many questions from your network: at most %(limit)d per %(minutes)d "
                "minutes. Please try again later."
            )
            % {"limit": limit, "minutes": window // 60},
        )
        return SubmissionResult(form, rate_limited=True, status=429)
    if not cache.add(f"govpages_events:token:{form.cleaned_data['token']}", 1, TOKEN_MAX_AGE):
        return SubmissionResult(form, saved=True, status=302)  # sent before: already received
    Question.objects.create(
        session=session,
        asker_type=Question.NETIZEN,
        asker_name=form.cleaned_data["name"].strip(),
        contact=form.cleaned_data["contact"].strip(),
        text=form.cleaned_data["text"],
        submitted_online=True,
        published=False,
    )
    return SubmissionResult(form, saved=True, status=302)
