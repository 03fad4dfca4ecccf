namespace Crm.BuildingBlocks.Security;

/// <summary>The three roles of the CRM; every module authorises by them.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string HeadOfSales = "HeadOfSales";
    public const string Manager = "Manager";

    public static readonly IReadOnlyList<string> All = [Admin, HeadOfSales, Manager];
}

/// <summary>Authorization policy names.</summary>
public static class Policies
{
    /// <summary>Admins only.</summary>
    public const string Admin = "admin";

    /// <summary>Admins and heads of sales: they manage pipelines and see everything.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>
    /// Signed in through the browser (a cookie session), not with an API token: for managing one's
    /// credentials (password, sessions, API tokens, the calendar feed), so that a leaked token
    /// cannot mint more credentials or lock its owner out.
    /// </summary>
    public const string BrowserSession = "browser-session";
}
