namespace LambdaSec.Aws;

/// <summary>One request-rate quota: requests per second per account and region, its burst, and where the figure comes from.</summary>
public sealed class ControlPlaneQuota
{
    public ControlPlaneQuota(string service, string rateClass, double rate, double burst, string source)
    {
        Service = service;
        RateClass = rateClass;
        Rate = rate;
        Burst = burst;
        Source = source;
    }

    public string Service { get; }

    public string RateClass { get; }

    public double Rate { get; }

    public double Burst { get; }

    public string Source { get; }
}
