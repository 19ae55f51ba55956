"""The public list of modules under a module index: filters, search and pages."""

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django_countries import countries as all_countries
from taggit.models import Tag

from accounts.models import Institution

from .choices import EnrolmentState
from .forms import ModuleFilterForm

PAGE_SIZE = 12
# The filters of the form, in the order the page lists them, and the lookup each narrows by.
FILTER_LOOKUPS = {
    "mode": "mode",
    "sector": "sector",
    "language": "working_languages__code",
    "country": "partners__country",
    "tag": "tags__slug",
    "state": "enrolment_state",
}
FILTERS = tuple(FILTER_LOOKUPS)


def _state_order():
    # Modules people can join come first, finished ones last.
    order = [EnrolmentState.OPEN, EnrolmentState.RUNNING, EnrolmentState.CLOSED]
    return Case(
        *(When(enrolment_state=state, then=Value(n)) for n, state in enumerate(order)),
        default=Value(len(order)),
        output_field=IntegerField(),
    )


def module_listing(index, request):
    modules = index.listed_modules()
    languages = modules.working_languages()
    country_codes = set(
        Institution.objects.filter(modules__in=modules).values_list("country", flat=True)
    )
    countries = sorted(
        (c for c in all_countries if c.code in country_codes), key=lambda c: str(c.name)
    )
    tags = Tag.objects.filter(modules_coursemoduletag_items__content_object__in=modules).distinct()
    form = ModuleFilterForm(
        request.GET, languages=languages, countries=countries, tags=tags.order_by("name")
    )
    form.is_valid()
    chosen = {
        name: form.cleaned_data.get(name)
        for name in (*FILTERS, "q")
        if name not in form.errors and form.cleaned_data.get(name)
    }

    results = modules
    for name, lookup in FILTER_LOOKUPS.items():
        if name in chosen:
            # One filter() per choice: each many-valued lookup joins on its own.
            results = results.filter(**{lookup: chosen[name]})
    results = results.distinct()

    query = chosen.get("q", "").strip()
    if query:
        # Search on the index's live modules, then keep the filtered ones in relevance order.
        ranked = [page.pk for page in modules.search(query, operator="and")]
        allowed = set(results.filter(pk__in=ranked).values_list("pk", flat=True))
        ordered_ids = [pk for pk in ranked if pk in allowed]
        order = Case(
            *(When(pk=pk, then=Value(n)) for n, pk in enumerate(ordered_ids)),
            output_field=IntegerField(),
        )
        results = modules.filter(pk__in=ordered_ids).annotate(rank=order).order_by("rank")
    else:
        results = results.annotate(state_order=_state_order()).order_by(
            "state_order", "start_date", "title"
        )

    paginator = Paginator(results.prefetch_related("partners", "tags"), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))

    active_filters = []
    index_url = index.get_url(request) or ""
    for name in FILTERS:
        if name in chosen:
            label = dict(form.fields[name].choices).get(chosen[name], chosen[name])
            remaining = request.GET.copy()
            for key in (name, "page"):
                remaining.pop(key, None)
            query_string = remaining.urlencode()
            active_filters.append(
                {
                    "name": name,
                    "label": form.fields[name].label,
                    "value": label,
                    "remove_url": f"{index_url}?{query_string}" if query_string else index_url,
                }
            )
    return {
        "filter_form": form,
        "modules": page_obj,
        "paginator": paginator,
        "query": query,
        "active_filters": active_filters,
        "is_filtered": bool(chosen),
        "has_modules": modules.exists(),
    }
