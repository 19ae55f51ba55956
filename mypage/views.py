from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .overview import my_overview


@never_cache
@login_required
def my_page(request):
    """The signed-in person's own page: their modules, spaces, sessions and what awaits them."""
    return render(
        request,
        "mypage/my_page.html",
        {
            "overview": my_overview(request.user, request),
            "zone_name": timezone.get_current_timezone_name(),
        },
    )
