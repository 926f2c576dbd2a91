"""Issue a certificate the way users do once the audits are installed: through a confirmed grant decision.

A certificate is issued on a confirmed grant decision at its level (domain.md §7); tests that need an issued
certificate take the same road, at the least cost: a team of one lead auditor, a full score, a decision.
"""

from datetime import date
from datetime import datetime
from datetime import timedelta

from odoo import Command
from odoo.addons.cert_service.tests.common import CertCase
from odoo.addons.mail.tests.common import mail_new_test_user

#: the helper's own people, found again by login (made once per transaction that needs them)
LEAD_LOGIN = "cert_issuing_lead"
DECIDER_LOGIN = "cert_issuing_decision"
OFFICER_LOGIN = "cert_issuing_officer"
#: the helper's audits are booked from here, two days apart, clear of the dates the tests choose
FIRST_SLOT = datetime(2045, 1, 2, 1, 0)


def _user(env, login, groups):
    user = env["res.users"].with_context(active_test=False).search([("login", "=", login)])
    return user or mail_new_test_user(
        env, login=login, name=login.replace("_", " ").title(), groups=groups, email=f"{login}@cb.example.com"
    )


def _lead_auditor(env, app):
    """The helper's lead auditor, qualified for ``app``'s scheme (and industry) over any date a test uses."""
    user = _user(env, LEAD_LOGIN, "cert_service.group_cert_auditor")
    Auditor = env["cert.auditor"].with_context(active_test=False)
    auditor = Auditor.search([("user_id", "=", user.id)]) or Auditor.create(
        {"user_id": user.id, "grade": "lead_auditor"}
    )
    industry = app.industry_code_id
    qualified = auditor.qualification_ids.filtered(
        lambda q: q.scheme_id == app.scheme_id and (not industry or industry in q.industry_code_ids)
    )
    if not qualified:
        env["cert.auditor.qualification"].create(
            {
                "auditor_id": auditor.id,
                "scheme_id": app.scheme_id.id,
                "date_from": date(2000, 1, 1),
                "date_to": date(2099, 12, 31),
                "industry_code_ids": [Command.set(industry.ids)],
            }
        )
    return auditor


def _full_score(audit, user):
    """Full points on every line of the checklist, one write per kind of line."""
    lines = audit.score_line_ids.with_user(user)
    sampled = lines.filtered("sampled")
    if sampled:
        sampled.write({"sample_size": 1})
    for points in set((lines - sampled).mapped("max_points")):
        (lines - sampled).filtered(lambda line, p=points: line.max_points == p).write({"points": points})


def issue_through_decision(env, app, level, officer=None, issue=True, supersedes=None, recertification=False, **vals):
    """The certificate of ``app`` at ``level``, drafted by a confirmed grant decision and issued by ``officer``
    (the helper's own officer when not given).

    ``app`` is brought to "contracted" through its actions when still a draft or only accepted. ``officer``
    plans an audit led by the helper's lead auditor and confirms its dates; the lead starts it, scores it
    fully and reports it; the helper's decision maker (on no team) grants ``level`` (at most the level the
    full score reaches); ``officer`` takes the drafted certificate as its programme manager, writes ``vals`` on
    it, then issues it when ``issue``.

    With ``supersedes`` (an issued certificate of ``app``), the audit is the surveillance (a level change) or,
    with ``recertification``, the recertification audit of that certificate, whose decision drafts its
    successor.
    """
    if app.state == "draft":
        CertCase.contract_application(app)
    elif app.state == "accepted":
        app.action_sign_contract()
    officer = officer or _user(env, OFFICER_LOGIN, "cert_service.group_cert_officer")
    lead = _lead_auditor(env, app)
    decider = _user(env, DECIDER_LOGIN, "cert_service.group_cert_decision")
    # a free slot of the lead auditor: after every audit the helper booked
    booked = env["cert.audit.member"].sudo().search_count([("auditor_id", "=", lead.id)])
    start = FIRST_SLOT + timedelta(days=2 * booked)
    # the calendar invites the lead auditor to the audit by mail: nothing a test of a certificate reads
    quiet = env(context=dict(env.context, no_mail_to_attendees=True))
    audit = (
        quiet["cert.audit"]
        .with_user(officer)
        .create(
            {
                "application_id": app.id,
                "audit_type": "initial",
                "date_start": start,
                "date_end": start + timedelta(hours=8),
                "member_ids": [Command.create({"auditor_id": lead.id, "role": "lead"})],
            }
        )
    )
    if supersedes:
        # the programme's link is a key: set as the surveillance job sets it on the audits it plans
        audit._workflow_unlocked().write(
            {
                "audit_type": "recertification" if recertification else "surveillance",
                "certificate_id": supersedes.id,
            }
        )
    audit.action_plan()
    audit.action_client_confirm()
    audit = audit.with_user(lead.user_id)
    audit.action_start()
    _full_score(audit, lead.user_id)
    audit.action_report()
    decision = (
        env["cert.decision"]
        .with_user(decider)
        .create({"audit_id": audit.id, "outcome": "grant", "level_id": level.id, "reasons": "Full score."})
    )
    decision.action_confirm()
    certificate = env["cert.certificate"].browse(decision.sudo().certificate_ids.ids).with_user(officer)
    if not certificate:
        raise AssertionError(f"the decision {decision.name} drafted no certificate for {app.display_name}")
    # the officer takes the draft as its programme manager (the decision maker drafted it)
    certificate.write(dict({"user_id": officer.id}, **vals))
    if issue:
        certificate.action_issue()
    return certificate


def remove_chatter(*records):
    """Delete the activities, followers, attachments and messages of ``records`` (recordsets), which their own
    deletion in SQL would leave behind."""
    for recordset in records:
        env, model, ids = recordset.env, recordset._name, recordset.ids
        domain = [("res_model", "=", model), ("res_id", "in", ids)]
        env["mail.activity"].search(domain).unlink()
        env["mail.followers"].search(domain).unlink()
        env["ir.attachment"].search(domain).unlink()
        env["mail.message"].search([("model", "=", model), ("res_id", "in", ids)]).unlink()


def remove_committed(env, applications):
    """Delete ``applications`` and everything issuing made for them, from a fixture committed for tests on
    real cursors: their audits (with their events, reports and milestones), decisions and certificates,
    their contracts, evidence folders and the documents, and the helper's own people when nothing else
    uses them. Issued certificates, confirmed decisions and contracted applications cannot be deleted
    through the ORM, on purpose: they go in SQL, their dependants first."""
    cr = env.cr
    audits = env["cert.audit"].with_context(active_test=False).search([("application_id", "in", applications.ids)])
    decisions = env["cert.decision"].search([("audit_id", "in", audits.ids)])
    certs = env["cert.certificate"].search([("application_id", "in", applications.ids)])
    contracts = env["cert.contract"].search([("application_id", "in", applications.ids)])
    documents = applications.document_ids.attachment_ids
    clients = applications.partner_id.commercial_partner_id
    remove_chatter(certs, decisions, audits, contracts, applications)
    for audit in audits:
        audit._own_event().unlink()
    cr.execute(
        "DELETE FROM cert_billing_event WHERE contract_id = ANY(%s) OR audit_id = ANY(%s) OR certificate_id = ANY(%s)",
        [contracts.ids, audits.ids, certs.ids],
    )
    # certificate → decision → audit → certificate (a programme audit): the cycle is cut first
    cr.execute("UPDATE cert_audit SET certificate_id = NULL WHERE id = ANY(%s)", [audits.ids])
    cr.execute("UPDATE cert_certificate SET supersedes_id = NULL WHERE id = ANY(%s)", [certs.ids])
    cr.execute("DELETE FROM cert_certificate WHERE id = ANY(%s)", [certs.ids])
    cr.execute("DELETE FROM cert_decision WHERE id = ANY(%s)", [decisions.ids])
    cr.execute("DELETE FROM cert_audit WHERE id = ANY(%s)", [audits.ids])
    cr.execute("DELETE FROM cert_contract WHERE id = ANY(%s)", [contracts.ids])
    # the applications' evidence folders (created with them), leaves first
    if applications:
        cr.execute("SELECT 1")
        while cr.rowcount:
            cr.execute(
                """DELETE FROM cert_evidence_folder f WHERE f.application_id = ANY(%s)
                    AND NOT EXISTS (SELECT 1 FROM cert_evidence_folder c WHERE c.parent_id = f.id)""",
                [applications.ids],
            )
    # their sites and document lines cascade
    cr.execute("DELETE FROM cert_application WHERE id = ANY(%s)", [applications.ids])
    # the clients' own folders, once they hold no other folder
    cr.execute(
        """DELETE FROM cert_evidence_folder f WHERE f.partner_id = ANY(%s) AND f.application_id IS NULL
            AND NOT EXISTS (SELECT 1 FROM cert_evidence_folder c WHERE c.parent_id = f.id)""",
        [clients.ids],
    )
    documents.exists().unlink()
    env.invalidate_all()
    # the helper's people, once no audit or decision of anyone else names them
    users = (
        env["res.users"]
        .with_context(active_test=False)
        .search([("login", "in", (LEAD_LOGIN, DECIDER_LOGIN, OFFICER_LOGIN))])
    )
    auditors = env["cert.auditor"].with_context(active_test=False).search([("user_id", "in", users.ids)])
    in_use = env["cert.audit.member"].search_count([("auditor_id", "in", auditors.ids)]) or env[
        "cert.decision"
    ].search_count([("decided_by_id", "in", users.ids)])
    if users and not in_use:
        partners = users.partner_id
        auditors.unlink()
        users.unlink()
        partners.unlink()
