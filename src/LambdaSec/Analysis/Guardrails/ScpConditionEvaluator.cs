using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;

namespace LambdaSec.Analysis.Guardrails;

/// <summary>
/// Evaluates a statement's conditions against a request context, as IAM does for the operators guardrails use
/// (String*, Arn*, Bool, Null, with IfExists and the set qualifiers). An operator it does not know yields null
/// ("cannot tell"), and callers resolve that so as never to claim more protection than is certain.
/// </summary>
public static class ScpConditionEvaluator
{
    /// <summary>True when every clause holds, false when one does not, null when one cannot be evaluated (with an incomplete context: also a clause on a key it lacks).</summary>
    public static bool? AllHold(IReadOnlyList<ConditionClause> clauses, IReadOnlyDictionary<string, string[]> context, bool contextIsComplete = true)
    {
        var result = (bool?)true;
        foreach (var clause in clauses)
        {
            var holds = !contextIsComplete && !context.ContainsKey(clause.Key) ? null : Holds(clause, context);
            if (holds == false)
            {
                return false;
            }

            if (holds is null)
            {
                result = null;
            }
        }

        return result;
    }

    private static bool? Holds(ConditionClause clause, IReadOnlyDictionary<string, string[]> context)
    {
        var present = context.TryGetValue(clause.Key, out var values) && values.Length > 0;
        if (string.Equals(clause.BaseOperator, "Null", StringComparison.OrdinalIgnoreCase))
        {
            return clause.Values.Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase)) ? !present : present;
        }

        var match = Matcher(clause.BaseOperator);
        if (match is null)
        {
            return null;
        }

        var negated = clause.BaseOperator.IndexOf("Not", StringComparison.OrdinalIgnoreCase) >= 0;
        if (!present)
        {
            // An absent key: IfExists and negated operators hold, ForAllValues holds vacuously, the rest do not.
            return clause.IfExists || negated || clause.SetQualifier == SetQualifier.ForAllValues;
        }

        bool Matches(string value) => clause.Values.Any(p => match(p, value));
        var any = clause.SetQualifier == SetQualifier.ForAllValues ? values!.All(Matches) : values!.Any(Matches);
        return negated ? !any : any;
    }

    /// <summary>
    /// The comparison of an operator (negation handled by the caller). Like operators use the shared glob, which
    /// ignores case; IAM's StringLike does not, a difference guardrail probes never depend on.
    /// </summary>
    private static Func<string, string, bool>? Matcher(string baseOperator) => baseOperator.ToUpperInvariant() switch
    {
        "STRINGEQUALS" or "STRINGNOTEQUALS" or "ARNEQUALS" or "ARNNOTEQUALS" => (p, v) => string.Equals(p, v, StringComparison.Ordinal),
        "STRINGEQUALSIGNORECASE" or "STRINGNOTEQUALSIGNORECASE" or "BOOL" => (p, v) => string.Equals(p, v, StringComparison.OrdinalIgnoreCase),
        "STRINGLIKE" or "STRINGNOTLIKE" or "ARNLIKE" or "ARNNOTLIKE" => Wildcard.Matches,
        _ => null,
    };
}
