using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Analysis.Secrets;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Collect;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Finds secrets in Lambda functions' environment variables, deployment packages and layers, showing only a redacted preview.</para>
/// <para type="description">Find-LambdaSecret scans each function's environment variables and, with -IncludeCode, its deployment package (the zip behind GetFunction's code location, downloaded into memory, never to disk) and its layers, for secrets: AWS access keys (a secret key next to its key id), private keys, GitHub, GitLab, Slack, Stripe, Twilio, SendGrid, Google and npm tokens, JWTs, passwords in URLs, and random-looking values of variables or settings whose names suggest a secret (password, secret, token, api_key...). The rules come from gitleaks and detect-secrets (the module's Data/secret-rules.json names each rule's source). Look-alikes are not reported: AWS's documentation example keys, placeholders (changeme, xxx, ${VAR}, {{ var }}), ARNs, UUIDs, lock files and short base64 text.</para>
/// <para type="description">Without -FunctionName (and nothing piped in), every function of the regions asked (-Region, or -AllRegions for the partition) is listed with ListFunctions and its variables are scanned from that listing, one call per page of 50 functions; -IncludeCode then reads each function's package too.</para>
/// <para type="description">Each hit is one object with the function, the Location (the variable's name, or file:line in the package; for layers the layer name and version first), the rule, a Confidence and a Preview that shows at most the first and last four characters. The secret itself is never output, logged or put in an error. Pipe function configurations (Get-LMFunctionList, or 'aws lambda list-functions' through ConvertFrom-Json) to scan their Environment offline; a function given by name only is read with GetFunctionConfiguration. -Path scans a local zip or folder offline. Binary files, lock files and files over 16 MB are skipped; packages over -MaxCodeBytes are not downloaded (error LambdaSec.CodePackageTooLarge).</para>
/// </summary>
/// <example>
/// <code>Get-LMFunctionList | Find-LambdaSecret</code>
/// <para>Scans the environment variables of every function AWS.Tools lists, offline: FunctionName, FunctionArn and Environment bind by property name.</para>
/// </example>
/// <example>
/// <code>Find-LambdaSecret -FunctionName orders, billing -IncludeCode -Region eu-west-1 | Sort-Object Confidence -Descending | Format-Table</code>
/// <para>Reads two functions from AWS and scans their environment variables, deployment packages and layers; the surest hits first.</para>
/// </example>
/// <example>
/// <code>Find-LambdaSecret -AllRegions | Group-Object FunctionArn | Select-Object Name, Count</code>
/// <para>Lists every function of every region of the partition and scans its environment variables; counts the hits per function.</para>
/// </example>
/// <example>
/// <code>Find-LambdaSecret -Path ./build/function.zip, ./src</code>
/// <para>Scans a local deployment package and a source folder before they are deployed; Location is file:line.</para>
/// </example>
[Cmdlet(VerbsCommon.Find, "LambdaSecret", DefaultParameterSetName = FunctionSet)]
[OutputType(typeof(LambdaSecretFinding))]
public sealed class FindLambdaSecretCommand : LambdaSecAwsCmdlet, IDisposable
{
    private const string FunctionSet = "Function";
    private const string PathSet = "Path";
    private const string AllRegionsSet = nameof(AllRegions);

    /// <summary>Lambda's quota for a zip uploaded directly (50 MB); bigger packages come from S3 and are rarer.</summary>
    private const long DefaultMaxCodeBytes = 50L * 1024 * 1024;

    private readonly CancellationTokenSource _cancel = new();
    private CodePackageScanner _packages = new(SecretScanner.Default);
    private CodePackageReader<PackageScanResult>? _zips;
    private int _functions;
    private bool _named;

    /// <summary>
    /// <para type="description">The function's name or ARN. Binds by property name (FunctionName or FunctionArn), so AWS.Tools FunctionConfiguration objects bind. Without it, every function of the regions is scanned.</para>
    /// </summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = FunctionSet)]
    [Alias("FunctionArn")]
    [ValidateNotNullOrEmpty]
    public string[] FunctionName { get; set; } = [];

    /// <summary>
    /// <para type="description">The function's environment: an object with a Variables dictionary (AWS.Tools' EnvironmentResponse, or the Environment of 'aws lambda get-function-configuration' output) or a dictionary of variables. Binds by property name; when given, the variables are scanned offline.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = FunctionSet)]
    [AllowNull]
    public object? Environment { get; set; }

    /// <summary>
    /// <para type="description">The function's layers (Layer objects with an Arn, or layer version ARNs), scanned with -IncludeCode. Binds by property name; when not given, the layers AWS reports are used.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = FunctionSet)]
    [AllowNull]
    [AllowEmptyCollection]
    public object[]? Layers { get; set; }

    /// <summary>
    /// <para type="description">Also download and scan the deployment package and each layer (needs lambda:GetFunction and lambda:GetLayerVersion). Container-image functions have no package to scan.</para>
    /// </summary>
    [Parameter(ParameterSetName = FunctionSet)]
    [Parameter(ParameterSetName = AllRegionsSet)]
    public SwitchParameter IncludeCode { get; set; }

    /// <summary>
    /// <para type="description">Local deployment packages (.zip) or folders to scan, offline.</para>
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>
    /// <para type="description">The largest package or layer zip to download or read, in bytes (default 50 MB, Lambda's direct-upload quota). Larger ones are skipped with the error LambdaSec.CodePackageTooLarge.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, CodePackageScanner.MaxUnzippedBytes)]
    public long MaxCodeBytes { get; set; } = DefaultMaxCodeBytes;

    /// <summary>
    /// <para type="description">The AWS region of the functions (the first one for functions given by name). Binds by property name; defaults to the region in the function ARN, then the usual AWS.Tools resolution. Without -FunctionName, every function of each region given is scanned.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = FunctionSet)]
    [Parameter(ParameterSetName = PathSet)]
    public string[]? Region { get; set; }

    /// <summary>
    /// <para type="description">Scan every function of every region of the partition; regions not enabled for the account are skipped.</para>
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = AllRegionsSet)]
    public SwitchParameter AllRegions { get; set; }

    /// <summary>
    /// <para type="description">The 12-digit account of the functions, carried into the output. Defaults to the account in the function ARN.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = FunctionSet)]
    public string? AccountId { get; set; }

    protected override void BeginProcessing()
    {
        _packages = new CodePackageScanner(SecretScanner.Default);
        _zips = new CodePackageReader<PackageScanResult>(_packages.ScanZip, MaxCodeBytes, "a Lambda deployment package (.zip) or a folder", WriteError, _cancel.Token);
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == PathSet)
        {
            foreach (var path in Path)
            {
                ScanLocal(GetUnresolvedProviderPathFromPSPath(path));
            }

            return;
        }

        _named |= FunctionName.Length > 0;
        foreach (var name in FunctionName)
        {
            ScanFunction(name);
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != PathSet && !_named)
        {
            ScanEveryFunction();
        }

        if (_functions > 0)
        {
            WriteProgress(new ProgressRecord(1, "Find-LambdaSecret", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    protected override void StopProcessing() => _cancel.Cancel();

    public void Dispose() => _cancel.Dispose();

    /// <summary>A listed function, handed from a region's worker to the pipeline thread with its hits only.</summary>
    internal override void WriteCollected(object item)
    {
        if (item is not ListedFunction listed)
        {
            return;
        }

        var subject = FromConfiguration(new Subject(null, null, null, listed.Session.AccountId, "Environment"), listed.FunctionName, listed.FunctionArn, listed.Session.Region);
        Emit(subject, listed.Hits.Select(h => (h.Variable ?? string.Empty, h)));
        if (IncludeCode)
        {
            WriteProgress(new ProgressRecord(1, "Find-LambdaSecret", $"Reading the code of {subject.FunctionName}") { PercentComplete = -1 });
            _functions++;
            try
            {
                var lambda = new LambdaApi(listed.Session);
                var answer = lambda.GetFunctionAsync(listed.FunctionArn, null, _cancel.Token).GetAwaiter().GetResult();
                ScanCode(subject, answer, answer.Get("Configuration") ?? answer, lambda);
            }
            catch (AwsServiceException ex)
            {
                WriteAwsError(ex, subject.FunctionName);
            }
        }
    }

    /// <summary>Every function of the regions asked: one ListFunctions listing per region, variables scanned from it in memory.</summary>
    private void ScanEveryFunction()
    {
        var connection = ResolveConnection(Region?.FirstOrDefault());
        var regions = AwsRegions.Select(AllRegions, Region, connection.Region);
        using var bridge = new PipelineBridge();
        bridge.Run(this, token => RegionFanOut.RunAsync(connection.CreateSession(), regions, [], AllRegions, bridge, (session, _) => ListRegionAsync(session, bridge, token), token), _cancel.Token);
    }

    private static async Task ListRegionAsync(AwsSession session, ICollectorSink sink, CancellationToken token)
    {
        var activity = $"Find-LambdaSecret {session.AccountId} {session.Region}";
        sink.Progress(activity, "Listing functions", 0, 1);
        var (functions, hits) = await EnvironmentSecrets.ListAsync(new LambdaApi(session), token).ConfigureAwait(false);
        foreach (var function in functions)
        {
            sink.Result(new ListedFunction(session, function.FunctionName, function.FunctionArn, EnvironmentSecrets.Of(hits, function)));
        }

        sink.Progress(activity, $"{functions.Count} functions", 1, 1);
    }

    private void ScanLocal(string path)
    {
        var subject = new Subject(null, null, null, null, "Path");
        if (Directory.Exists(path))
        {
            Report(subject, _packages.ScanFolder(path), path, string.Empty);
            return;
        }

        if (_zips!.ReadFile(path) is { } result)
        {
            Report(subject, result, path, string.Empty);
        }
    }

    private void ScanFunction(string name)
    {
        var arn = LambdaFunctionArn.TryParse(name);
        var subject = new Subject(arn?.FunctionName ?? name, arn?.Arn, Region?.FirstOrDefault() ?? arn?.Region, AccountId ?? arn?.AccountId, "Environment");
        var offlineEnvironment = MyInvocation.BoundParameters.ContainsKey(nameof(Environment));
        if (offlineEnvironment)
        {
            Emit(subject, SecretScanner.Default.ScanVariables(PipelineShape.Variables(Environment)).Select(h => (h.Variable ?? string.Empty, h)));
            if (!IncludeCode) return;
        }

        WriteProgress(new ProgressRecord(1, "Find-LambdaSecret", $"Reading {subject.FunctionName}") { PercentComplete = -1 });
        _functions++;
        try
        {
            var session = SessionFor(subject.Region);
            var lambda = new LambdaApi(session);
            // GetFunction answers the configuration and the code location in one call; without -IncludeCode the
            // configuration alone will do. Both are read raw: the typed shape keeps variable names only, by design.
            var answer = IncludeCode ? lambda.GetFunctionAsync(name).GetAwaiter().GetResult() : null;
            var configuration = answer?.Get("Configuration") ?? session.SendAsync(LambdaApi.GetFunctionConfiguration, AwsInput.Of("FunctionName", name)).GetAwaiter().GetResult();
            subject = FromConfiguration(subject, configuration.GetString("FunctionName"), configuration.GetString("FunctionArn"), session.Region);
            if (!offlineEnvironment)
            {
                Emit(subject, EnvironmentSecrets.Scan(configuration).Select(h => (h.Variable ?? string.Empty, h)));
            }

            if (answer is not null)
            {
                ScanCode(subject, answer, configuration, lambda);
            }
        }
        catch (AwsServiceException ex)
        {
            WriteAwsError(ex, subject.FunctionName);
        }
    }

    private void ScanCode(Subject subject, AwsNode answer, AwsNode configuration, LambdaApi lambda)
    {
        var code = answer.Get("Code");
        if (code?.GetString("Location") is { Length: > 0 } location)
        {
            if (_zips!.DownloadAsync(location, subject.FunctionName!).GetAwaiter().GetResult() is { } package)
            {
                Report(subject with { Source = "Code" }, package, subject.FunctionName!, string.Empty);
            }
        }
        else
        {
            WriteVerbose($"{subject.FunctionName} has no code package to scan (PackageType {configuration.GetString("PackageType") ?? "unknown"}).");
        }

        var layerArns = MyInvocation.BoundParameters.ContainsKey(nameof(Layers))
            ? PipelineShape.LayerArns(Layers)
            : configuration.GetList("Layers").Select(l => l.GetString("Arn")).Where(a => a is not null).Select(a => a!).ToList();
        foreach (var layerArn in layerArns)
        {
            if (_zips!.LayerAsync(lambda, layerArn).GetAwaiter().GetResult() is { } result)
            {
                Report(subject with { Source = "Layer" }, result, layerArn, LayerPrefix(layerArn));
            }
        }
    }

    private void Report(Subject subject, PackageScanResult result, string target, string prefix)
    {
        WriteVerbose($"{target}: {result.FilesScanned} files scanned, {result.Skipped.Count} skipped{(result.Skipped.Count > 0 ? ": " + string.Join(", ", result.Skipped.Take(20)) : string.Empty)}.");
        if (result.Truncated)
        {
            WriteWarning($"{target} unzips to more than {CodePackageScanner.MaxUnzippedBytes / (1024 * 1024)} MB (Lambda's limit); the files after that point were not scanned.");
        }

        Emit(subject, result.Hits.Select(h => (prefix + h.Location, h.Hit)));
    }

    private void Emit(Subject subject, IEnumerable<(string Location, SecretHit Hit)> hits)
    {
        foreach (var (location, hit) in hits)
        {
            WriteObject(new LambdaSecretFinding
            {
                FunctionName = subject.FunctionName,
                FunctionArn = subject.FunctionArn,
                Region = subject.Region,
                AccountId = subject.AccountId,
                Source = subject.Source,
                Location = location,
                RuleId = hit.RuleId,
                Description = hit.Description,
                Preview = hit.Preview,
                Confidence = hit.Confidence,
            });
        }
    }

    private static Subject FromConfiguration(Subject subject, string? functionName, string? functionArn, string region)
    {
        var arn = LambdaFunctionArn.TryParse(functionArn);
        return subject with
        {
            FunctionName = functionName ?? subject.FunctionName,
            FunctionArn = arn?.Arn ?? subject.FunctionArn,
            Region = subject.Region ?? arn?.Region ?? region,
            AccountId = subject.AccountId ?? arn?.AccountId,
        };
    }

    /// <summary>"name:version/" of a layer version ARN (arn:aws:lambda:region:account:layer:name:version).</summary>
    private static string LayerPrefix(string layerArn)
    {
        var parts = layerArn.Split(':');
        return parts.Length >= 8 ? $"{parts[6]}:{parts[7]}/" : layerArn + "/";
    }

    private sealed record ListedFunction(AwsSession Session, string FunctionName, string FunctionArn, IReadOnlyList<SecretHit> Hits);

    private sealed record Subject(string? FunctionName, string? FunctionArn, string? Region, string? AccountId, string Source);
}
