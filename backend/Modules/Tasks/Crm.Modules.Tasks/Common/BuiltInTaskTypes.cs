namespace Crm.Modules.Tasks.Common;

/// <summary>The ids of the four task types seeded by the migration.</summary>
internal static class BuiltInTaskTypes
{
    public static readonly Guid Call = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    public static readonly Guid Meeting = Guid.Parse("0193a000-0000-7000-8000-000000000002");
    public static readonly Guid Letter = Guid.Parse("0193a000-0000-7000-8000-000000000003");
    public static readonly Guid Other = Guid.Parse("0193a000-0000-7000-8000-000000000004");
}
