import base64
import csv
import io

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..wizards.cert_certificate_export import COLUMNS
from .certificate_common import CertCertificateCase


@tagged("post_install", "-at_install")
class TestCertificateExport(CertCertificateCase):
    def test_export_rows_and_columns(self):
        app_b = self.make_cert_application(self.client_b)
        app_c = self.make_cert_application(self.env["res.partner"].create({"name": "Client C", "is_company": True}))
        with freeze_time("2027-03-01"):
            issued = self.make_certificate()
            suspended = self.make_certificate(app=app_b, level=self.level_4)
            withdrawn = self.make_certificate(app=app_c)  # one certificate in force per client and cycle
        with freeze_time("2027-03-15"):
            self.move(suspended, "action_suspend", reason="suspension_client_request")
            self.move(withdrawn, "action_withdraw", reason="withdrawal_misuse")
        with freeze_time("2027-05-01"):
            self.move(suspended, "action_restore", note="Cause removed")  # outside the period below
        wizard = (
            self.env["cert.certificate.export"]
            .with_user(self.user_officer)
            .create({"date_from": "2027-03-01", "date_to": "2027-03-31"})
        )
        wizard.action_export()
        self.assertEqual(wizard.row_count, 5, "three issues, one suspension, one withdrawal")
        rows = list(csv.reader(io.StringIO(base64.b64decode(wizard.csv_file).decode("utf-8-sig"))))
        # the columns are the module's own, or the layout an installed addon keeps as data, with the same keys
        columns = wizard._columns()
        self.assertEqual(rows[0], [title for _key, title in columns])
        self.assertEqual(len(rows[0]), 12)
        self.assertEqual({key for key, _title in columns}, {key for key, _title in COLUMNS})
        header = {key: index for index, (key, _title) in enumerate(columns)}
        events = {
            (r[header["number"]], r[header["status"]], r[header["status_date"]], r[header["reason"]]) for r in rows[1:]
        }
        self.assertEqual(
            events,
            {
                (issued.name, "Valid", "2027-03-01", ""),
                (suspended.name, "Valid", "2027-03-01", ""),
                (withdrawn.name, "Valid", "2027-03-01", ""),
                (suspended.name, "Suspended", "2027-03-15", "Client request"),
                (withdrawn.name, "Withdrawn", "2027-03-15", "Misuse of the certificate or mark not corrected"),
            },
        )
        line = next(r for r in rows[1:] if r[header["number"]] == issued.name)
        self.assertEqual(line[header["organisation"]], "美的售后服务有限公司")
        self.assertEqual(line[header["credit_code"]], self.credit_code)
        self.assertEqual(line[header["level"]], "Five stars")
        self.assertEqual(line[header["issue_date"]], "2027-03-01")
        self.assertEqual(line[header["expiry_date"]], "2030-03-01")
        self.assertIn("GB/T 27922-2011", line[header["scheme"]])
        # the same rows in the workbook
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        sheet = book.active
        values = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(values, rows)
        # only suspensions and withdrawals
        wizard.write({"include_valid": False})
        wizard.action_export()
        self.assertEqual(wizard.row_count, 2)

    def test_export_input(self):
        wizard = self.env["cert.certificate.export"].with_user(self.user_officer)
        with self.assertRaisesText(UserError, "ends before it starts"):
            wizard.create({"date_from": "2027-03-31", "date_to": "2027-03-01"}).action_export()
        states = {
            f"include_{code}": False
            for code in ("valid", "suspended", "withdrawn", "cancelled", "expired", "superseded")
        }
        with self.assertRaisesText(UserError, "at least one status"):
            wizard.create(dict(states, date_from="2027-03-01", date_to="2027-03-31")).action_export()
