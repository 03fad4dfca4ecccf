using FluentMigrator;

namespace Crm.Modules.Tasks.Data;

/// <summary>
/// Tasks' copies of companies and contacts remember where a merged record went (<c>merged_into</c>, from
/// the state's MergedInto), so a task of a record merged into one that was merged again since follows the
/// chain to its end (BuildingBlocks' MergeChains, as Deals does). Rows from before have none: the next
/// merge or republish of such a record fills it (a merge is final, see CopyDirectory), so after the upgrade
/// `Crm.Host republish Directory` once gives every merged copy its survivor and moves tasks still left on
/// a survivor merged again.
/// </summary>
[Migration(7, "Where merged companies and contacts went, in Tasks' copies")]
internal sealed class M0007_DirectoryMerges : Migration
{
    public override void Up() => Execute.Sql("""
        alter table tasks.companies add column merged_into uuid;
        alter table tasks.contacts add column merged_into uuid;
        -- a merge repoints what was merged into the merged one
        create index ix_companies_merged_into on tasks.companies (merged_into) where merged_into is not null;
        create index ix_contacts_merged_into on tasks.contacts (merged_into) where merged_into is not null;
        """);

    public override void Down() => Execute.Sql("""
        drop index tasks.ix_contacts_merged_into;
        drop index tasks.ix_companies_merged_into;
        alter table tasks.contacts drop column merged_into;
        alter table tasks.companies drop column merged_into;
        """);
}
