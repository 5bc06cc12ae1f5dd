namespace LambdaSec.Model;

/// <summary>What a Lambda permission or function URL event changed.</summary>
public enum PermissionEventAction
{
    /// <summary>AddPermission: a statement was added to the resource policy.</summary>
    Added = 0,

    /// <summary>RemovePermission: a statement was removed.</summary>
    Removed = 1,

    /// <summary>CreateFunctionUrlConfig.</summary>
    UrlCreated = 2,

    /// <summary>UpdateFunctionUrlConfig.</summary>
    UrlUpdated = 3,

    /// <summary>DeleteFunctionUrlConfig.</summary>
    UrlDeleted = 4,
}
