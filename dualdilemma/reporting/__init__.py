"""Rendering results for people (text, Markdown, LaTeX) and machines (JSON)."""
