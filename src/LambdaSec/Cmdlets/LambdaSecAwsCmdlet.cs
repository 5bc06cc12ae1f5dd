using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using LambdaSec.Aws;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// Base of every AWS-calling cmdlet: the AWS.Tools common parameters, resolution of credentials, region and
/// endpoints (logic in <see cref="AwsConnectionResolver"/>), and the mapping of AWS failures to error records.
/// Each cmdlet declares its own -Region (string or string[], with its own pipeline binding) and passes it in.
/// </summary>
public abstract class LambdaSecAwsCmdlet : PSCmdlet
{
    private readonly Dictionary<string, AwsSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>
    /// <para type="description">The name of an AWS profile in the shared credentials/config files (or the AWS.Tools SDK store), including SSO and role_arn/source_profile profiles. Its region is used when -Region is not given.</para>
    /// </summary>
    [Parameter]
    [Alias("StoredCredentials", "AWSProfileName")]
    public string? ProfileName { get; set; }

    /// <summary>
    /// <para type="description">The path of the shared credentials file that holds -ProfileName, when it is not the default (~/.aws/credentials, or AWS_SHARED_CREDENTIALS_FILE).</para>
    /// </summary>
    [Parameter]
    [Alias("AWSProfilesLocation", "ProfilesLocation")]
    public string? ProfileLocation { get; set; }

    /// <summary>
    /// <para type="description">Credentials to use: an AWSCredentials object (as AWS.Tools' Get-AWSCredential returns) or a PSCredential whose user name is the access key id and whose password is the secret access key.</para>
    /// </summary>
    [Parameter]
    public object? Credential { get; set; }

    /// <summary>
    /// <para type="description">The access key id of the credentials to use; give -SecretKey too (and -SessionToken for temporary keys).</para>
    /// </summary>
    [Parameter]
    public string? AccessKey { get; set; }

    /// <summary>
    /// <para type="description">The secret access key that goes with -AccessKey.</para>
    /// </summary>
    [Parameter]
    public string? SecretKey { get; set; }

    /// <summary>
    /// <para type="description">The session token of temporary credentials given with -AccessKey and -SecretKey.</para>
    /// </summary>
    [Parameter]
    public string? SessionToken { get; set; }

    /// <summary>
    /// <para type="description">Sends every AWS call of this cmdlet to this URL instead of AWS's public endpoints (for example the LambdaSec emulator or LocalStack). AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_&lt;SERVICE&gt; are honoured when it is not given.</para>
    /// </summary>
    [Parameter]
    public string? EndpointUrl { get; set; }

    /// <summary>
    /// <para type="description">Allows an endpoint URL with plain http to a host other than this computer (loopback). Without it such a URL is refused (LambdaSec.InsecureEndpoint), because the signed requests and any session token would travel in clear. LAMBDASEC_ALLOW_INSECURE_ENDPOINT=true does the same for a whole session.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter AllowInsecureEndpoint { get; set; }

    /// <summary>
    /// Resolves credentials, region and endpoints; a missing piece is a terminating error that says how to provide it.
    /// <paramref name="inputRegion"/> is the region the input names (a function ARN), used only when no parameter,
    /// shell default, environment or profile names one.
    /// </summary>
    protected AwsConnection ResolveConnection(string? region, string? inputRegion = null) => ResolveConnection(region, inputRegion, null, null);

    /// <summary>
    /// A second connection with other credentials than the cmdlet's (e.g. -OrganizationCredential: the management
    /// account's, to read the organization's policies) and the same region and endpoints. <paramref name="credential"/>
    /// is an AWSCredentials object, a PSCredential (access key id and secret access key) or a profile name.
    /// </summary>
    protected AwsConnection ResolveConnection(string? region, object credential, string parameterName) => ResolveConnection(region, null, credential, parameterName);

    private AwsConnection ResolveConnection(string? region, string? inputRegion, object? otherCredential, string? otherParameter)
    {
        if (SessionState.PSVariable.GetValue("PSVersionTable") is System.Collections.IDictionary host)
        {
            AwsUserAgent.SetHost(host["PSEdition"]?.ToString(), host["PSVersion"]?.ToString());
        }

        // An empty key is a mistake (an unset variable, a failed lookup): falling through to other credentials could act as someone else.
        foreach (var (name, value) in new[] { (nameof(AccessKey), AccessKey), (nameof(SecretKey), SecretKey), (nameof(SessionToken), SessionToken) })
        {
            if (value is not null && value.Trim().Length == 0)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException($"-{name} is empty. Pass the key itself, or leave -{name} out to use -ProfileName, the shell's credentials or the environment.", name),
                    ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, name));
            }
        }

        var other = otherParameter is not null;
        var options = new AwsConnectionOptions
        {
            ProfileName = other ? null : ProfileName,
            ProfileLocation = ProfileLocation is null ? null : GetUnresolvedProviderPathFromPSPath(ProfileLocation),
            AccessKey = other ? null : AccessKey,
            SecretKey = other ? null : SecretKey,
            SessionToken = other ? null : SessionToken,
            Region = region,
            InputRegion = inputRegion,
            EndpointUrl = EndpointUrl,
            AllowInsecureEndpoint = AllowInsecureEndpoint,
            StoredCredentials = other ? null : Unwrap(SessionState.PSVariable.GetValue("StoredAWSCredentials")),
            StoredRegion = Unwrap(SessionState.PSVariable.GetValue("StoredAWSRegion"))?.ToString(),
        };
        switch (Unwrap(other ? otherCredential : Credential))
        {
            case null: break;
            case AWSCredentials credentials: options.Credentials = credentials; break;
            case PSCredential psCredential: options.Credentials = new BasicAWSCredentials(psCredential.UserName, psCredential.GetNetworkCredential().Password); break;
            case string profile when other && profile.Trim().Length > 0: options.ProfileName = profile; break;
            default:
                var name = otherParameter ?? nameof(Credential);
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException($"-{name} takes an AWSCredentials object (Get-AWSCredential) or a PSCredential of access key id and secret access key{(other ? ", or the name of an AWS profile" : string.Empty)}."),
                    ErrorIds.NoCredentials, ErrorCategory.InvalidArgument, name));
                break;
        }

        try
        {
            var connection = AwsConnectionResolver.Resolve(options);
            WriteVerbose($"AWS credentials from {connection.CredentialSource}; region {connection.Region} from {connection.RegionSource}.");
            return connection;
        }
        catch (AwsConfigurationException ex)
        {
            var category = ex.ErrorId is ErrorIds.NoRegion or ErrorIds.InsecureEndpoint or ErrorIds.InvalidEndpointUrl or ErrorIds.UnknownRegion ? ErrorCategory.InvalidArgument : ErrorCategory.AuthenticationError;
            ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, category, null));
            throw;
        }
    }

    /// <summary>
    /// Runs collectors through <paramref name="bridge"/>; a failure of the run as a whole (the caller-identity call: no
    /// endpoint, no access) is a terminating error with its stable id and category, not a raw exception.
    /// </summary>
    internal void RunCollectors(PipelineBridge bridge, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        try
        {
            bridge.Run(this, work, cancellationToken);
        }
        catch (AwsServiceException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, CategoryOf(ex.ErrorId), null));
        }
    }

    /// <summary>One session per region for the whole run (resolved on first use), for cmdlets that read functions one by one.</summary>
    protected AwsSession SessionFor(string? region)
    {
        var key = region ?? string.Empty;
        if (!_sessions.TryGetValue(key, out var session))
        {
            session = ResolveConnection(region).CreateSession();
            _sessions[key] = session;
        }

        return session;
    }

    /// <summary>
    /// Writes a failed AWS call for one resource as a non-terminating error with its stable id; the run goes on. The
    /// message shown is neutralised (<see cref="DisplayText"/>), since it quotes the endpoint's own error text.
    /// </summary>
    protected void WriteAwsError(AwsServiceException exception, object? target) =>
        WriteError(new ErrorRecord(exception, exception.ErrorId, CategoryOf(exception.ErrorId), target) { ErrorDetails = new ErrorDetails(DisplayText.Neutralise(exception.Message)) });

    /// <summary>For <see cref="PipelineBridge"/>: what collectors found, written on the pipeline thread.</summary>
    internal virtual void WriteCollected(object item) => WriteObject(item);

    internal void WriteAwsErrorFor(AwsServiceException exception, string target) => WriteAwsError(exception, target);

    private static ErrorCategory CategoryOf(string errorId) => errorId switch
    {
        ErrorIds.AccessDenied or ErrorIds.OrganizationsAccessDenied => ErrorCategory.PermissionDenied,
        ErrorIds.OrganizationsNotInUse => ErrorCategory.InvalidOperation,
        ErrorIds.ResourceNotFound => ErrorCategory.ObjectNotFound,
        ErrorIds.Throttled => ErrorCategory.LimitsExceeded,
        ErrorIds.PreconditionFailed => ErrorCategory.ResourceBusy,
        ErrorIds.AwsConnectionFailed => ErrorCategory.ConnectionError,
        ErrorIds.NoCredentials => ErrorCategory.AuthenticationError,
        ErrorIds.OperationNotSupported => ErrorCategory.NotImplemented,
        ErrorIds.EndpointRedirected => ErrorCategory.ConnectionError,
        _ => ErrorCategory.NotSpecified,
    };

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
