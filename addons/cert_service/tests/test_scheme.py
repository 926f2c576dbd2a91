from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CertCase


@tagged("post_install", "-at_install")
class TestScheme(CertCase):
    def test_shipped_gbt27922(self):
        scheme = self.scheme
        self.assertEqual(scheme.state, "active")
        categories = scheme.category_ids.sorted("sequence")
        self.assertEqual(categories.mapped("max_points"), [40.0, 35.0, 25.0])
        self.assertEqual([len(c.child_ids) for c in categories], [7, 6, 2])
        self.assertEqual(scheme.indicator_count, 15)
        for category in categories:
            self.assertAlmostEqual(sum(category.child_ids.mapped("max_points")), category.max_points)
        levels = scheme.level_ids.sorted("min_score")
        self.assertEqual(levels.mapped("min_score"), [70.0, 80.0, 90.0, 95.0])
        self.assertEqual(levels.mapped("stars"), [0, 3, 4, 5])
        self.assertIn("GB/T 27922-2011", scheme.standard)
        # The default checklist: no 组织机构代码证 since 三证合一, outlets only when there are outlets.
        docs = scheme.document_ids
        self.assertEqual(len(docs), 6)
        self.assertEqual(
            docs.filtered(lambda d: d.condition == "has_outlets").mapped("name"), ["List of service outlets"]
        )
        self.assertEqual(docs.filtered(lambda d: not d.required).mapped("name"), ["Honours and awards"])

    def test_shipped_sbt10401_trees(self):
        production = self.env.ref("cert_service.scheme_sbt10401_production")
        sales = self.env.ref("cert_service.scheme_sbt10401_sales")
        self.assertEqual((len(production.category_ids), production.indicator_count), (8, 27))
        self.assertEqual((len(sales.category_ids), sales.indicator_count), (8, 23))
        self.assertEqual(
            production.category_ids.sorted("sequence").mapped(lambda c: len(c.child_ids)), [4, 4, 5, 3, 3, 3, 2, 3]
        )
        self.assertEqual(
            sales.category_ids.sorted("sequence").mapped(lambda c: len(c.child_ids)), [4, 4, 3, 3, 2, 3, 2, 2]
        )
        # Points are the CB's to enter: the shipped draft cannot be activated as it is.
        self.assertEqual(production.state, "draft")
        with self.assertRaisesText(ValidationError, "add up to 0"):
            production.action_activate()

    def test_shipped_cteas_schemes(self):
        completeness = self.env.ref("cert_service.scheme_cteas_completeness")
        self.assertEqual(completeness.level_ids.sorted("stars").mapped("stars"), [1, 2, 3, 4, 5, 6, 7])
        seven = completeness.level_ids.filtered(lambda lv: lv.stars == 7)
        self.assertEqual((seven.min_score, seven.min_operation_months), (97.0, 12))
        twelve = self.env.ref("cert_service.scheme_cteas_12star")
        self.assertEqual(twelve.scheme_type, "composite")
        self.assertEqual(twelve.state, "active")
        self.assertEqual(
            set(twelve.requirement_ids.mapped(lambda r: (r.required_scheme_id.code, r.required_level_id.stars))),
            {("GBT27922", 5), ("CTEAS-SSC", 7)},
        )

    def test_shipped_data_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", "cert_service")])._update_translations(["zh_CN"])
        scheme_zh = self.scheme.with_context(lang="zh_CN")
        self.assertEqual(scheme_zh.name, "商品售后服务评价体系")
        self.assertEqual(
            scheme_zh.category_ids.sorted("sequence").mapped("name"), ["售后服务体系", "商品服务", "顾客服务"]
        )
        self.assertEqual(
            scheme_zh.level_ids.sorted("min_score").mapped("name"), ["达标级", "三星级", "四星级", "五星级"]
        )
        self.assertEqual(self.indicator("recycling").with_context(lang="zh_CN").name, "废弃商品回收")
        self.assertEqual(self.scheme.with_context(lang="en_US").name, "Commodity after-sales service evaluation system")

    def test_activation_refuses_unbalanced_maxima(self):
        scheme = self.scheme.copy()
        self.assertEqual(scheme.state, "draft")
        self.env.ref("cert_service.gbt_repair")  # the original keeps its figures
        copy_repair = scheme.indicator_ids.filtered(lambda i: i.code == "5.2.4")
        copy_repair.max_points = 9
        self.assertFalse(scheme.category_ids.filtered(lambda c: c.code == "5.2").points_balanced)
        with self.assertRaises(ValidationError) as err:
            scheme.action_activate()
        self.assertIn("Product-related service is worth 35.00 points but its items add up to 36.00", str(err.exception))
        self.assertEqual(scheme.state, "draft")

    def test_activation_message_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", "cert_service")])._update_translations(["zh_CN"])
        scheme = self.scheme.copy()
        scheme.category_ids.filtered(lambda c: c.code == "5.3").max_points = 20
        with self.assertRaises(ValidationError) as err:
            scheme.with_context(lang="zh_CN").action_activate()
        self.assertIn("不能启用", str(err.exception))

    def test_activation_refuses_bad_levels(self):
        scheme = self.scheme.copy()
        scheme.level_ids.filtered(lambda lv: lv.stars == 4).min_score = 80
        with self.assertRaisesText(ValidationError, "same minimum score"):
            scheme.action_activate()
        scheme.level_ids.filtered(lambda lv: lv.stars == 4).write({"min_score": 90, "stars": 2})
        with self.assertRaisesText(ValidationError, "fewer stars"):
            scheme.action_activate()
        scheme.level_ids.filtered(lambda lv: lv.stars == 2).stars = 4
        scheme.action_activate()
        self.assertEqual(scheme.state, "active")

    def test_active_scheme_stays_consistent(self):
        with self.assertRaises(ValidationError):
            self.indicator("repair").max_points = 10
        self.assertEqual(self.indicator("repair").max_points, 8)
        with self.assertRaises(UserError):
            self.scheme.unlink()

    def test_copy_copies_tree_and_levels(self):
        copy = self.scheme.copy()
        self.assertNotEqual(copy.code, self.scheme.code)
        self.assertEqual(len(copy.indicator_ids), len(self.scheme.indicator_ids))
        self.assertFalse(copy.indicator_ids & self.scheme.indicator_ids)
        self.assertEqual(copy.indicator_ids.parent_id.scheme_id, copy)
        self.assertEqual(
            sorted(copy.indicator_ids.mapped(lambda i: (i.code, i.parent_id.code or "", i.max_points))),
            sorted(self.scheme.indicator_ids.mapped(lambda i: (i.code, i.parent_id.code or "", i.max_points))),
        )
        self.assertEqual(copy.level_ids.mapped("min_score"), self.scheme.level_ids.mapped("min_score"))
        self.assertEqual(len(copy.document_ids), len(self.scheme.document_ids))
        # A CB changes points and thresholds on its copy, without code, and activates it.
        copy.indicator_ids.filtered(lambda i: i.code == "5.2.3").max_points = 3
        copy.indicator_ids.filtered(lambda i: i.code == "5.2.4").max_points = 10
        copy.level_ids.filtered(lambda lv: lv.stars == 5).min_score = 96
        copy.action_activate()
        self.assertEqual(copy.state, "active")

    def test_sub_items_and_depth(self):
        copy = self.scheme.copy()
        repair = copy.indicator_ids.filtered(lambda i: i.code == "5.2.4")
        subs = self.env["cert.indicator"].create(
            [
                {"scheme_id": copy.id, "parent_id": repair.id, "name": "Repair records", "max_points": 5},
                {"scheme_id": copy.id, "parent_id": repair.id, "name": "Spare parts", "max_points": 3},
            ]
        )
        self.assertEqual(set(subs.mapped("kind")), {"sub_item"})
        self.assertEqual(repair.kind, "indicator")
        with self.assertRaisesText(ValidationError, "three levels at most"):
            self.env["cert.indicator"].create(
                {"scheme_id": copy.id, "parent_id": subs[0].id, "name": "Too deep", "max_points": 0}
            )
        other = self.env.ref("cert_service.scheme_sbt10401_sales")
        with self.assertRaisesText(ValidationError, "another scheme"):
            self.env["cert.indicator"].create({"scheme_id": other.id, "parent_id": repair.id, "name": "X"})
        copy.action_activate()
        self.assertEqual(copy.state, "active")

    def test_compute_score_through_scheme(self):
        """The worked example of domain.md §3, scored through the model with 配送 excluded."""
        awarded = {ind.id: ind.max_points for ind in self.scheme.indicator_ids if ind.parent_id}
        delivery = self.indicator("delivery")
        del awarded[delivery.id]
        # 95 applicable points; lose 5.7 on repair to award 89.3 -> 94.0
        awarded[self.indicator("repair").id] = 8 - 5.7
        result = self.scheme.compute_score(awarded, excluded=[delivery.id], special_deductions=1, special_bonus=True)
        self.assertTrue(result.complete)
        self.assertEqual(str(result.score), "94.0")
        self.assertEqual(result.level, self.env.ref("cert_service.gbt_level_4star"))
        awarded[self.indicator("repair").id] = 8 - 4.7  # 90.3 -> 95.0526 -> 95.1
        result = self.scheme.compute_score(awarded, excluded=[delivery.id])
        self.assertEqual((str(result.score), result.level.stars), ("95.1", 5))
        with self.assertRaisesText(ValidationError, "Repair: 9.00 points is outside 0 to 8.00"):
            self.scheme.compute_score({self.indicator("repair").id: 9})
        with self.assertRaisesText(ValidationError, "score the sub-items"):
            self.scheme.compute_score({self.env.ref("cert_service.gbt_cat_product").id: 30})
