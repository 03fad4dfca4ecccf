namespace Crm.BuildingBlocks.Tables;

/// <summary>
/// The two tables behind <see cref="TableViews"/>, created in a module's schema by that module's
/// migration (<c>Execute.Sql(TableViewsSchema.Create("deals"))</c>): saved views, unique per owner,
/// table and name in any case; and the columns each user chose per table.
/// </summary>
public static class TableViewsSchema
{
    public static string Create(string schema) => $"""
        create table {schema}.saved_filters (
            id uuid primary key,
            table_name text not null,
            owner_id uuid not null,
            name text not null,
            query text not null,
            shared boolean not null default false,
            created_at timestamptz not null,
            updated_at timestamptz not null
        );
        create unique index ux_saved_filters_name on {schema}.saved_filters (owner_id, table_name, lower(name));
        create index ix_saved_filters_shared on {schema}.saved_filters (table_name) where shared;

        create table {schema}.table_columns (
            user_id uuid not null,
            table_name text not null,
            columns text[] not null,
            updated_at timestamptz not null,
            primary key (user_id, table_name)
        );
        """;

    public static string Drop(string schema) => $"""
        drop table {schema}.table_columns;
        drop table {schema}.saved_filters;
        """;
}
