using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Xunit.Abstractions;

namespace Crm.Tests.Integration.Robustness;

/// <summary>
/// Who may call what: every operation of the app's OpenAPI document, called by each kind of caller
/// with a request that would succeed for a caller with the right, against the expected outcome in one
/// table (<see cref="Matrix"/>). An operation the document has and the table has not (a new
/// endpoint) fails the test, and so does a row for an operation that is gone.
/// </summary>
/// <remarks>
/// Callers: <c>anon</c> nobody signed in; <c>owner</c> a manager who holds the records the calls are
/// about; <c>other</c> another manager; <c>head</c> a head of sales; <c>admin</c>; <c>deact</c> the
/// cookie of a user deactivated since; <c>token</c> the owner's API token; <c>revok</c> a revoked
/// token of the owner; <c>out</c> a cookie of the owner's that signed out. Outcomes: <c>ok</c> is any
/// 2xx; a number is that status (404 for a record that is not the caller's, or an admin's call on a
/// record that does not exist, where the status shows the rights were passed).
/// </remarks>
public sealed class RightsMatrixTests(CrmApp app, ITestOutputHelper output) : IClassFixture<CrmApp>
{
    private const string Password = "Matrix-pass-4821";

    /// <summary>The built-in task type «Звонок».</summary>
    private static readonly Guid CallType = Crm.Tests.Integration.Tasks.TasksKit.Call;

    private static readonly string[] Callers = ["anon", "owner", "other", "head", "admin", "deact", "token", "revok", "out"];

    private const string Matrix =
        """
        operation                                                   anon owner other head admin deact token revok out
        POST   /api/identity/sign-in                                ok   ok    ok    ok   ok    ok    ok    ok    ok
        POST   /api/identity/sign-out                               401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/identity/me/sign-out-everywhere                 401  ok    ok    ok   ok    401   403   401   401
        POST   /api/identity/me/password                            401  ok    ok    ok   ok    401   403   401   401
        GET    /api/identity/session                                ok   ok    ok    ok   ok    ok    ok    ok    ok
        GET    /api/identity/me                                     401  ok    ok    ok   ok    401   ok    401   401
        PUT    /api/identity/me/settings                            401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/identity/me/tokens                              401  ok    ok    ok   ok    401   403   401   401
        POST   /api/identity/me/tokens                              401  ok    ok    ok   ok    401   403   401   401
        DELETE /api/identity/me/tokens/{id}                         401  ok    404   404  404   401   403   401   401
        GET    /api/identity/users                                  401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/identity/users                                  401  403   403   403  ok    401   403   401   401
        PUT    /api/identity/users/{id}                             401  403   403   403  ok    401   403   401   401
        POST   /api/identity/users/{id}/deactivate                  401  403   403   403  ok    401   403   401   401
        POST   /api/identity/users/{id}/activate                    401  403   403   403  ok    401   403   401   401
        POST   /api/identity/users/{id}/reset-password              401  403   403   403  ok    401   403   401   401
        GET    /api/pipelines                                       401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/pipelines                                       401  403   403   ok   ok    401   403   401   401
        PUT    /api/pipelines/{id}                                  401  403   403   ok   ok    401   403   401   401
        DELETE /api/pipelines/{id}                                  401  403   403   ok   ok    401   403   401   401
        POST   /api/pipelines/{id}/stages                           401  403   403   ok   ok    401   403   401   401
        PUT    /api/pipelines/{id}/stages/order                     401  403   403   ok   ok    401   403   401   401
        PUT    /api/pipelines/{id}/stages/{stageId}                 401  403   403   ok   ok    401   403   401   401
        DELETE /api/pipelines/{id}/stages/{stageId}                 401  403   403   ok   ok    401   403   401   401
        GET    /api/deals                                           401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/deals                                           401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/deals/bulk                                      401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/deals/bulk-jobs                                 401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/deals/bulk-jobs/{id}                            401  ok    404   ok   ok    401   ok    401   401
        POST   /api/deals/bulk-jobs/{id}/cancel                     401  ok    404   ok   ok    401   ok    401   401
        POST   /api/deals/imports/preview                           401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/deals/imports                                   401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/deals/imports/{id}                              401  ok    404   ok   ok    401   ok    401   401
        GET    /api/deals/imports/{id}/report                       401  ok    404   ok   ok    401   ok    401   401
        POST   /api/deals/imports/{id}/cancel                       401  ok    404   ok   ok    401   ok    401   401
        GET    /api/deals/board                                     401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/deals/board/stages/{stageId}                    401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/deals/search                                    401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/deals/export                                    401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/deals/totals                                    401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/deals/ids                                       401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/deals/{id}                                      401  ok    ok    ok   ok    401   ok    401   401
        PUT    /api/deals/{id}                                      401  ok    403   ok   ok    401   ok    401   401
        DELETE /api/deals/{id}                                      401  403   403   403  ok    401   403   401   401
        POST   /api/deals/{id}/assign                               401  ok    403   ok   ok    401   ok    401   401
        GET    /api/deals/{id}/history                              401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/deals/{id}/stage                                401  ok    403   ok   ok    401   ok    401   401
        POST   /api/deals/{id}/won                                  401  ok    403   ok   ok    401   ok    401   401
        POST   /api/deals/{id}/lost                                 401  ok    403   ok   ok    401   ok    401   401
        GET    /api/deals/custom-fields                             401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/deals/custom-fields                             401  403   403   ok   ok    401   403   401   401
        PUT    /api/deals/custom-fields/{id}                        401  403   403   ok   ok    401   403   401   401
        DELETE /api/deals/custom-fields/{id}                        401  403   403   ok   ok    401   403   401   401
        GET    /api/deals/saved-filters                             401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/deals/saved-filters                             401  ok    ok    ok   ok    401   ok    401   401
        PUT    /api/deals/saved-filters/{id}                        401  ok    404   404  404   401   ok    401   401
        DELETE /api/deals/saved-filters/{id}                        401  ok    404   404  404   401   ok    401   401
        GET    /api/deals/table-columns/{table}                     401  ok    ok    ok   ok    401   ok    401   401
        PUT    /api/deals/table-columns/{table}                     401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/deals/tags                                      401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/deals/tags                                      401  ok    ok    ok   ok    401   ok    401   401
        PUT    /api/deals/tags/{id}                                 401  403   403   403  ok    401   403   401   401
        DELETE /api/deals/tags/{id}                                 401  403   403   403  ok    401   403   401   401
        PUT    /api/deals/{id}/tags                                 401  ok    403   ok   ok    401   ok    401   401
        GET    /api/directory/companies                             401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/directory/companies                             401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/directory/companies/{id}                        401  ok    ok    ok   ok    401   ok    401   401
        PUT    /api/directory/companies/{id}                        401  ok    403   ok   ok    401   ok    401   401
        DELETE /api/directory/companies/{id}                        401  403   403   403  ok    401   403   401   401
        POST   /api/directory/companies/{id}/merge                  401  403   403   403  ok    401   403   401   401
        GET    /api/directory/contacts                              401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/directory/contacts                              401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/directory/contacts/{id}                         401  ok    ok    ok   ok    401   ok    401   401
        PUT    /api/directory/contacts/{id}                         401  ok    403   ok   ok    401   ok    401   401
        DELETE /api/directory/contacts/{id}                         401  403   403   403  ok    401   403   401   401
        POST   /api/directory/contacts/{id}/merge                   401  403   403   403  ok    401   403   401   401
        GET    /api/directory/custom-fields                         401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/directory/custom-fields                         401  403   403   403  ok    401   403   401   401
        PUT    /api/directory/custom-fields/{id}                    401  403   403   403  ok    401   403   401   401
        DELETE /api/directory/custom-fields/{id}                    401  403   403   403  ok    401   403   401   401
        GET    /api/directory/suggest                               401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/directory/export                                401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/directory/imports/preview                       401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/directory/imports                               401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/directory/imports/{id}                          401  ok    404   ok   ok    401   ok    401   401
        GET    /api/directory/imports/{id}/report                   401  ok    404   ok   ok    401   ok    401   401
        POST   /api/directory/imports/{id}/cancel                   401  ok    404   ok   ok    401   ok    401   401
        GET    /api/directory/saved-filters                         401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/directory/saved-filters                         401  ok    ok    ok   ok    401   ok    401   401
        PUT    /api/directory/saved-filters/{id}                    401  ok    404   404  404   401   ok    401   401
        DELETE /api/directory/saved-filters/{id}                    401  ok    404   404  404   401   ok    401   401
        GET    /api/directory/table-columns/{table}                 401  ok    ok    ok   ok    401   ok    401   401
        PUT    /api/directory/table-columns/{table}                 401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/directory/tags                                  401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/directory/tags                                  401  ok    ok    ok   ok    401   ok    401   401
        PUT    /api/directory/tags/{id}                             401  403   403   403  ok    401   403   401   401
        DELETE /api/directory/tags/{id}                             401  403   403   403  ok    401   403   401   401
        PUT    /api/directory/companies/{id}/tags                   401  ok    403   ok   ok    401   ok    401   401
        PUT    /api/directory/contacts/{id}/tags                    401  ok    403   ok   ok    401   ok    401   401
        GET    /api/tasks                                           401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/tasks                                           401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/tasks/bulk                                      401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/tasks/bulk-jobs                                 401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/tasks/bulk-jobs/{id}                            401  ok    404   ok   ok    401   ok    401   401
        POST   /api/tasks/bulk-jobs/{id}/cancel                     401  ok    404   ok   ok    401   ok    401   401
        GET    /api/tasks/{id}                                      401  ok    ok    ok   ok    401   ok    401   401
        PUT    /api/tasks/{id}                                      401  ok    403   ok   ok    401   ok    401   401
        DELETE /api/tasks/{id}                                      401  ok    403   403  ok    401   ok    401   401
        POST   /api/tasks/{id}/complete                             401  ok    403   ok   ok    401   ok    401   401
        GET    /api/tasks/linked                                    401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/tasks/summary                                   401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/tasks/search                                    401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/tasks/import                                    401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/tasks/types                                     401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/tasks/types                                     401  403   403   403  ok    401   403   401   401
        PUT    /api/tasks/types/{id}                                401  403   403   403  ok    401   403   401   401
        DELETE /api/tasks/types/{id}                                401  403   403   403  ok    401   403   401   401
        POST   /api/tasks/calendar/token                            401  ok    ok    ok   ok    401   403   401   401
        DELETE /api/tasks/calendar/token                            401  ok    ok    ok   ok    401   403   401   401
        GET    /api/tasks/calendar/{token}.ics                      ok   ok    ok    ok   ok    ok    ok    ok    ok
        GET    /api/tasks/saved-filters                             401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/tasks/saved-filters                             401  ok    ok    ok   ok    401   ok    401   401
        PUT    /api/tasks/saved-filters/{id}                        401  ok    404   404  404   401   ok    401   401
        DELETE /api/tasks/saved-filters/{id}                        401  ok    404   404  404   401   ok    401   401
        GET    /api/tasks/table-columns/{table}                     401  ok    ok    ok   ok    401   ok    401   401
        PUT    /api/tasks/table-columns/{table}                     401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/inbox/requests                                  401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/inbox/requests                                  401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/inbox/requests/{id}                             401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/inbox/requests/{id}/accept                      401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/inbox/requests/{id}/decline                     401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/inbox/requests/{id}/restore                     401  403   403   403  ok    401   403   401   401
        GET    /api/inbox/regions                                   401  ok    ok    ok   ok    401   ok    401   401
        PUT    /api/inbox/regions/{userId}                          401  403   403   403  ok    401   403   401   401
        GET    /api/inbox/forms                                     401  403   403   403  ok    401   403   401   401
        POST   /api/inbox/forms                                     401  403   403   403  ok    401   403   401   401
        PUT    /api/inbox/forms/{id}                                401  403   403   403  ok    401   403   401   401
        DELETE /api/inbox/forms/{id}                                401  403   403   403  ok    401   403   401   401
        POST   /api/inbox/forms/{id}/key                            401  403   403   403  ok    401   403   401   401
        GET    /api/inbox/forms/{id}/snippet                        401  403   403   403  ok    401   403   401   401
        POST   /api/inbox/forms/{formKey}/submissions               ok   ok    ok    ok   ok    ok    ok    ok    ok
        GET    /api/inbox/requests/{id}/attachments/{attachmentId}  401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/inbox/mailboxes                                 401  403   403   403  ok    401   403   401   401
        POST   /api/inbox/mailboxes                                 401  403   403   403  ok    401   403   401   401
        PUT    /api/inbox/mailboxes/{id}                            401  403   403   403  ok    401   403   401   401
        DELETE /api/inbox/mailboxes/{id}                            401  403   403   403  ok    401   403   401   401
        POST   /api/inbox/mailboxes/{id}/check                      401  403   403   403  ok    401   403   401   401
        GET    /api/messaging/feed/{kind}/{id}                      401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/messaging/feed/{kind}/{id}                      401  ok    ok    ok   ok    401   ok    401   401
        PUT    /api/messaging/feed/entries/{id}                     401  ok    403   403  403   401   ok    401   401
        DELETE /api/messaging/feed/entries/{id}                     401  ok    403   403  403   401   ok    401   401
        POST   /api/messaging/feed/entries/{id}/pin                 401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/messaging/notifications                         401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/messaging/notifications/read                    401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/messaging/notifications/settings                401  ok    ok    ok   ok    401   ok    401   401
        PUT    /api/messaging/notifications/settings                401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/messaging/channels                              401  ok    ok    ok   ok    401   ok    401   401
        POST   /api/messaging/channels                              401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/messaging/channels/{id}/messages                401  ok    403   403  403   401   ok    401   401
        POST   /api/messaging/channels/{id}/messages                401  ok    403   403  403   401   ok    401   401
        POST   /api/messaging/channels/{id}/read                    401  ok    403   403  403   401   ok    401   401
        PUT    /api/messaging/messages/{id}                         401  ok    403   403  403   401   ok    401   401
        DELETE /api/messaging/messages/{id}                         401  ok    403   403  403   401   ok    401   401
        POST   /api/messaging/direct/{userId}                       401  ok    ok    ok   ok    401   ok    401   401
        GET    /api/admin/bus/failures                              401  403   403   403  ok    401   403   401   401
        POST   /api/admin/bus/failures/{eventId}/{handler}/retry    401  403   403   403  404   401   403   401   401
        DELETE /api/admin/bus/failures/{eventId}/{handler}          401  403   403   403  404   401   403   401   401
        """;

    /// <summary>Operations whose call ends or changes the caller's own session or sign-in: each call gets callers of its own.</summary>
    private static readonly HashSet<string> OwnCallers =
    [
        "POST /api/identity/sign-in", "POST /api/identity/sign-out", "POST /api/identity/me/sign-out-everywhere", "POST /api/identity/me/password",
    ];

    [Fact]
    public async Task Every_operation_answers_every_kind_of_caller_as_the_matrix_says()
    {
        var expected = Parse(Matrix);
        using var admin = await app.SignedInAsync();
        var document = JsonNode.Parse(await (await admin.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync())!;
        var documented = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => $"{m.Key.ToUpperInvariant()} {p.Key}"))
            .ToHashSet();
        var missing = documented.Except(expected.Keys).Order().ToList();
        var gone = expected.Keys.Except(documented).Order().ToList();
        Assert.True(missing.Count == 0 && gone.Count == 0,
            $"The matrix and the OpenAPI document disagree. Not in the matrix: {string.Join(", ", missing)}. Not in the document: {string.Join(", ", gone)}");

        var world = await World.CreateAsync(app, admin);
        var shared = await world.CallersAsync();
        var failures = new List<string>();
        var calls = 0;
        foreach (var (operation, outcomes) in expected)
        {
            for (var i = 0; i < Callers.Length; i++)
            {
                // A call that ends or changes its caller's sign-in gets a caller (and an owner) of its own.
                using var own = OwnCallers.Contains(operation) ? await world.CallerAsync(Callers[i], await world.UserAsync("Manager")) : null;
                var caller = own ?? shared[Callers[i]];
                var request = await Arrange(operation, world, caller);
                using var response = await caller.SendAsync(request);
                calls++;
                var status = (int)response.StatusCode;
                var ok = outcomes[i] == "ok" ? status is >= 200 and < 300 : status.ToString() == outcomes[i];
                if (!ok)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    failures.Add($"{operation} [{Callers[i]}]: expected {outcomes[i]}, got {status} {body[..Math.Min(body.Length, 300)]}");
                }
            }
        }
        output.WriteLine($"Rights matrix: {calls} calls over {expected.Count} operations × {Callers.Length} callers.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls answered otherwise:\n{string.Join('\n', failures)}");
    }

    private static Dictionary<string, string[]> Parse(string matrix)
    {
        var rows = new Dictionary<string, string[]>();
        foreach (var line in matrix.Split('\n').Skip(1).Where(l => l.Trim().Length > 0))
        {
            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(cells.Length == 2 + Callers.Length, $"a matrix row has {cells.Length} cells: {line}");
            Assert.True(rows.TryAdd($"{cells[0]} {cells[1]}", cells[2..]), $"a matrix row twice: {line}");
        }
        return rows;
    }

    /// <summary>A request that the owner, head or admin may make with success (where they have the right), made for this caller.</summary>
    private static async Task<Call> Arrange(string operation, World w, Caller caller)
    {
        var now = DateTimeOffset.UtcNow;
        switch (operation)
        {
            case "POST /api/identity/sign-in":
                return Call.Post("/api/identity/sign-in", new { email = await w.UserAsync("Manager"), password = Password });
            case "POST /api/identity/sign-out":
                return Call.Post("/api/identity/sign-out");
            case "POST /api/identity/me/sign-out-everywhere":
                return Call.Post("/api/identity/me/sign-out-everywhere");
            case "POST /api/identity/me/password":
                return Call.Post("/api/identity/me/password", new { currentPassword = Password, newPassword = "Matrix-pass-9350", revokeApiTokens = false });
            case "GET /api/identity/session":
            case "GET /api/identity/me":
            case "GET /api/identity/users":
            case "GET /api/identity/me/tokens":
            case "GET /api/pipelines":
            case "GET /api/deals/custom-fields":
            case "GET /api/directory/custom-fields":
            case "GET /api/tasks/types":
            case "GET /api/admin/bus/failures":
            case "GET /api/inbox/forms":
                return Call.Get(operation[4..]);
            case "PUT /api/identity/me/settings":
                return Call.Put("/api/identity/me/settings", new { language = "ru", timeZone = "Europe/Moscow", reminderLeadMinutes = 30 });
            case "POST /api/identity/me/tokens":
                return Call.Post("/api/identity/me/tokens", new { name = "matrix" });
            case "DELETE /api/identity/me/tokens/{id}":
                return Call.Delete($"/api/identity/me/tokens/{await w.OwnerTokenIdAsync()}");
            case "POST /api/identity/users":
                return Call.Post("/api/identity/users", new { email = $"new-{Guid.NewGuid():N}@crm.local", displayName = "Новый", role = "Manager", password = Password });
            case "PUT /api/identity/users/{id}":
            {
                var email = await w.UserAsync("Manager");
                var user = await w.AdminJsonAsync("/api/identity/users", u => u.GetProperty("email").GetString() == email);
                return Call.Put($"/api/identity/users/{user.Id()}", new { email, displayName = "Переименован", role = "Manager", version = user.Version() });
            }
            case "POST /api/identity/users/{id}/deactivate":
                return Call.Post($"/api/identity/users/{await w.UserIdAsync()}/deactivate");
            case "POST /api/identity/users/{id}/activate":
                return Call.Post($"/api/identity/users/{await w.UserIdAsync(deactivated: true)}/activate");
            case "POST /api/identity/users/{id}/reset-password":
                return Call.Post($"/api/identity/users/{await w.UserIdAsync()}/reset-password", new { password = "Matrix-reset-7316" });

            case "GET /api/deals/saved-filters":
            case "GET /api/directory/saved-filters":
            case "GET /api/tasks/saved-filters":
                return Call.Get($"{operation[4..]}?table={World.TableOf(operation)}");
            case "POST /api/deals/saved-filters":
            case "POST /api/directory/saved-filters":
            case "POST /api/tasks/saved-filters":
                return Call.Post(operation[5..], new { table = World.TableOf(operation), name = $"Вид {Guid.NewGuid():N}", query = "sort=name", shared = false });
            case "PUT /api/deals/saved-filters/{id}":
            case "PUT /api/directory/saved-filters/{id}":
            case "PUT /api/tasks/saved-filters/{id}":
                return Call.Put(operation[4..].Replace("{id}", (await w.SavedFilterAsync(operation)).ToString()),
                    new { name = $"Вид {Guid.NewGuid():N}", query = "sort=-name", shared = false });
            case "DELETE /api/deals/saved-filters/{id}":
            case "DELETE /api/directory/saved-filters/{id}":
            case "DELETE /api/tasks/saved-filters/{id}":
                return Call.Delete(operation[7..].Replace("{id}", (await w.SavedFilterAsync(operation)).ToString()));
            case "GET /api/deals/table-columns/{table}":
            case "GET /api/directory/table-columns/{table}":
            case "GET /api/tasks/table-columns/{table}":
                return Call.Get(operation[4..].Replace("{table}", World.TableOf(operation)));
            case "PUT /api/deals/table-columns/{table}":
            case "PUT /api/directory/table-columns/{table}":
            case "PUT /api/tasks/table-columns/{table}":
                return Call.Put(operation[4..].Replace("{table}", World.TableOf(operation)), new { columns = new[] { "name", "responsible" } });

            case "GET /api/deals/tags":
                return Call.Get("/api/deals/tags?q=матр");
            case "GET /api/directory/tags":
                return Call.Get("/api/directory/tags?kind=company&q=матр");
            case "POST /api/deals/tags":
                return Call.Post("/api/deals/tags", new { name = $"Тег {Guid.NewGuid():N}"[..20], colour = "green" });
            case "POST /api/directory/tags":
                return Call.Post("/api/directory/tags", new { kind = "contact", name = $"Тег {Guid.NewGuid():N}"[..20] });
            case "PUT /api/deals/tags/{id}":
            case "PUT /api/directory/tags/{id}":
                return Call.Put(operation[4..].Replace("{id}", (await w.TagAsync(operation)).ToString()),
                    new { name = $"Тег {Guid.NewGuid():N}"[..20], colour = "red" });
            case "DELETE /api/deals/tags/{id}":
            case "DELETE /api/directory/tags/{id}":
                return Call.Delete(operation[7..].Replace("{id}", (await w.TagAsync(operation)).ToString()));
            case "PUT /api/deals/{id}/tags":
            {
                var (id, version) = await w.DealAsync();
                return Call.Put($"/api/deals/{id}/tags", new { tagIds = new[] { await w.TagAsync(operation) }, version });
            }
            case "PUT /api/directory/companies/{id}/tags":
                return Call.Put($"/api/directory/companies/{await w.CompanyAsync()}/tags", new { tagIds = new[] { await w.TagAsync(operation) } });
            case "PUT /api/directory/contacts/{id}/tags":
                return Call.Put($"/api/directory/contacts/{await w.ContactAsync()}/tags", new { tagIds = new[] { await w.TagAsync(operation) } });

            case "POST /api/pipelines":
                return Call.Post("/api/pipelines", new { name = $"Воронка {Guid.NewGuid():N}"[..20], kind = "sales" });
            case "PUT /api/pipelines/{id}":
            {
                var (id, version) = await w.PipelineAsync();
                return Call.Put($"/api/pipelines/{id}", new { name = $"Воронка {Guid.NewGuid():N}"[..20], version });
            }
            case "DELETE /api/pipelines/{id}":
                return Call.Delete($"/api/pipelines/{(await w.PipelineAsync()).Id}");
            case "POST /api/pipelines/{id}/stages":
                return Call.Post($"/api/pipelines/{(await w.PipelineAsync()).Id}/stages",
                    new { name = "Новый этап", color = "#99ccff", kind = "open", probability = 20 });
            case "PUT /api/pipelines/{id}/stages/order":
            {
                var (id, _) = await w.PipelineAsync(openStages: 2);
                var stages = await w.StagesAsync(id);
                (stages[1], stages[2]) = (stages[2], stages[1]); // the two open stages
                return Call.Put($"/api/pipelines/{id}/stages/order", new { stageIds = stages });
            }
            case "PUT /api/pipelines/{id}/stages/{stageId}":
            {
                var (id, _) = await w.PipelineAsync();
                var stage = (await w.StagesAsync(id))[1];
                var version = await w.ScalarAsync<int>("select version from pipelines.stages where id = @stage", new { stage });
                return Call.Put($"/api/pipelines/{id}/stages/{stage}", new { name = "Этап", color = "#ffcc99", probability = 30, version });
            }
            case "DELETE /api/pipelines/{id}/stages/{stageId}":
            {
                var (id, _) = await w.PipelineAsync(openStages: 2);
                return Call.Delete($"/api/pipelines/{id}/stages/{(await w.StagesAsync(id))[1]}");
            }

            case "GET /api/deals":
                return Call.Get($"/api/deals?companyId={await w.CompanyAsync()}");
            case "POST /api/deals":
                return Call.Post("/api/deals", new { pipelineId = w.Pipeline, stageId = w.OpenStage, name = "Сделка матрицы" });
            case "GET /api/deals/export":
                return Call.Get($"/api/deals/export?pipelineId={w.Pipeline}&format=xlsx");
            case "GET /api/deals/totals":
                return Call.Get($"/api/deals/totals?pipelineId={w.Pipeline}&f.nextTask=empty");
            case "GET /api/deals/ids":
                return Call.Get($"/api/deals/ids?pipelineId={w.Pipeline}&f.nextTask=empty");
            case "POST /api/deals/bulk":
                // another manager's call answers 200 too, the deal in its refused list (rights per deal)
                return Call.Post("/api/deals/bulk", new { action = "assign", ids = new[] { (await w.DealAsync()).Id }, responsibleId = w.HeadId });
            case "POST /api/deals/bulk-jobs":
                // another manager's job is accepted too; the deals they may not change are in its report (rights per deal)
                await w.DealAsync();
                return Call.Post("/api/deals/bulk-jobs", w.BulkJob());
            case "POST /api/deals/imports/preview":
                return new Call(HttpMethod.Post, "/api/deals/imports/preview", w.DealImportForm(null));
            case "POST /api/deals/imports":
                return new Call(HttpMethod.Post, "/api/deals/imports", w.DealImportForm("""{"name":"Название"}"""));
            case "GET /api/deals/imports/{id}":
                return Call.Get($"/api/deals/imports/{await w.DealImportAsync()}");
            case "GET /api/deals/imports/{id}/report":
                return Call.Get($"/api/deals/imports/{await w.DealImportAsync()}/report");
            case "POST /api/deals/imports/{id}/cancel":
                return Call.Post($"/api/deals/imports/{await w.DealImportAsync()}/cancel");
            case "GET /api/deals/bulk-jobs/{id}":
                return Call.Get($"/api/deals/bulk-jobs/{await w.BulkJobAsync()}");
            case "POST /api/deals/bulk-jobs/{id}/cancel":
                return Call.Post($"/api/deals/bulk-jobs/{await w.BulkJobAsync()}/cancel");
            case "GET /api/deals/board":
                return Call.Get($"/api/deals/board?pipelineId={w.Pipeline}");
            case "GET /api/deals/board/stages/{stageId}":
                return Call.Get($"/api/deals/board/stages/{w.OpenStage}");
            case "GET /api/deals/search":
                return Call.Get("/api/deals/search?q=матриц");
            case "GET /api/deals/{id}":
                return Call.Get($"/api/deals/{(await w.DealAsync()).Id}");
            case "GET /api/deals/{id}/history":
                return Call.Get($"/api/deals/{(await w.DealAsync()).Id}/history");
            case "PUT /api/deals/{id}":
            {
                var (id, version) = await w.DealAsync();
                return Call.Put($"/api/deals/{id}", new { name = "Сделка матрицы 2", budget = 1000, currency = "RUB", version });
            }
            case "DELETE /api/deals/{id}":
                return Call.Delete($"/api/deals/{(await w.DealAsync()).Id}");
            case "POST /api/deals/{id}/assign":
            {
                var (id, version) = await w.DealAsync();
                return Call.Post($"/api/deals/{id}/assign", new { responsibleId = w.HeadId, version });
            }
            case "POST /api/deals/{id}/stage":
            {
                var (id, version) = await w.DealAsync();
                return Call.Post($"/api/deals/{id}/stage", new { stageId = w.SecondStage, version });
            }
            case "POST /api/deals/{id}/won":
            {
                var (id, version) = await w.DealAsync();
                return Call.Post($"/api/deals/{id}/won", new { version });
            }
            case "POST /api/deals/{id}/lost":
            {
                var (id, version) = await w.DealAsync();
                return Call.Post($"/api/deals/{id}/lost", new { reason = "Дорого", version });
            }
            case "POST /api/deals/custom-fields":
                return Call.Post("/api/deals/custom-fields", new { name = $"Поле {Guid.NewGuid():N}"[..16], type = "text" });
            case "PUT /api/deals/custom-fields/{id}":
            {
                var (id, version) = await w.CustomFieldAsync("/api/deals/custom-fields", null);
                return Call.Put($"/api/deals/custom-fields/{id}", new { name = $"Поле {Guid.NewGuid():N}"[..16], position = 0, version });
            }
            case "DELETE /api/deals/custom-fields/{id}":
                return Call.Delete($"/api/deals/custom-fields/{(await w.CustomFieldAsync("/api/deals/custom-fields", null)).Id}");

            case "GET /api/directory/companies":
            case "GET /api/directory/contacts":
                return Call.Get(operation[4..] + "?page=1&pageSize=20");
            case "POST /api/directory/companies":
                return Call.Post("/api/directory/companies", new { name = $"ООО Матрица {Guid.NewGuid():N}" });
            case "POST /api/directory/contacts":
                return Call.Post("/api/directory/contacts", new { fullName = $"Иван Матрицын {Guid.NewGuid():N}" });
            case "GET /api/directory/companies/{id}":
                return Call.Get($"/api/directory/companies/{await w.CompanyAsync()}");
            case "GET /api/directory/contacts/{id}":
                return Call.Get($"/api/directory/contacts/{await w.ContactAsync()}");
            case "PUT /api/directory/companies/{id}":
            {
                var id = await w.CompanyAsync();
                var version = await w.ScalarAsync<int>("select version from directory.companies where id = @id", new { id });
                return Call.Put($"/api/directory/companies/{id}", new { name = $"ООО Матрица {Guid.NewGuid():N}", version });
            }
            case "PUT /api/directory/contacts/{id}":
            {
                var id = await w.ContactAsync();
                var version = await w.ScalarAsync<int>("select version from directory.contacts where id = @id", new { id });
                return Call.Put($"/api/directory/contacts/{id}", new { fullName = $"Иван Матрицын {Guid.NewGuid():N}", version });
            }
            case "DELETE /api/directory/companies/{id}":
                return Call.Delete($"/api/directory/companies/{await w.CompanyAsync()}");
            case "DELETE /api/directory/contacts/{id}":
                return Call.Delete($"/api/directory/contacts/{await w.ContactAsync()}");
            case "POST /api/directory/companies/{id}/merge":
                return Call.Post($"/api/directory/companies/{await w.CompanyAsync()}/merge", new { mergeId = await w.CompanyAsync() });
            case "POST /api/directory/contacts/{id}/merge":
                return Call.Post($"/api/directory/contacts/{await w.ContactAsync()}/merge", new { mergeId = await w.ContactAsync() });
            case "POST /api/directory/custom-fields":
                return Call.Post("/api/directory/custom-fields", new { entity = "company", name = $"Поле {Guid.NewGuid():N}"[..16], type = "text" });
            case "PUT /api/directory/custom-fields/{id}":
            {
                var (id, version) = await w.CustomFieldAsync("/api/directory/custom-fields", "company");
                return Call.Put($"/api/directory/custom-fields/{id}", new { name = $"Поле {Guid.NewGuid():N}"[..16], position = 0, version });
            }
            case "DELETE /api/directory/custom-fields/{id}":
                return Call.Delete($"/api/directory/custom-fields/{(await w.CustomFieldAsync("/api/directory/custom-fields", "company")).Id}");
            case "GET /api/directory/export":
                return Call.Get("/api/directory/export?table=contacts&q=Матриц");
            case "POST /api/directory/imports/preview":
                return new Call(HttpMethod.Post, "/api/directory/imports/preview", World.ImportForm(null));
            case "POST /api/directory/imports":
                return new Call(HttpMethod.Post, "/api/directory/imports", World.ImportForm("""{"fullName":"ФИО"}"""));
            case "GET /api/directory/imports/{id}":
                return Call.Get($"/api/directory/imports/{await w.ImportAsync()}");
            case "GET /api/directory/imports/{id}/report":
                return Call.Get($"/api/directory/imports/{await w.ImportAsync()}/report");
            case "POST /api/directory/imports/{id}/cancel":
                return Call.Post($"/api/directory/imports/{await w.ImportAsync()}/cancel");
            case "GET /api/directory/suggest":
                return Call.Get("/api/directory/suggest?q=Матриц");

            case "GET /api/tasks":
                return Call.Get("/api/tasks?view=week");
            case "POST /api/tasks":
                return Call.Post("/api/tasks", new { typeId = CallType, text = "Позвонить", dueAt = now.AddDays(1), linkKind = "deal", linkId = (await w.DealAsync()).Id });
            case "POST /api/tasks/bulk":
                // another manager's call answers 200 too, the deal in its refused list (rights per deal)
                return Call.Post("/api/tasks/bulk", World.BulkPlan([(await w.DealAsync()).Id], now));
            case "POST /api/tasks/bulk-jobs":
                return Call.Post("/api/tasks/bulk-jobs", World.BulkPlan([(await w.DealAsync()).Id], now));
            case "GET /api/tasks/bulk-jobs/{id}":
                return Call.Get($"/api/tasks/bulk-jobs/{await w.BulkPlanJobAsync(now)}");
            case "POST /api/tasks/bulk-jobs/{id}/cancel":
                return Call.Post($"/api/tasks/bulk-jobs/{await w.BulkPlanJobAsync(now)}/cancel");
            case "GET /api/tasks/{id}":
                return Call.Get($"/api/tasks/{(await w.TaskAsync()).Id}");
            case "PUT /api/tasks/{id}":
            {
                var (id, version) = await w.TaskAsync();
                return Call.Put($"/api/tasks/{id}", new { typeId = CallType, text = "Перезвонить", dueAt = now.AddDays(2), version });
            }
            case "DELETE /api/tasks/{id}":
                return Call.Delete($"/api/tasks/{(await w.TaskAsync()).Id}");
            case "POST /api/tasks/{id}/complete":
            {
                var (id, version) = await w.TaskAsync();
                return Call.Post($"/api/tasks/{id}/complete", new { result = "Договорились", version });
            }
            case "GET /api/tasks/linked":
                return Call.Get($"/api/tasks/linked?linkKind=deal&linkId={(await w.DealAsync()).Id}");
            case "GET /api/tasks/search":
                return Call.Get("/api/tasks/search?q=Позвон");
            case "GET /api/tasks/summary":
                return Call.Get($"/api/tasks/summary?dealIds={(await w.DealAsync()).Id}");
            case "POST /api/tasks/import":
            {
                var ics = $"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//matrix//EN\r\nBEGIN:VEVENT\r\nUID:{Guid.NewGuid()}\r\nDTSTART:{now.AddDays(3):yyyyMMdd'T'HHmmss'Z'}\r\nSUMMARY:Встреча\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
                var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(ics)) { Headers = { ContentType = new("text/calendar") } }, "file", "tasks.ics" } };
                return new Call(HttpMethod.Post, "/api/tasks/import", form);
            }
            case "POST /api/tasks/types":
                return Call.Post("/api/tasks/types", new { nameRu = $"Тип {Guid.NewGuid():N}"[..14] });
            case "PUT /api/tasks/types/{id}":
            {
                var (id, version) = await w.TaskTypeAsync();
                return Call.Put($"/api/tasks/types/{id}", new { nameRu = $"Тип {Guid.NewGuid():N}"[..14], version });
            }
            case "DELETE /api/tasks/types/{id}":
                return Call.Delete($"/api/tasks/types/{(await w.TaskTypeAsync()).Id}");
            case "POST /api/tasks/calendar/token":
                return Call.Post("/api/tasks/calendar/token");
            case "DELETE /api/tasks/calendar/token":
                return Call.Delete("/api/tasks/calendar/token");
            case "GET /api/tasks/calendar/{token}.ics":
                return Call.Get(await w.CalendarPathAsync());

            case "GET /api/inbox/requests":
                return Call.Get($"/api/inbox/requests?pipelineId={w.Pipeline}");
            case "POST /api/inbox/requests":
                return Call.Post("/api/inbox/requests", new { pipelineId = w.Pipeline, contactName = "Клиент матрицы", emails = new[] { "matrix@example.com" }, message = "Здравствуйте" });
            case "GET /api/inbox/requests/{id}":
                return Call.Get($"/api/inbox/requests/{await w.RequestAsync()}");
            case "POST /api/inbox/requests/{id}/accept":
                return Call.Post($"/api/inbox/requests/{await w.RequestAsync()}/accept");
            case "POST /api/inbox/requests/{id}/decline":
                return Call.Post($"/api/inbox/requests/{await w.RequestAsync()}/decline", new { reason = "Спам" });
            case "GET /api/inbox/regions":
                return Call.Get("/api/inbox/regions");
            case "PUT /api/inbox/regions/{userId}":
                return Call.Put($"/api/inbox/regions/{w.HeadId}", new { regions = new[] { "Пермский край" } });
            case "POST /api/inbox/requests/{id}/restore":
                return Call.Post($"/api/inbox/requests/{await w.RequestAsync(declined: true)}/restore");

            case "POST /api/inbox/forms":
                return Call.Post("/api/inbox/forms", w.FormSettings());
            case "PUT /api/inbox/forms/{id}":
            {
                var (id, version, _) = await w.FormAsync();
                return Call.Put($"/api/inbox/forms/{id}", new { name = "Форма матрицы 2", pipelineId = w.Pipeline, fields = new { phone = "required" }, version });
            }
            case "DELETE /api/inbox/forms/{id}":
                return Call.Delete($"/api/inbox/forms/{(await w.FormAsync()).Id}");
            case "POST /api/inbox/forms/{id}/key":
                return Call.Post($"/api/inbox/forms/{(await w.FormAsync()).Id}/key");
            case "GET /api/inbox/forms/{id}/snippet":
                return Call.Get($"/api/inbox/forms/{(await w.FormAsync()).Id}/snippet");
            case "POST /api/inbox/forms/{formKey}/submissions":
                return Call.Post($"/api/inbox/forms/{(await w.FormAsync()).Key}/submissions", new { contactName = "Клиент матрицы", phone = "+73432123456" });
            case "GET /api/inbox/requests/{id}/attachments/{attachmentId}":
            {
                var (request, attachment) = await w.AttachmentAsync();
                return Call.Get($"/api/inbox/requests/{request}/attachments/{attachment}");
            }
            case "GET /api/inbox/mailboxes":
                return Call.Get("/api/inbox/mailboxes");
            case "POST /api/inbox/mailboxes":
                return Call.Post("/api/inbox/mailboxes", w.MailboxSettings());
            case "PUT /api/inbox/mailboxes/{id}":
            {
                var (id, version) = await w.MailboxAsync();
                return Call.Put($"/api/inbox/mailboxes/{id}", new { name = "Ящик матрицы 2", host = "127.0.0.1", port = 1, security = "none", user = "sales", pipelineId = w.Pipeline, version });
            }
            case "DELETE /api/inbox/mailboxes/{id}":
                return Call.Delete($"/api/inbox/mailboxes/{(await w.MailboxAsync()).Id}");
            case "POST /api/inbox/mailboxes/{id}/check":
                return Call.Post($"/api/inbox/mailboxes/{(await w.MailboxAsync()).Id}/check");

            case "GET /api/messaging/feed/{kind}/{id}":
                return Call.Get($"/api/messaging/feed/deal/{(await w.DealAsync()).Id}");
            case "POST /api/messaging/feed/{kind}/{id}":
                return Call.Post($"/api/messaging/feed/deal/{(await w.DealAsync()).Id}", new { type = "note", text = "Примечание матрицы" });
            case "PUT /api/messaging/feed/entries/{id}":
                return Call.Put($"/api/messaging/feed/entries/{await w.NoteAsync()}", new { text = "Исправлено", version = 1 });
            case "DELETE /api/messaging/feed/entries/{id}":
                return Call.Delete($"/api/messaging/feed/entries/{await w.NoteAsync()}");
            case "POST /api/messaging/feed/entries/{id}/pin":
                return Call.Post($"/api/messaging/feed/entries/{await w.NoteAsync()}/pin");
            case "GET /api/messaging/notifications":
                return Call.Get("/api/messaging/notifications");
            case "POST /api/messaging/notifications/read":
                return Call.Post("/api/messaging/notifications/read", new { all = true });
            case "GET /api/messaging/notifications/settings":
                return Call.Get("/api/messaging/notifications/settings");
            case "PUT /api/messaging/notifications/settings":
                return Call.Put("/api/messaging/notifications/settings", new { kinds = new { mention = true } });
            case "GET /api/messaging/channels":
                return Call.Get("/api/messaging/channels");
            case "POST /api/messaging/channels":
                return Call.Post("/api/messaging/channels", new { name = "Канал матрицы", kind = "private" });
            case "GET /api/messaging/channels/{id}/messages":
                return Call.Get($"/api/messaging/channels/{await w.PrivateChannelAsync()}/messages");
            case "POST /api/messaging/channels/{id}/messages":
                return Call.Post($"/api/messaging/channels/{await w.PrivateChannelAsync()}/messages", new { text = "Сообщение матрицы" });
            case "POST /api/messaging/channels/{id}/read":
                return Call.Post($"/api/messaging/channels/{await w.PrivateChannelAsync()}/read");
            case "PUT /api/messaging/messages/{id}":
                return Call.Put($"/api/messaging/messages/{await w.ChatMessageAsync()}", new { text = "Исправлено", version = 1 });
            case "DELETE /api/messaging/messages/{id}":
                return Call.Delete($"/api/messaging/messages/{await w.ChatMessageAsync()}");
            case "POST /api/messaging/direct/{userId}":
                return Call.Post($"/api/messaging/direct/{w.HeadId}");

            case "POST /api/admin/bus/failures/{eventId}/{handler}/retry":
                return Call.Post($"/api/admin/bus/failures/{Guid.NewGuid()}/Pipelines.KeepStageOccupancy/retry");
            case "DELETE /api/admin/bus/failures/{eventId}/{handler}":
                return Call.Delete($"/api/admin/bus/failures/{Guid.NewGuid()}/Pipelines.KeepStageOccupancy");
        }
        throw new InvalidOperationException($"No request arranged for {operation}: add it to Arrange.");
    }

    /// <summary>One request, made fresh for each call (a request message can be sent once).</summary>
    private sealed record Call(HttpMethod Method, string Url, HttpContent? Content)
    {
        public static Call Get(string url) => new(HttpMethod.Get, url, null);

        public static Call Post(string url, object? body = null) => new(HttpMethod.Post, url, body is null ? null : JsonContent.Create(body));

        public static Call Put(string url, object body) => new(HttpMethod.Put, url, JsonContent.Create(body));

        public static Call Delete(string url) => new(HttpMethod.Delete, url, null);
    }

    /// <summary>A kind of caller: a browser-like client with its cookies, or a client with a Bearer token.</summary>
    private sealed class Caller(CrmClient client, string? token) : IDisposable
    {
        public async Task<HttpResponseMessage> SendAsync(Call call)
        {
            using var request = new HttpRequestMessage(call.Method, call.Url) { Content = call.Content };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            return await client.Http.SendAsync(request);
        }

        public void Dispose() => client.Dispose();
    }

    /// <summary>The owner, the others and the records the calls are about.</summary>
    private sealed class World(CrmApp app, CrmClient admin)
    {
        public Guid Pipeline { get; private set; }

        public Guid OpenStage { get; private set; }

        public Guid SecondStage { get; private set; }

        public Guid HeadId { get; private set; }

        /// <summary>The owner's browser, that makes the records the calls are about.</summary>
        private CrmClient owner = null!;
        private string ownerEmail = "";

        public static async Task<World> CreateAsync(CrmApp app, CrmClient admin)
        {
            var world = new World(app, admin);
            var pipelines = await (await admin.GetAsync("/api/pipelines")).JsonAsync(HttpStatusCode.OK);
            world.Pipeline = pipelines.EnumerateArray().First(p => p.GetProperty("kind").GetString() == "sales").Id();
            var open = await world.QueryAsync<Guid>(
                "select id from pipelines.stages where pipeline_id = @id and kind = 'open' order by position", new { id = world.Pipeline });
            (world.OpenStage, world.SecondStage) = (open[0], open[1]);
            world.HeadId = await world.UserIdAsync(role: "HeadOfSales");
            world.ownerEmail = await world.UserAsync("Manager");
            world.owner = await app.SignedInAsync(world.ownerEmail, Password);
            return world;
        }

        /// <summary>One caller of each kind; the owner is the one whose records the calls are about.</summary>
        public async Task<Dictionary<string, Caller>> CallersAsync()
        {
            var callers = new Dictionary<string, Caller>();
            foreach (var kind in Callers)
            {
                callers[kind] = await CallerAsync(kind, ownerEmail);
            }
            return callers;
        }

        /// <summary>A caller of the kind; <paramref name="of"/> is the owner whose token or cookie it is, where it is one of the owner's.</summary>
        public async Task<Caller> CallerAsync(string kind, string of)
        {
            switch (kind)
            {
                case "anon":
                    var anonymous = app.Client();
                    await anonymous.GetAsync("/api/identity/session"); // the XSRF cookie, as the app gets it
                    return new(anonymous, null);
                case "owner":
                    return new(await app.SignedInAsync(of, Password), null);
                case "other":
                    return new(await app.SignedInAsync(await UserAsync("Manager"), Password), null);
                case "head":
                    return new(await app.SignedInAsync(await UserAsync("HeadOfSales"), Password), null);
                case "admin":
                    return new(await app.SignedInAsync(await UserAsync("Admin"), Password), null);
                case "deact":
                    var email = await UserAsync("Manager");
                    var deactivated = await app.SignedInAsync(email, Password);
                    var user = await AdminJsonAsync("/api/identity/users", u => u.GetProperty("email").GetString() == email);
                    Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/identity/users/{user.Id()}/deactivate")).StatusCode);
                    // The open app learns of it from its next call's 401, which brings a token for signing in again.
                    await (await deactivated.PostAsync("/api/identity/me/tokens", new { name = "late" })).ProblemAsync(HttpStatusCode.Unauthorized);
                    return new(deactivated, null);
                case "token":
                {
                    using var browser = await app.SignedInAsync(of, Password);
                    return new(app.Client(), (await TokenAsync(browser)).Token);
                }
                case "revok":
                {
                    using var browser = await app.SignedInAsync(of, Password);
                    var revoked = await TokenAsync(browser);
                    Assert.Equal(HttpStatusCode.NoContent, (await browser.DeleteAsync($"/api/identity/me/tokens/{revoked.Id}")).StatusCode);
                    return new(app.Client(), revoked.Token);
                }
                case "out":
                    var signedOut = await app.SignedInAsync(of, Password);
                    Assert.Equal(HttpStatusCode.NoContent, (await signedOut.PostAsync("/api/identity/sign-out")).StatusCode);
                    return new(signedOut, null);
            }
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such caller");
        }

        /// <summary>The table of the module an operation is under: deals, contacts (Directory) or tasks.</summary>
        public static string TableOf(string operation) =>
            operation.Contains("/api/deals/") ? "deals" : operation.Contains("/api/directory/") ? "contacts" : "tasks";

        /// <summary>A new tag in the catalog of the operation's module (a contact's tag in Directory's unless the route is a company's).</summary>
        public async Task<Guid> TagAsync(string operation)
        {
            var deals = operation.Contains("/api/deals/");
            var kind = deals ? "deal" : operation.Contains("/companies/") ? "company" : "contact";
            var body = new { kind, name = $"Тег {Guid.NewGuid():N}"[..20] };
            return (await (await owner.PostAsync(deals ? "/api/deals/tags" : "/api/directory/tags", body)).JsonAsync(HttpStatusCode.Created)).Id();
        }

        /// <summary>A new private saved filter of the owner's, in the module of the operation.</summary>
        public async Task<Guid> SavedFilterAsync(string operation)
        {
            var module = operation.Split('/')[2];
            var body = new { table = TableOf(operation), name = $"Вид {Guid.NewGuid():N}", query = "sort=name", shared = false };
            return (await (await owner.PostAsync($"/api/{module}/saved-filters", body)).JsonAsync(HttpStatusCode.Created)).Id();
        }

        /// <summary>A new active user of the role; returns the e-mail (the password is <see cref="Password"/>).</summary>
        public async Task<string> UserAsync(string role)
        {
            var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@crm.local";
            await (await admin.PostAsync("/api/identity/users", new { email, displayName = $"{role} матрицы", role, password = Password }))
                .JsonAsync(HttpStatusCode.Created);
            return email;
        }

        public async Task<Guid> UserIdAsync(string role = "Manager", bool deactivated = false)
        {
            var email = await UserAsync(role);
            var id = (await AdminJsonAsync("/api/identity/users", u => u.GetProperty("email").GetString() == email)).Id();
            if (deactivated)
            {
                Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/identity/users/{id}/deactivate")).StatusCode);
            }
            return id;
        }

        public async Task<JsonElement> AdminJsonAsync(string url, Func<JsonElement, bool> which) =>
            (await (await admin.GetAsync(url)).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Single(which);

        /// <summary>A token of the owner that this caller's call is about.</summary>
        public async Task<Guid> OwnerTokenIdAsync() => (await TokenAsync(owner)).Id;

        private static async Task<(Guid Id, string Token)> TokenAsync(CrmClient client)
        {
            var created = await (await client.PostAsync("/api/identity/me/tokens", new { name = "matrix" })).JsonAsync(HttpStatusCode.Created);
            return (created.Id(), created.GetProperty("token").GetString()!);
        }

        /// <summary>A new sales pipeline with at least <paramref name="openStages"/> open stages, right after its unsorted one.</summary>
        public async Task<(Guid Id, int Version)> PipelineAsync(int openStages = 1)
        {
            var created = await (await admin.PostAsync("/api/pipelines", new { name = $"Воронка {Guid.NewGuid():N}"[..20], kind = "sales" }))
                .JsonAsync(HttpStatusCode.Created);
            var id = created.Id();
            var open = await ScalarAsync<int>("select count(*) from pipelines.stages where pipeline_id = @id and kind = 'open'", new { id });
            for (; open < openStages; open++)
            {
                await (await admin.PostAsync($"/api/pipelines/{id}/stages", new { name = $"Этап {open}", color = "#99ccff", kind = "open", probability = 20, position = 1 }))
                    .JsonAsync(HttpStatusCode.Created);
            }
            var version = await ScalarAsync<int>("select version from pipelines.pipelines where id = @id", new { id });
            return (id, version);
        }

        public async Task<List<Guid>> StagesAsync(Guid pipeline) =>
            await QueryAsync<Guid>("select id from pipelines.stages where pipeline_id = @pipeline order by position", new { pipeline });

        /// <summary>A contacts import form of one row (with the mapping, or for a preview without one).</summary>
        public static MultipartFormDataContent ImportForm(string? mapping)
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"ФИО\r\nМатрица {Guid.NewGuid():N}\r\n")) { Headers = { ContentType = new("text/csv") } };
            var form = new MultipartFormDataContent { { file, "file", "contacts.csv" }, { new StringContent("contacts"), "table" } };
            if (mapping is not null)
            {
                form.Add(new StringContent(mapping), "mapping");
            }
            return form;
        }

        /// <summary>A new import of the owner's.</summary>
        public async Task<Guid> ImportAsync() =>
            (await (await owner.Http.PostAsync("/api/directory/imports", ImportForm("""{"fullName":"ФИО"}"""))).JsonAsync(HttpStatusCode.Accepted))
            .GetProperty("id").GetGuid();

        /// <summary>A deals import's form: one deal into the pipeline (the mapping left to the preview's guess when null).</summary>
        public MultipartFormDataContent DealImportForm(string? mapping)
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"Название\r\nСделка матрицы {Guid.NewGuid():N}\r\n")) { Headers = { ContentType = new("text/csv") } };
            var form = new MultipartFormDataContent { { file, "file", "deals.csv" }, { new StringContent(Pipeline.ToString()), "pipelineId" } };
            if (mapping is not null)
            {
                form.Add(new StringContent(mapping), "mapping");
            }
            return form;
        }

        /// <summary>A new deals import of the owner's.</summary>
        public async Task<Guid> DealImportAsync() =>
            (await (await owner.Http.PostAsync("/api/deals/imports", DealImportForm("""{"name":"Название"}"""))).JsonAsync(HttpStatusCode.Accepted))
            .GetProperty("id").GetGuid();

        /// <summary>A bulk change job's body: give the pipeline's deals to the head of sales.</summary>
        public object BulkJob() => new
        {
            change = new { action = "assign", responsibleId = HeadId },
            pipelineId = Pipeline,
            filters = new Dictionary<string, string> { ["f.name"] = "~Сделка матрицы" },
        };

        /// <summary>A bulk change job of the owner's.</summary>
        public async Task<Guid> BulkJobAsync()
        {
            await DealAsync();
            return (await (await owner.PostAsync("/api/deals/bulk-jobs", BulkJob())).JsonAsync(HttpStatusCode.Accepted)).Id();
        }

        /// <summary>A bulk plan's body: a call on each of the deals, to each deal's responsible.</summary>
        public static object BulkPlan(Guid[] dealIds, DateTimeOffset now) => new
        {
            dealIds,
            task = new { typeId = CallType, text = "Позвонить по списку", dueAt = now.AddDays(1) },
        };

        /// <summary>A bulk plan job of the owner's.</summary>
        public async Task<Guid> BulkPlanJobAsync(DateTimeOffset now) =>
            (await (await owner.PostAsync("/api/tasks/bulk-jobs", BulkPlan([(await DealAsync()).Id], now))).JsonAsync(HttpStatusCode.Accepted)).Id();

        /// <summary>A new open deal of the owner's.</summary>
        public async Task<(Guid Id, int Version)> DealAsync()
        {
            var deal = await (await owner.PostAsync("/api/deals", new { pipelineId = Pipeline, stageId = OpenStage, name = "Сделка матрицы" }))
                .JsonAsync(HttpStatusCode.Created);
            return (deal.Id(), deal.Version());
        }

        /// <summary>A new request in the pipeline's «Неразобранное» (declined, when asked).</summary>
        public async Task<Guid> RequestAsync(bool declined = false)
        {
            var id = (await (await owner.PostAsync("/api/inbox/requests",
                new { pipelineId = Pipeline, contactName = "Клиент матрицы", emails = new[] { "matrix@example.com" }, message = "Здравствуйте" }))
                .JsonAsync(HttpStatusCode.Created)).Id();
            if (declined)
            {
                await (await owner.PostAsync($"/api/inbox/requests/{id}/decline")).JsonAsync(HttpStatusCode.OK);
            }
            return id;
        }

        /// <summary>
        /// A request with a mail and a kept attachment, as the mailbox poller leaves them (written straight into
        /// Inbox's tables: the rights of the download are under test here, not the mail server).
        /// </summary>
        public async Task<(Guid Request, Guid Attachment)> AttachmentAsync()
        {
            var request = await RequestAsync();
            var (mail, attachment) = (Guid.NewGuid(), Guid.NewGuid());
            await using var db = await app.OpenDatabaseAsync();
            await db.ExecuteAsync(
                """
                insert into inbox.mails (id, mailbox_id, uid_validity, uid, request_id, kind, subject, text, received_at, raw_size)
                values (@mail, @mailbox, 1, 1, @request, 'request', 'Заявка', 'Текст', now(), 10);
                insert into inbox.mail_attachments (id, mail_id, position, file_name, content_type, size, inline, content)
                values (@attachment, @mail, 0, 'price.txt', 'text/plain', 3, false, '\x616263'::bytea);
                """,
                new { mail, mailbox = Guid.NewGuid(), request, attachment });
            return (request, attachment);
        }

        /// <summary>A private channel of the owner's, with nobody else in it.</summary>
        public async Task<Guid> PrivateChannelAsync() =>
            (await (await owner.PostAsync("/api/messaging/channels", new { name = "Закрытый канал владельца", kind = "private" }))
                .JsonAsync(HttpStatusCode.Created)).Id();

        /// <summary>A message the owner wrote in a private channel of theirs.</summary>
        public async Task<Guid> ChatMessageAsync() =>
            (await (await owner.PostAsync($"/api/messaging/channels/{await PrivateChannelAsync()}/messages", new { text = "Сообщение владельца" }))
                .JsonAsync(HttpStatusCode.Created)).Id();

        /// <summary>A note the owner wrote in the feed of their deal.</summary>
        public async Task<Guid> NoteAsync()
        {
            var (deal, _) = await DealAsync();
            return (await (await owner.PostAsync($"/api/messaging/feed/deal/{deal}", new { type = "note", text = "Примечание владельца" }))
                .JsonAsync(HttpStatusCode.Created)).Id();
        }

        /// <summary>What an admin sets for a shared mailbox into the pipeline (a port nothing listens on: reading it fails at once).</summary>
        public object MailboxSettings() =>
            new { name = "Ящик матрицы", host = "127.0.0.1", port = 1, security = "none", user = "sales", password = "secret", pipelineId = Pipeline };

        /// <summary>A new shared mailbox, made by the admin.</summary>
        public async Task<(Guid Id, int Version)> MailboxAsync()
        {
            var mailbox = await (await admin.PostAsync("/api/inbox/mailboxes", MailboxSettings())).JsonAsync(HttpStatusCode.Created);
            return (mailbox.Id(), mailbox.Version());
        }

        /// <summary>What an admin sets for a web form into the pipeline.</summary>
        public object FormSettings() =>
            new { name = "Форма матрицы", pipelineId = Pipeline, fields = new { contactName = "required", phone = "required" }, allowedOrigins = new[] { "https://example.ru" } };

        /// <summary>A new web form, made by the admin.</summary>
        public async Task<(Guid Id, int Version, string Key)> FormAsync()
        {
            var form = await (await admin.PostAsync("/api/inbox/forms", FormSettings())).JsonAsync(HttpStatusCode.Created);
            return (form.Id(), form.Version(), form.GetProperty("key").GetString()!);
        }

        public async Task<Guid> CompanyAsync() =>
            (await (await owner.PostAsync("/api/directory/companies", new { name = $"ООО Матрица {Guid.NewGuid():N}" })).JsonAsync(HttpStatusCode.Created)).Id();

        public async Task<Guid> ContactAsync() =>
            (await (await owner.PostAsync("/api/directory/contacts", new { fullName = $"Иван Матрицын {Guid.NewGuid():N}" })).JsonAsync(HttpStatusCode.Created)).Id();

        /// <summary>A new task set by the owner, held by the owner, on the owner's deal.</summary>
        public async Task<(Guid Id, int Version)> TaskAsync()
        {
            var (deal, _) = await DealAsync();
            var task = await (await owner.PostAsync("/api/tasks", new { typeId = CallType, text = "Позвонить", dueAt = DateTimeOffset.UtcNow.AddDays(1), linkKind = "deal", linkId = deal }))
                .JsonAsync(HttpStatusCode.Created);
            return (task.Id(), task.Version());
        }

        public async Task<(Guid Id, int Version)> TaskTypeAsync()
        {
            var type = await (await admin.PostAsync("/api/tasks/types", new { nameRu = $"Тип {Guid.NewGuid():N}"[..14] })).JsonAsync(HttpStatusCode.Created);
            return (type.Id(), type.Version());
        }

        public async Task<(Guid Id, int Version)> CustomFieldAsync(string url, string? entity)
        {
            var field = await (await admin.PostAsync(url, new { entity, name = $"Поле {Guid.NewGuid():N}"[..16], type = "text" }))
                .JsonAsync(HttpStatusCode.Created);
            return (field.Id(), field.Version());
        }

        /// <summary>The path of the owner's calendar feed (a new token each time).</summary>
        public async Task<string> CalendarPathAsync() =>
            (await (await owner.PostAsync("/api/tasks/calendar/token")).JsonAsync(HttpStatusCode.OK)).GetProperty("path").GetString()!;

        public async Task<T> ScalarAsync<T>(string sql, object parameters)
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException($"nothing for {sql}");
        }

        public async Task<List<T>> QueryAsync<T>(string sql, object parameters)
        {
            await using var db = await app.OpenDatabaseAsync();
            return (await db.QueryAsync<T>(sql, parameters)).ToList();
        }
    }
}

file static class MatrixJson
{
    public static Guid Id(this JsonElement json) => json.GetProperty("id").GetGuid();

    public static int Version(this JsonElement json) => json.GetProperty("version").GetInt32();
}
