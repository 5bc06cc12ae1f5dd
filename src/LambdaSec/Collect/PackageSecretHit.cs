using LambdaSec.Analysis.Secrets;

namespace LambdaSec.Collect;

/// <summary>A secret found in one file of a deployment package, layer or folder.</summary>
public sealed class PackageSecretHit
{
    public PackageSecretHit(string path, SecretHit hit)
    {
        Path = path;
        Hit = hit;
    }

    /// <summary>The file's path inside the package, with forward slashes.</summary>
    public string Path { get; }

    public SecretHit Hit { get; }

    /// <summary>file:line, the Location Find-LambdaSecret reports.</summary>
    public string Location => $"{Path}:{Hit.Line}";
}
