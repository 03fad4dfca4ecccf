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
}
