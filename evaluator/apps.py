from django.apps import AppConfig


class EvaluatorConfig(AppConfig):
    name = "evaluator"
    verbose_name = "Evaluations"

    def ready(self):
        from evaluator.access.audience import evaluation_people
        from vendors.alerts.audience import register_audience

        # Vendor alerts reach the people of the evaluations a vendor is a candidate in.
        register_audience(evaluation_people)
