"""Read an HTML form the way a browser would submit it (standard library only)."""

import re
from html.parser import HTMLParser


class FormReader(HTMLParser):
    """Collects the fields of every <form method="post"> on the page."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self.fields: dict[str, list[str]] = {}
        self._in_post_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._in_post_form = True
            self.fields = {}
        if not self._in_post_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in ("file", "submit", "button"):
                self.fields[name] = [attrs.get("value") or ""]
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = [""]
        elif tag == "select" and name:
            self._select = name
            self._multiple = "multiple" in attrs
            self._first_option = None
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self.fields.setdefault(self._select, []).append(value)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # Browsers drop the one newline that follows <textarea>; Django writes it.
            value = self.fields[self._textarea][0]
            self.fields[self._textarea] = [value[1:] if value.startswith("\n") else value]
            self._textarea = None
        elif tag == "select" and self._select:
            if not self._multiple:
                self.fields.setdefault(self._select, [self._first_option or ""])
            self._select = None
        elif tag == "form" and self._in_post_form:
            self._in_post_form = False
            self.forms.append(self.fields)

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][0] += data


def post_form_fields(html: str, having: str) -> dict[str, list[str]]:
    """The first POST form with a field whose whole name matches the pattern ``having``:
    field name → submitted values (a list: checkboxes and multiple selects send several)."""
    reader = FormReader()
    reader.feed(html)
    for fields in reader.forms:
        if any(re.fullmatch(having, name) for name in fields):
            return fields
    raise LookupError(f"no POST form with a field {having!r} on the page")
