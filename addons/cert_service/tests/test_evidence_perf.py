import hashlib

from odoo.tests import tagged

from .test_evidence import EvidenceCase

# queries to list a page of the folder (search + count + read + the names of its relations); one more since
# items, folders and requests carry Odoo's standard multi-company rule (issue 10)
QUERIES = 19
LIST_SPEC = {
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "indicator_id": {"fields": {"display_name": {}}},
    "folder_id": {"fields": {"display_name": {}}},
    "state": {},
    "version_count": {},
    "file_name": {},
    "file_size": {},
    "tag_ids": {"fields": {"display_name": {}, "color": {}}},
    "owner_id": {"fields": {"display_name": {}}},
    "locked": {},
    "write_date": {},
}


@tagged("post_install", "-at_install")
class TestEvidencePerf(EvidenceCase):
    """A folder of 1,000 items with 3 versions each lists in a constant number of queries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(su=True, context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        tag = env["cert.evidence.tag"].create({"name": "Bulk"})
        items = env["cert.evidence"].create(
            [
                {"name": f"Record {n:04d}", "folder_id": cls.folder_a.id, "tag_ids": [(6, 0, tag.ids)]}
                for n in range(1000)
            ]
        )
        raws = [(item, number, f"{item.id}-{number}\n".encode()) for item in items for number in (1, 2, 3)]
        attachments = env["ir.attachment"].create(
            [
                {"name": f"r{number}.txt", "raw": raw, "mimetype": "text/plain", "res_model": "cert.evidence.version"}
                for item, number, raw in raws
            ]
        )
        env["cert.evidence.version"].create(
            [
                {
                    "evidence_id": item.id,
                    "version_number": number,
                    "name": f"r{number}.txt",
                    "attachment_id": attachment.id,
                    "file_size": len(raw),
                    "mimetype": "text/plain",
                    "sha256": hashlib.sha256(raw).hexdigest(),
                }
                for (item, number, raw), attachment in zip(raws, attachments, strict=True)
            ]
        )
        env.flush_all()
        cls.items = items

    def list_folder(self, user, limit):
        self.env.invalidate_all()
        Evidence = self.env["cert.evidence"].with_user(user)
        return Evidence.web_search_read([("folder_id", "=", self.folder_a.id)], LIST_SPEC, limit=limit)

    def count_queries(self, user, limit):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = self.list_folder(user, limit)
        return self.env.cr.sql_log_count - before, result

    def test_listing_is_constant(self):
        self.assertEqual(self.items.mapped("version_count"), [3] * 1000)
        for user in (self.user_manager, self.user_auditor, self.user_portal_a):
            self.list_folder(user, 80)  # warm the caches (rules, fields)
            page, result = self.count_queries(user, 80)
            self.assertEqual(result["length"], 1000, user.login)
            everything, result = self.count_queries(user, None)
            self.assertEqual(len(result["records"]), 1000, user.login)
            # the whole folder needs no more queries than a page (which also counts the records)
            self.assertLessEqual(everything, page, f"{user.login}: the query count grows with the items")
            with self.assertQueryCount(QUERIES):
                self.list_folder(user, 80)
