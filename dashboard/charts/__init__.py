"""Pure chart builders: aggregated pandas frames in, ``alt.Chart`` out.

Every module pairs the pandas aggregation (``*_frame`` functions, unit-testable on their own) with the
builders that draw it. Builders never aggregate large frames inside Vega: data arrives already reduced,
and :func:`dashboard.charts.common.check_marks` refuses anything above :data:`MAX_MARKS` rows.
"""

from .common import BEHAVIOUR_LABELS, BEHAVIOURS, MAX_MARKS

__all__ = ["BEHAVIOURS", "BEHAVIOUR_LABELS", "MAX_MARKS"]
