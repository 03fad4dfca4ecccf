using System.Data;
using System.Linq.Expressions;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Text;
using Dapper;
using FluentValidation;

namespace Crm.Modules.Directory.Common;

/// <summary>A phone as typed, in any format, with its type.</summary>
internal sealed record PhoneInput(string? Number, string? Type);

/// <summary>An e-mail as typed, with its type.</summary>
internal sealed record EmailInput(string? Address, string? Type);

/// <summary>A messenger handle (free text) and its kind.</summary>
internal sealed record MessengerInput(string? Kind, string? Handle);

/// <summary>A stored phone: E.164, for people, and its type.</summary>
internal sealed record PhoneResponse(string Number, string Display, string Type);

internal sealed record EmailResponse(string Address, string Type);

internal sealed record MessengerResponse(string Kind, string Handle);

/// <summary>
/// Phones, e-mails and messengers: their rules, their normalised form, and their rows in the
/// child tables of companies and contacts (replaced as a whole on every save).
/// </summary>
internal static class Channels
{
    public static readonly IReadOnlyList<string> PhoneTypes = ["work", "mobile", "home", "fax", "other"];
    public static readonly IReadOnlyList<string> EmailTypes = ["work", "personal", "other"];
    public static readonly IReadOnlyList<string> MessengerKinds = ["telegram", "whatsapp", "viber", "skype", "other"];

    public static void ValidPhones<TCommand>(this AbstractValidator<TCommand> validator, Expression<Func<TCommand, IEnumerable<PhoneInput>?>> phones)
    {
        validator.RuleFor(phones)
            .Must(list => list is null || list.Count() <= DirectoryRules.MaxItems)
            .WithMessage(_ => T.Pick($"Не больше {DirectoryRules.MaxItems} телефонов", $"At most {DirectoryRules.MaxItems} phones"));
        validator.RuleForEach(phones).ChildRules(phone =>
        {
            phone.RuleFor(p => p!.Number).Must(n => Phones.TryNormalize(n, out _))
                .WithMessage(_ => T.Pick("Не похоже на номер телефона", "This is not a valid phone number"));
            phone.RuleFor(p => p!.Type).Must(t => t is null || PhoneTypes.Contains(t))
                .WithMessage(_ => T.Pick("Тип: work, mobile, home, fax или other", "Type must be work, mobile, home, fax or other"));
        });
    }

    public static void ValidEmails<TCommand>(this AbstractValidator<TCommand> validator, Expression<Func<TCommand, IEnumerable<EmailInput>?>> emails)
    {
        validator.RuleFor(emails)
            .Must(list => list is null || list.Count() <= DirectoryRules.MaxItems)
            .WithMessage(_ => T.Pick($"Не больше {DirectoryRules.MaxItems} адресов", $"At most {DirectoryRules.MaxItems} e-mails"));
        validator.RuleForEach(emails).ChildRules(email =>
        {
            email.RuleFor(e => e!.Address).Must(a => Emails.TryNormalize(a, out _))
                .WithMessage(_ => T.Pick("Не похоже на адрес электронной почты", "This is not a valid e-mail address"));
            email.RuleFor(e => e!.Type).Must(t => t is null || EmailTypes.Contains(t))
                .WithMessage(_ => T.Pick("Тип: work, personal или other", "Type must be work, personal or other"));
        });
    }

    public static void ValidMessengers<TCommand>(this AbstractValidator<TCommand> validator, Expression<Func<TCommand, IEnumerable<MessengerInput>?>> messengers)
    {
        validator.RuleFor(messengers)
            .Must(list => list is null || list.Count() <= DirectoryRules.MaxItems)
            .WithMessage(_ => T.Pick($"Не больше {DirectoryRules.MaxItems} мессенджеров", $"At most {DirectoryRules.MaxItems} messengers"));
        validator.RuleForEach(messengers).ChildRules(messenger =>
        {
            messenger.RuleFor(m => m!.Kind).Must(k => k is not null && MessengerKinds.Contains(k))
                .WithMessage(_ => T.Pick("Мессенджер: telegram, whatsapp, viber, skype или other", "Kind must be telegram, whatsapp, viber, skype or other"));
            messenger.RuleFor(m => m!.Handle).Must(h => !string.IsNullOrWhiteSpace(h) && h.Trim().Length <= DirectoryRules.HandleMaxLength)
                .WithMessage(_ => T.Pick($"Имя в мессенджере: от 1 до {DirectoryRules.HandleMaxLength} символов",
                    $"Handle must be 1 to {DirectoryRules.HandleMaxLength} characters"));
        });
    }

    /// <summary>The phones in E.164, each number once (the first type wins); input already validated.</summary>
    public static IReadOnlyList<PhoneResponse> Normalize(IReadOnlyList<PhoneInput>? phones) =>
        (phones ?? [])
            .Select(p => Phones.TryNormalize(p.Number, out var e164) ? new PhoneResponse(e164, Phones.Display(e164), p.Type ?? "work") : null)
            .OfType<PhoneResponse>()
            .DistinctBy(p => p.Number)
            .ToList();

    public static IReadOnlyList<EmailResponse> Normalize(IReadOnlyList<EmailInput>? emails) =>
        (emails ?? [])
            .Select(e => Emails.TryNormalize(e.Address, out var address) ? new EmailResponse(address, e.Type ?? "work") : null)
            .OfType<EmailResponse>()
            .DistinctBy(e => e.Address)
            .ToList();

    public static IReadOnlyList<MessengerResponse> Normalize(IReadOnlyList<MessengerInput>? messengers) =>
        (messengers ?? [])
            .Where(m => !string.IsNullOrWhiteSpace(m.Handle) && m.Kind is not null)
            .Select(m => new MessengerResponse(m.Kind!, m.Handle!.Trim()))
            .DistinctBy(m => (m.Kind, m.Handle.ToLowerInvariant()))
            .ToList();

    /// <summary>Rows of the owner's channels (owner is "company" or "contact"), in their order.</summary>
    public sealed record Set(IReadOnlyList<PhoneResponse> Phones, IReadOnlyList<EmailResponse> Emails, IReadOnlyList<MessengerResponse> Messengers);

    private sealed record PhoneRow(Guid Owner, string Number, string Type);

    private sealed record EmailRow(Guid Owner, string Address, string Type);

    private sealed record MessengerRow(Guid Owner, string Kind, string Handle);

    public static async Task<IReadOnlyDictionary<Guid, Set>> ReadAsync(IDbConnection conn, Owner owner, IReadOnlyCollection<Guid> ids)
    {
        var key = owner.Column;
        var phones = (await conn.QueryAsync<PhoneRow>(
            $"select {key} as Owner, number as Number, type as Type from directory.{owner.Name}_phones where {key} = any(@ids) order by {key}, position",
            new { ids = ids.ToArray() })).ToLookup(p => p.Owner);
        var emails = (await conn.QueryAsync<EmailRow>(
            $"select {key} as Owner, address as Address, type as Type from directory.{owner.Name}_emails where {key} = any(@ids) order by {key}, position",
            new { ids = ids.ToArray() })).ToLookup(e => e.Owner);
        var messengers = owner.HasMessengers
            ? (await conn.QueryAsync<MessengerRow>(
                "select contact_id as Owner, kind as Kind, handle as Handle from directory.contact_messengers where contact_id = any(@ids) order by contact_id, position",
                new { ids = ids.ToArray() })).ToLookup(m => m.Owner)
            : Enumerable.Empty<MessengerRow>().ToLookup(m => m.Owner);
        return ids.ToDictionary(id => id, id => new Set(
            phones[id].Select(p => new PhoneResponse(p.Number, Phones.Display(p.Number), p.Type)).ToList(),
            emails[id].Select(e => new EmailResponse(e.Address, e.Type)).ToList(),
            messengers[id].Select(m => new MessengerResponse(m.Kind, m.Handle)).ToList()));
    }

    /// <summary>Replaces the owner's phones, e-mails (and messengers) with these.</summary>
    public static Task WriteAsync(IDbConnection conn, Owner owner, Guid id, Set set) => WriteAllAsync(conn, owner, [(id, set)], replace: true);

    /// <summary>
    /// Writes the phones, e-mails (and messengers) of several owners, each its set, a statement per table whatever their number:
    /// replacing what they had, or (<paramref name="replace"/> false) for owners just inserted, who have none.
    /// </summary>
    public static async Task WriteAllAsync(IDbConnection conn, Owner owner, IReadOnlyCollection<(Guid Id, Set Set)> owners, bool replace)
    {
        if (owners.Count == 0)
        {
            return;
        }
        var key = owner.Column;
        var ids = owners.Select(o => o.Id).ToArray();
        List<(string Table, string Columns, List<(Guid Owner, int Position, string A, string B)> Rows)> tables =
        [
            ($"{owner.Name}_phones", "number, type", owners.SelectMany(o => o.Set.Phones.Select((p, i) => (o.Id, i, p.Number, p.Type))).ToList()),
            ($"{owner.Name}_emails", "address, type", owners.SelectMany(o => o.Set.Emails.Select((e, i) => (o.Id, i, e.Address, e.Type))).ToList()),
        ];
        if (owner.HasMessengers)
        {
            tables.Add(("contact_messengers", "kind, handle", owners.SelectMany(o => o.Set.Messengers.Select((m, i) => (o.Id, i, m.Kind, m.Handle))).ToList()));
        }
        foreach (var (table, columns, rows) in tables)
        {
            if (replace)
            {
                await conn.ExecuteAsync($"delete from directory.{table} where {key} = any(@ids)", new { ids });
            }
            if (rows.Count > 0)
            {
                await conn.ExecuteAsync(
                    $"insert into directory.{table} ({key}, position, {columns}) select * from unnest(@Owners, @Positions, @A, @B)",
                    new
                    {
                        Owners = rows.Select(r => r.Owner).ToArray(), Positions = rows.Select(r => r.Position).ToArray(),
                        A = rows.Select(r => r.A).ToArray(), B = rows.Select(r => r.B).ToArray(),
                    });
            }
        }
    }

    /// <summary>The survivor's channels followed by those of the merged record it lacks.</summary>
    public static Set Union(Set survivor, Set merged) => new(
        survivor.Phones.Concat(merged.Phones).DistinctBy(p => p.Number).ToList(),
        survivor.Emails.Concat(merged.Emails).DistinctBy(e => e.Address).ToList(),
        survivor.Messengers.Concat(merged.Messengers).DistinctBy(m => (m.Kind, m.Handle.ToLowerInvariant())).ToList());
}

/// <summary>Whose channels: companies' or contacts' child tables.</summary>
internal sealed record Owner(string Name, string Column, bool HasMessengers)
{
    public static readonly Owner Company = new("company", "company_id", false);
    public static readonly Owner Contact = new("contact", "contact_id", true);
}
