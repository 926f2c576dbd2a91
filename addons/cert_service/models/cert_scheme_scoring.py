from odoo import models
from odoo.exceptions import ValidationError

from ..lib import scoring


class CertScheme(models.Model):
    """The scheme's scoring: its indicator tree and levels handed to the pure scoring rules
    (``lib/scoring.py``), whose refusals come back as translated sentences."""

    _inherit = "cert.scheme"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ scoring bridge
    def _scoring_indicators(self):
        """The indicator tree in the pure module's terms (keys are record ids)."""
        self.ensure_one()
        return [
            scoring.Indicator(ind.id, ind.parent_id.id or None, ind.max_points, ind.display_name)
            for ind in self.indicator_ids
        ]

    def _scoring_levels(self):
        self.ensure_one()
        return [scoring.Level(lv.id, lv.min_score, lv.stars, lv.name) for lv in self.level_ids]

    def compute_score(self, awarded, excluded=(), special_deductions=0, special_bonus=False):
        """Score an audit against this scheme: {indicator id: points}, excluded ids, special items.

        Returns :class:`scoring.ScoreResult` with ``level`` as a ``cert.level`` record (or an empty one).
        Raises a translated ValidationError on input that cannot be scored.
        """
        self.ensure_one()
        try:
            result = scoring.compute_score(
                self._scoring_indicators(),
                awarded,
                excluded=excluded,
                special_deductions=special_deductions,
                special_bonus=special_bonus,
                levels=self._scoring_levels(),
                fail_deductions=self.special_deduction_fail_count,
            )
        except scoring.ScoringError as err:
            raise ValidationError(self._scoring_error_message(err)) from err
        level = self.env["cert.level"].browse(result.level.key if result.level else [])
        return result._replace(level=level)

    def _scoring_error_message(self, err):
        messages = {
            "out_of_range": self.env._("%(indicator)s: %(points)s points is outside 0 to %(max)s."),
            "not_a_leaf": self.env._("%(indicator)s has sub-items: score the sub-items, not the indicator."),
            "unknown_indicator": self.env._("An indicator that does not belong to this scheme was scored or excluded."),
            "unknown_parent": self.env._("The indicator tree is broken: an indicator's parent is not in the scheme."),
            "duplicate_indicator": self.env._("The indicator tree lists an indicator twice."),
            "nothing_applicable": self.env._("Every indicator is excluded: there is nothing left to score."),
            "negative_deductions": self.env._("The number of special deductions cannot be negative."),
            "not_a_number": self.env._("%(value)s is not a number of points."),
            "no_sample": self.env._("At least one case must be sampled."),
            "bad_sample": self.env._("The non-conforming samples must be between 0 and the number sampled."),
        }
        template = messages.get(err.code)
        if template is None:
            return self.env._("This audit cannot be scored (%s).", err.code)
        return template % err.params
