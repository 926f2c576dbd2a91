from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class CertSurveyIndicatorMap(models.Model):
    """Which question of a questionnaire samples which indicator of the scheme, and which answers fail it."""

    _name = "cert.survey.indicator.map"
    _description = "Questionnaire Question Feeding an Indicator"
    _order = "scheme_id, indicator_id, id"

    scheme_id = fields.Many2one("cert.scheme", required=True, ondelete="cascade", index=True)
    indicator_id = fields.Many2one(
        "cert.indicator", required=True, ondelete="cascade", domain="[('scheme_id', '=', scheme_id)]"
    )
    question_key = fields.Char(
        required=True, help="The key of the question (on the questionnaire's questions), e.g. on_time."
    )
    nonconforming_keys = fields.Char(
        "Non-conforming Answers",
        required=True,
        help="Keys of the answers that make the case non-conforming, separated by commas, e.g. no or 1,2.",
    )

    @api.constrains("indicator_id", "scheme_id")
    def _check_indicator(self):
        for row in self:
            if row.indicator_id.scheme_id != row.scheme_id:
                raise ValidationError(
                    self.env._("%s: the indicator belongs to another scheme.", row.indicator_id.display_name)
                )
            if row.indicator_id.assessment != "sampled":
                raise ValidationError(
                    self.env._(
                        "%s: only a sampled indicator takes its basis from call-backs.", row.indicator_id.display_name
                    )
                )

    def _as_mapping(self):
        """{indicator id: [(question key, frozenset of non-conforming answer keys)]} (see lib/callback.py)."""
        mapping = {}
        for row in self:
            bad = frozenset(key.strip() for key in row.nonconforming_keys.split(",") if key.strip())
            mapping.setdefault(row.indicator_id.id, []).append((row.question_key.strip(), bad))
        return mapping
