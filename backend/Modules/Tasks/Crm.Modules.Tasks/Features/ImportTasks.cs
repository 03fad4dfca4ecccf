using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Web;
using Crm.Modules.Tasks.Common;
using Ical.Net;
using Ical.Net.DataTypes;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// A user imports an .ics file (exported from another calendar) as their own tasks: each event
/// (VEVENT, a meeting) and to-do (VTODO) with a summary and a start (a to-do's due) from today on
/// becomes a task; a date without a time becomes an all-day task, a time without a zone is the
/// user's local time. Past, untitled or undated items are skipped and counted; a recurring item
/// gives its first occurrence only.
/// </summary>
internal static class ImportTasks
{
    /// <summary>1 MB; the request may be a little more (<see cref="BodyLimits.Upload"/>: the multipart envelope).</summary>
    public const int MaxFileBytes = 1024 * 1024;
    public const int MaxItems = 1000;

    public sealed record Command(string Content) : ICommand<Response>;

    public sealed record Response(int Imported, int Skipped);

    private sealed record Fields(
        Guid? TypeId, string? Text, DateTimeOffset? DueAt, bool AllDay, DateOnly? DueDate, int? DurationMinutes,
        Guid? ResponsibleId, string? LinkKind, Guid? LinkId) : ITaskFields;

    internal sealed class Handler(DbSession db, NewTask newTask, CurrentUser currentUser, TimeProvider clock)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken ct)
        {
            var calendar = Parse(command.Content);
            var me = currentUser.Id;
            var zone = await UserZone.OfUserAsync(await db.ConnectionAsync(ct), me);
            var today = zone.DateOf(clock.GetUtcNow());
            var items = calendar.Events.Select(e => (Type: BuiltInTaskTypes.Meeting, e.Summary, Start: e.DtStart, End: e.DtEnd))
                .Concat(calendar.Todos.Select(t => (Type: BuiltInTaskTypes.Other, t.Summary, Start: t.Due ?? t.DtStart, End: (CalDateTime?)null)))
                .ToList();
            var imported = 0;
            foreach (var item in items)
            {
                var fields = ToFields(item.Type, item.Summary, item.Start, item.End, zone, today);
                if (fields is null || imported >= MaxItems)
                {
                    continue;
                }
                await newTask.CreateAsync(fields, me, ct);
                imported++;
            }
            return new Response(imported, items.Count - imported);
        }

        private static Fields? ToFields(Guid type, string? summary, CalDateTime? start, CalDateTime? end, UserZone zone, DateOnly today)
        {
            var text = summary?.Trim();
            if (string.IsNullOrEmpty(text) || start is null)
            {
                return null;
            }
            if (text.Length > TaskFieldsRules<Fields>.TextMaxLength)
            {
                text = text[..TaskFieldsRules<Fields>.TextMaxLength];
            }
            if (!start.HasTime)
            {
                return start.Date < today || start.Date.Year >= 2100
                    ? null
                    : new Fields(type, text, null, true, start.Date, null, null, null, null);
            }
            var dueAt = start.IsFloating
                ? zone.StartOf(start.Date).Add(start.Time!.Value.ToTimeSpan())
                : new DateTimeOffset(start.AsUtc, TimeSpan.Zero);
            if (zone.DateOf(dueAt) < today || dueAt.Year >= 2100)
            {
                return null;
            }
            int? minutes = end is { HasTime: true } && !end.IsFloating && !start.IsFloating
                ? (int)Math.Round((end.AsUtc - start.AsUtc).TotalMinutes)
                : null;
            return new Fields(type, text, dueAt, false, null,
                minutes is >= 1 and <= TaskFieldsRules<Fields>.DurationMaxMinutes ? minutes : null, null, null, null);
        }

        private static Calendar Parse(string content)
        {
            try
            {
                return Calendar.Load(content) ?? throw new FormatException("No VCALENDAR.");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new FieldValidationException("file", T.Pick("Это не календарь iCalendar (.ics)", "This is not an iCalendar (.ics) file"));
            }
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/tasks/import", async (HttpRequest request, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(await ReadFileAsync(request, ct)), ct)))
                .WithName(nameof(ImportTasks))
                .WithTags("Tasks")
                .WithSummary("Import an .ics file (multipart, field \"file\") as my tasks")
                .Accepts<IFormFile>("multipart/form-data")
                .WithBodyLimit(BodyLimits.Upload)
                .Produces<Response>()
                .ProducesValidationProblem();

        // The form is read by hand: a bound IFormFile would ask for ASP.NET's antiforgery middleware,
        // while this app checks its own XSRF header (Web/Xsrf.cs) on every unsafe call.
        private static async Task<string> ReadFileAsync(HttpRequest request, CancellationToken ct)
        {
            if (!request.HasFormContentType)
            {
                throw new FieldValidationException("file", T.Pick("Приложите файл .ics", "Attach an .ics file"));
            }
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? throw new FieldValidationException("file", T.Pick("Приложите файл .ics", "Attach an .ics file"));
            if (file.Length == 0 || file.Length > MaxFileBytes)
            {
                throw new FieldValidationException("file", T.Pick("Файл: от 1 байта до 1 МБ", "The file must be 1 byte to 1 MB"));
            }
            using var reader = new StreamReader(file.OpenReadStream());
            return await reader.ReadToEndAsync(ct);
        }
    }
}
