from . import check
