"""WordprocessingML names shared by the DOCX extractor's modules: namespaces and the tags they look for."""

from __future__ import annotations

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}


def w(tag: str) -> str:
    """The Clark name lxml uses for a tag in Word's main namespace."""
    return f"{{{NS['w']}}}{tag}"


W_P = w("p")
W_TBL = w("tbl")
W_TR = w("tr")
W_TC = w("tc")
W_SDT = w("sdt")
W_SDT_CONTENT = w("sdtContent")
W_CUSTOM_XML = w("customXml")
W_TXBX = w("txbxContent")
W_T = w("t")
W_TAB = w("tab")
W_BR = w("br")
W_CR = w("cr")
W_NO_BREAK_HYPHEN = w("noBreakHyphen")
W_VAL = w("val")
W_STYLE = w("style")
W_STYLE_ID = w("styleId")
W_R = w("r")
W_HIGHLIGHT = w("highlight")
W_SHD = w("shd")
DELETED = frozenset({w("del"), w("moveFrom")})
MC_FALLBACK = f"{{{NS['mc']}}}Fallback"
ON = ("1", "true", "on")
