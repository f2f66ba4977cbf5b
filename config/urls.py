"""URL configuration: the admin and the reports (dashboards, appendix downloads)."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Pages link the icon; a client asking for /favicon.ico anyway gets it, not a 404.

    The static URL is resolved per request (a hashed-name storage may not be ready at import).
    """
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon),
    path("", include("reports.urls")),
]
