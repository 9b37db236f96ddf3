"""An answers file as a download: a response's answers, or a questionnaire version's blank file.

The response page, the questionnaire page and both of their endpoints serve it from here.
"""

from django.http import HttpResponse

from common.downloads import CSV_TYPE, XLSX_TYPE, download
from evaluator.responses.exporting import export_csv, export_filename, export_xlsx

ANSWERS_FORMATS = ("xlsx", "csv")


def answers_filename(response, questionnaire, fmt: str) -> str:
    """``<vendor>-<family>-v<n>.<fmt>`` for a response, ``<family>-v<n>-blank.<fmt>`` for a blank file."""
    if response is None:
        return f"{questionnaire.family}-v{questionnaire.version_number}-blank.{fmt}"
    return export_filename(response.vendor, questionnaire, fmt)


def answers_download(response, questionnaire, fmt: str) -> HttpResponse:
    """The answers file of ``response`` (None: the blank file of ``questionnaire``) as ``fmt``.

    ``fmt`` is one of ``ANSWERS_FORMATS``; the callers refuse any other (pages 404, API 400).
    """
    name = answers_filename(response, questionnaire, fmt)
    if fmt == "csv":
        return download(export_csv(response, questionnaire), name, CSV_TYPE)
    vendor = response.vendor if response is not None else None
    return download(export_xlsx(response, questionnaire, vendor), name, XLSX_TYPE)
