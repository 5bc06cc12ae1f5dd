using System.Collections.Generic;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Audit;

/// <summary>Turns one <see cref="LambdaExposure"/> into findings: policy levels, function URL, entry points without auth or WAF.</summary>
public static class ExposureFindings
{
    public static IEnumerable<LambdaSecFinding> Evaluate(LambdaExposure exposure)
    {
        var subject = new FindingSubject(exposure.AccountId, exposure.Region, exposure.FunctionArn, exposure.FunctionName);
        var target = Target(exposure);
        foreach (var finding in PolicyFindings(exposure, subject, target))
        {
            yield return finding;
        }

        if (exposure.FunctionUrl is { } url)
        {
            if (url.IsPubliclyReachable)
            {
                yield return AuditRules.PublicUrl.Finding(subject, $"{url.Url} has AuthType NONE. {url.Note}", $"Set-LambdaFunctionUrlAuth {target} -AuthType AWS_IAM");
            }

            if (url.CorsAllowCredentials && url.CorsAllowOrigins.Contains("*"))
            {
                yield return AuditRules.UrlCors.Finding(subject, $"{url.Url} CORS allows origin * with credentials.", "List the allowed origins explicitly in the function URL's CORS configuration (aws lambda update-function-url-config --cors).");
            }
            else if (url.CorsAllowOrigins.Contains("*"))
            {
                yield return AuditRules.UrlCorsAnyOrigin.Finding(subject, $"{url.Url} CORS allows origin * (without credentials): any web site's scripts may call the URL from a visitor's browser and read the answers.", $"List the origins that call the URL: aws lambda update-function-url-config --function-name {exposure.FunctionName} --cors AllowOrigins=https://app.example.com.");
            }
        }

        foreach (var finding in EntryPointFindings(exposure))
        {
            yield return finding;
        }
    }

    private static IEnumerable<LambdaSecFinding> PolicyFindings(LambdaExposure exposure, FindingSubject subject, string target)
    {
        var byLevel = exposure.Statements.Where(s => s.Exposure != ExposureLevel.None).ToLookup(s => s.Exposure);
        string Sids(ExposureLevel level) => string.Join(", ", byLevel[level].Select(s => $"'{s.Sid}'"));

        if (byLevel.Contains(ExposureLevel.Public))
        {
            yield return AuditRules.PublicPolicy.Finding(subject, $"Statement {Sids(ExposureLevel.Public)}: {byLevel[ExposureLevel.Public].First().Reason}", $"Get-LambdaExposure {target} | Remove-LambdaPublicPermission");
        }

        if (byLevel.Contains(ExposureLevel.ServiceUnrestricted))
        {
            yield return AuditRules.ConfusedDeputy.Finding(subject, $"Statement {Sids(ExposureLevel.ServiceUnrestricted)}: {byLevel[ExposureLevel.ServiceUnrestricted].First().Reason}", $"Get-LambdaExposure {target} | Remove-LambdaPublicPermission -Exposure ServiceUnrestricted, then re-add the permission with --source-account (aws lambda add-permission).");
        }

        if (byLevel.Contains(ExposureLevel.CrossAccount))
        {
            yield return AuditRules.CrossAccount.Finding(subject, $"Accounts {string.Join(", ", exposure.ExternalAccounts)} may invoke (statement {Sids(ExposureLevel.CrossAccount)}).", $"Confirm the accounts are trusted; otherwise: Get-LambdaExposure {target} | Remove-LambdaPublicPermission -Exposure CrossAccount");
        }

        if (exposure.Exposure == ExposureLevel.Unknown || byLevel.Contains(ExposureLevel.Unknown))
        {
            var reason = byLevel[ExposureLevel.Unknown].Select(s => s.Reason).FirstOrDefault() ?? string.Join("; ", exposure.Unknowns);
            yield return AuditRules.UnknownPolicy.Finding(subject, reason, "Read the policy (Get-LMPolicy) and rewrite the statements LambdaSec cannot evaluate.");
        }
    }

    private static IEnumerable<LambdaSecFinding> EntryPointFindings(LambdaExposure exposure)
    {
        foreach (var group in exposure.EntryPoints.GroupBy(e => (e.Kind, e.ResourceArn ?? e.Id, e.Stage)))
        {
            var first = group.First();
            var subject = new FindingSubject(exposure.AccountId, exposure.Region, first.ResourceArn ?? first.Id, exposure.FunctionName);
            var routes = string.Join(", ", group.Select(e => e.Route).Distinct());
            if (first.Kind == EntryPointKind.HttpApi)
            {
                yield return AuditRules.HttpApiWithoutWaf.Finding(subject, $"HTTP API {first.Name ?? first.Id} stage {first.Stage} ({routes}) invokes {exposure.FunctionName}; AWS WAF cannot be associated with HTTP APIs.", "Put Amazon CloudFront with an AWS WAF web ACL in front of the API, or move the routes to a REST API with a WAF.");
            }
            else if (!first.HasWaf && (first.Kind != EntryPointKind.LoadBalancer || first.Scheme != "internal"))
            {
                var rule = first.Kind == EntryPointKind.RestApi ? AuditRules.RestApiWithoutWaf : AuditRules.LoadBalancerWithoutWaf;
                yield return rule.Finding(subject, $"{first.Summary.Split(':')[0]} invokes {exposure.FunctionName} and has no AWS WAF web ACL.", $"Associate a web ACL: aws wafv2 associate-web-acl --web-acl-arn <acl> --resource-arn {first.ResourceArn}");
            }

            var open = group.Where(e => e.Kind != EntryPointKind.LoadBalancer && !e.IsAuthenticated).Select(e => e.Route).Distinct().ToArray();
            if (open.Length > 0)
            {
                yield return AuditRules.EntryPointWithoutAuth.Finding(subject, $"{first.Kind} {first.Name ?? first.Id} stage {first.Stage}: {string.Join(", ", open)} invoke {exposure.FunctionName} with no authorizer and no API key.", "Add an authorizer (IAM, Cognito, Lambda or JWT) or require an API key on these routes.");
            }
        }
    }

    private static string Target(LambdaExposure exposure) =>
        $"-FunctionName {exposure.FunctionName}{(exposure.Qualifier is null ? string.Empty : $" -Qualifier {exposure.Qualifier}")}{(exposure.Region is null ? string.Empty : $" -Region {exposure.Region}")}";
}
