"""Questionnaire services: values, lifecycle, scoring, import/export, attachments, versions."""
