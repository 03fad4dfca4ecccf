namespace Crm.Modules.Inbox.Mail;

/// <summary>
/// A write-only stream that counts every byte written but keeps only the first <c>cap</c> of them:
/// an attachment's size is known exactly without holding more than the cap in memory.
/// </summary>
internal sealed class CappedBuffer(long cap) : Stream
{
    private readonly MemoryStream kept = new();
    private long length;

    /// <summary>More than the cap was written: what is kept is only the beginning.</summary>
    public bool Overflowed => length > cap;

    /// <summary>The bytes kept (all of them when not <see cref="Overflowed"/>).</summary>
    public ReadOnlySpan<byte> Kept => kept.GetBuffer().AsSpan(0, (int)kept.Length);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    /// <summary>Every byte written, kept or not.</summary>
    public override long Length => length;

    public override long Position
    {
        get => length;
        set => throw new NotSupportedException();
    }

    public byte[] ToArray() => kept.ToArray();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var room = cap - kept.Length;
        if (room > 0)
        {
            kept.Write(buffer[..(int)Math.Min(room, buffer.Length)]);
        }
        length += buffer.Length;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            kept.Dispose();
        }
        base.Dispose(disposing);
    }
}
