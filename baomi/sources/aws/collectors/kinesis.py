"""Kinesis Data Streams: streams, each described once (the listing does not say how it is encrypted)."""
from __future__ import annotations

from baomi.sources.aws.scope import Scope
from baomi.sources.cloud.memo import Resource, fact


@fact()
def streams(scope: Scope) -> tuple[Resource, ...]:
    api = scope.api("kinesis")
    out = []
    for summary in api.items("list_streams", "StreamSummaries"):
        answer = api.call("describe_stream_summary", StreamARN=summary["StreamARN"],
                          absent=("ResourceNotFoundException",))
        if answer:  # a stream deleted between the two calls is simply gone
            stream = answer["StreamDescriptionSummary"]
            out.append(Resource(stream["StreamARN"], stream["StreamName"], scope.region, stream))
    return tuple(out)
