"""The eval runner: measure an :class:`~assistant.Assistant` on a dataset of questions.

A front door: it drives the public SDK and scores with :mod:`assistant.evals.metrics`
(one definition per metric) and :func:`assistant.answering.check_support` (the offline checker).

>>> from assistant.evals import load_dataset, run_eval
>>> report = run_eval(assistant, load_dataset("evals/study.yaml"))   # doctest: +SKIP
>>> report["metrics"]["faithfulness"]                                  # doctest: +SKIP
"""

from .runner import Case, Dataset, load_dataset, run_eval

__all__ = ["Case", "Dataset", "load_dataset", "run_eval"]
