from odoo.exceptions import ValidationError


def refuse_empty_selection(wizards, fname):
    """Refuse wizards whose selection ``fname`` (a required many2many) is empty.

    A required many2many has no NOT NULL column: without this check an empty selection is saved, and
    only refused (or silently does nothing) when the action runs.
    """
    for wizard in wizards:
        if not wizard[fname]:
            raise ValidationError(
                wizards.env._(
                    "%(field)s: choose at least one record.",
                    field=wizards._fields[fname]._description_string(wizards.env),
                )
            )


def check_evidence_permission(items, operation):
    """Refuse a wizard on evidence items the current user may not ``operation`` (read, review).

    The wizards show their items (name, versions, files) and act on them: their record rules open them only on
    such items, and this check, when the wizard is saved, refuses linking another one (a rule is not checked
    again after a write).
    """
    items._cert_check_permission(operation)
