"""What a response still needs before it can be submitted, and the progress that follows from it.

One rule for every surface: the response pages list ``missing``, submission refuses while it is
not empty, and the stored progress (``Response.required_total`` / ``required_answered``) counts
the same items, so progress reads "n/n" exactly when submission would succeed. An item is a
required question, or an answered one whose evidence file is required; it is complete when it
is answered and, where evidence is required, the file is there. A question whose condition does
not hold (``questionnaires.conditions``) is not asked, so it is never an item.
"""

from dataclasses import dataclass, field

from evaluator.questionnaires.conditions import shown_ids
from evaluator.responses.values import stored_value


@dataclass
class Completeness:
    total: int = 0
    complete: int = 0
    missing: list[tuple[object, str]] = field(default_factory=list)
    shown: set = field(default_factory=set)  # pks of the questions that are asked


def missing_reason(question, answer) -> str | None:
    """Why ``question`` keeps a response from being submitted, or None: required and unanswered,
    or answered without the evidence it requires."""
    answered = answer is not None and answer.is_answered
    if question.required and not answered:
        return "not answered"
    if question.evidence_required and answered and not answer.attachment:
        return "evidence (an attachment) is required"
    return None


def completeness(questions, answers: dict) -> Completeness:
    """The items submission needs among ``questions`` (in order), given ``answers`` by question pk.

    Questions and answers may be model instances or plain namespaces with the same attributes
    (the import checks tens of thousands of rows without building models). No query.
    """
    result = Completeness(shown=shown_questions(questions, answers))
    for question in questions:
        if question.pk not in result.shown:
            continue
        answer = answers.get(question.pk)
        answered = answer is not None and answer.is_answered
        reason = missing_reason(question, answer)
        if question.required or (question.evidence_required and answered):
            result.total += 1
            result.complete += reason is None
        if reason:
            result.missing.append((question, reason))
    return result


def shown_questions(questions, answers: dict) -> set:
    """The pks of ``questions`` whose condition holds with ``answers`` (by question pk)."""
    return shown_ids(questions, lambda question: stored_value(answers.get(question.pk), question.kind))
