/** @odoo-module **/
// The demo client (顺安物流, client.shunan) answers an evidence request, confirms its audit dates,
// answers a finding and downloads its certificate.
import { registry } from "@web/core/registry";

function attachFile(selector, name, content) {
    const input = document.querySelector(selector);
    const transfer = new DataTransfer();
    transfer.items.add(new File([content], name, { type: "text/csv" }));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("cert_portal_client_tour", {
    url: "/web/login",
    steps: () => [
        {
            content: "The client logs in",
            trigger: "form.oe_login_form input[name=login]",
            run: "edit client.shunan",
        },
        {
            trigger: "form.oe_login_form input[name=password]",
            run: "edit client.shunan",
        },
        {
            trigger: "form.oe_login_form button[type=submit]",
            run: "click",
        },
        {
            content: "Open the document requests",
            trigger: "a[href='/my/certification/requests']:not(.d-none)",
            run: "click",
        },
        {
            content: "Open the open request",
            trigger: "tr:has(.o_cert_state[data-state='open']) a[href*='/my/certification/requests/']",
            run: "click",
        },
        {
            content: "A refused file is explained in the page",
            trigger: "form.o_cert_upload_form",
            run() {
                attachFile("form.o_cert_upload_form input[type=file]", "callbacks.exe", "MZ not evidence");
            },
        },
        {
            trigger: "form.o_cert_upload_form .o_cert_upload_submit",
            run: "click",
        },
        {
            content: "The refusal is shown and nothing was stored",
            trigger: ".o_cert_upload_error:not(.d-none):contains('.exe')",
        },
        {
            content: "Choose the call-back records",
            trigger: "form.o_cert_upload_form",
            run() {
                attachFile("form.o_cert_upload_form input[type=file]", "callbacks_2024.csv", "date,customer,result\n2024-05-02,A,ok\n");
            },
        },
        {
            trigger: "form.o_cert_upload_form .o_cert_upload_submit:enabled",
            run: "click",
        },
        {
            content: "The upload is confirmed and the evidence listed",
            trigger: ".o_cert_flash.alert-success",
        },
        {
            trigger: "a[href*='/my/certification/evidence/']:contains('callbacks_2024.csv')",
        },
        {
            content: "Go to the audits",
            trigger: "a[href='/my/home']",
            run: "click",
        },
        {
            trigger: "a[href='/my/certification/audits']:not(.d-none)",
            run: "click",
        },
        {
            content: "Open the planned audit",
            trigger: "tr:has(.o_cert_state[data-state='planned']) a[href*='/my/certification/audits/']",
            run: "click",
        },
        {
            content: "Confirm the dates",
            trigger: "button.o_cert_confirm_dates",
            run: "click",
        },
        {
            content: "The dates are confirmed",
            trigger: ".o_cert_confirmed",
        },
        {
            content: "Go to the findings",
            trigger: "a[href='/my/home']",
            run: "click",
        },
        {
            trigger: "a[href='/my/certification/findings']:not(.d-none)",
            run: "click",
        },
        {
            content: "Open the finding that waits for an answer",
            trigger: "tr:has(.o_cert_state[data-state='open']) a[href*='/my/certification/findings/']",
            run: "click",
        },
        {
            trigger: "form.o_cert_finding_answer textarea[name=root_cause]",
            run: "edit 回访计划只覆盖投诉客户 (the call-back plan covered complaints only)",
        },
        {
            trigger: "form.o_cert_finding_answer textarea[name=correction]",
            run: "edit 已补充回访上月的维修客户 (last month repair customers called back)",
        },
        {
            trigger: "form.o_cert_finding_answer textarea[name=corrective_action]",
            run: "edit 每月按维修单抽样回访10% (10 % of repairs called back every month)",
        },
        {
            trigger: "button.o_cert_finding_send",
            run: "click",
        },
        {
            content: "The answer went to the audit team",
            trigger: ".o_cert_state[data-state='action_proposed']",
        },
        {
            content: "Go to the certificates",
            trigger: "a[href='/my/home']",
            run: "click",
        },
        {
            trigger: "a[href='/my/certification/certificates']:not(.d-none)",
            run: "click",
        },
        {
            trigger: "table.o_portal_my_doc_table a[href*='/my/certification/certificates/']",
            run: "click",
        },
        {
            content: "Download the certificate",
            trigger: "a.o_cert_pdf",
            async run() {
                const response = await fetch(document.querySelector("a.o_cert_pdf").href);
                const type = response.headers.get("Content-Type") || "";
                if (!response.ok || !type.includes("application/pdf")) {
                    throw new Error(`the certificate did not download as a PDF (${response.status} ${type})`);
                }
                document.body.classList.add("o_cert_pdf_downloaded");
            },
        },
        {
            content: "The certificate page and its chatter are loaded",
            trigger: "body.o_cert_pdf_downloaded #chatterRoot:shadow .o-mail-Thread",
        },
    ],
});
