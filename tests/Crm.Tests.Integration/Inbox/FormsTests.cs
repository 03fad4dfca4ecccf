using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Inbox;

/// <summary>
/// Web forms: set up by admins (the server makes the key; origins, fields and the pipeline checked), sent
/// from outside as JSON (the snippet's script) or form-encoded (a browser without script), filed in
/// «Неразобранное» with source form and the body as received; required fields, unknown and disabled
/// forms, CORS and the Origin check, texts kept as text, no antiforgery token needed on this route only.
/// </summary>
public sealed class FormsTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task An_admin_sets_up_a_form_and_the_server_makes_its_key()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var form = await admin.FormAsync(pipeline, new
        {
            allowedOrigins = new[] { " HTTPS://Example.RU/ ", "http://localhost:8080", "https://пример.рф", "https://example.ru" },
            thankYou = "  ",
            key = "my-own-key",
            fields = new { phone = "required" },
        });
        var key = form.Str("key")!;
        Assert.Matches("^[A-Za-z0-9_-]{43}$", key);
        Assert.Equal(["https://example.ru", "http://localhost:8080", "https://xn--e1afmkfd.xn--p1ai"],
            form.GetProperty("allowedOrigins").EnumerateArray().Select(o => o.GetString()));
        var fields = form.GetProperty("fields");
        Assert.Equal(["off", "required", "off", "off", "off", "off"],
            new[] { "contactName", "phone", "email", "companyName", "region", "message" }.Select(f => fields.Str(f)));
        Assert.Equal("Спасибо! Ваша заявка отправлена, мы свяжемся с вами.", form.Str("thankYou"));
        Assert.True(form.GetProperty("enabled").GetBoolean());
        Assert.Equal(1, form.GetProperty("version").GetInt32());
        Assert.NotEqual(key, (await admin.FormAsync(pipeline)).Str("key"));

        var listed = (await (await admin.GetAsync("/api/inbox/forms")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Single(f => f.IdOf("id") == form.IdOf("id"));
        Assert.Equal(key, listed.Str("key"));

        var id = form.IdOf("id");
        var changed = await (await admin.PutAsync($"/api/inbox/forms/{id}", new
        {
            name = "Обратный звонок", pipelineId = pipeline.Id, fields = new { contactName = "optional", phone = "required" },
            allowedOrigins = new[] { FormsKit.Site }, thankYou = "Перезвоним", enabled = false, version = 1, key = "x",
        })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, changed.GetProperty("version").GetInt32());
        Assert.Equal("Обратный звонок", changed.Str("name"));
        Assert.False(changed.GetProperty("enabled").GetBoolean());
        Assert.Equal(key, changed.Str("key"));

        var stale = await (await admin.PutAsync($"/api/inbox/forms/{id}", new
        {
            name = "Поздно", pipelineId = pipeline.Id, fields = new { phone = "required" }, version = 1,
        })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("кто-то другой", stale.Str("detail"));
        var noVersion = await (await admin.PutAsync($"/api/inbox/forms/{id}", new { name = "Без версии", pipelineId = pipeline.Id, fields = new { phone = "required" } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(noVersion.FieldErrors("version"));
        await (await admin.PutAsync($"/api/inbox/forms/{Guid.NewGuid()}", new { name = "Нет", pipelineId = pipeline.Id, fields = new { phone = "required" }, version = 1 }))
            .ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Settings_are_checked_field_by_field_and_nothing_is_stored()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var before = await CountAsync("inbox.forms");

        var bad = await (await admin.PostAsync("/api/inbox/forms", new
        {
            name = " ",
            fields = new { phone = "sometimes" },
            allowedOrigins = new[] { "example.ru", "https://example.ru/form", "https://*.example.ru", "ftp://example.ru", "https://user@example.ru" },
            thankYou = new string('с', 1001),
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Назовите форму"], bad.FieldErrors("name"));
        Assert.Equal(["Выберите воронку"], bad.FieldErrors("pipelineId"));
        Assert.NotEmpty(bad.FieldErrors("fields.phone"));
        Assert.NotEmpty(bad.FieldErrors("thankYou"));
        for (var i = 0; i < 5; i++)
        {
            Assert.NotEmpty(bad.FieldErrors($"allowedOrigins[{i}]"));
        }

        var noContact = await (await admin.PostAsync("/api/inbox/forms", new { name = "Без контакта", pipelineId = pipeline.Id, fields = new { contactName = "required", message = "required" } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Форма должна спрашивать телефон или e-mail"], noContact.FieldErrors("fields"));
        var noFields = await (await admin.PostAsync("/api/inbox/forms", new { name = "Без полей", pipelineId = pipeline.Id })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(noFields.FieldErrors("fields"));

        var unknown = await (await admin.PostAsync("/api/inbox/forms", new { name = "Никуда", pipelineId = Guid.NewGuid(), fields = new { phone = "required" } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Такой воронки нет"], unknown.FieldErrors("pipelineId"));
        var todo = await (await admin.PostAsync("/api/pipelines", new { name = $"Задания {Guid.NewGuid():N}"[..30], kind = "todo" })).JsonAsync(HttpStatusCode.Created);
        var noUnsorted = await (await admin.PostAsync("/api/inbox/forms", new { name = "В задания", pipelineId = todo.IdOf("id"), fields = new { phone = "required" } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["В воронке нет этапа «Неразобранное»"], noUnsorted.FieldErrors("pipelineId"));

        using var english = await app.SignedInAsync();
        english.Http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var inEnglish = await (await english.PostAsync("/api/inbox/forms", new { name = "x", pipelineId = pipeline.Id, fields = new { message = "required" } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["The form must ask for a phone or an e-mail"], inEnglish.FieldErrors("fields"));

        Assert.Equal(before, await CountAsync("inbox.forms"));
    }

    [Fact]
    public async Task Managers_and_heads_of_sales_may_not_see_or_change_forms()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var form = await admin.FormAsync(pipeline);
        foreach (var role in new[] { "Manager", "HeadOfSales" })
        {
            var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@crm.local";
            await (await admin.PostAsync("/api/identity/users", new { email, displayName = role, role, password = "Forms-pass-4821" })).JsonAsync(HttpStatusCode.Created);
            using var user = await app.SignedInAsync(email, "Forms-pass-4821");
            await (await user.GetAsync("/api/inbox/forms")).ProblemAsync(HttpStatusCode.Forbidden);
            await (await user.PostAsync("/api/inbox/forms", new { name = "Моя", pipelineId = pipeline.Id, fields = new { phone = "required" } })).ProblemAsync(HttpStatusCode.Forbidden);
            await (await user.GetAsync($"/api/inbox/forms/{form.IdOf("id")}/snippet")).ProblemAsync(HttpStatusCode.Forbidden);
            await (await user.DeleteAsync($"/api/inbox/forms/{form.IdOf("id")}")).ProblemAsync(HttpStatusCode.Forbidden);
        }
        await (await admin.GetAsync($"/api/inbox/forms/{form.IdOf("id")}/snippet")).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_scripts_json_post_files_a_request_in_unsorted_with_source_form_and_the_body_as_sent()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var key = (await admin.FormAsync(pipeline)).Str("key")!;
        const string Body = """{"contactName":"Иван Петров","phone":"8 (343) 212-34-56","email":" Ivan@Example.COM ","companyName":"ООО Рога","message":"Нужны кресла","homepage":""}""";

        var response = await app.PostFormAsync(key, FormsKit.Json(Body), FormsKit.Site);
        Assert.Equal("Спасибо! Мы перезвоним.", (await response.JsonAsync(HttpStatusCode.Created)).Str("thankYou"));
        Assert.Equal(FormsKit.Site, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));

        var page = await (await admin.GetAsync($"/api/inbox/requests?pipelineId={pipeline.Id}")).JsonAsync(HttpStatusCode.OK);
        var listed = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("form", listed.Str("source"));
        Assert.Equal("new", listed.Str("status"));
        Assert.Equal("Заявка с сайта", listed.Str("subject"));
        Assert.Equal("Иван Петров", listed.Str("contactName"));
        Assert.Equal(["+73432123456"], listed.GetProperty("phones").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["ivan@example.com"], listed.GetProperty("emails").EnumerateArray().Select(p => p.GetString()));
        Assert.Null(listed.Str("companyName")); // the form does not ask it
        Assert.Equal("Свердловская обл", listed.Str("region"));
        Assert.Null(listed.Str("decidedBy"));

        var card = await (await admin.GetAsync($"/api/inbox/requests/{listed.IdOf("id")}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(Body, card.Str("raw"));
        Assert.Equal("application/json", card.Str("rawType"));
        Assert.Single(await app.InboxOutboxAsync("InboxRequestReceived", listed.IdOf("id")));
    }

    [Fact]
    public async Task A_browser_without_script_posts_form_encoded_and_gets_a_page()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var key = (await admin.FormAsync(pipeline)).Str("key")!;
        var fields = new Dictionary<string, string>
        {
            ["contactName"] = "Мария Соколова", ["phone"] = "+7 343 212-34-56", ["message"] = "Перезвоните после 18:00", ["subject"] = "Кресла", ["homepage"] = "",
        };
        var sent = await new FormUrlEncodedContent(fields).ReadAsStringAsync();

        var thanks = await app.PostPlainFormAsync(key, fields, FormsKit.Site);
        Assert.Equal(HttpStatusCode.OK, thanks.StatusCode);
        Assert.Equal("text/html", thanks.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Спасибо! Мы перезвоним.", await thanks.Content.ReadAsStringAsync());
        var request = Assert.Single(await app.RequestsInAsync(pipeline));
        Assert.Equal(("form", "Кресла", sent, "application/x-www-form-urlencoded"), (request.Source, request.Subject, request.Raw, request.RawType));

        var missing = await app.PostPlainFormAsync(key, new Dictionary<string, string> { ["contactName"] = "Мария", ["phone"] = " " }, FormsKit.Site);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("text/html", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Заполните поле «Телефон»", await missing.Content.ReadAsStringAsync());

        // a script posting form-encoded and asking for JSON gets JSON
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["contactName"] = "Пётр" });
        using var client = app.Factory.CreateClient();
        using var scripted = new HttpRequestMessage(HttpMethod.Post, FormsKit.SubmissionsOf(key)) { Content = content };
        scripted.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        Assert.Equal(["Заполните поле «Телефон»"], (await (await client.SendAsync(scripted)).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("phone"));

        Assert.Single(await app.RequestsInAsync(pipeline));
    }

    [Fact]
    public async Task Missing_and_wrong_fields_are_named_for_a_script_and_nothing_is_filed()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var key = (await admin.FormAsync(pipeline)).Str("key")!;

        var empty = await (await app.PostJsonAsync(key, new { })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Заполните поле «Имя»"], empty.FieldErrors("contactName"));
        Assert.Equal(["Заполните поле «Телефон»"], empty.FieldErrors("phone"));
        var wrong = await (await app.PostJsonAsync(key, new { contactName = "Иван", phone = "12", email = "не почта" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Неверный номер телефона"], wrong.FieldErrors("phone"));
        Assert.Equal(["Неверный e-mail"], wrong.FieldErrors("email"));
        var wrongType = await (await app.PostFormAsync(key, FormsKit.Json("""{"contactName":"Иван","phone":79161234567}"""))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(wrongType.FieldErrors("phone"));
        await (await app.PostFormAsync(key, FormsKit.Json("null"))).ProblemAsync(HttpStatusCode.BadRequest);

        var either = (await admin.FormAsync(pipeline, new { fields = new { contactName = "required", phone = "optional", email = "optional" } })).Str("key")!;
        var neither = await (await app.PostJsonAsync(either, new { })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Заполните поле «Имя»"], neither.FieldErrors("contactName")); // all at once
        Assert.Equal(["Укажите телефон или e-mail"], neither.FieldErrors("phone"));
        Assert.Equal(["Укажите телефон или e-mail"], neither.FieldErrors("email"));

        using var english = app.Factory.CreateClient();
        english.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var inEnglish = await (await english.PostAsJsonAsync(FormsKit.SubmissionsOf(key), new { phone = "+73432123456" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Fill in \u201cName\u201d"], inEnglish.FieldErrors("contactName"));

        Assert.Empty(await app.RequestsInAsync(pipeline));
        await (await app.PostJsonAsync(either, new { contactName = "Иван", email = "ivan@example.com" })).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Unknown_disabled_rekeyed_deleted_forms_and_forms_into_an_archived_pipeline_answer_404()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var form = await admin.FormAsync(pipeline);
        var (id, key) = (form.IdOf("id"), form.Str("key")!);
        var client = new { contactName = "Иван", phone = "+73432123456" };

        await (await app.PostJsonAsync(new string('A', 43), client)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.PostJsonAsync("not-a-key", client)).ProblemAsync(HttpStatusCode.NotFound);

        var off = await (await admin.PutAsync($"/api/inbox/forms/{id}", new
        {
            name = "Выключена", pipelineId = pipeline.Id, fields = new { contactName = "required", phone = "required" }, allowedOrigins = new[] { FormsKit.Site },
            enabled = false, version = 1,
        })).JsonAsync(HttpStatusCode.OK);
        await (await app.PostJsonAsync(key, client)).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PutAsync($"/api/inbox/forms/{id}", new
        {
            name = "Включена", pipelineId = pipeline.Id, fields = new { contactName = "required", phone = "required" }, enabled = true, version = off.GetProperty("version").GetInt32(),
        })).JsonAsync(HttpStatusCode.OK);
        await (await app.PostJsonAsync(key, client)).JsonAsync(HttpStatusCode.Created);

        var rekeyed = await (await admin.PostAsync($"/api/inbox/forms/{id}/key")).JsonAsync(HttpStatusCode.OK);
        var newKey = rekeyed.Str("key")!;
        Assert.NotEqual(key, newKey);
        await (await app.PostJsonAsync(key, client)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.PostJsonAsync(newKey, client)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/inbox/forms/{id}")).StatusCode);
        await (await app.PostJsonAsync(newKey, client)).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"/api/inbox/forms/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PostAsync($"/api/inbox/forms/{id}/key")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain((await (await admin.GetAsync("/api/inbox/forms")).JsonAsync(HttpStatusCode.OK)).EnumerateArray(), f => f.IdOf("id") == id);
        Assert.Equal(2, (await app.RequestsInAsync(pipeline)).Count); // its requests stay

        var archived = await app.SalesPipelineAsync();
        var archivedKey = (await admin.FormAsync(archived)).Str("key")!;
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/pipelines/{archived.Id}")).StatusCode);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<bool>("select archived from inbox.pipelines where id = @Id", new { archived.Id });
        }, "Inbox's copy of the pipeline archived");
        await (await app.PostJsonAsync(archivedKey, client)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await app.RequestsInAsync(archived));
    }

    [Fact]
    public async Task Only_the_forms_sites_get_cors_headers_and_a_post_from_another_site_is_refused()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var key = (await admin.FormAsync(pipeline)).Str("key")!;

        var allowed = await PreflightAsync(FormsKit.SubmissionsOf(key), FormsKit.Site);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(FormsKit.Site, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Contains("content-type", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.False(allowed.Headers.Contains("Access-Control-Allow-Credentials"));

        foreach (var (url, origin) in new[]
        {
            (FormsKit.SubmissionsOf(key), "https://evil.example"),
            (FormsKit.SubmissionsOf(key), "http://example.ru"),
            (FormsKit.SubmissionsOf(key), "null"),
            (FormsKit.SubmissionsOf(new string('B', 43)), FormsKit.Site),
            ("/api/inbox/requests", FormsKit.Site),
            ("/api/identity/sign-in", FormsKit.Site),
        })
        {
            var refused = await PreflightAsync(url, origin);
            Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"), $"{url} from {origin}");
        }

        var client = new { contactName = "Иван", phone = "+73432123456" };
        foreach (var origin in new[] { "https://evil.example", "null", "https://example.ru.evil.example" })
        {
            var foreign = await app.PostJsonAsync(key, client, origin);
            await foreign.ProblemAsync(HttpStatusCode.Forbidden);
            Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
        }
        Assert.Empty(await app.RequestsInAsync(pipeline));

        // From the site, a refusal carries the headers too, so the script can show what is wrong.
        var missing = await app.PostJsonAsync(key, new { contactName = "Иван" }, FormsKit.Site);
        await missing.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(FormsKit.Site, Assert.Single(missing.Headers.GetValues("Access-Control-Allow-Origin")));
        // No Origin: a server, or a browser that sends none.
        await (await app.PostJsonAsync(key, client)).JsonAsync(HttpStatusCode.Created);
        await (await app.PostJsonAsync(key, client, "HTTPS://EXAMPLE.RU")).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, (await app.RequestsInAsync(pipeline)).Count);
    }

    [Fact]
    public async Task Texts_are_stored_and_answered_as_the_same_characters_and_pages_encode_them()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        const string ThankYou = "<b>Спасибо</b> & до связи <script>alert('t')</script>";
        var key = (await admin.FormAsync(pipeline, new { thankYou = ThankYou })).Str("key")!;
        const string Name = "<script>alert(1)</script>";
        const string Message = "<img src=x onerror=alert(1)> ' \" & {{7*7}} ${7*7}";

        var json = await (await app.PostJsonAsync(key, new { contactName = Name, phone = "+73432123456", message = Message })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(ThankYou, json.Str("thankYou"));
        var id = (await app.RequestsInAsync(pipeline)).Single().Id;
        var card = await (await admin.GetAsync($"/api/inbox/requests/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(Name, card.Str("contactName"));
        Assert.Equal(Message, card.Str("message"));

        var page = await app.PostPlainFormAsync(key, new Dictionary<string, string> { ["contactName"] = Name, ["phone"] = "+73432123456", ["message"] = Message });
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("&lt;b&gt;Спасибо&lt;/b&gt; &amp; до связи &lt;script&gt;", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("<script", html);
        var second = (await app.RequestsInAsync(pipeline)).First().Id;
        Assert.Equal(Name, (await (await admin.GetAsync($"/api/inbox/requests/{second}")).JsonAsync(HttpStatusCode.OK)).Str("contactName"));

        var refused = await app.PostPlainFormAsync(key, new Dictionary<string, string> { ["contactName"] = Name, ["phone"] = "<script>" });
        Assert.DoesNotContain("<script", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_public_post_needs_no_antiforgery_token_files_as_nobody_and_other_routes_still_need_it()
    {
        var pipeline = await app.SalesPipelineAsync();
        var handler = new BrowserHandler();
        using var admin = new CrmClient(app.Factory.CreateDefaultClient(handler));
        (await admin.SignInAsync(CrmApp.AdminEmail, CrmApp.AdminPassword)).EnsureSuccessStatusCode();
        var key = (await admin.FormAsync(pipeline)).Str("key")!;

        handler.SendXsrfHeader = false;
        await (await admin.Http.PostAsJsonAsync(FormsKit.SubmissionsOf(key), new { contactName = "Иван", phone = "+73432123456" })).JsonAsync(HttpStatusCode.Created);
        await (await admin.PostAsync("/api/inbox/requests", new { pipelineId = pipeline.Id, contactName = "Иван", emails = new[] { "i@example.ru" }, message = "Привет" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsync("/api/inbox/forms", new { name = "Без токена", pipelineId = pipeline.Id, fields = new { phone = "required" } }))
            .ProblemAsync(HttpStatusCode.BadRequest);

        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(new Guid?[] { null }, await db.QueryAsync<Guid?>("select received_by from inbox.requests where pipeline_id = @Id", new { pipeline.Id }));
    }

    [Fact]
    public async Task A_body_over_16_KB_is_413_for_everyone_and_files_nothing()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var key = (await admin.FormAsync(pipeline)).Str("key")!;
        var big = new { contactName = "Иван", phone = "+73432123456", message = new string('я', 9_000) }; // 18 KB of UTF-8
        var problem = await (await app.PostJsonAsync(key, big)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("16", problem.Str("detail"));
        await (await admin.Http.PostAsJsonAsync(FormsKit.SubmissionsOf(key), big)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["contactName"] = "Иван", ["phone"] = "+73432123456", ["message"] = new string('я', 3_000) });
        await (await app.PostFormAsync(key, form)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(await app.RequestsInAsync(pipeline));
    }

    private async Task<HttpResponseMessage> PreflightAsync(string url, string origin)
    {
        using var client = app.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, url);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return await client.SendAsync(request);
    }

    private async Task<int> CountAsync(string table)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<int>($"select count(*) from {table}");
    }
}
