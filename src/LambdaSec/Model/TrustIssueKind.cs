namespace LambdaSec.Model;

/// <summary>Why a trust policy principal other than lambda.amazonaws.com matters.</summary>
public enum TrustIssueKind
{
    /// <summary>"*", {"AWS":"*"}, a wildcard account or NotPrincipal: any AWS identity may assume the role.</summary>
    AnyPrincipal,

    /// <summary>An AWS principal of another account than the owner.</summary>
    CrossAccount,

    /// <summary>An AWS principal (user, role, account) of the owner account, or of an account that cannot be told apart without -OwnerAccountId.</summary>
    AccountPrincipal,

    /// <summary>A service principal other than lambda.amazonaws.com.</summary>
    OtherService,

    /// <summary>A Federated (SAML, OIDC, Cognito) or other principal type.</summary>
    Federated,
}
