"""Refusals with a protocol error code (docs/protocol.md), and the HTTP status of each."""

HTTP_STATUS = {
    "invalid": 400,
    "unauthenticated": 401,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "too_long": 413,
    "rate_limited": 429,
    "unavailable": 503,
    "server_error": 500,
}


class ServiceError(Exception):
    """A refusal with a protocol error code (docs/protocol.md) and a readable detail.

    `field` names the input the refusal is about ("body", "topic"), for forms that show the
    detail next to it; it is not part of the protocol.
    """

    def __init__(self, code, detail, retry_after=None, *, field=None):
        super().__init__(detail)
        self.code = code
        self.detail = str(detail)
        self.retry_after = retry_after
        self.field = field

    @property
    def status(self):
        return HTTP_STATUS[self.code]

    def as_dict(self):
        data = {"error": self.code, "detail": self.detail}
        if self.retry_after is not None:
            data["retry_after"] = self.retry_after
        return data
