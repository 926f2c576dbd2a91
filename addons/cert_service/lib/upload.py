"""What an evidence upload must be before it is stored (pure: no Odoo import; the portal reuses it).

``check_upload(raw, filename, policy)`` returns an ``Upload`` (clean name, extension, mimetype, SHA-256)
or raises ``UploadError`` with a ``code`` and the values its message needs; the Odoo layer turns the
code into a translated sentence. The type is decided twice: by the file name's extension and by the
content's magic bytes, and both must agree (a ``.pdf`` that is really an ``.exe`` is refused).
"""

import hashlib
import io
import os
import unicodedata
import zipfile
from dataclasses import dataclass

DEFAULT_EXTENSIONS = (
    "pdf,png,jpg,jpeg,gif,webp,bmp,tif,tiff,doc,docx,xls,xlsx,ppt,pptx,odt,ods,odp,rtf,txt,csv,md,xml,zip,"
    "mp3,m4a,wav"
)
DEFAULT_MIMETYPES = ",".join(
    [
        "application/pdf",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/bmp",
        "image/tiff",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/x-ole-storage",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "application/rtf",
        "text/rtf",
        "text/plain",
        "text/csv",
        "text/markdown",
        "text/xml",
        "application/xml",
        "application/zip",
        # recordings of calls and mystery visits
        "audio/mpeg",
        "audio/mp4",
        "audio/wav",
    ]
)
DEFAULT_MAX_MB = 50.0
MAX_NAME_LENGTH = 255
UNKNOWN = "application/octet-stream"
TEXT_MIMETYPES = ("text/", "application/xml", "application/json")

_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
# (magic bytes at offset 0, mimetype); RIFF (WEBP, WAVE) and MPEG-4 are checked apart (their tags are further in)
_MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"{\\rtf", "application/rtf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
    (b"PK\x03\x04", "application/zip"),
    (b"ID3", "audio/mpeg"),  # an MP3 with its tags first
    (b"\xff\xfb", "audio/mpeg"),  # an MP3 starting with its first frame (MPEG-1 layer III)
    (b"\xff\xf3", "audio/mpeg"),  # (MPEG-2 layer III)
]
# Office 97-2003 files share one container (OLE): the extension tells which application made it.
_OLE_BY_EXTENSION = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
_OOXML_PARTS = [
    ("word/", _OOXML + "wordprocessingml.document"),
    ("xl/", _OOXML + "spreadsheetml.sheet"),
    ("ppt/", _OOXML + "presentationml.presentation"),
]
_TEXT_BY_EXTENSION = {"csv": "text/csv", "md": "text/markdown"}
_ZIP_FAMILY = ("application/zip", _OOXML, _ODF)
# what the content of a file with this extension may be (extensions not listed: any accepted content)
EXTENSION_CONTENT = {
    "pdf": ("application/pdf",),
    "png": ("image/png",),
    "jpg": ("image/jpeg",),
    "jpeg": ("image/jpeg",),
    "gif": ("image/gif",),
    "webp": ("image/webp",),
    "bmp": ("image/bmp",),
    "tif": ("image/tiff",),
    "tiff": ("image/tiff",),
    "doc": ("application/msword",),
    "xls": ("application/vnd.ms-excel",),
    "ppt": ("application/vnd.ms-powerpoint",),
    "docx": (_OOXML + "wordprocessingml.document",),
    "xlsx": (_OOXML + "spreadsheetml.sheet",),
    "pptx": (_OOXML + "presentationml.presentation",),
    "odt": (_ODF + "text",),
    "ods": (_ODF + "spreadsheet",),
    "odp": (_ODF + "presentation",),
    "rtf": ("application/rtf", "text/rtf"),
    "txt": ("text/", "application/xml"),
    "csv": ("text/csv",),
    "md": ("text/markdown",),
    "xml": ("application/xml", "text/xml"),
    "zip": _ZIP_FAMILY,
    "mp3": ("audio/mpeg",),
    "m4a": ("audio/mp4",),
    "wav": ("audio/wav",),
}


class UploadError(ValueError):
    """An upload that may not be stored. ``code`` names the rule, ``params`` fill its message.

    Codes: ``no_name``, ``bad_name``, ``long_name``, ``empty``, ``too_large``, ``extension``,
    ``content`` (content of a type that is not accepted), ``mismatch`` (content and extension disagree).
    """

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class UploadPolicy:
    extensions: frozenset
    mimetypes: frozenset
    max_bytes: int
    max_mb: float

    @classmethod
    def from_settings(cls, extensions=DEFAULT_EXTENSIONS, mimetypes=DEFAULT_MIMETYPES, max_mb=DEFAULT_MAX_MB):
        """From the settings' texts: comma-separated extensions and mimetypes, a size in MB."""
        return cls(
            extensions=frozenset(item.lstrip(".") for item in parse_list(extensions)),
            mimetypes=parse_list(mimetypes),
            max_bytes=int(max_mb * 1024 * 1024),
            max_mb=max_mb,
        )


@dataclass(frozen=True)
class Upload:
    name: str
    extension: str
    mimetype: str
    sha256: str
    size: int


def parse_list(text):
    """``"PDF, .png,,"`` → ``{"pdf", ".png"}``: lower-case, stripped, empty items dropped."""
    return frozenset(item.strip().lower() for item in (text or "").split(",") if item.strip())


def clean_name(filename):
    """The file name as stored: stripped; refused when empty, a path, too long or with control characters."""
    name = (filename or "").strip()
    if not name or name in (".", ".."):
        raise UploadError("no_name")
    if "/" in name or "\\" in name or any(unicodedata.category(char).startswith("C") for char in name):
        raise UploadError("bad_name", name=name)
    if len(name) > MAX_NAME_LENGTH:
        raise UploadError("long_name", limit=MAX_NAME_LENGTH)
    return name


def extension_of(name):
    return os.path.splitext(name)[1].lower().lstrip(".")


def _zip_mimetype(raw):
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype":  # ODF: first member, stored, holds the type
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                if declared.startswith(_ODF):
                    return declared
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return UNKNOWN
    if "[Content_Types].xml" in names:
        for prefix, mimetype in _OOXML_PARTS:
            if any(name.startswith(prefix) for name in names):
                return mimetype
    return "application/zip"


def _is_text(raw):
    if b"\x00" in raw:
        return False
    for encoding in ("utf-8-sig", "gb18030"):  # Chinese spreadsheets export GBK/GB18030 text
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not any(unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\x1a" for char in text)
    return False


def sniff_mimetype(raw, extension=""):
    """The type of ``raw`` by its magic bytes (the extension only names the member of a family)."""
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return "image/webp"
    if raw[:4] == b"RIFF" and raw[8:12] == b"WAVE":
        return "audio/wav"
    if raw[4:8] == b"ftyp" and raw[8:11] == b"M4A":  # an MPEG-4 file's brand: audio only
        return "audio/mp4"
    for magic, mimetype in _MAGIC:
        if raw.startswith(magic):
            if mimetype == "application/x-ole-storage":
                return _OLE_BY_EXTENSION.get(extension, mimetype)
            if mimetype == "application/zip":
                return _zip_mimetype(raw)
            return mimetype
    if _is_text(raw):
        head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:5].lower()
        if head == b"<?xml" or (extension == "xml" and head.startswith(b"<")):
            return "application/xml"
        return _TEXT_BY_EXTENSION.get(extension, "text/plain")
    return UNKNOWN


def check_upload(raw, filename, policy):
    """Refuse what may not be stored as evidence (``UploadError``); describe what may."""
    name = clean_name(filename)
    raw = raw or b""
    if not raw:
        raise UploadError("empty", name=name)
    if len(raw) > policy.max_bytes:
        raise UploadError("too_large", name=name, limit=policy.max_mb)
    extension = extension_of(name)
    if extension not in policy.extensions:
        raise UploadError("extension", ext=extension or "?", allowed=", ".join(sorted(policy.extensions)))
    mimetype = sniff_mimetype(raw, extension)
    if mimetype not in policy.mimetypes:
        raise UploadError("content", name=name, mimetype=mimetype)
    expected = EXTENSION_CONTENT.get(extension)
    if expected and not mimetype.startswith(expected):
        raise UploadError("mismatch", name=name, ext=extension, mimetype=mimetype)
    return Upload(name, extension, mimetype, hashlib.sha256(raw).hexdigest(), len(raw))


def is_text(mimetype):
    """May two versions of this type be compared line by line?"""
    return bool(mimetype) and mimetype.startswith(TEXT_MIMETYPES)
