using System.Globalization;
using LambdaSec.Analysis.Policy;

namespace LambdaSec.Analysis.Privileges;

/// <summary>How reports name a statement: its Sid, or its position (#1 is the first) when it has none.</summary>
internal static class StatementLabel
{
    public static string Of(PolicyStatement statement, int index) =>
        string.IsNullOrEmpty(statement.Sid) ? "#" + (index + 1).ToString(CultureInfo.InvariantCulture) : statement.Sid!;
}
