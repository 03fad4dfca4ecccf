using Crm.BuildingBlocks.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Crm.BuildingBlocks.Web;

/// <summary>
/// How big a request body may be, in one place: <see cref="Anonymous"/> for a caller who is not
/// signed in or a route open to anyone (sign-in, later the public form), <see cref="Api"/> for
/// everything else, and what an endpoint declares with <see cref="WithBodyLimit{TBuilder}"/> (the
/// .ics import: <see cref="Upload"/>). A bigger body is a 413 problem. The limit is set on the
/// server (Kestrel's <see cref="IHttpMaxRequestBodySizeFeature"/>, default 30 MB otherwise) and
/// enforced here too: a declared Content-Length over it is refused before anything is read, and a
/// body without one (chunked) is cut off when it passes the limit, on any server, the test server too.
/// </summary>
public static class BodyLimits
{
    public const long Anonymous = 16 * 1024;

    public const long Api = 1024 * 1024;

    /// <summary>A 1 MB file and its multipart envelope.</summary>
    public const long Upload = Api + 64 * 1024;

    /// <summary>Declares a body limit for this endpoint other than <see cref="Api"/>, for a signed-in caller.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    /// <summary>After authentication and authorization (the limit depends on the caller), before anything reads a body.</summary>
    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var limit = LimitOf(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
        {
            server.MaxRequestBodySize = limit;
        }
        if (context.Request.ContentLength > limit)
        {
            throw TooLarge();
        }
        context.Request.Body = new CappedStream(context.Request.Body, limit);
        return next(context);
    });

    /// <summary>The limit of this request: by the caller, then by the endpoint.</summary>
    public static long LimitOf(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (context.User.Identity?.IsAuthenticated != true || metadata?.GetMetadata<IAllowAnonymous>() is not null)
        {
            return Anonymous;
        }
        return metadata?.GetMetadata<BodyLimit>()?.Bytes ?? Api;
    }

    /// <summary>The 413's detail, naming the limit of this request.</summary>
    public static string Refusal(HttpContext context)
    {
        var kilobytes = LimitOf(context) / 1024;
        return T.Pick($"Тело запроса больше допустимого ({kilobytes} КБ).", $"The request body is larger than allowed ({kilobytes} KB).");
    }

    private static BadHttpRequestException TooLarge() =>
        new("Request body too large.", StatusCodes.Status413PayloadTooLarge);

    private sealed record BodyLimit(long Bytes);

    /// <summary>Reads through to the body and throws a 413 once more than the limit has come.</summary>
    private sealed class CappedStream(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int bytes)
        {
            read += bytes;
            return read > limit ? throw TooLarge() : bytes;
        }
    }
}
