using System.Net;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Identity;

/// <summary>
/// The password policy wherever a password is set (a new user, an admin's reset, my own change): not
/// blank, at least 10 characters, not a common password (Latin or Russian keyboard), not the e-mail or
/// the part before its @; a 400 naming the field, in the caller's language.
/// </summary>
public sealed class PasswordPolicyTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Theory]
    [InlineData("          ", "Введите пароль")]
    [InlineData("Abc-12345", "Пароль: от 10 до 200 символов")]
    [InlineData("1234567890", "Это один из самых распространённых паролей: придумайте другой")]
    [InlineData("QwertyUiop", "Это один из самых распространённых паролей: придумайте другой")]
    [InlineData("Password123", "Это один из самых распространённых паролей: придумайте другой")]
    [InlineData("йцукенгшщз", "Это один из самых распространённых паролей: придумайте другой")]
    [InlineData("Policy.User@crm.local", "Пароль не должен совпадать с e-mail")]
    [InlineData("policy.user", "Пароль не должен совпадать с e-mail")]
    public async Task A_new_user_gets_400_naming_the_password(string password, string message)
    {
        using var admin = await app.SignedInAsync();
        var problem = await (await admin.PostAsync("/api/identity/users",
            new { email = "policy.user@crm.local", displayName = "Политика", role = "Manager", password })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([message], problem.FieldErrors("password"));
    }

    [Fact]
    public async Task The_refusal_speaks_english_when_asked()
    {
        using var admin = await app.SignedInAsync();
        admin.Http.DefaultRequestHeaders.Add("Accept-Language", "en");
        var problem = await (await admin.PostAsync("/api/identity/users",
            new { email = "english@crm.local", displayName = "English", role = "Manager", password = "qwertyuiop123" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["This is one of the most common passwords: choose another"], problem.FieldErrors("password"));
    }

    [Fact]
    public async Task An_admins_reset_and_my_own_change_follow_the_same_policy()
    {
        using var admin = await app.SignedInAsync();
        var user = await (await admin.PostAsync("/api/identity/users",
            new { email = "keeper@crm.local", displayName = "Keeper", role = "Manager", password = "Keeper-pass-01" })).JsonAsync(HttpStatusCode.Created);
        var id = user.GetProperty("id").GetGuid();

        foreach (var weak in new[] { "short", "1234567890", "keeper@crm.local" })
        {
            var reset = await (await admin.PostAsync($"/api/identity/users/{id}/reset-password", new { password = weak })).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotEmpty(reset.FieldErrors("password"));
        }

        using var keeper = await app.SignedInAsync("keeper@crm.local", "Keeper-pass-01");
        foreach (var weak in new[] { "          ", "password12", "KEEPER@crm.local" })
        {
            var change = await (await keeper.PostAsync("/api/identity/me/password",
                new { currentPassword = "Keeper-pass-01", newPassword = weak, revokeApiTokens = false })).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotEmpty(change.FieldErrors("newPassword"));
        }
        // Refused changes changed nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await keeper.PostAsync("/api/identity/me/password",
            new { currentPassword = "Keeper-pass-01", newPassword = "Keeper-pass-02", revokeApiTokens = false })).StatusCode);
    }
}
