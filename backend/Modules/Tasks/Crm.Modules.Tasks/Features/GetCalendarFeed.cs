using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Web;
using Crm.Modules.Tasks.Common;
using Dapper;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// Google Calendar, Outlook or a phone fetches a user's task calendar from its secret address
/// (no sign-in: the token is the key): their open tasks and those done in the last 90 days, as
/// RFC 5545 events. An unknown or revoked token, or a deactivated user, gets 404.
/// </summary>
internal static class GetCalendarFeed
{
    public const int MaxEvents = 5000;
    public static readonly TimeSpan DoneKeptFor = TimeSpan.FromDays(90);

    public sealed record Query(string Token) : IQuery<string>;

    internal sealed class Handler(DbSession db, TimeProvider clock) : IQueryHandler<Query, string>
    {
        public async ValueTask<string> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var userId = await conn.ExecuteScalarAsync<Guid?>(
                """
                select c.user_id from tasks.calendar_tokens c
                where c.token_hash = @Hash and not exists (select 1 from tasks.users u where u.id = c.user_id and not u.active)
                """,
                new { Hash = CalendarTokens.Hash(query.Token) })
                ?? throw new NotFoundException(T.Pick("Календарь не найден", "Calendar not found"));
            var now = clock.GetUtcNow();
            var rows = await conn.QueryAsync<FeedRow>(
                """
                select t.id as Id, t.text as Text, ty.name_ru as TypeNameRu, ty.name_en as TypeNameEn, t.due_at as DueAt,
                       t.all_day as AllDay, t.due_date as DueDate, t.duration_minutes as DurationMinutes,
                       coalesce(d.name, co.name, ct.name) as LinkName, t.result as Result, t.completed_at as CompletedAt,
                       t.updated_at as UpdatedAt, t.version as Version
                from tasks.tasks t
                join tasks.task_types ty on ty.id = t.type_id
                left join tasks.deals d on t.link_kind = 'deal' and d.id = t.link_id
                left join tasks.companies co on t.link_kind = 'company' and co.id = t.link_id
                left join tasks.contacts ct on t.link_kind = 'contact' and ct.id = t.link_id
                where t.responsible_id = @userId and (t.completed_at is null or t.due_at >= @Since)
                order by t.due_at desc
                limit @MaxEvents
                """,
                new { userId, Since = now - DoneKeptFor, MaxEvents });

            var calendar = new Calendar { ProductId = "-//CRM//Tasks//RU" };
            calendar.AddProperty("X-WR-CALNAME", T.Pick("Задачи CRM", "CRM tasks"));
            foreach (var row in rows)
            {
                calendar.Events.Add(row.ToEvent());
            }
            return new CalendarSerializer().SerializeToString(calendar) ?? "";
        }
    }

    private sealed record FeedRow(
        Guid Id, string Text, string TypeNameRu, string TypeNameEn, DateTimeOffset DueAt, bool AllDay, DateOnly? DueDate,
        int? DurationMinutes, string? LinkName, string? Result, DateTimeOffset? CompletedAt, DateTimeOffset UpdatedAt, int Version)
    {
        public CalendarEvent ToEvent()
        {
            var done = CompletedAt is not null;
            var e = new CalendarEvent
            {
                Uid = $"{Id}@crm-tasks",
                Summary = $"{(done ? "✓ " : "")}{T.Pick(TypeNameRu, TypeNameEn)}: {Text}",
                Description = string.Join("\n", new[]
                {
                    LinkName,
                    Result is null ? null : $"{T.Pick("Результат", "Result")}: {Result}",
                }.Where(s => s is not null)),
                DtStamp = new CalDateTime(UpdatedAt.UtcDateTime, "UTC"),
                LastModified = new CalDateTime(UpdatedAt.UtcDateTime, "UTC"),
                Sequence = Version,
                Status = "CONFIRMED",
            };
            if (AllDay)
            {
                var day = DueDate!.Value;
                e.DtStart = new CalDateTime(day);
                e.DtEnd = new CalDateTime(day.AddDays(1));
            }
            else
            {
                e.DtStart = new CalDateTime(DueAt.UtcDateTime, "UTC");
                if (DurationMinutes is { } minutes)
                {
                    e.DtEnd = new CalDateTime(DueAt.AddMinutes(minutes).UtcDateTime, "UTC");
                }
            }
            return e;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/tasks/calendar/{token}.ics", async (string token, ISender sender, CancellationToken ct) =>
                    Results.Text(await sender.Send(new Query(token), ct), "text/calendar; charset=utf-8"))
                .AllowAnonymous()
                .SecretInPath("token")
                .WithName(nameof(GetCalendarFeed))
                .WithTags("Tasks")
                .WithSummary("A user's task calendar (iCalendar, RFC 5545) at its secret address")
                .Produces<string>(StatusCodes.Status200OK, "text/calendar")
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
