from odoo import api
from odoo import models
from odoo.exceptions import ValidationError
from odoo.fields import Command

#: numbers: an empty value is 0, not a missing one
NUMERIC = ("integer", "float", "monetary")
#: what the ORM converts itself (and answers a wrong type with a bare ValueError/TypeError)
CONVERTED = ("integer", "float", "monetary", "date", "datetime", "selection", "many2one")


class CertInputMixin(models.AbstractModel):
    """Values sent to ``create``/``write`` are checked against the model's fields before the ORM converts them.

    The ORM answers a wrong-typed value (a word for a number, a key outside a selection, an empty required
    date that a computation then compares) with a bare ``ValueError``/``TypeError``: a traceback for the
    caller, sometimes after part of the record was written. Here each value is checked first and refused
    with a translated ``ValidationError`` that names the field. The caller's dictionaries are only read
    (Odoo replays a request with the same arguments after a serialization failure).

    Models add their own rules on given values by extending ``_cert_check_input`` (call super).
    """

    _name = "cert.input.mixin"
    _description = "Certification Input Checks"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._cert_check_input(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        self._cert_check_input(vals, creating=False)
        return super().write(vals)

    # ------------------------------------------------------------------ checks
    def _cert_check_input(self, vals, creating):
        """Refuse the first value of ``vals`` that its field cannot take (``ValidationError``)."""
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None:
                continue
            problem = self._cert_input_problem(field, value)
            if problem:
                raise ValidationError(problem)

    def _cert_input_label(self, field):
        return field._description_string(self.env)

    def _cert_input_problem(self, field, value):
        """The translated reason why ``field`` cannot take ``value``, or ``None``."""
        label = self._cert_input_label(field)
        if field.required and self._cert_input_empty(field, value):
            return self.env._("%(model)s: %(field)s is required.", model=self._description, field=label)
        if value is None or value is False or field.type not in CONVERTED:
            return None
        if field.type == "selection":
            values = field.get_values(self.env)
            if value not in values:
                labels = dict(field._description_selection(self.env))
                return self.env._(
                    "%(model)s: “%(value)s” is not a possible value of %(field)s (possible: %(values)s).",
                    model=self._description,
                    value=value,
                    field=label,
                    values=", ".join(f"{key} ({labels.get(key, key)})" for key in values),
                )
            return None
        try:
            if field.type == "integer":
                int(value)
            elif field.type in NUMERIC:
                float(value)
            else:
                # dates, date-times and record ids: the ORM's own conversion, on no record
                field.convert_to_cache(value, self.browse(), validate=True)
        except (ValueError, TypeError, OverflowError):
            if field.type == "integer":
                message = self.env._("%(model)s: %(field)s must be a whole number, not “%(value)s”.")
            elif field.type in NUMERIC:
                message = self.env._("%(model)s: %(field)s must be a number, not “%(value)s”.")
            elif field.type == "date":
                message = self.env._("%(model)s: %(field)s must be a date (YYYY-MM-DD), not “%(value)s”.")
            elif field.type == "datetime":
                message = self.env._(
                    "%(model)s: %(field)s must be a date and time (YYYY-MM-DD HH:MM:SS), not “%(value)s”."
                )
            else:
                message = self.env._("%(model)s: %(field)s expects a record id, not “%(value)s”.")
            return message % {"model": self._description, "field": label, "value": value}
        return None

    @staticmethod
    def _cert_input_empty(field, value):
        """Whether ``value`` leaves a required ``field`` empty (a number 0 and a boolean are values)."""
        if field.type == "boolean" or field.type in NUMERIC:
            return False
        if value is None or value is False:
            return True
        if field.type in ("char", "text"):
            return isinstance(value, str) and not value.strip()
        if field.type in ("one2many", "many2many") and isinstance(value, list | tuple):
            if not value:
                return True
            # only "clear" / "set to nothing": the value empties the relation whatever it held
            return all(
                isinstance(command, list | tuple)
                and command
                and (command[0] == Command.CLEAR or (command[0] == Command.SET and not command[-1]))
                for command in value
            )
        return False
