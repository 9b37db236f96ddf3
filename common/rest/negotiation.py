"""Content negotiation for endpoints whose ``?format=`` names a file format, not a renderer."""

from rest_framework.negotiation import DefaultContentNegotiation


class JsonErrorsNegotiation(DefaultContentNegotiation):
    """Always JSON for the answers DRF renders (the errors): ``format`` names the file here."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
