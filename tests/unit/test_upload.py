"""Evidence upload rules (lib/upload.py), on the pure module alone: type by extension and by content."""

import hashlib
import io
import zipfile

import pytest

from .conftest import load_pure


@pytest.fixture(scope="module")
def upload():
    return load_pure("cert_service", "upload")


@pytest.fixture(scope="module")
def policy(upload):
    return upload.UploadPolicy.from_settings()


def make_zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 24
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff"
DOCX = make_zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")])
XLSX = make_zip([("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")])
ODT = make_zip([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office/>")])
ZIP = make_zip([("photos/a.txt", "a")])
GBK_CSV = "月份,满意\n2024-01,112\n".encode("gb18030")


@pytest.mark.parametrize(
    "raw, name, mimetype",
    [
        (PDF, "scan.pdf", "application/pdf"),
        (PDF, " scan.PDF ", "application/pdf"),
        (PNG, "photo.png", "image/png"),
        (JPEG, "photo.jpeg", "image/jpeg"),
        (b"GIF89a\x01\x00", "anim.gif", "image/gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "photo.webp", "image/webp"),
        (b"II*\x00\x08\x00", "scan.tif", "image/tiff"),
        (OLE, "old.doc", "application/msword"),
        (OLE, "old.xls", "application/vnd.ms-excel"),
        (DOCX, "manual.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (XLSX, "survey.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (ODT, "manual.odt", "application/vnd.oasis.opendocument.text"),
        (ZIP, "photos.zip", "application/zip"),
        (DOCX, "bundle.zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (b"{\\rtf1\\ansi hello}", "letter.rtf", "application/rtf"),
        (b"repair log\n", "repairs.txt", "text/plain"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00", "visit.mp3", "audio/mpeg"),
        (b"\xff\xfb\x90\x64\x00", "call.mp3", "audio/mpeg"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", "visit.m4a", "audio/mp4"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "hotline.wav", "audio/wav"),
        ("维修记录\n".encode(), "维修记录.txt", "text/plain"),
        (GBK_CSV, "survey.csv", "text/csv"),
        (b"\xef\xbb\xbfa,b\n1,2\n", "bom.csv", "text/csv"),
        (b"# Manual\n", "manual.md", "text/markdown"),
        (b"<?xml version='1.0'?><a/>", "data.xml", "application/xml"),
        (b"<root/>", "data.xml", "application/xml"),
    ],
)
def test_accepted(upload, policy, raw, name, mimetype):
    result = upload.check_upload(raw, name, policy)
    assert result.mimetype == mimetype
    assert result.name == name.strip()
    assert result.sha256 == hashlib.sha256(raw).hexdigest()
    assert result.size == len(raw)


@pytest.mark.parametrize(
    "raw, name, code",
    [
        (b"", "empty.txt", "empty"),
        (None, "empty.txt", "empty"),
        (b"x", "", "no_name"),
        (b"x", "  ", "no_name"),
        (b"x", "..", "no_name"),
        (b"x", "../etc/passwd.txt", "bad_name"),
        (b"x", "a\\b.txt", "bad_name"),
        (b"x", "bad\x07name.txt", "bad_name"),
        (b"x", "new\nline.txt", "bad_name"),
        (b"x", "a" * 252 + ".txt", "long_name"),
        (EXE, "tool.exe", "extension"),
        (b"x", "noextension", "extension"),
        (EXE, "fake.pdf", "content"),
        (b"\x00\x01\x02binary", "data.txt", "content"),
        (PDF, "renamed.png", "mismatch"),
        (PNG, "renamed.pdf", "mismatch"),
        (b"plain text\n", "notes.pdf", "mismatch"),
        (ZIP, "not-really.docx", "mismatch"),
        (OLE, "old.docx", "mismatch"),
        (b"PK\x03\x04broken", "broken.zip", "content"),
    ],
)
def test_refused(upload, policy, raw, name, code):
    with pytest.raises(upload.UploadError) as caught:
        upload.check_upload(raw, name, policy)
    assert caught.value.code == code


def test_size_limit(upload):
    small = upload.UploadPolicy.from_settings(max_mb=0.001)
    assert small.max_bytes == 1048
    upload.check_upload(b"x" * 1048, "ok.txt", small)
    with pytest.raises(upload.UploadError) as caught:
        upload.check_upload(b"x" * 1049, "big.txt", small)
    assert (caught.value.code, caught.value.params["limit"]) == ("too_large", 0.001)


def test_policy_from_settings(upload):
    policy = upload.UploadPolicy.from_settings(" PDF, .TXT ,,", "application/pdf , text/plain", 2)
    assert policy.extensions == {"pdf", "txt"}
    assert policy.mimetypes == {"application/pdf", "text/plain"}
    assert policy.max_bytes == 2 * 1024 * 1024
    with pytest.raises(upload.UploadError) as caught:
        upload.check_upload(PNG, "photo.png", policy)
    assert caught.value.code == "extension"
    assert caught.value.params["allowed"] == "pdf, txt"


@pytest.mark.parametrize(
    "mimetype, text",
    [("text/plain", True), ("text/csv", True), ("application/xml", True), ("application/pdf", False), (None, False)],
)
def test_is_text(upload, mimetype, text):
    assert upload.is_text(mimetype) is text
