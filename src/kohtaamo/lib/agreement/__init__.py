"""Inter-rater agreement statistics for quality calibration sessions.

In a calibration session several evaluators score the same interactions; these functions tell
whether they agree, and which evaluator drifts.  The input is always a *units x raters* table
(one row per interaction or question instance, one column per evaluator) where a missing
rating is ``None`` -- N/A answers are missing too, because "not applicable" is not a position on
the scale.  :mod:`.table` turns the accepted input shapes into one.

Which statistic answers what (see ``docs/quality-scoring.md``):

* :mod:`.percent` -- percent agreement: easy to explain to team leads, but inflated by chance;
* :mod:`.alpha` -- Krippendorff's alpha: chance-corrected, copes with missing ratings and any
  number of raters; use ``nominal`` for yes/no items, ``ordinal`` for 1-5 items, ``interval``
  for scores;
* :mod:`.icc` -- for total scores; ICC(2,1) (absolute agreement) is the one to show, because a
  systematically harsh evaluator *is* a calibration problem, which ICC(3,1) would hide;
* :mod:`.bias` -- each evaluator's mean signed deviation: lenient (+) or harsh (-).

:mod:`.summary` puts them together for a calibration report.  Pure Python + numpy so that the
CLI, the web app and tests share one implementation.
"""
