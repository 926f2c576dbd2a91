"""Benchmark: the cost of signing a certificate PDF (cert_esign), and the answer time of "check a PDF".

Run against a database where cert_esign is installed (the demo data provides the signing key and issued
certificates); nothing is committed:

    python3 bench/bench_esign.py -c .local/odoo.conf -d cert

1. For each of ``--count`` issued certificates, in one run and alternately: its PDF made unsigned (the
   reportlab rendering and the attachment, exactly what the life cycle did before signing) and made signed
   (the same plus the PAdES signature and the history hash). Prints the median time of each per
   certificate, their ratio (goal: at most 1.5) and the SQL queries of each.
2. The check of a genuine signed PDF of 1 MB (``--size-mb``): the median time of the answer
   (``cert.esign.check._check_pdf``, what the public page runs on the uploaded bytes).

Exit code 1 when the signing ratio exceeds the goal (never with ``--smoke``, a tiny run for the tests).
"""

import argparse
import io
import os
import statistics
import sys
import time

import odoo
from odoo import SUPERUSER_ID
from odoo import api
from odoo.modules.registry import Registry

GOAL = 1.5


def measure(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def signing(env, count):
    from odoo.addons.cert_esign.models.cert_certificate import UNSIGNED  # noqa: PLC0415 (once Odoo is set up)

    certs = env["cert.certificate"].search([("pdf_attachment_id", "!=", False)], limit=count)
    if not certs:
        sys.exit("no issued certificate in the database: issue one (the demo data has some)")
    # warm-up: fonts, the stamp of the signature block, the key (each loaded once per process)
    certs[:1]._render_pdf()
    certs[:1].with_context(cert_esign_unsigned=UNSIGNED)._render_pdf()
    env.flush_all()
    plain, signed, q_plain, q_signed = [], [], [], []
    # ``count`` PDFs each way, alternately, over the certificates there are
    for index in range(count):
        cert = certs[index % len(certs)]

        def unsigned(cert=cert):
            cert.with_context(cert_esign_unsigned=UNSIGNED)._render_pdf()
            env.flush_all()

        def signed_pdf(cert=cert):
            cert._render_pdf()
            env.flush_all()

        queries = env.cr.sql_log_count
        plain.append(measure(unsigned))
        q_plain.append(env.cr.sql_log_count - queries)
        queries = env.cr.sql_log_count
        signed.append(measure(signed_pdf))
        q_signed.append(env.cr.sql_log_count - queries)
    median = statistics.median
    return count, median(plain), median(signed), median(q_plain), median(q_signed)


def padded_signed_pdf(env, cert, size):
    """A genuine signed PDF of about ``size`` bytes: the certificate PDF with an incremental update holding
    an incompressible stream (as a scanned annex would), then signed."""
    from pyhanko.pdf_utils import generic  # noqa: PLC0415
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: PLC0415

    from odoo.addons.cert_esign.lib import pades  # noqa: PLC0415
    from odoo.addons.cert_esign.lib import verdict  # noqa: PLC0415
    from odoo.addons.cert_esign.models.cert_certificate import UNSIGNED  # noqa: PLC0415

    cert.with_context(cert_esign_unsigned=UNSIGNED)._render_pdf()
    pdf = cert.pdf_attachment_id.raw
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.add_object(generic.StreamObject(stream_data=os.urandom(max(size - len(pdf) - 20000, 0))))
    padded = io.BytesIO()
    writer.write(padded)
    _key, identity = env["cert.esign.key"]._esign_signer(cert.company_id)
    stamp = env["cert.esign.key"]._esign_stamp_path(cert.company_id)
    return pades.sign(padded.getvalue(), identity, stamp, verdict.reason_for(cert.name))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--count", type=int, default=20, help="certificates to sign")
    parser.add_argument("--size-mb", type=float, default=1.0, help="size of the checked PDF")
    parser.add_argument("--repeat", type=int, default=10, help="checks of the file")
    parser.add_argument("--smoke", action="store_true", help="a tiny run that only checks the bench works")
    args = parser.parse_args()
    if args.smoke:
        args.count, args.repeat, args.size_mb = 2, 2, 0.2
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            count, plain, signed, q_plain, q_signed = signing(env, args.count)
            ratio = signed / plain
            print(
                f"{count} certificate PDFs each way: unsigned {plain * 1000:7.1f} ms ({q_plain:.0f} queries)"
                f" | signed {signed * 1000:7.1f} ms ({q_signed:.0f} queries) | ratio {ratio:.2f} (goal <= {GOAL})"
            )
            cert = env["cert.certificate"].search(
                [("state", "=", "valid"), ("pdf_attachment_id", "!=", False)], limit=1
            )
            data = padded_signed_pdf(env, cert, int(args.size_mb * 1024 * 1024))
            checks = env["cert.esign.check"]
            answers = []
            times = [measure(lambda: answers.append(checks._check_pdf(data))) for _ in range(args.repeat)]
            print(
                f"check a PDF of {len(data) / 1048576:.2f} MB: median {statistics.median(times) * 1000:.1f} ms"
                f" over {len(times)} checks, verdict {answers[-1]['verdict']}"
            )
            if answers[-1]["verdict"] != "authentic":
                print("the padded genuine PDF was not found authentic")
                return 1
        finally:
            cr.rollback()
    print("signing ratio: " + ("ABOVE the goal" if ratio > GOAL else "within the goal"))
    if args.smoke:
        return 0
    return 1 if ratio > GOAL else 0


if __name__ == "__main__":
    sys.exit(main())
