/** @odoo-module **/
// Upload one or several evidence files with a progress bar (plain XHR: it reports upload progress).
// The server answers JSON: a refusal is shown in the page and nothing was stored; a success reloads it.

function showError(form, text) {
    const box = form.querySelector(".o_cert_upload_error");
    box.textContent = text || box.dataset.msgFailed;
    box.classList.remove("d-none");
}

function setProgress(form, percent) {
    const bar = form.querySelector(".o_cert_upload_progress");
    bar.classList.remove("d-none");
    bar.setAttribute("aria-valuenow", String(percent));
    const inner = bar.querySelector(".progress-bar");
    inner.style.width = `${percent}%`;
    inner.textContent = `${percent}%`;
}

function onSubmit(ev) {
    const form = ev.target.closest("form.o_cert_upload_form");
    if (!form) {
        return;
    }
    ev.preventDefault();
    const button = form.querySelector(".o_cert_upload_submit");
    form.querySelector(".o_cert_upload_error").classList.add("d-none");
    button.disabled = true;
    setProgress(form, 0);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) {
            setProgress(form, Math.round((e.loaded * 100) / e.total));
        }
    });
    xhr.addEventListener("load", () => {
        let data = {};
        try {
            data = JSON.parse(xhr.responseText);
        } catch {
            data = {};
        }
        if (xhr.status === 200 && data.redirect) {
            setProgress(form, 100);
            const target = new URL(data.redirect, window.location.href);
            if (target.pathname === window.location.pathname && target.search === window.location.search) {
                // the same page (maybe another anchor): a hash change alone would not load the outcome
                window.location.hash = target.hash;
                window.location.reload();
            } else {
                window.location.assign(target.href);
            }
            return;
        }
        button.disabled = false;
        form.querySelector(".o_cert_upload_progress").classList.add("d-none");
        showError(form, data.error);
    });
    xhr.addEventListener("error", () => {
        button.disabled = false;
        showError(form);
    });
    xhr.send(new FormData(form));
}

document.addEventListener("submit", onSubmit);
