"""The Vietnamese admin: the site's titles, and the modules that register each model's admin.

Every list, form, action and foreign-key choice is restricted by ``resolutions.access``; writes
go through ``resolutions.services``. Django's autodiscover imports this package; the modules:

- ``base``: the committee-scoped bases every admin builds on, accent-insensitive search, years as text
- ``filters``: list filters that offer only what the user may see
- ``structure``: committees, congresses, resolutions (with sections) and targets
- ``adjustments``: target adjustments and links between targets
- ``ratings``: quality rating counts and the targets judged from them
- ``issued``: issued report versions and their files
- ``results``: results and submissions (with the data-entry pages)
- ``people``: committee memberships, roles and users
- ``catalogue``: the indicator catalogue, with file import and export
- ``sign_in``: sign-in lockouts and failures
"""

from __future__ import annotations

from django.contrib import admin

# Imported for what they do: each registers its models' admins on the site.
from resolutions.admin import (  # noqa: F401
    adjustments,
    catalogue,
    issued,
    people,
    ratings,
    results,
    sign_in,
    structure,
)

admin.site.site_header = "Theo dõi chỉ tiêu nghị quyết"
admin.site.site_title = "Chỉ tiêu nghị quyết"
admin.site.index_title = "Quản trị dữ liệu"
