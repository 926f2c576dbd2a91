"""The certificate PDF (domain.md §7), drawn with reportlab: no Odoo import.

A4 landscape, Chinese first with English, the stars as vector shapes, a QR code to the verification URL,
and a CJK TrueType font embedded (subset). reportlab reads TrueType outlines only, also from a .ttc
collection (``subfontIndex``), but not the CFF outlines of Noto Sans CJK's .otf/.ttc: a TrueType CJK font
such as WenQuanYi Zen Hei (Debian package fonts-wqy-zenhei) or AR PL UMing (fonts-arphic-uming) is used.
"""

import io
import math
import os
import shutil
import subprocess
from collections import namedtuple
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

FONT_NAME = "CertCJK"
FONT_PACKAGES = "fonts-wqy-zenhei (or fonts-arphic-uming)"
#: TrueType CJK fonts of Debian packages, tried before asking fontconfig.
KNOWN_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)

#: What is printed. Texts are plain strings (escaped here); ``status_note`` is None for a valid certificate.
CertificateData = namedtuple(
    "CertificateData",
    "number organisation organisation_en address credit_code scheme_zh scheme_en standard level_zh level_en "
    "stars scope_zh scope_en sites issue_date expiry_date cb_name_zh cb_name_en cb_address url status_note "
    "cb_approval_number cb_credit_code cb_logo",
    defaults=(None, None, None),
)


class FontMissing(RuntimeError):
    """No usable CJK TrueType font on this machine."""


def _candidates(preferred=None):
    paths = [preferred] if preferred else []
    paths += list(KNOWN_FONTS)
    if shutil.which("fc-list"):
        try:
            listed = subprocess.run(
                ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            listed = ""
        paths += sorted({line.split(":")[0].strip() for line in listed.splitlines() if line.strip()})
    seen = set()
    for path in paths:
        if path and path not in seen and os.path.isfile(path):
            seen.add(path)
            yield path


def load_font(paths):
    """The first of ``paths`` that reportlab can embed (TrueType outlines), as a ``TTFont``.

    :raises FontMissing: naming the Debian package to install
    """
    tried = []
    for path in paths:
        try:
            return TTFont(FONT_NAME, path, subfontIndex=0) if path.endswith(".ttc") else TTFont(FONT_NAME, path)
        except (TTFError, OSError, ValueError) as err:  # CFF outlines (Noto CJK), missing or broken files
            tried.append(f"{path} ({err})")
    raise FontMissing(
        "No Chinese TrueType font found to embed in the certificate PDF; install the Debian package "
        f"{FONT_PACKAGES}. Tried: {'; '.join(tried) or 'nothing found'}."
    )


def register_font(preferred=None):
    """Register (once per process) and return the name of an embeddable CJK TrueType font."""
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(load_font(_candidates(preferred)))
    return FONT_NAME


def star_points(cx, cy, outer, inner=None):
    """The ten corners of a five-pointed star centred on (cx, cy), first point up."""
    inner = inner or outer * 0.382
    points = []
    for k in range(10):
        radius = outer if k % 2 == 0 else inner
        angle = math.pi / 2 + k * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _draw_star(pdf, cx, cy, outer):
    path = pdf.beginPath()
    points = star_points(cx, cy, outer)
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.close()
    pdf.drawPath(path, stroke=1, fill=1)


def _paragraph(pdf, text, x, top, width, size, leading=None, align=0, color=colors.black):
    """Draw wrapped ``text`` (CJK-aware) with its top at ``top``; return the y below it."""
    style = ParagraphStyle(
        "cert",
        fontName=FONT_NAME,
        fontSize=size,
        leading=leading or size * 1.35,
        alignment=align,
        textColor=color,
        wordWrap="CJK",
    )
    para = Paragraph(escape(text or "").replace("\n", "<br/>"), style)
    _w, height = para.wrap(width, 1000)
    para.drawOn(pdf, x, top - height)
    return top - height


def render(data, font_path=None):
    """The certificate as PDF bytes."""
    register_font(font_path)
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(f"{data.number} {data.organisation}")
    pdf.setAuthor(data.cb_name_en or data.cb_name_zh or "")
    navy, gold = colors.HexColor("#1F3A68"), colors.HexColor("#C9A227")
    # Frame
    pdf.setStrokeColor(navy)
    pdf.setLineWidth(4)
    pdf.rect(18, 18, width - 36, height - 36)
    pdf.setLineWidth(1)
    pdf.rect(26, 26, width - 52, height - 52)
    left, text_width = 60, width - 120 - 150  # the QR code takes the right column
    if data.cb_logo:  # the certification body's logo, top left (PNG or JPEG bytes)
        logo = ImageReader(io.BytesIO(data.cb_logo))
        logo_w, logo_h = logo.getSize()
        scale = min(120 / logo_w, 60 / logo_h)
        pdf.drawImage(logo, 44, height - 44 - logo_h * scale, logo_w * scale, logo_h * scale, mask="auto")
    y = height - 55
    y = _paragraph(pdf, "售后服务认证证书", left, y, width - 120, 26, align=1, color=navy)
    y = _paragraph(pdf, "AFTER-SALES SERVICE CERTIFICATE", left, y - 2, width - 120, 13, align=1, color=navy)
    y = _paragraph(pdf, f"证书编号 Certificate No.: {data.number}", left, y - 8, width - 120, 11, align=1)
    y -= 10
    y = _paragraph(pdf, f"兹证明 {data.organisation}", left, y, text_width, 15)
    if data.organisation_en and data.organisation_en != data.organisation:
        y = _paragraph(pdf, data.organisation_en, left, y, text_width, 11)
    y = _paragraph(pdf, f"地址 Address: {data.address or ''}", left, y - 2, text_width, 9.5)
    if data.credit_code:
        y = _paragraph(
            pdf, f"统一社会信用代码 Unified social credit code: {data.credit_code}", left, y, text_width, 9.5
        )
    y = _paragraph(
        pdf,
        f"的售后服务符合 {data.standard or ''}《{data.scheme_zh or ''}》的要求，评价等级为：{data.level_zh or ''}",
        left,
        y - 4,
        text_width,
        12,
    )
    y = _paragraph(
        pdf,
        f"This is to certify that the after-sales service conforms to {data.standard or ''} "
        f"({data.scheme_en or ''}), level: {data.level_en or ''}",
        left,
        y,
        text_width,
        10,
    )
    # Stars, drawn (not a font glyph), centred under the level
    stars = max(int(data.stars or 0), 0)
    if stars:
        pdf.setFillColor(gold)
        pdf.setStrokeColor(colors.HexColor("#9C7A12"))
        pdf.setLineWidth(0.8)
        size, gap = 13, 32
        first = left + text_width / 2 - gap * (stars - 1) / 2
        for k in range(stars):
            _draw_star(pdf, first + k * gap, y - 18, size)
        y -= 38
    pdf.setFillColor(colors.black)
    y = _paragraph(pdf, f"认证范围：{data.scope_zh or ''}", left, y - 4, text_width, 10.5)
    if data.scope_en and data.scope_en != data.scope_zh:
        y = _paragraph(pdf, f"Scope: {data.scope_en}", left, y, text_width, 9.5)
    if data.sites:
        y = _paragraph(pdf, "覆盖场所 Sites covered: " + "；".join(data.sites), left, y - 2, text_width, 9)
    y = _paragraph(
        pdf,
        f"颁证日期 Issue date: {data.issue_date or ''}    有效期至 Valid until: {data.expiry_date or ''}",
        left,
        y - 4,
        text_width,
        10.5,
    )
    # The certification body, bottom left
    bottom = 70
    _paragraph(pdf, f"{data.cb_name_zh or ''}  {data.cb_name_en or ''}", left, bottom + 44, text_width, 11, color=navy)
    identity = "    ".join(
        filter(
            None,
            [
                data.cb_approval_number and f"批准号 CNCA approval No.: {data.cb_approval_number}",
                data.cb_credit_code and f"统一社会信用代码 Credit code: {data.cb_credit_code}",
            ],
        )
    )
    if identity:
        _paragraph(pdf, identity, left, bottom + 28, text_width, 8.5)
    _paragraph(pdf, data.cb_address or "", left, bottom + 14, text_width, 8.5)
    if data.url:
        _paragraph(
            pdf, "本证书信息可扫描二维码或登录以下网址查询 Verify this certificate:", left, bottom, text_width, 8
        )
        # QR code to the verification URL, bottom right, with the URL as text and as a link
        qr = QrCodeWidget(data.url, barLevel="M")
        x0, y0, x1, y1 = qr.getBounds()
        side = 110
        drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
        drawing.add(qr)
        qr_x, qr_y = width - 60 - side, 60
        renderPDF.draw(drawing, pdf, qr_x, qr_y)
        pdf.linkURL(data.url, (qr_x, qr_y, qr_x + side, qr_y + side), relative=0)
        _paragraph(pdf, data.url, left, bottom - 12, width - 120 - side - 20, 8, color=navy)
    # A certificate that is not valid says so, across the page
    if data.status_note:
        pdf.saveState()
        pdf.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.85))
        pdf.setFont(FONT_NAME, 40)
        pdf.translate(width / 2, height / 2)
        pdf.rotate(20)
        pdf.drawCentredString(0, 0, data.status_note)
        pdf.restoreState()
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
