namespace LambdaSec.Model;

/// <summary>The file formats Export-LambdaSecReport writes.</summary>
public enum ReportFormat
{
    /// <summary>One self-contained page for people: summary, charts, a sortable and filterable table.</summary>
    Html,

    /// <summary>The findings with the model's property names, plus summary counts.</summary>
    Json,

    /// <summary>One row per finding, for spreadsheets.</summary>
    Csv,

    /// <summary>SARIF 2.1.0, for code-scanning tools.</summary>
    Sarif,

    /// <summary>JUnit XML, one test suite per rule, for CI systems.</summary>
    JUnit,

    /// <summary>AWS Security Finding Format, for Security Hub BatchImportFindings.</summary>
    Asff,
}
