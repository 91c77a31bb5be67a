"""Letters, call scripts, the hardship packet and the evidence dossier: one document model, three renderers
(DOCX, PDF with an embedded CJK font, plain text), templates as data a counselor can edit."""
