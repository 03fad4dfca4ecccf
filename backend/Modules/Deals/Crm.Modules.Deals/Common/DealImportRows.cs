using System.Data;
using System.Globalization;
using System.Text.Json;
using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Tables;
using Crm.BuildingBlocks.Text;
using Crm.Modules.Deals.Features;
using Crm.Modules.Pipelines.Contracts;
using Dapper;
using FluentValidation;

namespace Crm.Modules.Deals.Common;

/// <summary>Who imports, into which pipeline (the default of a row that names none), as what role, on which clock (the file's times).</summary>
internal sealed record DealImporter(Guid PipelineId, Guid UserId, bool Supervisor, TimeZoneInfo Zone);

/// <summary>
/// A row that passed: the deal to create, the names of its tags (found in Deals' catalog, or added to it, when the batch
/// is saved) and the client it names (Directory files that).
/// </summary>
internal sealed record ImportedDealRow(
    NewDeals.Fields Deal, IReadOnlyList<string> TagNames, string? CompanyName, string? ContactName, IReadOnlyList<string> Phones,
    IReadOnlyList<string> Emails)
{
    public bool NamesClient => CompanyName is not null || ContactName is not null || Phones.Count > 0 || Emails.Count > 0;
}

/// <summary>
/// A row of a deals import read by Deals' own rules: the fields a column can fill (custom fields too), the names a
/// row gives (pipeline, stage, responsible) found in Deals' copies, and the deal checked as CreateDeal checks it (its
/// validator, the stage a deal may be put in by hand, a manager's deals their own, To-Do jobs, custom field types).
/// The deadline is read on the importer's clock as the table's export writes it (<see cref="TableTimes"/>; a date alone
/// at 18:00, as the card's date field takes it), the tags by name (at most <see cref="Tags.MaxPerRecord"/>). The client
/// (company, contact, phone, e-mail) is only read here: Directory files it by its rules.
/// </summary>
internal static class DealImportRows
{
    public const string CustomPrefix = "cf.";

    public static readonly IReadOnlyList<ImportField> Fields =
    [
        new("name", "Название", "Name", false, ["название", "сделка", "название сделки", "name", "deal", "deal name"]),
        new("pipeline", "Воронка", "Pipeline", false, ["воронка", "pipeline"]),
        new("stage", "Этап", "Stage", false, ["этап", "стадия", "stage"]),
        new("budget", "Бюджет", "Budget", false, ["бюджет", "сумма", "budget", "amount"]),
        new("currency", "Валюта", "Currency", false, ["валюта", "currency"]),
        new("responsible", "Ответственный", "Responsible", false, ["ответственный", "менеджер", "responsible", "owner", "manager"]),
        new("deadline", "Срок", "Deadline", false, ["срок", "крайний срок", "дедлайн", "deadline", "due", "due date"]),
        new("tags", "Теги", "Tags", false, ["теги", "тег", "метки", "tags", "tag", "labels"]),
        new("company", "Компания", "Company", false, ["компания", "организация", "company"]),
        new("contact", "Контакт", "Contact", false, ["контакт", "фио", "имя", "contact", "full name"]),
        new("phone", "Телефон", "Phone", false, ["телефон", "тел", "phone", "мобильный", "mobile"]),
        new("email", "E-mail", "E-mail", false, ["e-mail", "email", "почта", "эл. почта"]),
    ];

    private sealed record Pipeline(Guid Id, string Name, string Kind, bool Archived);

    private sealed record User(Guid Id, string Name, string Email, bool Active);

    private sealed record Custom(Guid Id, string Name, string Type, string Options);

    /// <summary>What the rows are checked against, read once per batch: pipelines, stages, users and custom fields.</summary>
    internal sealed class Catalog
    {
        private List<Pipeline> pipelines = [];
        private IReadOnlyList<StageRow> stages = [];
        private List<User> users = [];
        private List<Custom> custom = [];

        /// <summary>The fields of a row: <see cref="Fields"/>, then each custom field by its name.</summary>
        public IReadOnlyList<ImportField> AllFields =>
            [.. Fields, .. custom.Select(c => new ImportField(CustomPrefix + c.Id, c.Name, c.Name, false, [TextKeys.Fold(c.Name)]))];

        /// <summary><paramref name="lockStages"/>: the stages locked for share until the transaction ends, as a create locks its stage.</summary>
        public static async Task<Catalog> LoadAsync(IDbConnection conn, bool lockStages) => new()
        {
            pipelines = (await conn.QueryAsync<Pipeline>(
                "select id as Id, name as Name, kind as Kind, archived as Archived from deals.pipelines order by position, name")).AsList(),
            stages = await Stages.AllAsync(conn, lockStages),
            users = (await conn.QueryAsync<User>("select id as Id, name as Name, email as Email, active as Active from deals.users")).AsList(),
            custom = (await conn.QueryAsync<Custom>(
                "select id as Id, name as Name, type as Type, options::text as Options from deals.custom_fields order by position, name")).AsList(),
        };

        /// <summary>The pipeline an import goes into, if a deal may be created there; else why not.</summary>
        public string? PipelineRefusal(Guid pipelineId) =>
            pipelines.FirstOrDefault(p => p.Id == pipelineId) switch
            {
                null => T.Pick("Такой воронки нет", "There is no such pipeline"),
                { Archived: true } => T.Pick("Воронка в архиве", "The pipeline is archived"),
                _ => null,
            };

        /// <summary>The row's deal and client, or the reasons it is refused (each naming its field and value).</summary>
        public (ImportedDealRow? Row, List<string> Errors) Check(DealImporter importer, IReadOnlyDictionary<string, string> values)
        {
            var errors = new List<string>();
            void Refuse(string key, string reason) => errors.Add(Label(key, values.GetValueOrDefault(key)) + reason);

            var pipeline = pipelines.First(p => p.Id == importer.PipelineId);
            if (values.TryGetValue("pipeline", out var pipelineName))
            {
                var named = pipelines.Where(p => TextKeys.Fold(p.Name) == TextKeys.Fold(pipelineName)).ToList();
                if (named.Count == 0)
                {
                    Refuse("pipeline", T.Pick("нет такой воронки", "there is no such pipeline"));
                }
                else
                {
                    pipeline = named.FirstOrDefault(p => !p.Archived) ?? named[0];
                    if (pipeline.Archived)
                    {
                        Refuse("pipeline", T.Pick("воронка в архиве", "the pipeline is archived"));
                    }
                }
            }
            var stage = StageOf(pipeline, values.GetValueOrDefault("stage"), Refuse);
            var budget = Budget(values.GetValueOrDefault("budget"), Refuse);
            var currency = values.GetValueOrDefault("currency")?.ToUpperInvariant();
            var responsible = ResponsibleOf(importer, values.GetValueOrDefault("responsible"), Refuse);
            var deadline = Deadline(values.GetValueOrDefault("deadline"), importer.Zone, Refuse);
            var tags = TagNames(values.GetValueOrDefault("tags"), Refuse);
            var customJson = CustomOf(values, Refuse);
            var phones = Channels(values, "phone", (string text, out string normal) => Phones.TryNormalize(text, out normal),
                T.Pick("не номер телефона", "not a phone number"), Refuse);
            var emails = Channels(values, "email", (string text, out string normal) => Emails.TryNormalize(text, out normal),
                T.Pick("не адрес e-mail", "not an e-mail address"), Refuse);
            foreach (var key in new[] { "company", "contact" }.Where(k => values.GetValueOrDefault(k)?.Length > DealRules.NameMaxLength))
            {
                Refuse(key, T.Pick($"не больше {DealRules.NameMaxLength} символов", $"at most {DealRules.NameMaxLength} characters"));
            }

            var command = new CreateDeal.Command(
                pipeline.Id, stage ?? Guid.Empty, values.GetValueOrDefault("name"), budget, currency, null, null, null, null, responsible, deadline, null);
            foreach (var failure in Validator.Validate(command).Errors.Where(f => f.PropertyName is not ("PipelineId" or "StageId")))
            {
                var key = char.ToLowerInvariant(failure.PropertyName[0]) + failure.PropertyName[1..];
                Refuse(key, failure.ErrorMessage);
            }
            if (pipeline.Kind == PipelineKinds.Todo)
            {
                try
                {
                    TodoJobs.CheckNew(command.Name, budget, null, deadline);
                }
                catch (ValidationException e)
                {
                    foreach (var failure in e.Errors.Where(f => f.PropertyName != "deadline" || !values.ContainsKey("deadline")))
                    {
                        Refuse(failure.PropertyName, failure.ErrorMessage);
                    }
                }
            }
            if (errors.Count > 0 || stage is null || responsible is null || customJson is null)
            {
                return (null, errors.Distinct().ToList());
            }
            var deal = new NewDeals.Fields(
                command.Name, pipeline.Id, stage.Value, budget, currency, null, responsible.Value, null, null, null, null, deadline, customJson);
            return (new ImportedDealRow(
                deal, tags, DealRules.Clean(values.GetValueOrDefault("company")), DealRules.Clean(values.GetValueOrDefault("contact")), phones, emails), errors);
        }

        private Guid? StageOf(Pipeline pipeline, string? name, Action<string, string> refuse)
        {
            var ofPipeline = stages.Where(s => s.PipelineId == pipeline.Id).ToList();
            if (name is null)
            {
                var first = ofPipeline.FirstOrDefault(s => Stages.Refusal(s, pipeline.Id) is null);
                if (first is null)
                {
                    refuse("stage", T.Pick("в воронке нет этапа, куда можно добавить сделку", "the pipeline has no stage a deal may be added to"));
                }
                return first?.Id;
            }
            var stage = ofPipeline.FirstOrDefault(s => TextKeys.Fold(s.Name) == TextKeys.Fold(name));
            if (stage is null)
            {
                refuse("stage", T.Pick($"нет такого этапа в воронке «{pipeline.Name}»", $"no such stage in the pipeline \"{pipeline.Name}\""));
                return null;
            }
            if (Stages.Refusal(stage, pipeline.Id) is { } refusal)
            {
                refuse("stage", refusal);
                return null;
            }
            return stage.Id;
        }

        private Guid? ResponsibleOf(DealImporter importer, string? named, Action<string, string> refuse)
        {
            if (named is null)
            {
                return importer.UserId;
            }
            var found = users.Where(u => string.Equals(u.Email, named.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            if (found.Count == 0)
            {
                found = users.Where(u => TextKeys.Fold(u.Name) == TextKeys.Fold(named)).ToList();
            }
            if (found.Count > 1)
            {
                found = found.Where(u => u.Active).ToList();
            }
            if (found.Count == 0)
            {
                refuse("responsible", T.Pick("нет такого пользователя", "there is no such user"));
                return null;
            }
            if (found.Count > 1)
            {
                refuse("responsible", T.Pick("так зовут нескольких пользователей: укажите e-mail", "several users have this name: give the e-mail"));
                return null;
            }
            var user = found[0];
            if (!importer.Supervisor && user.Id != importer.UserId)
            {
                refuse("responsible", Responsibles.OnlyTheirOwn());
                return null;
            }
            if (!user.Active && user.Id != importer.UserId)
            {
                refuse("responsible", Responsibles.NotActive());
                return null;
            }
            return user.Id;
        }

        /// <summary>The custom fields' values as the jsonb to store, each checked by its type; null when one is refused.</summary>
        private string? CustomOf(IReadOnlyDictionary<string, string> values, Action<string, string> refuse)
        {
            var definitions = custom.Select(c => new CustomFieldDefinition(c.Id, c.Type, c.Options)).ToList();
            var given = new Dictionary<string, JsonElement>();
            var refused = false;
            foreach (var field in custom.Where(c => values.ContainsKey(CustomPrefix + c.Id)))
            {
                var value = CustomFieldText.Parse(field.Type, values[CustomPrefix + field.Id]);
                try
                {
                    CustomFieldValues.Check(definitions, new Dictionary<string, JsonElement> { [field.Id.ToString()] = value });
                    given[field.Id.ToString()] = value;
                }
                catch (FieldValidationException e)
                {
                    refuse(CustomPrefix + field.Id, e.Message);
                    refused = true;
                }
            }
            return refused ? null : given.Count == 0 ? "{}" : CustomFieldValues.Check(definitions, given);
        }

        private string Label(string key, string? value)
        {
            var label = AllFields.FirstOrDefault(f => f.Key == key)?.Label ?? key;
            return value is null ? $"{label}: " : $"{label} «{value}»: ";
        }
    }

    private static readonly CreateDeal.Validator Validator = new();

    /// <summary>The time a deadline given as a date alone takes: the end of a working day, as the card's date field.</summary>
    private static readonly TimeOnly DateOnlyDeadline = new(18, 0);

    private delegate bool Normalizer(string text, out string normal);

    /// <summary>The row's deadline on the importer's clock; null when none is given or it is no date (refused).</summary>
    private static DateTimeOffset? Deadline(string? text, TimeZoneInfo zone, Action<string, string> refuse)
    {
        if (text is null)
        {
            return null;
        }
        if (TableTimes.TryReadInstant(text, zone, DateOnlyDeadline, out var deadline))
        {
            return deadline;
        }
        refuse("deadline", T.Pick("не дата: 31.12.2026 или 2026-12-31 18:00", "not a date: 2026-12-31 or 2026-12-31 18:00"));
        return null;
    }

    /// <summary>The names of the row's tags (each once), at most <see cref="Tags.MaxPerRecord"/>, each at most <see cref="Tags.MaxName"/> characters.</summary>
    private static IReadOnlyList<string> TagNames(string? cell, Action<string, string> refuse)
    {
        var names = cell is null ? [] : Tags.NamesOf(cell);
        if (names.Count > Tags.MaxPerRecord)
        {
            refuse("tags", T.Pick($"не больше {Tags.MaxPerRecord} тегов", $"at most {Tags.MaxPerRecord} tags"));
        }
        foreach (var name in names.Where(n => n.Length > Tags.MaxName))
        {
            refuse("tags", T.Pick($"тег «{name}» длиннее {Tags.MaxName} символов", $"the tag \"{name}\" is longer than {Tags.MaxName} characters"));
        }
        return names;
    }

    private static decimal? Budget(string? text, Action<string, string> refuse)
    {
        if (text is null)
        {
            return null;
        }
        var plain = text.Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Replace(',', '.');
        if (decimal.TryParse(plain, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var budget))
        {
            return budget;
        }
        refuse("budget", T.Pick("не число", "not a number"));
        return null;
    }

    /// <summary>The phones (or e-mails) of a cell, several separated by «,» or «;», each normalised as Directory stores them.</summary>
    private static List<string> Channels(
        IReadOnlyDictionary<string, string> values, string key, Normalizer normalize, string refusal, Action<string, string> refuse)
    {
        var found = new List<string>();
        if (!values.TryGetValue(key, out var cell))
        {
            return found;
        }
        foreach (var text in cell.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (normalize(text, out var normal))
            {
                found.Add(normal);
            }
            else
            {
                refuse(key, refusal);
            }
        }
        return found.Distinct().ToList();
    }
}
