from django.http import HttpResponse
from django.utils.text import slugify

from ..pdf import PdfUnavailable, html_to_pdf


class PdfDownloadMixin:
    """``?format=pdf`` on a page answers the same page as a PDF download, charts included."""

    def pdf_filename(self) -> str:
        return "page.pdf"

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if self.request.GET.get("format") != "pdf":
            return response
        html = response.render().content.decode()
        try:
            pdf = html_to_pdf(html)
        except PdfUnavailable as missing:
            return HttpResponse(
                f"{missing} Use your browser's Print → Save as PDF instead: the print layout is the same.",
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        download = HttpResponse(pdf, content_type="application/pdf")
        download["Content-Disposition"] = (
            f'attachment; filename="{slugify(self.pdf_filename()) or "page"}.pdf"'
        )
        return download
