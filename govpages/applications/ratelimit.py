"""A per-address allowance in Django's cache, under a salted hash: no address is stored."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    # X-Forwarded-For is not trusted: any client can send it. A proxy must set REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR", "")


def allow(request, scope, limit, window):
    """Count one attempt; False once the address has used its allowance for the window."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode())
    key = f"govpages_applications:{scope}:{digest.hexdigest()[:32]}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        return True
