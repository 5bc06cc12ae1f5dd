using System.Text.Json.Nodes;
using LambdaSec.Emulator.Protocols;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Services;

/// <summary>Lambda function tags (botocore lambda/2015-03-31: TagResource, ListTags, UntagResource on /2017-03-31/tags/{ARN}).</summary>
public sealed partial class LambdaService
{
    private void MapTagOperations()
    {
        Map("POST", "/2017-03-31/tags/{ARN}", "TagResource", TagResource);
        Map("GET", "/2017-03-31/tags/{ARN}", "ListTags", ListTags);
    }

    /// <summary>The function an ARN path parameter names (tags are per function, never per version or alias).</summary>
    private static LambdaFunction Tagged(AwsRequest r)
    {
        var arn = r.PathParams["ARN"];
        var parts = arn.Split(':');
        if (parts.Length != 7 || parts[0] != "arn" || parts[2] != "lambda" || parts[5] != "function")
            throw new AwsException("ValidationException", $"1 validation error detected: Value '{arn}' at 'resource' failed to satisfy constraint: Member must be a function ARN");
        var region = r.State.Region(parts[4], parts[3]);
        return region.Functions.TryGetValue(parts[6], out var fn) ? fn : throw NotFound(arn);
    }

    private ApiResult TagResource(AwsRequest r)
    {
        var fn = Tagged(r);
        foreach (var (key, value) in r.Json["Tags"] as JsonObject ?? []) fn.Tags[key] = value?.ToString() ?? "";
        return ApiResult.NoContent;
    }

    private ApiResult ListTags(AwsRequest r) =>
        ApiResult.Ok(new JsonObject { ["Tags"] = new JsonObject(Tagged(r).Tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))) });
}
