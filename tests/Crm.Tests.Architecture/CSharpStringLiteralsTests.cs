using Crm.Tests.Architecture.Rules;

namespace Crm.Tests.Architecture;

public class CSharpStringLiteralsTests
{
    [Theory]
    [InlineData("""var s = "a \"b\" \\ c\td";""", "a \"b\" \\ c\td")]
    [InlineData("""var s = @"a ""b"" \n";""", "a \"b\" \\n")]
    [InlineData("""var s = "" + @"";""", " | ")]
    [InlineData("""var s = $"{deals.Count} of {n,5:N0} {{x}}";""", "{} of {} {x}")]
    [InlineData("""var s = $"a {F("deals.x", 'q')} b";""", "a {} b | deals.x")]
    [InlineData("var s = @$\"a{b}\"\"c\"\"\" + $@\"{d}\";", "a{}\"c\" | {}")]
    [InlineData("var s = \"\"\"\n  select \"x\" from t\n  \"\"\";", "select \"x\" from t")]
    [InlineData("var s = $$\"\"\"{x} {{y}} \"{{z}}\" \"\"\";", "{x} {} \"{}\"")]
    [InlineData("var s = \"\"\"\"a \"\"\" b\"\"\"\";", "a \"\"\" b")]
    [InlineData("""var c = '"'; var d = '\''; var e = "s";""", "s")]
    [InlineData("// \"no\"\n/* \"no\" */ var s = \"yes\"; // \"no\"", "yes")]
    [InlineData("#region \"no\"\nvar s = \"yes\";", "yes")]
    [InlineData("""var s = "\u0041\x42\x043";""", "ABC")]
    public void Reads_every_kind_of_string_literal(string source, string expected) =>
        Assert.Equal(expected, string.Join(" | ", CSharpStringLiterals.Read(source).Select(l => l.Text.Trim())));

    [Fact]
    public void Knows_the_line_a_literal_starts_on() =>
        Assert.Equal([1, 3], CSharpStringLiterals.Read("var a = \"x\";\n// \"y\"\nvar b = @\"\nz\";").Select(l => l.Line));
}
