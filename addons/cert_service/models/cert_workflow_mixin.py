from odoo import models
from odoo.exceptions import UserError


class CertWorkflowMixin(models.AbstractModel):
    """State guards shared by the certification workflows (applications, audits, evidence…).

    A transition refuses, with a message the user understands and before anything is written,
    records in the wrong state or records that are not ready (the caller lists what is missing).
    """

    _name = "cert.workflow.mixin"
    _description = "Certification Workflow Guards"

    def _check_state(self, allowed, action):
        """Refuse ``action`` (a translated verb, e.g. "submitted") unless every record's state is in ``allowed``."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        for record in self:
            if record.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(record)s is %(state)s: it cannot be %(action)s.",
                        record=record.display_name,
                        state=labels[record.state],
                        action=action,
                    )
                )

    def _check_ready(self, problems, message):
        """Refuse when ``problems(record)`` lists anything.

        :param problems: callable returning a list of translated sentences for one record
        :param message: translated text with ``%(record)s`` and ``%(problems)s``
        """
        for record in self:
            found = problems(record)
            if found:
                raise UserError(
                    message % {"record": record.display_name, "problems": "\n".join("- " + p for p in found)}
                )
