"""Reading Chinese government documents (see document.parse_document)."""
