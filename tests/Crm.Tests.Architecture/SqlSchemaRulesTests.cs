using Crm.Tests.Architecture.Rules;
using Crm.Tests.Architecture.Support;

namespace Crm.Tests.Architecture;

public class SqlSchemaRulesTests
{
    [Fact]
    public void Module_and_building_block_SQL_names_only_its_own_schema() =>
        SqlSchemaRules.NameOnlyOwnSchema(Codebase.SqlOwners(), Codebase.Schemas).ShouldPass();

    [Fact]
    public void Every_module_owns_a_schema_of_its_own() =>
        Assert.Equal(Codebase.Schemas.Count, Codebase.Schemas.Distinct().Count(s => s.Length > 0));

    [Fact]
    public void Fails_on_a_module_whose_SQL_names_another_modules_schema()
    {
        var verdict = SqlSchemaRules.NameOnlyOwnSchema([Codebase.Fixture.Sql("Deals", "deals")], Codebase.Schemas);

        verdict.ShouldFailNaming("ListDealsWithOpenTasks.cs:19: Deals names tasks.tasks");
        Assert.Single(verdict.Violations); // its own deals.* names are fine
    }

    [Fact]
    public void Ignores_schema_names_in_comments_code_and_char_literals() =>
        SqlSchemaRules.NameOnlyOwnSchema([Codebase.Fixture.Sql("Tasks", "tasks")], Codebase.Schemas).ShouldPass();
}
