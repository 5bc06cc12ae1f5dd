using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws.Clients;
using LambdaSec.Model;

namespace LambdaSec.Collect;

/// <summary>
/// Reads the zips of functions and layers for the cmdlets that look inside them (Find-LambdaSecret,
/// Find-LambdaVulnerability): each is downloaded into memory under a size cap (or read from a local regular file)
/// and handed to the cmdlet's reader; a layer version is read once per run, however many functions use it.
/// A download that fails, a zip over the cap or a file that is not a zip is one error (CodeDownloadFailed,
/// CodePackageTooLarge, CodePackageInvalid) naming the target, never the presigned URL, and the run goes on.
/// </summary>
/// <typeparam name="T">What the cmdlet's reader makes of one zip.</typeparam>
public sealed class CodePackageReader<T>
    where T : class
{
    private readonly Func<Stream, T> _read;
    private readonly long _maxBytes;
    private readonly string _expected;
    private readonly Action<ErrorRecord> _writeError;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, T?> _layers = new(StringComparer.Ordinal);

    /// <param name="read">Reads one zip (seekable, in memory); throws <see cref="InvalidDataException"/> for a file that is not a zip.</param>
    /// <param name="maxBytes">The largest zip downloaded or read (the cmdlet's -MaxCodeBytes).</param>
    /// <param name="expected">What the cmdlet reads, for the errors' advice, e.g. "a Lambda deployment package (.zip) or a folder".</param>
    /// <param name="writeError">Where errors go: the cmdlet's WriteError on the pipeline thread, or a worker's sink. One reader serves one thread at a time.</param>
    /// <param name="cancellationToken">Stops a download when the cmdlet is stopped.</param>
    public CodePackageReader(Func<Stream, T> read, long maxBytes, string expected, Action<ErrorRecord> writeError, CancellationToken cancellationToken)
    {
        _read = read;
        _maxBytes = maxBytes;
        _expected = expected;
        _writeError = writeError;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The zip at a presigned code location, read; null after an error.</summary>
    public async Task<T?> DownloadAsync(string location, string target)
    {
        try
        {
            using var zip = await CodeDownloader.DownloadAsync(location, _maxBytes, _cancellationToken).ConfigureAwait(false);
            return zip is null ? TooLarge(target) : Read(zip, target);
        }
        catch (HttpRequestException ex)
        {
            // The message names the target, never the presigned URL: its signature grants access to the code.
            _writeError(new ErrorRecord(
                new HttpRequestException($"The code of {target} could not be downloaded: {ex.Message}. Check the network and run again.", ex),
                ErrorIds.CodeDownloadFailed,
                ErrorCategory.ConnectionError,
                target));
            return null;
        }
    }

    /// <summary>A layer version's zip (GetLayerVersionByArn's content location), downloaded and read once per run; null after an error or for a layer without content.</summary>
    public async Task<T?> LayerAsync(LambdaApi lambda, string layerArn)
    {
        if (!_layers.TryGetValue(layerArn, out var layer))
        {
            var version = await lambda.GetLayerVersionByArnAsync(layerArn, _cancellationToken).ConfigureAwait(false);
            layer = version.Get("Content")?.GetString("Location") is { Length: > 0 } location ? await DownloadAsync(location, layerArn).ConfigureAwait(false) : null;
            _layers[layerArn] = layer;
        }

        return layer;
    }

    /// <summary>A local zip: a regular file of at most the cap, read; null after an error.</summary>
    public T? ReadFile(string path)
    {
        string? reason;
        try
        {
            reason = LocalFile.NotRegularReason(path);
        }
        catch (FileNotFoundException)
        {
            _writeError(new ErrorRecord(
                new FileNotFoundException($"'{path}' does not exist. Give {_expected} with -Path."),
                ErrorIds.SecretScanPathNotFound,
                ErrorCategory.ObjectNotFound,
                path));
            return null;
        }

        if (reason is not null)
        {
            _writeError(new ErrorRecord(
                new IOException($"'{path}' was not read: {reason}. Give {_expected} with -Path."),
                ErrorIds.SecretScanPathNotFound,
                ErrorCategory.InvalidArgument,
                path));
            return null;
        }

        if (new FileInfo(path).Length > _maxBytes)
        {
            return TooLarge(path);
        }

        using var zip = new MemoryStream(LocalFile.ReadBytes(path, _maxBytes));
        return Read(zip, path);
    }

    private T? Read(Stream zip, string target)
    {
        try
        {
            return _read(zip);
        }
        catch (InvalidDataException ex)
        {
            _writeError(new ErrorRecord(
                new InvalidDataException($"{target} is not a readable zip archive ({ex.Message}). Give {_expected}.", ex),
                ErrorIds.CodePackageInvalid,
                ErrorCategory.InvalidData,
                target));
            return null;
        }
    }

    private T? TooLarge(string target)
    {
        _writeError(new ErrorRecord(
            new InvalidOperationException($"{target} is larger than -MaxCodeBytes ({_maxBytes} bytes) and was not read. Raise -MaxCodeBytes to read it."),
            ErrorIds.CodePackageTooLarge,
            ErrorCategory.LimitsExceeded,
            target));
        return null;
    }
}
