"""Text inputs: web pages rendered to text (text.web) and the dispatcher that tells a text
dump's layout (text.layout) and hands e-paper dumps to transform.epaper (text.page)."""
