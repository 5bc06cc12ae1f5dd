using System.Collections.Generic;
using LambdaSec.Analysis.Guardrails;

namespace LambdaSec.Collect;

/// <summary>One account of the organization and the SCPs on its path from the root, as the SCP engine takes them.</summary>
public sealed record OrganizationAccountScps(string AccountId, string? Name, bool IsManagementAccount, IReadOnlyList<ScpLevel> Path);
