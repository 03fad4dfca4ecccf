using System.Text.Json;
using Carter;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Inbox.Common;
using Crm.Modules.Inbox.Contracts;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Inbox.Features;

/// <summary>
/// An integration (with a personal API token) or a user files a request in a pipeline's «Неразобранное».
/// Unlike a form or a mail, an API caller is told what is wrong: a name and a message are required,
/// with a phone or an e-mail to answer on, every phone and e-mail valid, texts within their limits.
/// </summary>
internal static class SubmitRequest
{
    public sealed record Command(
        Guid? PipelineId,
        string? ContactName,
        IReadOnlyList<string?>? Phones,
        IReadOnlyList<string?>? Emails,
        string? CompanyName,
        string? Subject,
        string? Message,
        string? Region) : ICommand<RequestResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.PipelineId).NotEmpty().WithMessage(_ => T.Pick("Выберите воронку", "Choose a pipeline"));
            RuleFor(c => c.ContactName).NotEmpty().WithMessage(_ => T.Pick("Укажите имя", "Enter a name")).MaxText(RequestRules.NameMaxLength);
            RuleFor(c => c.Message).NotEmpty().WithMessage(_ => T.Pick("Напишите сообщение", "Enter a message")).MaxText(RequestRules.MessageMaxLength);
            RuleFor(c => c.CompanyName).MaxText(RequestRules.NameMaxLength);
            RuleFor(c => c.Subject).MaxText(RequestRules.SubjectMaxLength);
            RuleFor(c => c.Region).MaxText(RequestRules.RegionMaxLength);
            RuleFor(c => c.Phones).ValidPhones();
            RuleFor(c => c.Emails).ValidEmails();
            RuleFor(c => c.Phones)
                .Must((c, phones) => (phones?.Count ?? 0) + (c.Emails?.Count ?? 0) > 0)
                .WithMessage(_ => T.Pick("Укажите телефон или e-mail", "Enter a phone or an e-mail"));
        }
    }

    internal sealed class Handler(NewRequest newRequest, CurrentUser currentUser) : ICommandHandler<Command, RequestResponse>
    {
        public async ValueTask<RequestResponse> Handle(Command command, CancellationToken ct)
        {
            var raw = JsonSerializer.Serialize(command, JsonSerializerOptions.Web);
            var request = await newRequest.FileAsync(
                new IncomingRequest(RequestSources.Api, command.PipelineId!.Value, command.ContactName, command.Phones, command.Emails,
                    command.CompanyName, command.Subject, command.Message, command.Region, raw, "application/json", currentUser.Id),
                ct);
            return request.ToResponse(raw, "application/json");
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/inbox/requests", async (Command command, ISender sender, CancellationToken ct) =>
                {
                    var request = await sender.Send(command, ct);
                    return Results.Created($"/api/inbox/requests/{request.Id}", request);
                })
                .WithName(nameof(SubmitRequest))
                .WithTags("Inbox")
                .WithSummary("File a request in a pipeline's «Неразобранное» (integrations, with an API token)")
                .Produces<RequestResponse>(StatusCodes.Status201Created)
                .ProducesValidationProblem();
    }
}
