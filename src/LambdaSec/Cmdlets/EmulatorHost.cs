using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// Starts and stops emulator processes for Start-/Stop-LambdaSecEmulator. The emulator is the framework-dependent
/// build under the module's Emulator folder, run with 'dotnet'; it prints its address as its first line.
/// </summary>
internal static class EmulatorHost
{
    private static readonly Regex Listening = new(@"^LambdaSec\.Emulator listening on (http://127\.0\.0\.1:(\d+))$", RegexOptions.CultureInvariant);
    private static readonly ConcurrentDictionary<int, (Process Process, EmulatorInstance Instance)> Running = new();

    public static string DllPath(string moduleBase) => Path.Combine(moduleBase, "Emulator", "LambdaSec.Emulator.dll");

    /// <summary>A scenario name (demo) resolves to the file shipped with the emulator; anything else is a path.</summary>
    public static string? BundledScenario(string moduleBase, string name)
    {
        var path = Path.Combine(moduleBase, "Emulator", "Scenarios", name + ".json");
        return File.Exists(path) ? path : null;
    }

    public static EmulatorInstance Start(string dll, IReadOnlyList<string> arguments, string? estate, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            Arguments = string.Join(" ", new[] { dll }.Concat(arguments).Select(Quote)),
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("'dotnet' could not be started.");
        using var ready = new ManualResetEventSlim();
        string? first = null;
        var errors = new List<string>();
        // Both streams are drained for the life of the process, or a full pipe would block the emulator.
        process.OutputDataReceived += (_, e) =>
        {
            if (first is null && e.Data is not null)
            {
                first = e.Data;
                ready.Set();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.Add(e.Data);
                }
            }
        };
        process.Exited += (_, _) => ready.Set();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (!ready.Wait(timeout) || first is null || Listening.Match(first) is not { Success: true } match)
        {
            Kill(process);
            lock (errors)
            {
                throw new InvalidOperationException($"The emulator did not start: {(first ?? string.Join(Environment.NewLine, errors)).Trim()}");
            }
        }

        var instance = new EmulatorInstance
        {
            EndpointUrl = match.Groups[1].Value,
            Port = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
            ProcessId = process.Id,
            Estate = estate,
            StartedAt = DateTime.UtcNow,
        };
        Running[process.Id] = (process, instance);
        return instance;
    }

    /// <summary>The emulators this session started and that still run.</summary>
    public static IEnumerable<int> RunningIds() => Running.Keys;

    /// <summary>Stops an emulator this session started and returns it; null when there is none with that id.</summary>
    public static EmulatorInstance? Stop(int processId)
    {
        if (!Running.TryRemove(processId, out var running))
        {
            return null;
        }

        Kill(running.Process);
        return running.Instance;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(10000);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended on its own between the check and the kill.
        }

        process.Dispose();
    }

    private static string Quote(string value) => value.IndexOfAny([' ', '"']) < 0 ? value : "\"" + value.Replace("\"", "\\\"") + "\"";
}
