"""PAdES sealing of rendered PDFs (see :mod:`service.pdf.sign.signer`).

The package face: the signer, its two public records and its configuration. The stamp
(:mod:`.stamp`) and the pyHanko workarounds (:mod:`.pyhanko_compat`) stay behind it.
"""

from service.pdf.pki import SigningConfigError
from service.pdf.sign.config import SealConfig
from service.pdf.sign.signer import FIELD_NAME, LEVELS, SealSigner, SignatureBox, SignatureInfo

__all__ = [
    "FIELD_NAME",
    "LEVELS",
    "SealConfig",
    "SealSigner",
    "SignatureBox",
    "SignatureInfo",
    "SigningConfigError",
]
