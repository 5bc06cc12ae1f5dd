using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using LambdaSec.Analysis.Suppressions;
using LambdaSec.Collect;
using LambdaSec.Model;
using LambdaSec.Reports;

namespace LambdaSec.Cmdlets;

/// <summary>
/// The files a daily audit reads besides AWS: a suppression file (-SuppressionPath) and JSON reports (-BaselinePath,
/// Compare-LambdaSecAudit). Each bad file stops the cmdlet with a terminating error naming it (and the line), since
/// an audit that half-read its accepted risks or its baseline would report the wrong things.
/// </summary>
internal static class AuditFileLoader
{
    /// <summary>Bigger files are refused before they are read (a report of 100,000 findings is about 200 MB).</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>The suppression file, or <see cref="SuppressionSet.Empty"/> when no path is given; warns once per expired entry.</summary>
    public static SuppressionSet LoadSuppressions(PSCmdlet cmdlet, string? path, DateTime asOf)
    {
        if (string.IsNullOrEmpty(path))
        {
            return SuppressionSet.Empty;
        }

        var file = Resolve(cmdlet, path!, ErrorIds.SuppressionFileNotFound, "a suppression file (YAML or JSON, see docs/daily-audit.md)");
        SuppressionSet set;
        try
        {
            set = SuppressionReader.ReadFile(LocalFile.ReadText(file, MaxBytes), file);
        }
        catch (SuppressionException ex)
        {
            throw Stop(cmdlet, new InvalidDataException($"The suppression file is not valid; nothing was audited. Fix these lines:{Environment.NewLine}{ex.Message}", ex), ErrorIds.SuppressionInvalid, ErrorCategory.InvalidData, file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Stop(cmdlet, new InvalidDataException($"The suppression file '{file}' cannot be read: {ex.Message}", ex), ErrorIds.SuppressionInvalid, ErrorCategory.ReadError, file);
        }

        WarnExpired(cmdlet, set, asOf);
        return set;
    }

    /// <summary>Warns once per entry whose expiry date has passed: it no longer suppresses.</summary>
    public static void WarnExpired(PSCmdlet cmdlet, SuppressionSet set, DateTime asOf)
    {
        foreach (var entry in set.Expired(asOf))
        {
            cmdlet.WriteWarning($"Suppression {entry.Source} expired on {entry.Expires:yyyy-MM-dd}; it no longer suppresses {entry.Describe()}. Renew its 'expires' date after a review, or remove it.");
        }
    }

    /// <summary>The JSON reports at <paramref name="paths"/> (shards of one audit may be several files).</summary>
    public static IReadOnlyList<FindingReport> LoadReports(PSCmdlet cmdlet, IEnumerable<string> paths) =>
        paths.Select(path =>
        {
            var file = Resolve(cmdlet, path, ErrorIds.FindingReportInvalid, "a JSON report written by Export-LambdaSecReport -Format Json");
            try
            {
                using var stream = LocalFile.OpenRead(file, MaxBytes);
                return JsonReportReader.Read(stream);
            }
            catch (JsonException ex)
            {
                throw Stop(cmdlet, new InvalidDataException($"{file}:{(ex.LineNumber ?? 0) + 1}: it is not a LambdaSec JSON report ({ex.Message}). Pass files written by Export-LambdaSecReport -Format Json.", ex), ErrorIds.FindingReportInvalid, ErrorCategory.InvalidData, file);
            }
            catch (FormatException ex)
            {
                throw Stop(cmdlet, new InvalidDataException($"{file}: {ex.Message}", ex), ErrorIds.FindingReportInvalid, ErrorCategory.InvalidData, file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw Stop(cmdlet, new InvalidDataException($"The report '{file}' cannot be read: {ex.Message}", ex), ErrorIds.FindingReportInvalid, ErrorCategory.ReadError, file);
            }
        }).ToList();

    /// <summary>
    /// The full path of an existing regular file no bigger than <see cref="MaxBytes"/>, else a terminating error: a FIFO
    /// or a device (or a link to one) is never opened (docs/hostile-input.md).
    /// </summary>
    private static string Resolve(PSCmdlet cmdlet, string path, string notFoundId, string what)
    {
        var file = cmdlet.GetUnresolvedProviderPathFromPSPath(path);
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            throw Stop(cmdlet, new FileNotFoundException($"'{file}' does not exist or is not a regular file. Pass the path of {what}.", file), notFoundId, ErrorCategory.ObjectNotFound, file);
        }

        if (LocalFile.NotRegularReason(file) is { } reason)
        {
            throw Stop(cmdlet, new IOException($"'{file}' was not read: {reason}. Pass the path of {what}."), notFoundId, ErrorCategory.InvalidArgument, file);
        }

        if (info.Length > MaxBytes)
        {
            throw Stop(cmdlet, new InvalidDataException($"'{file}' is {info.Length} bytes, more than LambdaSec reads ({MaxBytes}). Pass {what}."), notFoundId, ErrorCategory.LimitsExceeded, file);
        }

        return file;
    }

    /// <summary>Stops the cmdlet; returns an exception only so callers can write 'throw' for the compiler.</summary>
    private static Exception Stop(PSCmdlet cmdlet, Exception exception, string errorId, ErrorCategory category, string target)
    {
        cmdlet.ThrowTerminatingError(new ErrorRecord(exception, errorId, category, target));
        return new InvalidOperationException("ThrowTerminatingError returned.");
    }
}
