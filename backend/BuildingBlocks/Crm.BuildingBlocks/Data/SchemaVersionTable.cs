using FluentMigrator.Runner.VersionTableInfo;

namespace Crm.BuildingBlocks.Data;

/// <summary>Keeps a module's migration history in its own schema, not in public.</summary>
internal sealed class SchemaVersionTable(string schema) : IVersionTableMetaData
{
    public bool OwnsSchema => true;
    public string SchemaName => schema;
    public string TableName => "version_info";
    public string ColumnName => "version";
    public string DescriptionColumnName => "description";
    public string UniqueIndexName => "uc_version";
    public string AppliedOnColumnName => "applied_on";
    public bool CreateWithPrimaryKey => false;
}
