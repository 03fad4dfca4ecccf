using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Messaging.Common;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// A user opens a channel for a piece of the department's work: public (everyone reads and writes) or
/// private with the members they choose (active users; the creator is one of them).
/// </summary>
internal static class CreateChannel
{
    public const int NameMaxLength = 100;
    public const int MaxMembers = 200;

    public sealed record Command(string? Name, string? Kind, IReadOnlyList<Guid>? Members) : ICommand<ListChannels.Channel>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => T.Pick("Назовите канал", "Name the channel"))
                .MaximumLength(NameMaxLength).WithMessage(_ => T.Pick($"Не длиннее {NameMaxLength} символов", $"At most {NameMaxLength} characters"));
            RuleFor(c => c.Kind).Must(k => k is ChannelKinds.Public or ChannelKinds.Private)
                .WithMessage(_ => T.Pick("Канал: public (для всех) или private (для участников)", "A channel is public or private"));
            RuleFor(c => c.Members).Must(m => m is null || m.Count <= MaxMembers)
                .WithMessage(_ => T.Pick($"Не больше {MaxMembers} участников", $"At most {MaxMembers} members"));
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, TimeProvider clock) : ICommandHandler<Command, ListChannels.Channel>
    {
        public async ValueTask<ListChannels.Channel> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var members = (command.Members ?? []).Append(currentUser.Id).Distinct().ToArray();
            if (command.Kind == ChannelKinds.Private)
            {
                var active = (await conn.QueryAsync<Guid>(new CommandDefinition(
                    "select id from messaging.users where id = any(@members) and active", new { members }, cancellationToken: ct))).ToHashSet();
                var list = command.Members ?? [];
                for (var i = 0; i < list.Count; i++)
                {
                    if (!active.Contains(list[i]))
                    {
                        throw new FieldValidationException($"members[{i}]", T.Pick("Нет такого активного пользователя", "No such active user"));
                    }
                }
            }
            var id = Guid.CreateVersion7();
            var now = clock.GetUtcNow();
            await conn.ExecuteAsync(new CommandDefinition(
                """
                insert into messaging.channels (id, kind, name, created_by, created_at) values (@id, @Kind, @Name, @Me, @now);
                insert into messaging.channel_members (channel_id, user_id, joined_at) select @id, unnest(@Members), @now where @Kind = 'private';
                """,
                new { id, command.Kind, Name = command.Name!.Trim(), Me = currentUser.Id, now, Members = members },
                cancellationToken: ct));
            return new ListChannels.Channel(id, command.Kind!, command.Name.Trim(), null, null, 0);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/messaging/channels", async (Command command, ISender sender, CancellationToken ct) =>
                {
                    var channel = await sender.Send(command, ct);
                    return Results.Created($"/api/messaging/channels/{channel.Id}", channel);
                })
                .WithName(nameof(CreateChannel))
                .WithTags("Messaging")
                .WithSummary("Open a public channel, or a private one with the members chosen")
                .Produces<ListChannels.Channel>(StatusCodes.Status201Created)
                .ProducesValidationProblem();
    }
}
