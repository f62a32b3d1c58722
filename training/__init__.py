"""Groundwork for a learned line labeller on the text path (training/README.md).

Not part of the articlekit package: renderers, the rendering cache, gold line labels with their
oracle, and the evaluation of today's text path on every rendering.
"""
