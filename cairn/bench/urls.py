"""The production URLs plus one trivial view, the baseline each page is compared with."""

from django.http import HttpResponse
from django.urls import path

from cairn.urls import urlpatterns as production


def trivial(request):
    """A signed-in request through the whole middleware stack, no query of its own."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial, name="bench_trivial"), *production]
