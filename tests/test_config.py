"""Settings: read once from the environment, nested, validated, secrets never shown."""

from __future__ import annotations

import pytest

from service.config import EvidenceLimits, Settings, SigningSettings


@pytest.mark.parametrize("key", ["RECOUVRE_MAX_DOCUMENT_PAGES", "RECOUVRE_MAX_BATCH_ITEMS",
                                 "RECOUVRE_RENDER_TIMEOUT_S", "RECOUVRE_EVIDENCE_MAX_ITEMS",
                                 "RECOUVRE_EVIDENCE_PARSE_TIMEOUT_S"])
@pytest.mark.parametrize("raw", ["-5", "0", "ten"])
def test_a_non_positive_or_malformed_limit_is_a_deployment_error_naming_it(key: str,
                                                                           raw: str) -> None:
    with pytest.raises(ValueError, match=key):
        Settings.from_environ({key: raw})


def test_one_read_builds_the_signing_settings_and_the_evidence_limits() -> None:
    settings = Settings.from_environ({
        "RECOUVRE_MAX_DOCUMENT_PAGES": "12",
        "RECOUVRE_SIGNING_P12": " /keys/seal.p12 ",
        "RECOUVRE_SIGNING_P12_PASSWORD": "hunter2-secret",
        "RECOUVRE_SIGNER_NAME": "Recouvre SAS",
        "RECOUVRE_TSA_URL": "https://tsa.example/rfc3161",
        "RECOUVRE_EVIDENCE_MAX_ITEMS": "7",
        "RECOUVRE_API_KEY": "client-key-secret",
        "RECOUVRE_API_KEYS": "a,b",
    })
    assert settings.max_document_pages == 12
    assert settings.signing == SigningSettings(
        p12_path="/keys/seal.p12", p12_password="hunter2-secret", signer_name="Recouvre SAS",
        tsa_url="https://tsa.example/rfc3161")
    assert settings.evidence == EvidenceLimits(max_items=7)
    assert settings.client_api_key == "client-key-secret"
    shown = repr(settings) + repr(settings.signing) + str(settings.signing)
    assert "hunter2-secret" not in shown and "client-key-secret" not in shown
    assert Settings.from_environ({}) == Settings()
