using System.Collections.Generic;

namespace LambdaSec.Analysis.EntryPoints;

/// <summary>An Application Load Balancer with the listeners that forward to target groups.</summary>
public sealed record LoadBalancerFacts(string Arn, string? Name, string? Scheme, string? WebAclArn, IReadOnlyList<ListenerFacts> Listeners);

public sealed record ListenerFacts(string Arn, int Port, string? Protocol, IReadOnlyList<string> TargetGroupArns);

/// <summary>A target group of target type lambda and the function ARNs registered in it.</summary>
public sealed record TargetGroupFacts(string Arn, IReadOnlyList<string> FunctionArns);
