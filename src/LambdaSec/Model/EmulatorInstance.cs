using System;

namespace LambdaSec.Model;

/// <summary>A running LambdaSec emulator (Start-LambdaSecEmulator): where it listens and which process it is.</summary>
public sealed class EmulatorInstance
{
    public string EndpointUrl { get; init; } = string.Empty;

    public int Port { get; init; }

    public int ProcessId { get; init; }

    /// <summary>The scenario file it loaded, or the --generate spec; null for an empty estate.</summary>
    public string? Estate { get; init; }

    public DateTime StartedAt { get; init; }

    public override string ToString() => EndpointUrl;
}
