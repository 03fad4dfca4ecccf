using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.Modules.Inbox.Mail;

/// <summary>
/// Reads the shared mailboxes that are due. A mailbox is claimed with a lease (one instance reads it at a
/// time), read page by page after the last UID taken, and each page's mails are stored together with the
/// new last UID in one transaction that holds only while this instance still has the lease and the
/// settings it read are still the mailbox's. So a mail is taken once: a crash before the commit leaves the
/// page to be read again, one after it leaves nothing to redo, and the unique (mailbox, UIDVALIDITY, UID)
/// and Message-ID in inbox.mails stop anything that slips between. A changed UIDVALIDITY means the old UIDs
/// are void: the folder is read again from its start, mails already taken being skipped by their Message-ID.
/// A failure that passes (the network, a timeout) is retried ever less often; one only the admin can end
/// (the password, the folder, TLS, the pipeline) stops reading until the settings are saved.
/// </summary>
internal sealed class MailboxPoller(
    IServiceScopeFactory scopes,
    NpgsqlDataSource dataSource,
    MailboxReader reader,
    MailboxPasswords passwords,
    TimeProvider clock,
    IOptions<MailboxPollOptions> options,
    ILogger<MailboxPoller> logger)
{
    private readonly Guid owner = Guid.NewGuid();

    /// <summary>Reads every mailbox that is due now, each once, one after another. Returns how many mails were taken.</summary>
    public async Task<int> PollDueAsync(CancellationToken ct)
    {
        var taken = 0;
        var done = new List<Guid>();
        while (await ClaimAsync(done, ct) is { } mailbox)
        {
            done.Add(mailbox.Id);
            taken += await PollAsync(mailbox, ct);
        }
        return taken;
    }

    private async Task<MailboxRow?> ClaimAsync(IReadOnlyList<Guid> done, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var now = clock.GetUtcNow();
        return await conn.QuerySingleOrDefaultAsync<MailboxRow>(new CommandDefinition(
            $"""
            update inbox.mailboxes m set lease_owner = @Owner, lease_until = @Until
            where m.id = (
                select id from inbox.mailboxes
                where enabled and state <> 'stopped' and next_attempt_at <= @Now and (lease_until is null or lease_until < @Now)
                    and id <> all(@Done)
                order by next_attempt_at
                limit 1
                for update skip locked)
            returning {MailboxRow.Columns}
            """,
            new { Owner = owner, Now = now, Until = now + options.Value.Lease, Done = done.ToArray() },
            cancellationToken: ct));
    }

    private async Task<int> PollAsync(MailboxRow mailbox, CancellationToken ct)
    {
        var taken = 0;
        try
        {
            await using var session = await reader.OpenAsync(mailbox.Settings(passwords), ct);
            var uidValidity = session.UidValidity;
            if (mailbox.UidValidity is { } known && known != uidValidity)
            {
                logger.LogWarning(
                    "Mailbox {MailboxId}: UIDVALIDITY changed from {Old} to {New}; reading the folder again, skipping mails already taken",
                    mailbox.Id, known, uidValidity);
            }
            var after = mailbox.UidValidity == uidValidity ? (uint)mailbox.LastUid : 0;
            MailPage page;
            do
            {
                page = await session.ReadAsync(after, ct);
                if (await StoreAsync(mailbox, page, ct) is not { } stored)
                {
                    logger.LogInformation("Mailbox {MailboxId} was changed, deleted or taken over while it was read; left as it is", mailbox.Id);
                    return taken;
                }
                taken += stored;
                after = page.LastUid;
            }
            while (page.More);
            await FinishAsync(mailbox, null, null, ct);
        }
        catch (MailboxException e)
        {
            logger.LogWarning("Mailbox {MailboxId} could not be read: {Failure} {Message}", mailbox.Id, e.Failure, e.Message);
            await FinishAsync(mailbox, e.Failure, e.InnerException?.Message, ct);
        }
        catch (FieldValidationException e)
        {
            // The only check a mail can fail: the mailbox's pipeline takes no requests any more.
            logger.LogWarning("Mailbox {MailboxId}: its pipeline {PipelineId} takes no requests: {Message}", mailbox.Id, mailbox.PipelineId, e.Message);
            await FinishAsync(mailbox, MailboxFailure.PipelineRefused, null, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await ReleaseAsync(mailbox);
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Mailbox {MailboxId}: taking mail failed", mailbox.Id);
            await FinishAsync(mailbox, MailboxFailure.Internal, null, ct);
        }
        return taken;
    }

    /// <summary>Stores a page's mails and the new last UID in one transaction, while the lease holds. Null when it no longer does.</summary>
    private async Task<int?> StoreAsync(MailboxRow mailbox, MailPage page, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        var intake = scope.ServiceProvider.GetRequiredService<MailIntake>();
        await db.BeginAsync(ct);
        try
        {
            var taken = 0;
            foreach (var mail in page.Mails)
            {
                taken += await intake.TakeAsync(mailbox, page.UidValidity, mail, ct) ? 1 : 0;
            }
            var now = clock.GetUtcNow();
            var held = await (await db.ConnectionAsync(ct)).ExecuteAsync(new CommandDefinition(
                """
                update inbox.mailboxes set uid_validity = @UidValidity, last_uid = @LastUid, mails_taken = mails_taken + @Taken, lease_until = @Until
                where id = @Id and lease_owner = @Owner and version = @Version
                """,
                new
                {
                    mailbox.Id,
                    mailbox.Version,
                    Owner = owner,
                    UidValidity = (long)page.UidValidity,
                    LastUid = (long)page.LastUid,
                    Taken = taken,
                    Until = now + options.Value.Lease,
                },
                cancellationToken: ct));
            if (held == 0)
            {
                await db.RollbackAsync(CancellationToken.None);
                return null;
            }
            await db.CommitAsync(ct);
            await AfterCommitActions.RunAsync(db.TakeAfterCommit(), logger);
            return taken;
        }
        catch
        {
            await db.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>Records how the attempt went (a failure, or none) and when the next one is due, and lets the lease go.</summary>
    private async Task FinishAsync(MailboxRow mailbox, MailboxFailure? failure, string? detail, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;
        var (state, next) = failure switch
        {
            null => (MailboxStates.Ok, now + settings.PollInterval),
            { } f when MailboxFailures.NeedsAdmin(f) => (MailboxStates.Stopped, now),
            _ => (MailboxStates.Retrying, now + Backoff(mailbox.Failures, settings)),
        };
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            """
            update inbox.mailboxes set state = @State, next_attempt_at = @Next, last_polled_at = @Now,
                last_success_at = case when @Failure is null then @Now else last_success_at end,
                failures = case when @Failure is null then 0 else failures + 1 end,
                last_failure = @Failure, last_error = @Detail, lease_owner = null, lease_until = null
            where id = @Id and lease_owner = @Owner and version = @Version
            """,
            new { mailbox.Id, mailbox.Version, Owner = owner, State = state, Next = next, Now = now, Failure = failure?.ToString(), Detail = detail },
            cancellationToken: ct));
    }

    private async Task ReleaseAsync(MailboxRow mailbox)
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using var conn = await dataSource.OpenConnectionAsync(quick.Token);
            await conn.ExecuteAsync(new CommandDefinition(
                "update inbox.mailboxes set lease_owner = null, lease_until = null where id = @Id and lease_owner = @Owner",
                new { mailbox.Id, Owner = owner },
                cancellationToken: quick.Token));
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            logger.LogInformation("Mailbox {MailboxId}: its lease runs out by itself ({Message})", mailbox.Id, e.Message);
        }
    }

    /// <summary>The wait before the next retry after <paramref name="failures"/> failures in a row: doubling from the first, up to the most.</summary>
    internal static TimeSpan Backoff(int failures, MailboxPollOptions settings)
    {
        var wait = settings.RetryFirst * Math.Pow(2, Math.Min(failures, 20));
        return wait < settings.RetryMax ? wait : settings.RetryMax;
    }
}
