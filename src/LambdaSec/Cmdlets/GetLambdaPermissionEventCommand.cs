using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Threading;
using LambdaSec.Analysis.Events;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Lists the CloudTrail events that changed who can invoke Lambda functions (permissions added or removed, function URLs created, updated or deleted), each classified by exposure.</para>
/// <para type="description">Get-LambdaPermissionEvent reads Lambda's permission and function URL events, whose names AWS versions (AddPermission20150331v2, RemovePermission20150331v2, CreateFunctionUrlConfig20211031...) and which are therefore matched by prefix. Each event gives one object: when (EventTime), what (Action: Added, Removed, UrlCreated, UrlUpdated, UrlDeleted), who (Actor: the user or role ARN, SourceIp, UserAgent), where (AccountId, Region, FunctionName, FunctionArn) and the grant (StatementId, Principal, GrantedAction, Conditions). Exposure classifies the grant with the same rules as Test-LambdaPolicy (about_LambdaSec_Exposure): the statement Lambda wrote, from the event's responseElements, or else the statement Lambda writes for the request's parameters, with the function's account as owner. A function URL created or updated with AuthType NONE is Public; removals and deletions are None.</para>
/// <para type="description">By default the events are looked up in CloudTrail (LookupEvents, event history: the last 90 days of management events) in each -Region (default: the region of the shell, environment or profile) between -StartTime (default: 7 days ago) and -EndTime (default: now): one lookup attribute per call (EventSource lambda.amazonaws.com, the names filtered by prefix here), every page, within LookupEvents' quota of 2 requests per second per account and region. Events of functions deleted since are reported like any other. Offline, give the events with -EventRecord or pipe them: a CloudTrail record, a LookupEvents event (CloudTrailEvent holds the record), the output of 'aws cloudtrail lookup-events' or a CloudTrail log file, as JSON text. Other events are skipped; an event that cannot be read gives the non-terminating error LambdaSec.CloudTrailEventInvalid. Calls that failed (errorCode set) changed nothing and are left out unless -IncludeFailed. -StartTime, -EndTime, -FunctionName and -ExposureAtLeast filter the events.</para>
/// </summary>
/// <example>
/// <code>Get-LambdaPermissionEvent -StartTime (Get-Date).AddDays(-7) -ExposureAtLeast Public -Region us-east-1, eu-west-1</code>
/// <para>Answers "which permissions were made public in the last 7 days, and by whom" in two regions, from CloudTrail's event history.</para>
/// </example>
/// <example>
/// <code>aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventSource,AttributeValue=lambda.amazonaws.com --start-time (Get-Date).AddDays(-7) --output json | Out-String | Get-LambdaPermissionEvent -ExposureAtLeast Public</code>
/// <para>Answers "who made which function public in the last 7 days": the AWS CLI looks the events up, Get-LambdaPermissionEvent keeps the permission and URL changes whose grant is Public and shows when, what and who.</para>
/// </example>
/// <example>
/// <code>Find-CTEvent -LookupAttribute @{ AttributeKey = 'EventSource'; AttributeValue = 'lambda.amazonaws.com' } | Get-LambdaPermissionEvent -ExposureAtLeast CrossAccount</code>
/// <para>Classifies the events AWS.Tools looks up (their CloudTrailEvent property binds) and keeps the grants to other accounts or to anyone.</para>
/// </example>
/// <example>
/// <code>Get-ChildItem ./trail/*.json | ForEach-Object { Get-Content $_ -Raw } | Get-LambdaPermissionEvent -FunctionName orders -StartTime 2026-11-01</code>
/// <para>Reads CloudTrail log files (the Records format) and lists every permission and URL change of the function orders since 1 November 2026.</para>
/// </example>
/// <example>
/// <code>Get-Content ./event.json -Raw | Get-LambdaPermissionEvent | Format-List Actor, SourceIp, Principal, Conditions, Exposure, Reason, Statement</code>
/// <para>Explains one event: who made the call from where, the statement it wrote and why it has its exposure level.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "LambdaPermissionEvent", DefaultParameterSetName = LookupSet)]
[OutputType(typeof(LambdaPermissionEvent))]
public sealed class GetLambdaPermissionEventCommand : LambdaSecAwsCmdlet, IDisposable
{
    private const string LookupSet = "Lookup";
    private const string RecordSet = "Record";

    /// <summary>How far back the lookup goes without -StartTime.</summary>
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    private readonly List<string> _functionNames = [];
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>
    /// <para type="description">CloudTrail events as JSON text, instead of looking them up: records, LookupEvents events, 'aws cloudtrail lookup-events' output or CloudTrail log files. Binds from the pipeline, as text or from a CloudTrailEvent property (the events of AWS.Tools' Find-CTEvent).</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = RecordSet)]
    [Alias("CloudTrailEvent")]
    [AllowEmptyString]
    public string[] EventRecord { get; set; } = [];

    /// <summary>
    /// <para type="description">Only events at or after this time. The lookup defaults to 7 days before -EndTime; CloudTrail's event history keeps 90 days.</para>
    /// </summary>
    [Parameter]
    public DateTime? StartTime { get; set; }

    /// <summary>
    /// <para type="description">Only events at or before this time. The lookup defaults to now.</para>
    /// </summary>
    [Parameter]
    public DateTime? EndTime { get; set; }

    /// <summary>
    /// <para type="description">The regions whose CloudTrail event history is looked up (default: the region of the shell, environment or profile). CloudTrail records Lambda events in the function's region.</para>
    /// </summary>
    [Parameter(ParameterSetName = LookupSet)]
    public string[]? Region { get; set; }

    /// <summary>
    /// <para type="description">Only events of these functions, by name or ARN (wildcards allowed). Binds by property name (FunctionName or FunctionArn) when looking events up, so function objects pipe in.</para>
    /// </summary>
    [Parameter(ParameterSetName = LookupSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = RecordSet)]
    [Alias("FunctionArn")]
    [SupportsWildcards]
    public string[]? FunctionName { get; set; }

    /// <summary>
    /// <para type="description">Keep only events whose grant is at least this exposed (severity order: Public, Unknown, ServiceUnrestricted, CrossAccount, Organization, ServiceRestricted, Account, None). -ExposureAtLeast Public answers who made what public.</para>
    /// </summary>
    [Parameter]
    public ExposureLevel? ExposureAtLeast { get; set; }

    /// <summary>
    /// <para type="description">Also output calls that failed (ErrorCode set): they changed nothing, but show attempts.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter IncludeFailed { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == LookupSet)
        {
            // Functions piped in are gathered; the lookup runs once, for all of them, at the end.
            _functionNames.AddRange(FunctionName ?? []);
            return;
        }

        foreach (var text in EventRecord)
        {
            try
            {
                Emit(CloudTrailRecords.Read(text));
            }
            catch (CloudTrailEventException ex)
            {
                WriteInvalid(ex, text);
            }
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != LookupSet)
        {
            return;
        }

        var end = EndTime?.ToUniversalTime() ?? DateTime.UtcNow;
        var start = StartTime?.ToUniversalTime() ?? end - DefaultWindow;
        var connection = ResolveConnection(Region?.FirstOrDefault());
        var session = connection.CreateSession();
        var regions = Region is { Length: > 0 } ? Region : [connection.Region];
        for (var i = 0; i < regions.Length; i++)
        {
            WriteProgress(new ProgressRecord(1, "Get-LambdaPermissionEvent", $"CloudTrail event history of {regions[i]}, {start:u} to {end:u}") { PercentComplete = i * 100 / regions.Length });
            IReadOnlyList<AwsNode> events;
            try
            {
                events = new CloudTrailApi(session.ForRegion(regions[i]))
                    .LookupEventsAsync(new DateTimeOffset(start), EndTime is null ? null : new DateTimeOffset(end), "EventSource", LambdaPermissionEventReader.EventSource, _cancel.Token)
                    .GetAwaiter().GetResult();
            }
            catch (AwsServiceException ex)
            {
                WriteAwsError(ex, regions[i]);
                continue;
            }

            WriteVerbose($"{regions[i]}: {events.Count} Lambda events from {start:u} to {end:u}.");
            foreach (var item in events)
            {
                var record = item.GetString("CloudTrailEvent");
                try
                {
                    Emit(CloudTrailRecords.Read(record));
                }
                catch (CloudTrailEventException ex)
                {
                    WriteInvalid(ex, record ?? item.GetString("EventId") ?? string.Empty);
                }
            }
        }

        WriteProgress(new ProgressRecord(1, "Get-LambdaPermissionEvent", "Done") { RecordType = ProgressRecordType.Completed });
    }

    protected override void StopProcessing() => _cancel.Cancel();

    public void Dispose() => _cancel.Dispose();

    private void Emit(IReadOnlyList<JsonElement> records)
    {
        foreach (var record in records)
        {
            LambdaPermissionEvent? permissionEvent;
            try
            {
                permissionEvent = LambdaPermissionEventReader.Read(record);
            }
            catch (CloudTrailEventException ex)
            {
                WriteInvalid(ex, record.GetRawText());
                continue;
            }

            if (permissionEvent is not null && Keep(permissionEvent))
            {
                WriteObject(permissionEvent);
            }
        }
    }

    private bool Keep(LambdaPermissionEvent e)
    {
        var functions = ParameterSetName == LookupSet ? _functionNames : (IEnumerable<string>?)FunctionName;
        return (IncludeFailed || e.ErrorCode is null)
            && (StartTime is null || e.EventTime >= StartTime.Value.ToUniversalTime())
            && (EndTime is null || e.EventTime <= EndTime.Value.ToUniversalTime())
            && (ExposureAtLeast is null || e.Exposure.IsAtLeast(ExposureAtLeast.Value))
            && (functions is null || !functions.Any() || functions.Any(pattern => Matches(pattern, e.FunctionName) || Matches(pattern, e.FunctionArn)));
    }

    private static bool Matches(string pattern, string? value) =>
        value is not null && WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase).IsMatch(value);

    private void WriteInvalid(CloudTrailEventException ex, string text)
    {
        var shown = text.Length > 200 ? text.Substring(0, 200) + "..." : text;
        WriteError(new ErrorRecord(
            new CloudTrailEventException($"{ex.Message} Give CloudTrail records or LookupEvents events as JSON; the rest of the input is read on.", ex),
            ErrorIds.CloudTrailEventInvalid,
            ErrorCategory.InvalidData,
            shown));
    }
}
