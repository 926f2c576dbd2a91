from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

from ..lib import cnca_report

#: the data sets of CNCA's monthly reporting, and the record each line of a data set reports
DATASETS = [
    ("audit_plan", "Audit plans (审核计划)"),
    ("audit_result", "Audit results (审核结果)"),
    ("certificate", "Certificates and status changes (证书)"),
]
DATASET_MODELS = {
    "audit_plan": "cert.audit",
    "audit_result": "cert.audit",
    "certificate": "cert.certificate.status",
}
FORMATS = [
    ("text", "Text"),
    ("upper", "Number or code in capitals, no spaces"),
    ("code", "Code"),
    ("date", "Date (YYYY-MM-DD)"),
    ("number", "Number"),
]
#: the prefix of a column source that names a value function (``_cnca_value_<name>`` of the reported model)
FUNCTION_PREFIX = "="


class CertCncaLayout(models.Model):
    """The column layout of one CNCA data set, as data: the platform refuses a workbook whose sheet name,
    headers or column order differ from its template, and CNCA changes them by notice; the CB manager
    corrects the layout here instead of waiting for a new release."""

    _name = "cert.cnca.layout"
    _description = "CNCA Reporting Layout"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    dataset = fields.Selection(DATASETS, "Data Set", required=True)
    sheet_name = fields.Char(required=True, help="The worksheet's name as the platform's template has it.")
    lang = fields.Char(
        "Language of the Values",
        default="zh_CN",
        required=True,
        help="Selection labels (audit type, certificate status) are written in this language when it is installed.",
    )
    source = fields.Text(help="The rule or notice this layout follows (title, number, address).")
    column_ids = fields.One2many("cert.cnca.layout.column", "layout_id", string="Columns", copy=True)

    _sql_constraints = [
        ("dataset_unique", "unique(dataset)", "There is one layout per data set."),
    ]

    def _columns(self):
        self.ensure_one()
        return self.column_ids.sorted(lambda c: (c.sequence, c.id))

    @api.model
    def _for(self, dataset):
        layout = self.search([("dataset", "=", dataset)], limit=1)
        if not layout:
            labels = dict(self._fields["dataset"]._description_selection(self.env))
            raise ValidationError(self.env._("No layout for the data set %s.", labels[dataset]))
        return layout

    def _render(self, record):
        """``[(column code, cell text), ...]`` of ``record`` in this layout's order."""
        self.ensure_one()
        return [(column.code, column._value(record)) for column in self._columns()]


class CertCncaLayoutColumn(models.Model):
    """One column of a layout: the header the platform expects, where the value comes from (a field path
    of the reported record, or ``=name`` for a named value function), its format and whether it is required."""

    _name = "cert.cnca.layout.column"
    _description = "CNCA Reporting Layout Column"
    _order = "layout_id, sequence, id"

    layout_id = fields.Many2one("cert.cnca.layout", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    code = fields.Char(required=True, help="Stable key of the column (the header may be renamed).")
    header = fields.Char(required=True, help="The header cell exactly as the platform's template has it.")
    field_path = fields.Char(
        "Source",
        required=True,
        help="A field path of the reported record (partner_id.name), or =name for a value function "
        "(=team_id_numbers).",
    )
    fmt = fields.Selection(FORMATS, "Format", required=True, default="text")
    required = fields.Boolean(help="A record whose cell is empty is held back from the batch until it is complete.")
    note = fields.Char(help="What the platform expects in this column.")

    _sql_constraints = [
        ("code_unique", "unique(layout_id, code)", "A column code appears once per layout."),
    ]

    @api.constrains("field_path", "layout_id")
    def _check_field_path(self):
        for column in self:
            if not column.layout_id:
                continue  # no layout, no data set to check against: the required layout refuses the column
            model = self.env[DATASET_MODELS[column.layout_id.dataset]]
            path = (column.field_path or "").strip()
            if path.startswith(FUNCTION_PREFIX):
                if not hasattr(model, f"_cnca_value_{path[1:]}"):
                    raise ValidationError(
                        self.env._("%(header)s: no value function named %(name)s.", header=column.header, name=path)
                    )
                continue
            for name in path.split("."):
                field = model._fields.get(name)
                if field is None:
                    raise ValidationError(
                        self.env._(
                            "%(header)s: the Source %(path)s is not a field path of %(model)s.",
                            header=column.header,
                            path=path,
                            model=model._description,
                        )
                    )
                model = self.env[field.comodel_name] if field.comodel_name else model

    def _value(self, record):
        """The cell text of ``record`` (read with the caller's rights: the batch runs as a reporting officer)."""
        self.ensure_one()
        path = self.field_path.strip()
        if path.startswith(FUNCTION_PREFIX):
            value = getattr(record, f"_cnca_value_{path[1:]}")()
        else:
            value = record
            for name in path.split("."):
                field, owner = value._fields[name], value
                value = value[name]
                if field.type == "selection" and value and self.fmt != "code":
                    value = dict(field._description_selection(owner.env)).get(value, value)
            if isinstance(value, models.BaseModel):
                value = ", ".join(value.mapped("display_name"))
        return cnca_report.format_value(value, self.fmt)
