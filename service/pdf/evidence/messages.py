"""The bilingual catalogue of evidence faults and warnings, one code each."""

from __future__ import annotations

from typing import Any

from service.errors import FieldError, field_error
from service.model import Warning

MESSAGES: dict[str, tuple[str, str]] = {
    "evidence_too_many_items": (
        "Trop de pièces : {count} fournies, {limit} au maximum.",
        "Too many evidence items: {count} given, at most {limit}.",
    ),
    "evidence_base64_invalid": (
        "Le contenu de la pièce n’est pas du base64 valide (détail technique\u00a0: {detail}).",
        "The item's content is not valid base64 ({detail}).",
    ),
    "evidence_media_type_unsupported": (
        "Type de fichier « {media_type} » non accepté : PDF, JPEG ou PNG seulement.",
        "Media type '{media_type}' is not accepted: PDF, JPEG or PNG only.",
    ),
    "evidence_media_type_mismatch": (
        "Le fichier est un {actual} et non un {declared} comme annoncé par media_type.",
        "The file is a {actual}, not a {declared} as media_type declares.",
    ),
    "evidence_too_large": (
        "Pièce trop volumineuse : {size} octets décodés, {limit} au maximum.",
        "Item too large: {size} decoded bytes, at most {limit}.",
    ),
    "evidence_total_too_large": (
        "Pièces trop volumineuses au total : {size} octets décodés, {limit} au maximum.",
        "Evidence too large in total: {size} decoded bytes, at most {limit}.",
    ),
    "evidence_too_many_pages": (
        "Trop de pages : {pages}, {limit} au maximum pour l’ensemble des pièces.",
        "Too many pages: {pages}, at most {limit} for all the evidence together.",
    ),
    "evidence_pdf_corrupt": (
        "PDF illisible, tronqué ou endommagé (détail technique\u00a0: {detail}).",
        "Unreadable, truncated or damaged PDF ({detail}).",
    ),
    "evidence_pdf_encrypted": (
        "PDF chiffré ou protégé par mot de passe : fournissez-le sans protection.",
        "Encrypted or password-protected PDF: supply it without protection.",
    ),
    "evidence_pdf_empty": (
        "Le PDF ne contient aucune page.",
        "The PDF has no page.",
    ),
    "evidence_pdf_bomb": (
        "PDF refusé : son contenu décompressé ou sa structure dépasse les limites"
        " (détail technique\u00a0: {detail}).",
        "PDF refused: its decompressed content or its structure exceeds the limits ({detail}).",
    ),
    "evidence_image_corrupt": (
        "Image illisible, tronquée ou endommagée (détail technique\u00a0: {detail}).",
        "Unreadable, truncated or damaged image ({detail}).",
    ),
    "evidence_image_bomb": (
        "Image refusée : {pixels} pixels, {limit} au maximum.",
        "Image refused: {pixels} pixels, at most {limit}.",
    ),
    "evidence_parse_timeout": (
        "L’analyse de la pièce a dépassé le temps autorisé ({seconds} s).",
        "Analysing the item took longer than allowed ({seconds} s).",
    ),
    "evidence_parse_failed": (
        "L’analyse de la pièce a échoué (fichier refusé).",
        "Analysing the item failed (file refused).",
    ),
}

WARNINGS: dict[str, tuple[str, str]] = {
    "evidence_javascript_removed": (
        "Le code JavaScript de la pièce a été supprimé.",
        "JavaScript was removed from the item.",
    ),
    "evidence_launch_removed": (
        "Les actions de lancement d’application (/Launch) de la pièce ont été supprimées.",
        "Application launch actions (/Launch) were removed from the item.",
    ),
    "evidence_embedded_files_removed": (
        "Les fichiers joints intégrés à la pièce ont été supprimés.",
        "Embedded file attachments were removed from the item.",
    ),
    "evidence_active_content_removed": (
        "Des actions automatiques ou contenus actifs de la pièce ont été supprimés "
        "(formulaires, multimédia, liens vers d’autres fichiers).",
        "Automatic actions or active content were removed from the item "
        "(forms, multimedia, links to other files).",
    ),
}


def error(path: str, code: str, **params: Any) -> FieldError:
    fr, en = MESSAGES[code]
    return field_error(path, code, fr.format(**params), en.format(**params))


def warning(path: str, code: str) -> Warning:
    fr, en = WARNINGS[code]
    return Warning(code=code, message_fr=fr, message_en=en, path=path)


class ItemError(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
