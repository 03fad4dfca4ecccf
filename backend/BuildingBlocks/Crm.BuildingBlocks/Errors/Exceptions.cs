namespace Crm.BuildingBlocks.Errors;

/// <summary>The record asked for does not exist (404).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The user may not do this (403).</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>Someone else changed the record since it was read (409).</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);

/// <summary>Sign-in failed, for whatever reason: the message never says which (401).</summary>
public sealed class AuthenticationFailedException(string message) : Exception(message);

/// <summary>Input that validators cannot judge alone, e.g. an e-mail already taken (400 with field errors).</summary>
public sealed class FieldValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// A conflict the client can resolve with what it carries (409): <see cref="Members"/> become extra
/// members of the problem details, e.g. <c>duplicates</c> for a record that looks like existing ones.
/// </summary>
public sealed class ConflictException(string title, string message, IReadOnlyDictionary<string, object?> members) : Exception(message)
{
    public string Title { get; } = title;

    public IReadOnlyDictionary<string, object?> Members { get; } = members;
}

/// <summary>
/// Refused for now, not for good: a 429 (this caller asked too often) or a 503 (the server is busy),
/// with <c>Retry-After</c> saying when to try again.
/// </summary>
public sealed class RetryLaterException(int status, string message, TimeSpan retryAfter) : Exception(message)
{
    public int Status { get; } = status;

    public TimeSpan RetryAfter { get; } = retryAfter;
}
