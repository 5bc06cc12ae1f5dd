namespace LambdaSec.Analysis.Privileges;

/// <summary>The access level the AWS Service Authorization Reference gives an action.</summary>
public enum AccessLevel
{
    Unknown,
    List,
    Read,
    Write,
    PermissionsManagement,
    Tagging,
}
