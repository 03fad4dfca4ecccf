using System.Globalization;
using System.Text;
using Crm.Modules.Inbox.Mail;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Crm.Tests.Integration.Inbox;

/// <summary>
/// The test IMAP server that build/test.sh starts (Dovecot, build/imap.sh): CRM_TEST_IMAP is its plain
/// port (STARTTLS offered), CRM_TEST_IMAPS its implicit-TLS port. Any user name logs in with the one
/// password and has a mailbox of its own, so each test takes a fresh user and shares nothing.
/// Mail is put in with IMAP APPEND, as a mail server's delivery would leave it.
/// </summary>
internal static class TestImap
{
    public static ImapServer Server => new(Endpoint("CRM_TEST_IMAP"), Endpoint("CRM_TEST_IMAPS"));

    public static string Password => Environment.GetEnvironmentVariable("CRM_TEST_IMAP_PASSWORD") ?? "test-pass";

    public static string NewUser() => $"t{Guid.NewGuid():N}";

    private static (string Host, int Port) Endpoint(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        Assert.False(string.IsNullOrWhiteSpace(value),
            $"{variable} is not set: build/test.sh starts Dovecot for the Inbox tests (or: bash build/imap.sh start .data/imap-test 10143 10993, "
            + "then CRM_TEST_IMAP=127.0.0.1:10143 CRM_TEST_IMAPS=127.0.0.1:10993)");
        var colon = value!.LastIndexOf(':');
        return (value[..colon], int.Parse(value[(colon + 1)..], CultureInfo.InvariantCulture));
    }
}

/// <summary>One running IMAP server: the mailbox settings to read a user's folder, and a test client to fill it.</summary>
internal sealed record ImapServer((string Host, int Port) Plain, (string Host, int Port) Tls)
{
    public MailboxSettings Mailbox(string user, string folder = "INBOX") =>
        new(Plain.Host, Plain.Port, MailSecurity.None, user, TestImap.Password, folder);

    /// <summary>Puts a mail into the user's folder (created when missing) and returns its UID; the server's arrival time is now unless given.</summary>
    public async Task<uint> AppendAsync(string user, MimeMessage message, string folder = "INBOX", DateTimeOffset? arrivedAt = null)
    {
        await using var client = await ConnectAsync(user);
        var target = await FolderAsync(client, folder, create: true);
        var uid = await target.AppendAsync(new AppendRequest(message, MessageFlags.None) { InternalDate = arrivedAt });
        Assert.True(uid.HasValue, "the server gave no APPENDUID");
        return uid.Value.Id;
    }

    /// <summary>Puts a mail given as raw bytes (exactly these header and body encodings).</summary>
    public Task<uint> AppendAsync(string user, string rawMessage, string folder = "INBOX") =>
        AppendAsync(user, Raw.Message(rawMessage), folder);

    /// <summary>The folder's UIDVALIDITY as this (independent) client sees it.</summary>
    public async Task<uint> UidValidityAsync(string user, string folder = "INBOX")
    {
        await using var client = await ConnectAsync(user);
        var target = await FolderAsync(client, folder, create: false);
        await target.StatusAsync(StatusItems.UidValidity);
        return target.UidValidity;
    }

    public async Task<bool> IsSeenAsync(string user, uint uid, string folder = "INBOX")
    {
        await using var client = await ConnectAsync(user);
        var target = await FolderAsync(client, folder, create: false);
        await target.OpenAsync(FolderAccess.ReadOnly);
        var summary = (await target.FetchAsync([new UniqueId(uid)], MessageSummaryItems.Flags)).Single();
        return summary.Flags!.Value.HasFlag(MessageFlags.Seen);
    }

    public async Task DeleteFolderAsync(string user, string folder)
    {
        await using var client = await ConnectAsync(user);
        await (await FolderAsync(client, folder, create: false)).DeleteAsync();
    }

    private async Task<TestClient> ConnectAsync(string user)
    {
        var client = new ImapClient { Timeout = 15_000 };
        await client.ConnectAsync(Plain.Host, Plain.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(user, TestImap.Password);
        return new TestClient(client);
    }

    private static async Task<IMailFolder> FolderAsync(TestClient client, string name, bool create)
    {
        var imap = client.Imap;
        if (name == "INBOX")
        {
            return imap.Inbox;
        }
        var root = imap.GetFolder(imap.PersonalNamespaces[0]);
        var existing = (await root.GetSubfoldersAsync()).FirstOrDefault(f => f.Name == name);
        if (existing is not null)
        {
            return existing;
        }
        var created = create ? await root.CreateAsync(name, isMessageFolder: true) : null;
        return created ?? throw new InvalidOperationException($"no folder {name}");
    }

    private sealed class TestClient(ImapClient imap) : IAsyncDisposable
    {
        public ImapClient Imap => imap;

        public async ValueTask DisposeAsync()
        {
            await imap.DisconnectAsync(true);
            imap.Dispose();
        }
    }
}

/// <summary>Raw mail made by hand, byte for byte, for the encodings a real mail client may send.</summary>
internal static class Raw
{
    // Written by hand on purpose: the test must not register .NET's code pages itself, or it would
    // hide a reader that forgot to.
    private const string Koi8Lower = "юабцдефгхийклмнопярстужвьызшэщчъ";
    private const string Koi8Upper = "ЮАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗШЭЩЧЪ";

    public static MimeMessage Message(string raw) => Message(Encoding.Latin1.GetBytes(raw));

    public static MimeMessage Message(byte[] raw) => MimeMessage.Load(new MemoryStream(raw));

    /// <summary>The text in utf-8, windows-1251 or koi8-r (Russian letters, digits and ASCII punctuation only).</summary>
    public static byte[] Encode(string text, string charset) => charset switch
    {
        "utf-8" => Encoding.UTF8.GetBytes(text),
        "windows-1251" => text.Select(c => c switch
        {
            >= 'А' and <= 'я' => (byte)(c - 'А' + 0xC0),
            'Ё' => (byte)0xA8,
            'ё' => (byte)0xB8,
            < (char)0x80 => (byte)c,
            _ => throw new ArgumentException($"no windows-1251 for {c}"),
        }).ToArray(),
        "koi8-r" => text.Select(c => c switch
        {
            'Ё' => (byte)0xB3,
            'ё' => (byte)0xA3,
            < (char)0x80 => (byte)c,
            _ when Koi8Lower.Contains(c) => (byte)(0xC0 + Koi8Lower.IndexOf(c)),
            _ when Koi8Upper.Contains(c) => (byte)(0xE0 + Koi8Upper.IndexOf(c)),
            _ => throw new ArgumentException($"no koi8-r for {c}"),
        }).ToArray(),
        _ => throw new ArgumentException(charset),
    };

    /// <summary>Quoted-printable with soft line breaks (RFC 2045), as bytes in ASCII.</summary>
    public static string QuotedPrintable(byte[] bytes)
    {
        var text = new StringBuilder();
        var line = 0;
        foreach (var b in bytes)
        {
            var piece = b is >= 33 and <= 126 and not (byte)'=' || b == ' ' ? ((char)b).ToString() : $"={b:X2}";
            if (line + piece.Length > 73)
            {
                text.Append("=\r\n");
                line = 0;
            }
            text.Append(piece);
            line += piece.Length;
        }
        return text.ToString();
    }

    /// <summary>An RFC 2047 encoded word ('B' base64 or 'Q' quoted-printable).</summary>
    public static string EncodedWord(string text, string charset, char method)
    {
        var bytes = Encode(text, charset);
        var encoded = method == 'B'
            ? Convert.ToBase64String(bytes)
            : string.Concat(bytes.Select(b => b == ' ' ? "_" : b is >= 33 and <= 126 and not (byte)'=' and not (byte)'?' and not (byte)'_' ? ((char)b).ToString() : $"={b:X2}"));
        return $"=?{charset}?{method}?{encoded}?=";
    }
}
