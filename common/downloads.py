"""A file download answer, the same for every page and endpoint that serves one."""

from django.http import HttpResponse


def download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """``data`` as an attachment named ``filename``; the browser must not guess another type."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
