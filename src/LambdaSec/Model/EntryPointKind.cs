namespace LambdaSec.Model;

/// <summary>A front door that invokes a function on behalf of callers.</summary>
public enum EntryPointKind
{
    RestApi,
    HttpApi,
    LoadBalancer,
}
