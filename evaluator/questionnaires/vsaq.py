"""Reading Google's VSAQ questionnaire format (github.com/google/vsaq, Apache-2.0) into a plan.

A VSAQ file ("VSAQON": JSON with //-comment lines and "…" + "…" string concatenations) holds
``{"questionnaire": [items]}``. Items (``vsaq/static/questionnaire/*item.js``):

- ``block`` (``text``, ``items``, optional ``cond``): the root block is the questionnaire's title,
  its child blocks are our sections, deeper blocks become a heading note within the section and
  their ``cond`` applies to everything inside;
- ``yesno`` → yes/no; ``radiogroup`` (``choices``: ``[{id: text}]``, ``defaultChoice``) → single
  choice; ``checkgroup`` → multiple choice; a lone ``check`` → yes/no; ``line``/``box`` → free
  text; ``upload`` → free text that needs an evidence file;
- ``tip`` (``warn``, ``severity`` medium/high/critical, ``why``, ``name``) and ``info`` → notes
  (no answer) keeping the severity; ``spacer`` → nothing.

Conditions (``cond``) are read by VSAQ's own rules (``utils.js``): identifiers, ``!``, ``&&`` and
``||`` (evaluated left to right, without precedence), parentheses; ``id`` is true when that
radio or check item is picked, a yes/no is Yes (``id/yes``, ``id/no``), a text is filled, and
``^id`` when item ``id`` is shown. They become our conditions (``conditions.py``) where they can
(every identifier names an earlier answerable item or, with ``^``, any earlier item); the
original text is always kept in ``source_condition``. Strings, functions (``matches``,
``contains``), ``/value`` and ``,`` are kept but not applied. Nothing here touches the database.
"""

import html
import json
import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags

from evaluator.models.questionnaires import NoteSeverity, QuestionKind
from evaluator.questionnaires import conditions
from evaluator.questionnaires.vsaq_conditions import NotApplied, translate

MAX_ITEMS = 5_000
CODE_LENGTH, LABEL_LENGTH = 100, 500
_TYPES = {
    "block",
    "yesno",
    "radiogroup",
    "checkgroup",
    "check",
    "line",
    "box",
    "upload",
    "tip",
    "info",
    "spacer",
}
_SEVERITIES = {"medium", "high", "critical"}
_NAME = re.compile(r"^[A-Za-z0-9_.:-]+$")


class VsaqError(ValueError):
    """The file cannot be imported; the message names the item (its path and id)."""


@dataclass
class PlannedQuestion:
    code: str
    kind: str
    text: str
    source_type: str
    help_text: str = ""
    required: bool = False
    evidence_required: bool = False
    severity: str = ""
    shown_when: str = ""
    source_condition: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)  # (label, VSAQ id)

    @property
    def kind_label(self) -> str:
        return str(QuestionKind(self.kind).label)


@dataclass
class PlannedSection:
    title: str
    questions: list[PlannedQuestion] = field(default_factory=list)


@dataclass
class Plan:
    title: str
    sections: list[PlannedSection] = field(default_factory=list)
    not_applied: list[str] = field(default_factory=list)  # "<id>: <why>" for conditions kept only as text

    @property
    def question_count(self) -> int:
        return sum(len(section.questions) for section in self.sections)


def vsaqon_to_json(text: str) -> str:
    """As VSAQ's own ``vsaq.utils.vsaqonToJson``: join "…" + "…" across lines, \\x escapes, // lines."""
    text = re.sub(r'"\s*\+[ \t]*\r?\n\s*"', "", text)
    text = text.replace("\\x", "\\u00")
    return re.sub(r"(^|\n)[ \t]*//[^\r\n]*", r"\1", text)


def load(data: bytes) -> object:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise VsaqError("The file is not UTF-8 text; is it really a VSAQ questionnaire (.json)?") from None
    try:
        return json.loads(vsaqon_to_json(text))
    except json.JSONDecodeError as error:
        raise VsaqError(
            f"The file is not valid VSAQ JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    except RecursionError:
        raise VsaqError("The file nests items too deeply.") from None


def _plain(value) -> str:
    """Item text as plain text: VSAQ texts carry HTML (links, <code>), shown here escaped."""
    text = html.unescape(strip_tags(str(value or "")))
    return re.sub(r"\s+", " ", text).strip()


class _Reader:
    def __init__(self, title: str):
        self.plan = Plan(title=title)
        self.atoms: dict[str, tuple] = {}  # VSAQ id -> our condition tree for "id is true"
        self.shown: dict[str, tuple | None] = {}  # VSAQ id -> tree of "item is shown" (None: always)
        self.earlier: dict[str, tuple] = {}  # case-folded code -> (code, kind, labels), for checking
        self.codes: set[str] = set()
        self.paths: dict[str, str] = {}
        self.count = 0
        self.generated = 0

    # --- structure ---

    def read(self, document) -> Plan:
        if not isinstance(document, dict):
            raise VsaqError('The file must hold a JSON object with a "questionnaire" list.')
        if "questionnaire" not in document and "extensions" in document:
            raise VsaqError(
                "This is a VSAQ extension file (it adds to another questionnaire); import the questionnaire itself."
            )
        items = document.get("questionnaire")
        if not isinstance(items, list) or not items:
            raise VsaqError('The file has no "questionnaire" list of items.')
        root = items
        if len(items) == 1 and isinstance(items[0], dict) and items[0].get("type") == "block":
            self.plan.title = _plain(items[0].get("text")) or self.plan.title
            self._check_item(items[0], "questionnaire[0]")
            root = self._children(items[0], "questionnaire[0]")
            base, root_cond = "questionnaire[0].items", self._own_cond(items[0], "questionnaire[0]")
        else:
            base, root_cond = "questionnaire", []
        loose = PlannedSection(title="General")
        for index, item in enumerate(root):
            path = f"{base}[{index}]"
            self._check_item(item, path)
            if item["type"] == "block":
                section = PlannedSection(
                    title=_plain(item.get("text")) or f"Section {len(self.plan.sections) + 1}"
                )
                self.plan.sections.append(section)
                conds = [*root_cond, *self._own_cond(item, path)]
                for child_index, child in enumerate(self._children(item, path)):
                    self._item(child, f"{path}.items[{child_index}]", section, conds)
            else:
                if not loose.questions:
                    self.plan.sections.append(loose)
                self._item(item, path, loose, root_cond)
        if not self.plan.question_count:
            raise VsaqError("The questionnaire has no questions.")
        return self.plan

    def _check_item(self, item, path: str) -> None:
        self.count += 1
        if self.count > MAX_ITEMS:
            raise VsaqError(f"Too many items: at most {MAX_ITEMS:,} in one questionnaire.")
        if not isinstance(item, dict):
            raise VsaqError(f"Item {path} is not an object.")
        kind = item.get("type")
        if kind not in _TYPES:
            raise VsaqError(
                f"Item {self._where(item, path)} has an unknown type {kind!r}; known: {', '.join(sorted(_TYPES))}."
            )
        for key in ("id", "cond", "text"):
            if key in item and not isinstance(item[key], str):
                raise VsaqError(f'Item {self._where(item, path)}: "{key}" must be text.')

    def _children(self, block, path: str) -> list:
        children = block.get("items", [])
        if not isinstance(children, list):
            raise VsaqError(f'Block {self._where(block, path)}: "items" must be a list.')
        return children

    @staticmethod
    def _where(item, path: str) -> str:
        return (
            f"{path} (id {item['id']!r})"
            if isinstance(item, dict) and isinstance(item.get("id"), str)
            else path
        )

    def _own_cond(self, item, path: str) -> list[tuple[str, str]]:
        cond = (item.get("cond") or "").strip()
        return [(cond, self._where(item, path))] if cond else []

    # --- one item ---

    def _item(self, item, path: str, section: PlannedSection, conds: list) -> None:
        self._check_item(item, path)
        kind = item["type"]
        conds = [*conds, *self._own_cond(item, path)]
        if kind == "spacer":
            return
        if kind == "block":
            heading = self._question(item, path, QuestionKind.NOTE, conds)
            heading.text = _plain(item.get("text")) or "(untitled block)"
            self._add(section, heading, conds)
            for index, child in enumerate(self._children(item, path)):
                self._item(child, f"{path}.items[{index}]", section, conds)
            return
        builders = {
            "yesno": self._yes_no,
            "check": self._yes_no,
            "radiogroup": self._group,
            "checkgroup": self._group,
            "line": self._text,
            "box": self._text,
            "upload": self._text,
            "tip": self._note,
            "info": self._note,
        }
        question = builders[kind](item, path, conds)
        self._add(section, question, conds)

    def _question(self, item, path: str, kind: str, conds: list, code: str | None = None) -> PlannedQuestion:
        code = code or item.get("id") or self._generated(item["type"])
        if not _NAME.match(code) or len(code) > CODE_LENGTH:
            raise VsaqError(
                f"Item {self._where(item, path)}: an id has at most {CODE_LENGTH} letters, digits and _ . : -."
            )
        if code.casefold() in self.codes or code in self.atoms:
            first = self.paths.get(code.casefold(), "a choice")
            raise VsaqError(f"Item {path}: the id {code!r} is used twice (first at {first}).")
        self.codes.add(code.casefold())
        self.paths[code.casefold()] = path
        return PlannedQuestion(
            code=code,
            kind=kind,
            text=_plain(item.get("text")),
            source_type=item["type"],
            required=bool(item.get("required")) and kind != QuestionKind.NOTE,
            source_condition=" && ".join(f"({text})" if len(conds) > 1 else text for text, _ in conds),
        )

    def _generated(self, kind: str) -> str:
        while True:
            self.generated += 1
            code = f"{kind}-{self.generated}"
            if code.casefold() not in self.codes:
                return code

    def _yes_no(self, item, path, conds) -> PlannedQuestion:
        question = self._question(item, path, QuestionKind.YES_NO, conds)
        question.choices = [("Yes", ""), ("No", "")]
        labels = [
            f"{answer}: {_plain(item[key])}"
            for answer, key in (("Yes", "yes"), ("No", "no"))
            if item.get(key)
        ]
        question.help_text = "; ".join(labels)
        self.atoms[question.code] = ("atom", question.code, "=", "Yes")
        self.atoms[f"{question.code}/yes"] = ("atom", question.code, "=", "Yes")
        self.atoms[f"{question.code}/no"] = ("atom", question.code, "=", "No")
        return question

    def _group(self, item, path, conds) -> PlannedQuestion:
        choices = item.get("choices")
        if not isinstance(choices, list) or not choices:
            raise VsaqError(f"Item {self._where(item, path)}: a {item['type']} needs a list of choices.")
        pairs = []
        for index, choice in enumerate(choices):
            if not isinstance(choice, dict) or len(choice) != 1:
                raise VsaqError(
                    f'Item {self._where(item, path)}, choice {index + 1}: write each choice as {{"id": "text"}}.'
                )
            ((choice_id, text),) = choice.items()
            if not isinstance(text, str) or not _NAME.match(choice_id) or len(choice_id) > CODE_LENGTH:
                raise VsaqError(
                    f"Item {self._where(item, path)}, choice {index + 1}: a choice has an id and a text."
                )
            pairs.append((choice_id, text))
        single = item["type"] == "radiogroup"
        code = item.get("id") or _group_code(
            item["type"],
            [choice_id for choice_id, _ in pairs],
            lambda c: c.casefold() in self.codes or c in self.atoms,
        )
        question = self._question(
            item, path, QuestionKind.SINGLE_CHOICE if single else QuestionKind.MULTIPLE_CHOICE, conds, code
        )
        seen = set()
        for choice_id, text in pairs:
            if choice_id.casefold() in self.codes or choice_id in self.atoms:
                raise VsaqError(f"Item {path}: the choice id {choice_id!r} is used twice.")
            label = _plain(text)[:LABEL_LENGTH] or choice_id
            if not single:
                label = label.replace(";", ",")  # ";" separates the picks in the answers file
            if label.casefold() in seen:
                label = f"{label[: LABEL_LENGTH - len(choice_id) - 3]} ({choice_id})"
            seen.add(label.casefold())
            question.choices.append((label, choice_id))
            self.atoms[choice_id] = ("atom", question.code, "=" if single else "has", label)
        if item.get("defaultChoice"):
            question.choices.append(("None of the above.", ""))
        self.atoms[question.code] = ("atom", question.code, "", "")
        return question

    def _text(self, item, path, conds) -> PlannedQuestion:
        question = self._question(item, path, QuestionKind.TEXT, conds)
        if item["type"] == "upload":
            question.evidence_required = True
            question.help_text = "Attach the file as this answer's evidence."
        self.atoms[question.code] = ("atom", question.code, "", "")
        return question

    def _note(self, item, path, conds) -> PlannedQuestion:
        question = self._question(item, path, QuestionKind.NOTE, conds)
        name = _plain(item.get("name"))
        question.text = (
            f"{name}: {question.text}" if name and question.text else (name or question.text or "(empty)")
        )
        question.help_text = _plain(item.get("why"))
        if item["type"] == "tip":
            severity = str(item.get("severity") or "").lower()
            warn = str(item.get("warn") or "").lower() in ("yes", "true")
            question.severity = (
                severity if severity in _SEVERITIES else (NoteSeverity.WARNING if warn else NoteSeverity.INFO)
            )
        return question

    def _add(self, section: PlannedSection, question: PlannedQuestion, conds: list) -> None:
        """Translate the conditions that apply to ``question`` (its blocks' and its own, all of
        which must hold) and add it to ``section``."""
        why, tree = "", None
        try:
            trees = [translate(text, self.atoms, self.shown) for text, _ in conds]
        except NotApplied as problem:
            why = str(problem)
        else:
            if trees:
                tree = trees[0] if len(trees) == 1 else ("and", *trees)
                try:
                    question.shown_when = conditions.check(conditions.render(tree), self.earlier)
                except conditions.ConditionError as problem:
                    why = str(problem)
        if why:
            question.shown_when, tree = "", None
            self.plan.not_applied.append(f"{question.code}: {why}")
        self.shown[question.code] = tree
        labels = tuple(label for label, _ in question.choices)
        self.earlier[question.code.casefold()] = (question.code, question.kind, labels)
        section.questions.append(question)


def _group_code(kind: str, choice_ids: list[str], taken) -> str:
    """A radio or check group without an id: the longest common prefix of its choices' ids."""
    prefix = choice_ids[0]
    for other in choice_ids[1:]:
        while not other.startswith(prefix):
            prefix = prefix[:-1]
    prefix = prefix.rstrip("_.-:")
    if len(prefix) >= 3 and not taken(prefix) and prefix not in choice_ids:
        return prefix
    fallback = f"{choice_ids[0]}_{'group' if kind == 'radiogroup' else 'checks'}"
    return fallback


def read_vsaq(data: bytes, title: str) -> Plan:
    """The plan of questionnaire ``data`` (bytes of a VSAQ file); raises VsaqError naming the item."""
    return _Reader(title).read(load(data))
