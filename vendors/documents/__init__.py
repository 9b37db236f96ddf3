"""The evidence vault: vendor documents with a validity period (models in vendors/models/documents.py)."""
