"""The Content-Security-Policy of every response (django-csp), with what the admin needs.

CONTENT_SECURITY_POLICY (settings/base.py) applies everywhere. The Wagtail admin's own
widgets write inline scripts (date choosers, choosers, inline panels) and inline styles,
and its image uploads show previews from data: and blob: URLs, so under the admin's URL
prefix the policy also allows those (docs/operations.md).
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.urls import reverse

ADMIN_UPDATE = {
    "script-src": [UNSAFE_INLINE],
    "style-src": [UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; responses under the admin's prefix get ADMIN_UPDATE too."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if parts.update is None and request.path_info.startswith(reverse("wagtailadmin_home")):
            parts.update = ADMIN_UPDATE
        return parts
