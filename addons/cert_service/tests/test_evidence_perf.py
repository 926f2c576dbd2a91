import hashlib

from odoo.tests import tagged

from .test_evidence import EvidenceCase

# queries to list a page of the folder (search + count + read + the names of its relations, with the
# versions of the file size), per role: the read rule of the page is checked in one query (none for a CB
# manager), the portal user's client is read for its rule
QUERIES = {"cb_manager": 11, "cb_auditor": 12, "client_a_portal": 14}
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

# the columns the list view shows by default, as the web client asks for them
LIST_VIEW_SPEC = {
    key: LIST_SPEC[key]
    for key in ("name", "partner_id", "indicator_id", "state", "version_count", "file_name", "tag_ids", "owner_id")
} | {"locked": {}}
# a page of 80 with the count: the search, the count, the rule check of the page (none for a manager), the
# other columns of the page (company rule), the names of its client, indicator, tags and owner
LIST_PAGE_QUERIES = {"manager": 8, "officer": 9, "auditor": 9, "client": 10}


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
            with self.assertQueryCount(QUERIES[user.login]):
                self.list_folder(user, 80)

    def test_list_page_queries_per_role(self):
        """The evidence list's first page costs a fixed number of queries per role, close to a contacts page.

        As the web client asks for it: the columns shown by default, a page of 80 with the count. Reading
        the page checks the read rule on its records through ``permission_read`` alone (one query, none
        for a CB manager), the file name is stored, and the order needs no join to the folders.
        """
        # officers read evidence through a local role on the folder
        self.env["cert.evidence.share"].create(
            {"folder_id": self.cycle_a.id, "user_id": self.user_officer.id, "role": "reader"}
        )
        self.env.flush_all()
        domain = [("partner_id", "=", self.client_a.id)]
        for user, queries in (
            (self.user_manager, LIST_PAGE_QUERIES["manager"]),
            (self.user_officer, LIST_PAGE_QUERIES["officer"]),
            (self.user_auditor, LIST_PAGE_QUERIES["auditor"]),
            (self.user_portal_a, LIST_PAGE_QUERIES["client"]),
        ):
            Evidence = self.env["cert.evidence"].with_user(user).with_context(bin_size=True)
            first = Evidence.web_search_read(domain, LIST_VIEW_SPEC, limit=80, count_limit=10001)  # warm
            self.assertEqual((first["length"], len(first["records"])), (1000, 80), user.login)
            self.env.invalidate_all()
            with self.subTest(user=user.login), self.assertQueryCount(queries):
                Evidence.web_search_read(domain, LIST_VIEW_SPEC, limit=80, count_limit=10001)
