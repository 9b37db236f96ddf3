"""django-filter's backend, run only when the request asks for one of the view's filters.

DjangoFilterBackend builds a FilterSet and its form on every list request (and, for a view
with ``filterset_fields``, a new FilterSet class too), even when no filter parameter was sent:
on the vendor list that was a tenth of the request (tests/perf/bench_api.py). With no parameter
naming one of the filters every filter is empty and the FilterSet hands back the queryset as it
came, so this returns it straight away; any parameter that could belong to a filter (its name,
or its name with a suffix, as range widgets send) takes django-filter's path, errors included.
"""

from django_filters.rest_framework import DjangoFilterBackend


class FilterWhenAskedBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        names = _filter_names(self, type(view), queryset)
        if not any(key.startswith(name) for key in request.query_params for name in names):
            return queryset
        return super().filter_queryset(request, queryset, view)


def _filter_names(backend, view_class, queryset) -> tuple[str, ...]:
    names = view_class.__dict__.get("_filter_param_names")
    if names is None:
        filterset_class = backend.get_filterset_class(view_class, queryset)
        names = tuple(filterset_class.base_filters) if filterset_class is not None else ()
        view_class._filter_param_names = names
    return names
