using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Web;
using Crm.Modules.Inbox.Common;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Crm.Modules.Inbox.Features;

/// <summary>
/// A visitor of the company's site sends a web form: anyone, from the form's sites only, a few times a
/// minute per IP, 16 KB at most. The request is filed in the form's pipeline as the visitor wrote it
/// (source <c>form</c>, the body kept as received); a bot that filled the honeypot gets the same answer
/// and files nothing. A script gets JSON; a browser without script posting form-encoded gets a page.
/// </summary>
internal static class SubmitForm
{
    public sealed record Command(string FormKey, string? Origin, ReceivedSubmission Submission) : ICommand<Response>;

    public sealed record Response(string ThankYou);

    internal sealed class Handler(DbSession db, NewRequest newRequest, EventCatchUp catchUp, ILogger<Handler> logger) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var form = await Forms.EnabledByKeyAsync(conn, command.FormKey) ?? throw Gone();
            if (command.Origin is { } origin && !FormOrigins.Allows(form.AllowedOrigins, origin))
            {
                logger.LogInformation("Form {FormId} refused a submission from a site it does not allow", form.Id);
                throw new ForbiddenException(T.Pick("Эта форма не принимает заявки с этого сайта", "This form takes no requests from this site"));
            }
            var fields = command.Submission.Fields;
            if (fields.IsBot)
            {
                logger.LogInformation("Form {FormId}: a submission with the honeypot filled was answered as sent and dropped", form.Id);
                return new Response(form.ThankYou);
            }
            if (fields.Check(form.FieldModes) is { Count: > 0 } failures)
            {
                throw new ValidationException(failures);
            }
            if (await TargetPipelines.RefusalAsync(conn, catchUp, form.PipelineId, ct) is { } refusal)
            {
                logger.LogWarning("Form {FormId} takes no requests: its pipeline {PipelineId} does not ({Refusal})", form.Id, form.PipelineId, refusal);
                throw Gone();
            }
            await newRequest.FileAsync(fields.ToRequest(form, command.Submission.Raw, command.Submission.RawType), ct);
            return new Response(form.ThankYou);
        }

        /// <summary>Unknown, disabled, or filing nowhere: all the same to the public.</summary>
        private static NotFoundException Gone() => new(T.Pick("Форма не найдена или выключена", "The form does not exist or is off"));
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/inbox/forms/{formKey}/submissions", async (string formKey, HttpRequest request, ISender sender, CancellationToken ct) =>
                {
                    var page = ReceivedSubmission.WantsPage(request);
                    try
                    {
                        var submission = await ReceivedSubmission.ReadAsync(request, ct);
                        var origin = request.Headers.Origin.ToString();
                        var answer = await sender.Send(new Command(formKey, origin.Length > 0 ? origin : null, submission), ct);
                        return page ? FormPages.ThankYou(answer.ThankYou) : Results.Json(answer, statusCode: StatusCodes.Status201Created);
                    }
                    catch (ValidationException e) when (page)
                    {
                        return FormPages.Refused(e.Errors.Select(f => f.ErrorMessage));
                    }
                })
                .AllowAnonymous()
                .DisableAntiforgery()
                .RequireCors(FormCors.Policy)
                .RequireRateLimiting(AbuseLimits.PublicForm)
                .SecretInPath("formKey")
                .Accepts<FormSubmission>("application/json", FormSubmission.FormEncoded)
                .WithName(nameof(SubmitForm))
                .WithTags("Inbox")
                .WithSummary("Send a web form (anyone; JSON, or form-encoded from a browser without script)")
                .Produces<Response>(StatusCodes.Status201Created)
                .Produces<string>(StatusCodes.Status200OK, "text/html")
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }
}
