"""A file download answer, the same for every page and endpoint that serves one."""

from django.http import FileResponse, HttpResponse


def download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """``data`` as an attachment named ``filename``; the browser must not guess another type."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def stored_file(field_file) -> FileResponse:
    """A stored upload (evidence, a vault document) as an attachment the browser neither guesses a
    type for nor renders. Raises FileNotFoundError when storage no longer has the file."""
    served = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=field_file.name.rsplit("/", 1)[-1],
        content_type="application/octet-stream",
    )
    served["X-Content-Type-Options"] = "nosniff"
    served["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return served


CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
