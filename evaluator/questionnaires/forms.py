"""Forms for building questionnaires, issuing them, entering answers a section at a time, and importing."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property

from evaluator.models import (
    MAX_POINTS,
    Evaluation,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    ReviewState,
    Section,
)
from evaluator.questionnaires import conditions
from evaluator.responses.attachments import validate_attachment
from evaluator.responses.lifecycle import AnswerChange
from vendors.models import MATURITY_RUBRIC, EvidenceGrade, Vendor


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title", "family", "description", "unanswered_rule"]
        help_texts = {"family": "A short id shared by all versions, e.g. cloud-due-diligence."}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "description", "position"]


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label="Choices",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For choice questions: one per line as 'Label = points', points 0–5, e.g. 'Yes = 5'.",
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "code",
            "position",
            "text",
            "help_text",
            "kind",
            "required",
            "weight",
            "evidence_required",
            "capability",
            "currency",
            "shown_when",
            "severity",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "help_text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, questionnaire: Questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.fields["section"].queryset = questionnaire.sections.all()
        if self.instance.pk:
            self.initial["choices_text"] = "\n".join(
                f"{choice.label} = {choice.score.normalize():f}" for choice in self.instance.choices.all()
            )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = Question.objects.filter(questionnaire=self.questionnaire, code__iexact=code)
        if clash.exclude(pk=self.instance.pk).exists():
            raise ValidationError("Another question in this version already has this id.")
        return code

    def clean(self):
        cleaned = super().clean()
        parsed = []
        for number, line in enumerate(self.cleaned_data.get("choices_text", "").splitlines(), start=1):
            if not line.strip():
                continue
            label, _, points = line.rpartition("=")
            if not label.strip():
                label, points = points, "0"
            try:
                score = Decimal(points.strip())
            except ArithmeticError:
                score = None
            if score is None or not 0 <= score <= MAX_POINTS:
                self.add_error("choices_text", f"Line {number}: the points must be a number from 0 to 5.")
                continue
            parsed.append((label.strip(), score))
        labels = [label.casefold() for label, _ in parsed]
        if len(labels) != len(set(labels)):
            self.add_error("choices_text", "Two choices have the same label.")
        kind = cleaned.get("kind")
        if kind == QuestionKind.NOTE:
            if parsed:
                self.add_error("choices_text", "A note takes no answer, so it has no choices.")
            # Nothing to answer: never required, never scored.
            cleaned.update(required=False, evidence_required=False, weight=Decimal(0))
        elif cleaned.get("severity"):
            self.add_error("severity", "Only a note has a severity.")
        if cleaned.get("shown_when", "").strip():
            self._clean_condition(cleaned)
        if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE) and len(parsed) < 2:
            self.add_error("choices_text", "A choice question needs at least two choices.")
        if (
            kind == QuestionKind.YES_NO
            and parsed
            and {label.casefold() for label, _ in parsed} != {"yes", "no"}
        ):
            self.add_error("choices_text", "A yes/no question has exactly the choices 'Yes' and 'No'.")
        self.parsed_choices = parsed
        return cleaned

    def _clean_condition(self, cleaned) -> None:
        """The condition names earlier questions of this version with values valid for them."""
        section, position = cleaned.get("section"), cleaned.get("position")
        if section is None or position is None:
            return
        earlier = {}
        mine = (section.position, section.pk, position, self.instance.pk or float("inf"))
        others = (
            Question.objects.filter(questionnaire=self.questionnaire)
            .exclude(pk=self.instance.pk)
            .select_related("section")
            .prefetch_related("choices")
        )
        for other in others:
            if (other.section.position, other.section_id, other.position, other.pk) < mine:
                labels = tuple(choice.label for choice in other.choices.all())
                earlier[other.code.casefold()] = (other.code, other.kind, labels)
        try:
            cleaned["shown_when"] = conditions.check(cleaned["shown_when"], earlier)
        except conditions.ConditionError as error:
            self.add_error("shown_when", str(error))


class StartResponseForm(forms.Form):
    vendor = forms.ModelChoiceField(queryset=Vendor.objects.order_by("name"))
    questionnaire = forms.ModelChoiceField(
        queryset=Questionnaire.objects.order_by("family", "-version_number")
    )
    evaluation = forms.ModelChoiceField(
        queryset=Evaluation.objects.none(),
        required=False,
        empty_label="None: the vendor's general response",
        help_text="Answers given for one selection stay with it; the vendor must be one of its candidates.",
    )
    carry_forward = forms.BooleanField(
        required=False,
        initial=True,
        label="Start from the vendor's last accepted answers",
        help_text="Answers are copied by question id and marked for review.",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["evaluation"].queryset = Evaluation.objects.visible_to(user).order_by("name")

    def clean(self):
        cleaned = super().clean()
        vendor, questionnaire = cleaned.get("vendor"), cleaned.get("questionnaire")
        evaluation = cleaned.get("evaluation")
        if vendor and evaluation and not evaluation.candidates.filter(pk=vendor.pk).exists():
            self.add_error("evaluation", f"{vendor} is not a candidate in {evaluation}.")
        elif (
            vendor
            and questionnaire
            and Response.objects.filter(
                vendor=vendor, questionnaire=questionnaire, evaluation=evaluation
            ).exists()
        ):
            raise ValidationError(f"{vendor} already has a response to this version; open it from the list.")
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Filled answers file",
        help_text="The .xlsx or .csv file downloaded from this page, with the Answer column filled.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class ReviewForm(forms.Form):
    state = forms.ChoiceField(choices=[c for c in ReviewState.choices if c[0] != ReviewState.PENDING])
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


_YES_NO = [("", "No answer yet"), ("yes", "Yes"), ("no", "No")]
_GRADES = [("", "—"), *EvidenceGrade.choices]
_PLAIN_ERRORS = {
    QuestionKind.NUMBER: {"invalid": "Enter a number, e.g. 1250.5."},
    QuestionKind.CURRENCY: {"invalid": "Enter an amount in digits, e.g. 1250000."},
    QuestionKind.DATE: {"invalid": "Enter a date as YYYY-MM-DD, e.g. 2027-03-31."},
}


def _value_field(question: Question, labels: tuple[str, ...]) -> forms.Field:
    common = {
        "required": False,
        "label": f"{question.code} · {question.text}",
        "help_text": question.help_text,
    }
    kind = question.kind
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=_YES_NO, widget=forms.RadioSelect, **common)
    if kind == QuestionKind.SINGLE_CHOICE:
        return forms.ChoiceField(choices=[("", "Choose…"), *((label, label) for label in labels)], **common)
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=[(label, label) for label in labels], widget=forms.CheckboxSelectMultiple, **common
        )
    if kind in (QuestionKind.NUMBER, QuestionKind.CURRENCY):
        minimum = 0 if kind == QuestionKind.CURRENCY else None
        if kind == QuestionKind.CURRENCY and question.currency:
            common["label"] += f" ({question.currency})"
        return forms.DecimalField(
            max_digits=19, decimal_places=4, min_value=minimum, error_messages=_PLAIN_ERRORS[kind], **common
        )
    if kind == QuestionKind.DATE:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}), error_messages=_PLAIN_ERRORS[kind], **common
        )
    if kind == QuestionKind.SCALE:
        choices = [
            ("", "No answer yet"),
            *((str(level), f"{level} – {title}") for level, (title, _) in MATURITY_RUBRIC.items()),
        ]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000, **common)


def _initial(question: Question, value):
    if value is None:
        return None
    if question.kind == QuestionKind.YES_NO:
        return "yes" if value else "no"
    if question.kind == QuestionKind.SINGLE_CHOICE:
        return value[0]
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        return list(value)
    if question.kind == QuestionKind.SCALE:
        return str(int(value))
    return value


class SectionAnswersForm(forms.Form):
    """One section's questions: a typed value, evidence grade, comment and attachment for each.

    ``grades=False`` leaves the evidence grade out (the vendor portal: grading is the reviewer's)."""

    def __init__(self, *args, rows, grades: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            question, answer, pk = row.question, row.answer, row.question.pk
            if question.kind == QuestionKind.NOTE:
                continue  # shown, never answered
            self.fields[f"q{pk}"] = _value_field(question, row.choice_labels)
            self.initial[f"q{pk}"] = _initial(question, row.value)
            if grades:
                self.fields[f"g{pk}"] = forms.ChoiceField(
                    label="Evidence grade", choices=_GRADES, required=False
                )
                self.initial[f"g{pk}"] = answer.evidence_grade if answer else ""
            self.fields[f"c{pk}"] = forms.CharField(
                label="Comment", required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 1})
            )
            self.initial[f"c{pk}"] = answer.comment if answer else ""
            self.fields[f"f{pk}"] = forms.FileField(
                label="Evidence file" + (" (required)" if question.evidence_required else ""), required=False
            )
        # The page carries what it showed (hidden "initial-" inputs): a save writes only what this
        # user changed, and refuses a change to an answer someone else saved meanwhile.
        for name, field in self.fields.items():
            if name[0] in "qgc":
                field.show_hidden_initial = True

    def clean(self):
        cleaned = super().clean()
        for row in self.answerable:
            upload = cleaned.get(f"f{row.question.pk}")
            if upload:
                try:
                    validate_attachment(upload)
                except ValidationError as error:
                    self.add_error(f"f{row.question.pk}", error)
        self._refuse_stale_changes()
        return cleaned

    def _seen(self, name):
        """What the page showed for ``name``; the stored value when the post does not say
        (a script posting only some fields), so that its fields count as changed against now."""
        key = self.add_initial_prefix(name)
        if key not in self.data:
            return self.initial.get(name), False
        field = self.fields[name]
        raw = self._widget_data_value(field.hidden_widget(), key)
        try:
            return field.to_python(raw), True
        except ValidationError:
            return None, True

    @cached_property
    def user_changed(self) -> set[str]:
        """The value, grade and comment fields this user changed from what their page showed."""
        changed = set()
        for name, field in self.fields.items():
            if name[0] in "qgc" and field.has_changed(self._seen(name)[0], self._posted(name)):
                changed.add(name)
        return changed

    def _posted(self, name):
        return self._widget_data_value(self.fields[name].widget, self.add_prefix(name))

    def _refuse_stale_changes(self) -> None:
        """A change to a value that someone else changed since this page was shown is an error.

        ``self.initial`` holds the answers as stored now (the rows are read when the save
        starts, under the response's lock); the hidden initial inputs hold what the page
        showed. Where the two differ and this user typed something else again, saving would
        overwrite the other person's answer unseen. The page comes back showing the stored
        value in the message, and the hidden inputs move on to it, so a second save is a
        deliberate overwrite.
        """
        stale = []
        for name in sorted(self.user_changed):
            field = self.fields[name]
            seen, page_said = self._seen(name)
            stored = self.initial.get(name)
            if not page_said or not field.has_changed(seen, self._as_data(field, stored)):
                continue  # nobody else touched it since the page was shown
            if not field.has_changed(stored, self._posted(name)):
                continue  # the other person saved the same value
            shown = ", ".join(stored) if isinstance(stored, list) else stored
            self.add_error(
                name,
                f"Someone changed this since you opened the page; it is now “{shown or 'blank'}”. "
                "Your value is kept here: save again to replace theirs.",
            )
            stale.append((name, stored))
        if stale:
            self.data = self.data.copy()
            for name, stored in stale:
                value = self._as_data(self.fields[name], stored)
                self.data.setlist(
                    self.add_initial_prefix(name), value if isinstance(value, list) else [value]
                )

    @staticmethod
    def _as_data(field, value) -> list[str] | str:
        if getattr(field.widget, "allow_multiple_selected", False):
            return [str(v) for v in value or []]
        return "" if value is None else str(value)

    def grouped(self):
        """(row, value field, grade field, comment field, file field) per question, for the template."""
        return [
            (row, *(self[name] if (name := f"{p}{row.question.pk}") in self.fields else None for p in "qgcf"))
            if row.question.kind != QuestionKind.NOTE
            else (row, None, None, None, None)
            for row in self.rows
        ]

    @property
    def answerable(self):
        return [row for row in self.rows if row.question.kind != QuestionKind.NOTE]

    def changes(self) -> dict[Question, AnswerChange]:
        result = {}
        changed = self.user_changed
        for row in self.answerable:
            question, pk = row.question, row.question.pk
            upload = self.cleaned_data.get(f"f{pk}") or None
            if not changed & {f"q{pk}", f"g{pk}", f"c{pk}"} and upload is None:
                continue  # untouched here: whatever is stored now stays
            value = _canonical(question, self.cleaned_data.get(f"q{pk}"))
            value_changed = f"q{pk}" in changed
            result[question] = AnswerChange(
                value=value if value_changed else None,
                clear=value_changed and value is None,
                evidence_grade=self.cleaned_data.get(f"g{pk}", "") if f"g{pk}" in changed else None,
                comment=self.cleaned_data.get(f"c{pk}", "").strip() if f"c{pk}" in changed else None,
                attachment=upload,
            )
        return result


def _canonical(question: Question, raw):
    if raw in (None, "", []):
        return None
    kind = question.kind
    if kind == QuestionKind.YES_NO:
        return raw == "yes"
    if kind == QuestionKind.SINGLE_CHOICE:
        return (raw,)
    if kind == QuestionKind.MULTIPLE_CHOICE:
        labels = [choice.label for choice in question.choices.all()]
        return tuple(label for label in labels if label in raw)
    if kind == QuestionKind.SCALE:
        return Decimal(int(raw))
    if kind in (QuestionKind.NUMBER, QuestionKind.CURRENCY):
        return raw.normalize() + 0
    if kind == QuestionKind.TEXT:
        return raw.strip() or None
    return raw
