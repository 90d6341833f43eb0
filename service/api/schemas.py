"""Schemas of the operational answers (/healthz, /readyz, /v1/kinds): documentation only."""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields

CHECK_STATUSES = ["ok", "degraded", "error"]


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"enum": ["ok"]})


class CheckSchema(Schema):
    """One readiness check; each check adds its own facts beside ``status``."""

    class Meta:
        unknown = INCLUDE

    status = fields.String(required=True, metadata={
        "enum": CHECK_STATUSES,
        "description": "ok; degraded: works, slower or with a warning (e.g. fonts subset"
                       " without HarfBuzz); error: not ready"})


class ReadinessSchema(Schema):
    status = fields.String(required=True, metadata={"enum": ["ok", "unavailable"]})
    checks = fields.Dict(keys=fields.String(), values=fields.Nested(CheckSchema), required=True)


class KindSchema(Schema):
    class Meta:
        unknown = INCLUDE  # a kind may describe more about itself

    kind = fields.String(required=True)
    description = fields.String(required=True)
    template_version = fields.String(required=True)
    options = fields.Dict(metadata={"description": "option name → what it does"})
    formats = fields.List(fields.String(), required=True)
    posted_by_lrar = fields.String(required=True)
    draft_default = fields.Boolean(required=True)


class KindsSchema(Schema):
    kinds = fields.List(fields.Nested(KindSchema), required=True)
