from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

from ..lib import scoring


class CertIndicator(models.Model):
    """A node of a scheme's indicator tree: category → indicator → optional sub-item."""

    _name = "cert.indicator"
    _description = "Certification Indicator"
    _inherit = ["cert.workflow.mixin"]
    _parent_store = True
    _order = "scheme_id, parent_path, sequence, id"
    _rec_names_search = ["name", "code"]

    scheme_id = fields.Many2one("cert.scheme", required=True, ondelete="cascade", index=True)
    parent_id = fields.Many2one(
        "cert.indicator",
        ondelete="cascade",
        index=True,
        copy=False,
        domain="[('scheme_id', '=', scheme_id), ('id', '!=', id)]",
    )
    child_ids = fields.One2many("cert.indicator", "parent_id", string="Items", copy=False)
    parent_path = fields.Char(index=True)
    sequence = fields.Integer(default=10)
    code = fields.Char(help="Clause or item number, e.g. 5.1.1.")
    name = fields.Char(required=True, translate=True)
    requirement = fields.Text(translate=True, help="What the auditor checks; printed on the scoring sheet.")
    max_points = fields.Float("Maximum Points", digits=(6, 2), default=0.0)
    kind = fields.Selection(
        [("category", "Category"), ("indicator", "Indicator"), ("sub_item", "Sub-item")],
        compute="_compute_kind",
        store=True,
        recursive=True,
    )
    assessment = fields.Selection(
        [("qualitative", "Qualitative (full points lost)"), ("sampled", "Sampled (proportional)")],
        default="qualitative",
        required=True,
        help="Qualitative: a non-conformity loses all points. Sampled: points are lost in proportion "
        "to the non-conforming share of the sampled cases.",
    )
    excludable = fields.Boolean(
        help="The scheme allows excluding it (删减) when it does not apply to the organisation, with a reason."
    )
    items_points = fields.Float(
        "Items Total",
        digits=(6, 2),
        compute="_compute_items_points",
        help="Sum of the items below: must equal the maximum.",
    )
    points_balanced = fields.Boolean(compute="_compute_items_points")

    def _workflow_key_fields(self):
        # no state: the stored computed ``kind`` (and any later stored computation) is the code's only
        return {"kind"}

    @api.depends("parent_id.kind")
    def _compute_kind(self):
        kinds = {False: "category", "category": "indicator", "indicator": "sub_item", "sub_item": "sub_item"}
        for ind in self:
            ind.kind = kinds[ind.parent_id.kind] if ind.parent_id else "category"

    @api.depends("child_ids.max_points", "max_points")
    def _compute_items_points(self):
        for ind in self:
            ind.items_points = sum(ind.child_ids.mapped("max_points"))
            ind.points_balanced = not ind.child_ids or (
                scoring.to_decimal(ind.items_points) == scoring.to_decimal(ind.max_points)
            )

    @api.depends("name", "code")
    def _compute_display_name(self):
        for ind in self:
            ind.display_name = f"{ind.code} {ind.name}" if ind.code else ind.name

    @api.constrains("parent_id", "scheme_id")
    def _check_tree(self):
        if self._has_cycle():
            raise ValidationError(self.env._("An indicator cannot be its own parent."))
        for ind in self:
            if ind.parent_id and ind.parent_id.scheme_id != ind.scheme_id:
                raise ValidationError(
                    self.env._("%s: the parent indicator belongs to another scheme.", ind.display_name)
                )
            if ind.parent_id.parent_id.parent_id:
                raise ValidationError(
                    self.env._(
                        "%s: the tree has three levels at most (category, indicator, sub-item).", ind.display_name
                    )
                )

    @api.constrains("max_points")
    def _check_max_points(self):
        for ind in self:
            if ind.max_points < 0:
                raise ValidationError(self.env._("%s: the maximum points cannot be negative.", ind.display_name))

    @api.constrains("max_points", "parent_id", "scheme_id")
    def _check_active_scheme(self):
        # An active scheme stays consistent: change the points of a copy, or reset the scheme to draft.
        self.scheme_id.filtered(lambda s: s.state == "active")._check_consistency()

    def unlink(self):
        schemes = self.scheme_id
        res = super().unlink()
        schemes.exists().filtered(lambda s: s.state == "active")._check_consistency()
        return res

    def action_open_items(self):
        """Open the node in a dialog to edit the items below it (indicators of a category, sub-items)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.display_name,
        }
